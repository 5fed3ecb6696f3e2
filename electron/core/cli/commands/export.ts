/** `twinscope export`: samples of a time range as NDJSON or CSV, in event-time order. */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exportSamples } from '../../store/export/exportSamples';
import type { ExportFormat } from '../../store/export/formats';
import { HistoryReader } from '../../store/HistoryReader';
import { openDatabase } from '../../store/openDatabase';
import { UsageError, type CliCommand } from '../command';
import { parseRange } from '../timeFlags';

export const command: CliCommand = {
  name: 'export',
  usage: `Usage: twinscope export --db FILE [--from ISO] [--to ISO] --format ndjson|csv [--out FILE]

Writes one sample per line (ndjson) or row (csv) in event-time order, from --from (inclusive) to
--to (exclusive). NDJSON lines are {"dev","boot","seq","t","data",...}. Without --out, writes to
standard output. Progress goes to standard error.`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    });
    if (!values.db) throw new UsageError('--db FILE is required');
    if (values.format !== 'ndjson' && values.format !== 'csv') throw new UsageError('--format must be ndjson or csv');
    const range = parseRange(values.from, values.to);
    const db = openDatabase(values.db, { readonly: true });
    try {
      const reader = new HistoryReader(db);
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      const n = await exportSamples(reader, range, values.format as ExportFormat, out, ({ done, total }) =>
        io.err(`exported ${done} of ${total} samples (${total ? Math.floor((100 * done) / total) : 100}%)`),
      );
      if (values.out) {
        out.end();
        await finished(out);
      }
      io.err(`exported ${n} samples`);
      return 0;
    } finally {
      db.close();
    }
  },
};
