/** `twinscope sessions`: the recording sessions of a history, what each holds, for replay and export. */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../store/openDatabase';
import { listSessions, type SessionInfo } from '../../store/SessionsReader';
import { UsageError, type CliCommand } from '../command';
import { iso } from '../timeFlags';

function duration(s: SessionInfo): string {
  if (s.ended === null) return 'still open (or not ended cleanly)';
  const min = Math.round((s.ended - s.started) / 60_000);
  return min >= 120 ? `${(min / 60).toFixed(1)} h` : `${min} min`;
}

export const command: CliCommand = {
  name: 'sessions',
  usage: `Usage: twinscope sessions --db FILE [--json]

Lists the recording sessions of a history, oldest first: when each started and how long it ran,
its sources and site, the devices seen, samples, alerts, the engine snapshots a replay seeks from,
and up to when retention downsampled it to 1-minute rows.`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.db) throw new UsageError('--db FILE is required');
    const db = openDatabase(values.db, { readonly: true });
    try {
      const sessions = listSessions(db);
      if (values.json) {
        io.out(JSON.stringify(sessions, null, 2));
        return 0;
      }
      if (sessions.length === 0) {
        io.out('no sessions recorded');
        return 0;
      }
      for (const s of sessions) {
        const site = s.site ? `, site ${s.site.name}` : '';
        const name = s.name ? ` "${s.name}"` : '';
        io.out(`session ${s.id}${name}: ${iso(s.started)}, ${duration(s)}${site}`);
        if (s.notes) io.out(`  notes    ${s.notes.replace(/\s*\n\s*/g, ' / ')}`);
        io.out(`  sources  ${s.sources.join(', ') || '-'}`);
        io.out(`  devices  ${s.devices.join(', ') || '-'}`);
        io.out(
          `  ${s.samples} samples (${iso(s.from)} .. ${iso(s.to)}), ${s.alerts} alert${s.alerts === 1 ? '' : 's'}, ` +
            `${s.snapshots} snapshot${s.snapshots === 1 ? '' : 's'}`,
        );
        if (s.downsampledTo !== undefined)
          io.out(`  downsampled to 1-minute rows up to ${iso(s.downsampledTo)} (replay there is not exact)`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
