import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireWriterLock, DatabaseLockedError, describeCommand } from '../../../../electron/core/store/writerLock';
import { makeTempDir } from '../../../helpers/tempDir';

describe('the writer lock of a history', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('names its holder, refuses a second writer, and is gone once released', () => {
    const db = `${dir.path}/h.db`;
    const release = acquireWriterLock(db);
    const owner = JSON.parse(readFileSync(`${db}.lock`, 'utf8')) as { pid: number; host: string };
    expect(owner).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => acquireWriterLock(db)).toThrow(DatabaseLockedError);
    expect(() => acquireWriterLock(db)).toThrow(new RegExp(`by process ${process.pid} \\(`));
    release();
    expect(existsSync(`${db}.lock`)).toBe(false);
    acquireWriterLock(db)();
  });

  it('takes over a lock left by a process that is gone, not one on another machine', () => {
    const db = `${dir.path}/h.db`;
    // pid 2^22 + 1 is above Linux's pid_max default range: no such process.
    const dead = { pid: 4_194_305, host: hostname(), command: 'twinscope record', since: 0 };
    writeFileSync(`${db}.lock`, JSON.stringify(dead));
    acquireWriterLock(db)();
    // A running process that is not Twinscope (the pid was reused after a reboot).
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(`${db}.lock`, JSON.stringify({ ...dead, pid: other.pid }));
      acquireWriterLock(db)();
    } finally {
      other.kill('SIGKILL');
    }
    writeFileSync(`${db}.lock`, JSON.stringify({ ...dead, host: 'elsewhere' }));
    expect(() => acquireWriterLock(db)).toThrow(/on elsewhere .*delete .*h\.db\.lock/);
  });

  it('never writes a password into the lock', () => {
    const argv = ['node', '/usr/bin/twinscope', 'record', '--mqtt', 'mqtts://u:secret@b:8883', '--password', 'pw'];
    const text = describeCommand(argv);
    expect(text).toBe('twinscope record --mqtt mqtts://u:***@b:8883 --password ***');
  });
});
