/**
 * `twinscope` as a child process with the awkward edges a user gives it: standard output and error whose reader went
 * away, a reader that stops reading, a stop signal at a chosen moment. Times how long the process takes to end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { TWINSCOPE_BIN } from './cli';

export interface CliProcess {
  proc: ChildProcess;
  /** Output so far (empty when the pipes were closed). */
  output: () => string;
  /** Exit code, or the signal's name. */
  exited: Promise<number | string>;
  /** Sends `signal` and resolves with the exit and the ms it took. */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | string; ms: number }>;
}

export interface SpawnOptions {
  /** Close the reading ends of stdout and stderr at once: every write of the child meets EPIPE. */
  closedOutput?: boolean;
  /** Read stderr, never stdout: the child fills the pipe and waits for a reader that stopped reading. */
  stalledStdout?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Run as this user (tests run as root, whom no folder permission stops). */
  user?: { uid: number; gid: number };
}

export function spawnTwinscope(args: string[], o: SpawnOptions = {}): CliProcess {
  const proc = spawn(process.execPath, [TWINSCOPE_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: o.env ?? process.env,
    ...(o.user ? { uid: o.user.uid, gid: o.user.gid } : {}),
  });
  let out = '';
  if (o.closedOutput) {
    proc.stdout!.destroy();
    proc.stderr!.destroy();
  } else {
    if (o.stalledStdout) proc.stdout!.pause();
    else proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  }
  const exited = new Promise<number | string>((resolve) => {
    proc.on('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return {
    proc,
    output: () => out,
    exited,
    stop: async (signal = 'SIGINT') => {
      const t0 = performance.now();
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const code = await exited;
      return { code, ms: performance.now() - t0 };
    },
  };
}

/** Kills a child left running by a failed test. */
export function reap(p: CliProcess | undefined): void {
  if (p && p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
}
