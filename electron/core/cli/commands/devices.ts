/** `twinscope devices`: every device of a history, with what was received from it and what was lost. */
import type Database from 'better-sqlite3';
import { parseArgs } from 'node:util';
import { HistoryReader, type DeviceRow } from '../../store/HistoryReader';
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
];

/** Samples whose device time was impossible (in the future) and was replaced by an estimate, per device. */
function correctedCounts(db: Database.Database): Map<string, number> {
  // Ingest keeps the claimed time in t_dev and marks the sample estimated: that pair is only ever a correction.
  const rows = db
    .prepare("SELECT dev, count(*) AS n FROM samples WHERE basis = 'estimated' AND t_dev IS NOT NULL GROUP BY dev")
    .all() as { dev: string; n: number }[];
  return new Map(rows.map((r) => [r.dev, r.n]));
}

function row(d: DeviceRow, corrected: number): string[] {
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
  ];
}

export const command: CliCommand = {
  name: 'devices',
  usage: `Usage: twinscope devices [--db FILE] [--json]

Lists every device in a history with its counters over all recordings: messages received, missing (gaps in its
sequence numbers, which a backfill may still fill), duplicates dropped, late and backfilled samples, samples whose
device time lay in the future (corrected: stored at an estimated time, the claimed one kept as tDev), and when it
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
      const corrected = correctedCounts(db);
      const devices = new HistoryReader(db).devices();
      if (values.json) {
        io.out(
          JSON.stringify(
            devices.map((d) => ({ ...d, corrected: corrected.get(d.dev) ?? 0 })),
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
      const rows = [COLUMNS, ...devices.map((d) => row(d, corrected.get(d.dev) ?? 0))];
      const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      // Names left-aligned, numbers right-aligned.
      const line = (r: string[]): string =>
        r.map((c, i) => (i < 2 || i === 9 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      for (const r of rows) io.out(line(r).trimEnd());
      return 0;
    });
  },
};
