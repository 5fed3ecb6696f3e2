/** `twinscope import`: a .twinrec recording into a history, verified, never overwriting or duplicating. */
import { parseArgs } from 'node:util';
import { defaultDatabase } from '../../store/defaultPaths';
import { HistoryFileError } from '../../store/openDatabase';
import { importTwinrec, ImportRefusedError } from '../../store/twinrec/importTwinrec';
import { DatabaseLockedError } from '../../store/writerLock';
import { UsageError, type CliCommand } from '../command';
import { percentProgress } from '../progress';

export const command: CliCommand = {
  name: 'import',
  usage: `Usage: twinscope import FILE [--db FILE]

Adds the session of a .twinrec file (made by twinscope export --format twinrec) to a history. The
file's hash chain is verified first and a tampered file is refused, naming the record. A session
the history already holds is refused ("already imported as session N"); the session keeps its id
when that is free, else gets the next one. Nothing in the history is overwritten.

Options:
  --db FILE            history database (default: ${defaultDatabase()}, as for record)`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { db: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new UsageError('give one .twinrec FILE to import');
    const file = positionals[0]!;
    const db = values.db ?? defaultDatabase();
    io.atRisk(undefined); // one transaction: a forced exit leaves the history as it was
    try {
      const r = await importTwinrec(file, db, { onProgress: percentProgress(io.err, 'imported'), signal: io.signal });
      const from = r.header.sourceSession === r.session ? '' : ` (session ${r.header.sourceSession} in the file)`;
      io.out(`imported ${file} as session ${r.session}${from} of ${db}: ${r.records} records`);
      io.out(r.integrity.summary);
      return r.integrity.status === 'failed' ? 1 : 0;
    } catch (e) {
      if (io.signal.aborted) {
        io.err(`stopped: nothing imported into ${db}`);
        return 130;
      }
      if (e instanceof ImportRefusedError || e instanceof HistoryFileError || e instanceof DatabaseLockedError) {
        io.err(`twinscope import: ${e.message}`);
        return e instanceof ImportRefusedError ? 1 : 2;
      }
      throw e;
    }
  },
};
