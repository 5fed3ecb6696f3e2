/** Runs the built `twinscope` command as a child process, as a user would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './processes';

export const TWINSCOPE_BIN = fileURLToPath(new URL('../../bin/twinscope.js', import.meta.url));

export function startTwinscope(args: string[]): Child {
  return startChild(process.execPath, [TWINSCOPE_BIN, ...args]);
}

export function runTwinscope(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [TWINSCOPE_BIN, ...args], { maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
