/** `twinscope rejects`: what was rejected, why, and from where. */
import { parseArgs } from 'node:util';
import { RejectsReader } from '../../store/RejectsReader';
import { UsageError, type CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';

export const command: CliCommand = {
  name: 'rejects',
  usage: `Usage: twinscope rejects [--db FILE] [--json] [--limit N]

Shows rejected input: counts per source, device and reason, then the latest rejected inputs
(first 256 bytes of each). The database is only read.

Options:
${DB_USAGE}
  --limit N            latest rejected inputs to show (default 20)`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' } },
      strict: true,
    });
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 0) throw new UsageError('--limit must be a whole number');
    return readHistory(values.db, (db) => {
      const reader = new RejectsReader(db);
      const counts = reader.counts();
      const latest = reader.latest(limit);
      if (values.json) {
        io.out(JSON.stringify({ counts, latest }, null, 2));
        return 0;
      }
      if (counts.length === 0) {
        io.out('nothing was rejected');
        return 0;
      }
      io.out('count  reason          device           source');
      for (const c of counts) {
        io.out(`${String(c.count).padStart(5)}  ${c.code.padEnd(15)} ${(c.dev || '-').padEnd(16)} ${c.origin}`);
      }
      io.out(`\nlatest ${latest.length}:`);
      for (const r of latest) {
        io.out(
          `${new Date(r.tRecv).toISOString()} ${r.origin} ${r.dev || '-'} ${r.code}: ${r.detail}\n    ${JSON.stringify(r.raw)}`,
        );
      }
      return 0;
    });
  },
};
