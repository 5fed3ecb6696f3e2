/** One `twinscope` sub-command. Commands parse their own flags (node:util parseArgs) and return an exit code. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop cleanly, flush, and return 0. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** Full usage text, shown by `twinscope NAME --help` and on a usage error. */
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** A mistake the user made on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
