/** A `CliIo` for running a command in process: its output lines collected, never a signal. */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../electron/core/cli/command';

export function captureIo(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (s) => void out.push(...s.split('\n')),
    err: (s) => void err.push(s),
    stdout: new PassThrough(),
    outClosed: new AbortController().signal,
    signal: new AbortController().signal,
    atRisk: () => undefined,
  };
  return { io, out, err };
}
