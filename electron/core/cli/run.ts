/**
 * The `twinscope` process around a command: guarded standard streams, stop signals, and an explicit exit once the
 * command returned, so a forgotten timer or socket can never keep a finished command alive.
 */
import type { CliIo } from './command';
import { main } from './main';
import { guardStream } from './output';
import { handleStopSignals } from './signals';

/** How long output may take to drain before exit once a stop was asked for (a reader that stopped reading). */
const DRAIN_AFTER_STOP_MS = 500;

/** Runs the command line and exits the process with its code. */
export async function runCli(argv: string[]): Promise<never> {
  const controller = new AbortController();
  const outClosed = new AbortController();
  const stdout = guardStream(process.stdout, () => outClosed.abort());
  const stderr = guardStream(process.stderr);
  let risk: string | undefined;
  const exit = (code: number): never => process.exit(code);
  const removeSignals = handleStopSignals({ controller, err: (t) => stderr.write(`${t}\n`), atRisk: () => risk, exit });
  const io: CliIo = {
    out: (t) => stdout.write(`${t}\n`),
    err: (t) => stderr.write(`${t}\n`),
    stdout: process.stdout,
    outClosed: outClosed.signal,
    signal: controller.signal,
    atRisk: (what) => (risk = what),
  };
  let code: number;
  try {
    code = await main(argv, io);
  } catch (e) {
    stderr.write(`twinscope: ${(e as Error).stack ?? String(e)}\n`);
    code = 1;
  }
  removeSignals();
  // Let output reach a reader that is still reading; never wait for one that stopped (after Ctrl-C).
  const wait = controller.signal.aborted ? DRAIN_AFTER_STOP_MS : 2 ** 31 - 1;
  await Promise.all([stdout.flushed(wait), stderr.flushed(wait)]);
  return exit(code);
}
