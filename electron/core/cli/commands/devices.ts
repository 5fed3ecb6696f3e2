/**
 * `twinscope devices`: every device of a history, with what was received from it and what was lost, the convention
 * it came by, the channels of its samples and where the site places it.
 */
import type Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { HistoryReader, type DeviceRow } from '../../store/HistoryReader';
import type { SiteSpec } from '../../../common/site';
import { seenDevices, type SeenDevice } from '../../store/DevicesReader';
import { readSite } from '../../twin/site/defaultSite';
import type { CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';
import { iso } from '../timeFlags';

const COLUMNS = [
  'device',
  'status',
  'received',
  'missing',
  'loss %',
  'duplicates',
  'late',
  'backfilled',
  'corrected',
  'last seen',
  'convention',
  'channels',
  'placement',
];

/** Where the site puts a device: its sensor's room or door and position (and the ids bound to it), or null. */
export function placement(
  site: SiteSpec,
  dev: string,
): { attachedTo: string; position: readonly number[]; boundFrom: string[] } | null {
  const s = site.sensors.find((x) => x.dev === dev);
  if (!s) return null;
  const boundFrom = Object.entries(site.bindings ?? {})
    .filter(([, to]) => to === dev)
    .map(([from]) => from);
  return { attachedTo: s.attachedTo, position: s.position, boundFrom };
}

function where(p: ReturnType<typeof placement>): string {
  if (!p) return 'not placed';
  const bound = p.boundFrom.length > 0 ? ` (bound from ${p.boundFrom.join(', ')})` : '';
  return `${p.attachedTo} at (${p.position.join(', ')})${bound}`;
}

/** Samples whose device time was impossible (in the future) and was replaced by an estimate, per device. */
function correctedCounts(db: Database.Database): Map<string, number> {
  // Ingest keeps the claimed time in t_dev and marks the sample estimated: that pair is only ever a correction.
  const rows = db
    .prepare("SELECT dev, count(*) AS n FROM samples WHERE basis = 'estimated' AND t_dev IS NOT NULL GROUP BY dev")
    .all() as { dev: string; n: number }[];
  return new Map(rows.map((r) => [r.dev, r.n]));
}

function row(d: DeviceRow, corrected: number, seen: SeenDevice | undefined, site: SiteSpec): string[] {
  const expected = d.received + d.missing;
  return [
    d.dev,
    d.status ?? '-',
    String(d.received),
    String(d.missing),
    expected === 0 ? '-' : ((100 * d.missing) / expected).toFixed(1),
    String(d.duplicates),
    String(d.late),
    String(d.backfilled),
    String(corrected),
    iso(d.last_recv),
    seen?.convention ?? 'v1',
    seen?.channels.join(',') || '-',
    where(placement(site, d.dev)),
  ];
}

export const command: CliCommand = {
  name: 'devices',
  usage: `Usage: twinscope devices [--db FILE] [--site FILE] [--json]

Lists every device in a history with its counters over all recordings: messages received, missing (gaps in its
sequence numbers, which a backfill may still fill), duplicates dropped, late and backfilled samples, samples whose
device time lay in the future (corrected: stored at an estimated time, the claimed one kept as tDev), and when it
was last heard from; then the convention it came by (v1 for Twinscope firmware; ha, z2m, tasmota, gateway, mapped
for third-party devices), the channels of its samples, and where the site places it. Third-party devices are
placed by binding their id to a site sensor in the site's "bindings" (e.g. "z2m:hall_door": "door"); the rest
are "not placed". The database is only read.

Options:
${DB_USAGE}
  --site FILE          the site that places devices (default: the built-in two rooms and a door)
  --json               the rows as JSON`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, site: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    const site = await readSite(values.site);
    return readHistory(values.db, (db) => {
      const corrected = correctedCounts(db);
      const devices = new HistoryReader(db).devices();
      const seen = new Map(seenDevices(db).map((d) => [d.dev, d]));
      if (values.json) {
        io.out(
          JSON.stringify(
            devices.map((d) => ({
              ...d,
              corrected: corrected.get(d.dev) ?? 0,
              convention: seen.get(d.dev)?.convention ?? 'v1',
              channels: seen.get(d.dev)?.channels ?? [],
              placement: placement(site, d.dev),
            })),
            null,
            2,
          ),
        );
        return 0;
      }
      if (devices.length === 0) {
        io.out('no devices recorded yet');
        return 0;
      }
      const rows = [COLUMNS, ...devices.map((d) => row(d, corrected.get(d.dev) ?? 0, seen.get(d.dev), site))];
      const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      // Names left-aligned, numbers right-aligned.
      const line = (r: string[]): string =>
        r.map((c, i) => (i < 2 || i >= 9 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      for (const r of rows) io.out(line(r).trimEnd());
      return 0;
    });
  },
};
