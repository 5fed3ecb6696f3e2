/** `twinscope devices`: every device of a history, with what was received from it and what was lost. */
import { parseArgs } from 'node:util';
import { HistoryReader, type DeviceRow } from '../../store/HistoryReader';
import type { CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';
import { iso } from '../timeFlags';

const COLUMNS = ['device', 'status', 'received', 'missing', 'loss %', 'duplicates', 'late', 'backfilled', 'last seen'];

function row(d: DeviceRow): string[] {
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
    iso(d.last_recv),
  ];
}

export const command: CliCommand = {
  name: 'devices',
  usage: `Usage: twinscope devices [--db FILE] [--json]

Lists every device in a history with its counters over all recordings: messages received, missing (gaps in its
sequence numbers, which a backfill may still fill), duplicates dropped, late and backfilled samples, and when it
was last heard from. The database is only read.

Options:
${DB_USAGE}
  --json               the rows as JSON`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    return readHistory(values.db, (db) => {
      const devices = new HistoryReader(db).devices();
      if (values.json) {
        io.out(JSON.stringify(devices, null, 2));
        return 0;
      }
      if (devices.length === 0) {
        io.out('no devices recorded yet');
        return 0;
      }
      const rows = [COLUMNS, ...devices.map(row)];
      const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      // Names left-aligned, numbers right-aligned.
      const line = (r: string[]): string =>
        r.map((c, i) => (i < 2 || i === 8 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      for (const r of rows) io.out(line(r).trimEnd());
      return 0;
    });
  },
};
