/**
 * One writer per history database: a lock file beside it (`FILE.lock`) names the process that records into it, so a
 * second recorder is refused with a message saying who holds it instead of storing every alert twice. A lock left by
 * a process that died (kill -9, power loss) is taken over once that process is gone.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** The command line, credentials removed. */
  command: string;
  /** ms epoch. */
  since: number;
}

/** Another process records into the database. */
export class DatabaseLockedError extends Error {
  constructor(
    readonly file: string,
    readonly owner: LockOwner | undefined,
  ) {
    const who = owner
      ? `process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''} (${owner.command}), ` +
        `since ${new Date(owner.since).toISOString()}`
      : 'another process';
    super(
      `${file} is already being recorded into by ${who}; one writer per database: stop that one, or give this one ` +
        `another --db` +
        (owner && owner.host !== hostname() ? ` (if ${owner.host} no longer records, delete ${file}.lock)` : ''),
    );
  }
}

/** Lock files this process holds, released on exit whatever the way out. */
const held = new Set<string>();
let exitHook = false;

function unlinkOwn(path: string): void {
  try {
    if (readOwner(path)?.pid === process.pid) unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** The command line as a lock shows it: no passwords, from URLs or flags. */
export function describeCommand(argv: readonly string[] = process.argv): string {
  const args = argv.slice(1).map((a, i, all) => {
    if (all[i - 1] === '--password') return '***';
    return a.replace(/\/\/([^/@\s]*)@/, (_m, cred: string) => `//${cred.split(':')[0]}:***@`);
  });
  const script = args[0]?.replace(/^.*[/\\]/, '') ?? '';
  const name = /twinscope|cli\.js/.test(script) ? 'twinscope' : script;
  return [name, ...args.slice(1)].join(' ').slice(0, 300);
}

/** Whether the lock's process still runs: it exists, and (where /proc tells) it is not another program by now. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists, it is just not ours.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // After a reboot the pid may belong to an unrelated program: Twinscope runs in node or Electron.
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').toLowerCase();
    return /node|electron|twinscope/.test(cmd);
  } catch {
    return true; // no /proc (macOS, Windows): trust that the pid exists
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.host !== 'string') return undefined;
    return { pid: o.pid, host: o.host, command: String(o.command ?? '?'), since: Number(o.since ?? 0) };
  } catch {
    return undefined;
  }
}

/** Takes the lock of `file` for this process; returns its release. Throws DatabaseLockedError when held. */
export function acquireWriterLock(file: string): () => void {
  const path = `${file}.lock`;
  if (held.has(path)) throw new DatabaseLockedError(file, readOwner(path));
  const me: LockOwner = { pid: process.pid, host: hostname(), command: describeCommand(), since: Date.now() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(path);
      const stale = owner !== undefined && owner.host === hostname() && !alive(owner.pid);
      // A lock file still being written (no owner yet) is someone starting: theirs.
      if (!stale || attempt > 0) throw new DatabaseLockedError(file, owner);
      unlinkSync(path);
    }
  }
  held.add(path);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => held.forEach(unlinkOwn));
  }
  return () => {
    if (held.delete(path)) unlinkOwn(path);
  };
}
