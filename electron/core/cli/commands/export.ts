/** `twinscope export`: samples of a time range or a session as NDJSON or CSV, in event-time order; a session as MCAP. */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exportSamples } from '../../store/export/exportSamples';
import { exportSessionMcap } from '../../store/export/mcapExport';
import { exportSessionNdjson } from '../../store/export/sessionNdjson';
import { requireSession, sessionRecordCount } from '../../store/export/sessionRecords';
import { HistoryReader } from '../../store/HistoryReader';
import { UsageError, type CliCommand } from '../command';
import { DB_USAGE, readHistory } from '../history';
import { openOutputFile } from '../outputFile';
import { parseRange } from '../timeFlags';
import { runTwinrecExport } from '../twinrecExport';

export const command: CliCommand = {
  name: 'export',
  usage: `Usage: twinscope export [--db FILE] [--session ID] [--from TIME] [--to TIME] --format ndjson|csv|mcap
                        [--out FILE]
       twinscope export [--db FILE] --session ID --format twinrec --out FILE

Writes one sample per line (ndjson) or row (csv) in event-time order, from --from (inclusive) to
--to (exclusive), each an ISO date-time or epoch ms. NDJSON lines are {"dev","boot","seq","t","data",...}.
With --session (ids: twinscope sessions), only that session: NDJSON lines then carry a "type" (telemetry,
event, alert) and include the session's alert changes. mcap (needs --session and --out) writes an MCAP file
for Foxglove or Lichtblick: a topic per device (/room-a/telemetry, /door/events) and /twin/alerts, JSON
messages with JSON schemas, log time = event time, publish time = receive time.
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
        session: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    });
    if (values.format === 'twinrec') return runTwinrecExport(values, io);
    const format = values.format;
    if (format !== 'ndjson' && format !== 'csv' && format !== 'mcap')
      throw new UsageError('--format must be ndjson, csv or mcap');
    const session = values.session === undefined ? undefined : Number(values.session);
    if (session !== undefined && !(Number.isInteger(session) && session > 0))
      throw new UsageError(`--session must be a session id (a whole number), not "${values.session}"`);
    if (format === 'mcap' && (session === undefined || !values.out))
      throw new UsageError('--format mcap needs --session ID and --out FILE');
    const range = parseRange(values.from, values.to);
    return readHistory(values.db, async (db, path) => {
      if (session !== undefined) requireSession(db, session, path);
      // The file is opened before anything is read, so a wrong --out fails before any progress is claimed.
      const file = values.out ? openOutputFile('--out', values.out) : undefined;
      const out: Writable = file ?? io.stdout;
      // Standard output's reader going away (`| head`) ends the export quietly; a file's failure is an error.
      const stop = file ? io.signal : AbortSignal.any([io.signal, io.outClosed]);
      io.atRisk(file ? `${values.out} is left incomplete` : undefined);
      const reader = new HistoryReader(db);
      const filter = session === undefined ? range : { ...range, session };
      // NDJSON and MCAP of a session hold its alert changes too: records; CSV rows are samples.
      const records = session !== undefined && format !== 'csv';
      const total = records ? sessionRecordCount(db, session, range) : reader.count(filter);
      const what = records ? 'records' : 'samples';
      const percent = (done: number): number => (total ? Math.floor((100 * done) / total) : 100);
      const progress = ({ done }: { done: number }): void => {
        if (done < total) io.err(`exported ${done} of ${total} ${what} (${percent(done)}%)`);
      };
      let n: number;
      if (format === 'mcap') n = (await exportSessionMcap(db, session!, range, out, progress, stop)).messages;
      else if (records && session !== undefined) n = await exportSessionNdjson(db, session, range, out, progress, stop);
      else n = await exportSamples(reader, filter, format, out, progress, 1000, stop);
      if (file) {
        file.end();
        await finished(file).catch((e: NodeJS.ErrnoException) => {
          throw new Error(`cannot write ${values.out}: ${e.code ?? e.message}`);
        });
      }
      if (io.signal.aborted) {
        io.err(`stopped: ${n} of ${total} ${what} exported${file ? `; ${values.out} is incomplete` : ''}`);
        return 130;
      }
      if (io.outClosed.aborted && !file) return 0;
      io.err(`exported ${n} ${what}`);
      return 0;
    });
  },
};
