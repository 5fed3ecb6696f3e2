/** One `twinscope` sub-command. Commands parse their own flags (node:util parseArgs) and return an exit code. */
import type { Writable } from 'node:stream';

export interface CliIo {
  /** A line to standard output (dropped once its reader went away). */
  out: (text: string) => void;
  /** A line to standard error (dropped once its reader went away). */
  err: (text: string) => void;
  /** Standard output as a stream, for bulk data; `outClosed` says when its reader went away. */
  stdout: Writable;
  /** Aborted when standard output's reader goes away (`| head`): commands whose product is stdout stop. */
  outClosed: AbortSignal;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop cleanly, flush, and return 0. */
  signal: AbortSignal;
  /** Says what a forced exit (a second Ctrl-C) would lose right now; undefined: nothing. */
  atRisk: (what: string | undefined) => void;
}

export interface CliCommand {
  name: string;
  /** Full usage text, shown by `twinscope NAME --help` and on a usage error. */
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A mistake the user made on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** "1 alert", "2 alerts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
