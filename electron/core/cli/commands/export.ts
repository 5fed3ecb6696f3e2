/** `twinscope export`: samples of a time range as NDJSON or CSV, in event-time order. */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exportSamples } from '../../store/export/exportSamples';
import type { ExportFormat } from '../../store/export/formats';
import { HistoryReader } from '../../store/HistoryReader';
import { UsageError, type CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';
import { openOutputFile } from '../outputFile';
import { parseRange } from '../timeFlags';
import { runTwinrecExport } from '../twinrecExport';

export const command: CliCommand = {
  name: 'export',
  usage: `Usage: twinscope export [--db FILE] [--from TIME] [--to TIME] --format ndjson|csv [--out FILE]
       twinscope export [--db FILE] --session ID --format twinrec --out FILE

Writes one sample per line (ndjson) or row (csv) in event-time order, from --from (inclusive) to
--to (exclusive), each an ISO date-time or epoch ms. NDJSON lines are {"dev","boot","seq","t","data",...}.
Without --out, writes to standard output. Progress goes to standard error. The database is only read.
twinrec: one session, sealed, into a portable file for twinscope import (an unsealed session is
sealed first; while it is being recorded, what is sealed so far).

Options:
${DB_USAGE}`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        session: { type: 'string' },
      },
      strict: true,
    });
    if (values.format === 'twinrec') return runTwinrecExport(values, io);
    if (values.format !== 'ndjson' && values.format !== 'csv') throw new UsageError('--format must be ndjson or csv');
    const format: ExportFormat = values.format;
    const range = parseRange(values.from, values.to);
    return readHistory(values.db, async (db) => {
      // The file is opened before anything is read, so a wrong --out fails before any progress is claimed.
      const file = values.out ? openOutputFile('--out', values.out) : undefined;
      const out: Writable = file ?? io.stdout;
      // Standard output's reader going away (`| head`) ends the export quietly; a file's failure is an error.
      const stop = file ? io.signal : AbortSignal.any([io.signal, io.outClosed]);
      io.atRisk(file ? `${values.out} is left incomplete` : undefined);
      const reader = new HistoryReader(db);
      const total = reader.count(range);
      const percent = (done: number): number => (total ? Math.floor((100 * done) / total) : 100);
      const n = await exportSamples(
        reader,
        range,
        format,
        out,
        ({ done }) => done < total && io.err(`exported ${done} of ${total} samples (${percent(done)}%)`),
        1000,
        stop,
      );
      if (file) {
        file.end();
        await finished(file).catch((e: NodeJS.ErrnoException) => {
          throw new Error(`cannot write ${values.out}: ${e.code ?? e.message}`);
        });
      }
      if (io.signal.aborted) {
        io.err(`stopped: ${n} of ${total} samples exported${file ? `; ${values.out} is incomplete` : ''}`);
        return 130;
      }
      if (io.outClosed.aborted && !file) return 0;
      io.err(`exported ${n} samples`);
      return 0;
    });
  },
};
