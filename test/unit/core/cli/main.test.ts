/** The words of the `twinscope` command: help, version, usage errors, plurals, bounds and time shifts as people read them. */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plural, type CliIo } from '../../../../electron/core/cli/command';
import { shift } from '../../../../electron/core/cli/commands/backtest';
import { main } from '../../../../electron/core/cli/main';
import { parseRange } from '../../../../electron/core/cli/timeFlags';
import { brokerUrlProblem } from '../../../../electron/core/sources/brokerUrl';
import { makeHistory } from '../../../helpers/history';
import { makeTempDir } from '../../../helpers/tempDir';

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    stdout: new PassThrough(),
    outClosed: new AbortController().signal,
    signal: new AbortController().signal,
    atRisk: () => undefined,
  };
  return { io, out, err };
}

describe('twinscope help and version', () => {
  it('alone, prints the help to stderr and exits 2 (a mistake, not a request)', async () => {
    const c = capture();
    expect(await main([], c.io)).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err.join('\n')).toMatch(/Usage: twinscope <command>[\s\S]*record/);
  });

  it('`help record` shows the help of record; `help` alone the general help, on stdout with exit 0', async () => {
    const c = capture();
    expect(await main(['help', 'record'], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/^Usage: twinscope record /);
    const g = capture();
    expect(await main(['help'], g.io)).toBe(0);
    expect(g.out.join('\n')).toMatch(/devices\s+list the devices/);
    const u = capture();
    expect(await main(['help', 'nope'], u.io)).toBe(2);
    expect(u.err.join('\n')).toContain('unknown command "nope"');
  });

  it('--version prints the version', async () => {
    const c = capture();
    expect(await main(['--version'], c.io)).toBe(0);
    expect(c.out).toEqual([expect.stringMatching(/^twinscope \d+\.\d+\.\d+/)]);
  });
});

describe('messages', () => {
  it('says "1 alert" and "2 alerts"', () => {
    expect(plural(1, 'alert')).toBe('1 alert');
    expect(plural(2, 'alert')).toBe('2 alerts');
    expect(plural(0, 'sample')).toBe('0 samples');
  });

  it('says whether a back-tested alert moves earlier or later', () => {
    expect(shift(3000)).toBe('3.0 s later');
    expect(shift(-1500)).toBe('1.5 s earlier');
    expect(shift(0)).toBe('at the same time');
  });

  it('gives rate bounds as people read them', async () => {
    const c = capture();
    expect(await main(['simulate', '--scenario', 'load', '--rate', '0', '--out', '-'], c.io)).toBe(2);
    expect(c.err[0]).toContain('--rate must be a number from 1/3600 (once an hour) to 100, not "0"');
  });

  it('takes --from and --to as epoch ms, as simulate --start does', () => {
    expect(parseRange('1764000000000', '2026-12-01T00:00:00Z')).toEqual({
      from: 1_764_000_000_000,
      to: Date.parse('2026-12-01T00:00:00Z'),
    });
    expect(() => parseRange('yesterday', undefined)).toThrow(/nor epoch ms/);
  });

  it('says what a broker URL looks like', () => {
    expect(brokerUrlProblem('mqtt://127.0.0.1:1883')).toBeNull();
    expect(brokerUrlProblem('127.0.0.1:1883')).toMatch(/did you mean mqtt:\/\/127\.0\.0\.1:1883\?.*looks like mqtt:/);
    expect(brokerUrlProblem('http://broker:1883')).toMatch(/is not a broker URL; one looks like mqtt:\/\/HOST:1883/);
    expect(brokerUrlProblem('mqtt://')).toMatch(/not a broker URL|names no host/);
  });
});

describe('read commands default --db as record does', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let saved: string | undefined;
  beforeEach(() => {
    dir = makeTempDir();
    saved = process.env.TWINSCOPE_DATA_DIR;
    process.env.TWINSCOPE_DATA_DIR = dir.path;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TWINSCOPE_DATA_DIR;
    else process.env.TWINSCOPE_DATA_DIR = saved;
    dir.remove();
  });

  it('reads history.db in the data folder without --db', async () => {
    makeHistory(`${dir.path}/history.db`, 10);
    for (const command of ['devices', 'alerts', 'rejects']) {
      const c = capture();
      expect(await main([command], c.io), c.err.join('\n')).toBe(0);
    }
    const c = capture();
    expect(await main(['alerts'], c.io)).toBe(0);
    expect(c.out).toEqual(['no alerts in that range']);
  });
});
