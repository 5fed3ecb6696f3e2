/** `twinscope devices`: every device a history has seen, from which convention, its channels and its placement. */
import { parseArgs } from 'node:util';
import type { SiteSpec } from '../../../common/site';
import { seenDevices, type SeenDevice } from '../../store/DevicesReader';
import { openDatabase } from '../../store/openDatabase';
import { readSite } from '../../twin/site/defaultSite';
import { UsageError, type CliCommand } from '../command';

/** Where the site puts a device: its sensor's room or door and position, or "not placed". */
export function placement(site: SiteSpec, dev: string): { attachedTo: string; position: readonly number[] } | null {
  const s = site.sensors.find((x) => x.dev === dev);
  return s ? { attachedTo: s.attachedTo, position: s.position } : null;
}

export const command: CliCommand = {
  name: 'devices',
  usage: `Usage: twinscope devices --db FILE [--site FILE] [--json]

Lists every device the history has seen: its convention (v1 for Twinscope firmware; ha, z2m, tasmota,
gateway, mapped for third-party devices), the channels of its samples, and where the site places it.
Third-party devices are placed by binding their id to a site sensor in the site file's "bindings"
(e.g. "z2m:hall_door": "door"); those without a binding or a sensor are "not placed".`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, site: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.db) throw new UsageError('--db FILE is required');
    const site = await readSite(values.site);
    const db = openDatabase(values.db, { readonly: true });
    let devices: SeenDevice[];
    try {
      devices = seenDevices(db);
    } finally {
      db.close();
    }
    const boundFrom = new Map<string, string[]>();
    for (const [from, to] of Object.entries(site.bindings ?? {}))
      boundFrom.set(to, [...(boundFrom.get(to) ?? []), from]);
    const rows = devices.map((d) => ({
      ...d,
      placement: placement(site, d.dev),
      boundFrom: boundFrom.get(d.dev) ?? [],
    }));
    if (values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      io.out('no devices seen');
      return 0;
    }
    io.out('device                 convention  samples  status   channels                        placement');
    for (const r of rows) {
      const where = r.placement
        ? `${r.placement.attachedTo} at (${r.placement.position.join(', ')})${r.boundFrom.length ? ` (bound from ${r.boundFrom.join(', ')})` : ''}`
        : 'not placed';
      io.out(
        `${r.dev.padEnd(22)} ${r.convention.padEnd(11)} ${String(r.samples).padStart(7)}  ${(r.status ?? '-').padEnd(8)} ${r.channels.join(',').padEnd(31)} ${where}`,
      );
    }
    return 0;
  },
};
