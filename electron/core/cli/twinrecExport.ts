/** `twinscope export --format twinrec`: one session into a portable, sealed .twinrec file. */
import pkg from '../../../package.json';
import { exportTwinrec, ExportRefusedError } from '../store/twinrec/exportTwinrec';
import { defaultDatabase } from '../store/defaultPaths';
import { UsageError, type CliIo } from './command';
import { percentProgress } from './progress';

export interface TwinrecExportFlags {
  db?: string | undefined;
  session?: string | undefined;
  out?: string | undefined;
}

export async function runTwinrecExport(flags: TwinrecExportFlags, io: CliIo): Promise<number> {
  const session = Number(flags.session);
  if (flags.session === undefined || !Number.isSafeInteger(session) || session < 1)
    throw new UsageError('--format twinrec needs --session ID (see twinscope sessions)');
  if (!flags.out) throw new UsageError('--format twinrec needs --out FILE (a .twinrec file)');
  const db = flags.db ?? defaultDatabase();
  io.atRisk(`${flags.out} is not written`);
  try {
    const r = await exportTwinrec(db, session, flags.out, {
      twinscope: `twinscope ${pkg.version}`,
      onProgress: percentProgress(io.err, 'exported'),
      signal: io.signal,
    });
    if (r.partial)
      io.err(
        `session ${session} could not be sealed now (${r.partial.reason}): exported what is sealed, arrivals ` +
          `1..${r.uptoArrival}; ${r.partial.leftOut} later records were left out`,
      );
    io.err(`exported session ${session} (${r.records} records) to ${flags.out}: ${r.integrity.summary}`);
    return 0;
  } catch (e) {
    if (io.signal.aborted) {
      io.err(`stopped: nothing written to ${flags.out}`);
      return 130;
    }
    if (e instanceof ExportRefusedError) {
      io.err(`twinscope export: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    io.atRisk(undefined);
  }
}
