/** `twinscope simulate`, `record --demo` and `lab` as a user runs them. */
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTwinscope, TWINSCOPE_BIN } from '../helpers/cli';
import { startChild } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';

describe('twinscope simulate, record --demo and lab', () => {
  let dir: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    dir = makeTempDir();
  });

  afterEach(() => dir.remove());

  it('writes the same stream for the same seed and start, whatever the run', async () => {
    const args = ['simulate', '--scenario', 'meeting', '--out', '-', '--speed', 'max', '--duration', '900'];
    const fixed = [...args, '--start', '2026-01-05T09:00:00Z', '--quiet'];
    const a = await runTwinscope([...fixed, '--seed', '4']);
    const b = await runTwinscope([...fixed, '--seed', '4']);
    const c = await runTwinscope([...fixed, '--seed', '5']);
    expect(a.code).toBe(0);
    expect(a.stdout.split('\n').length).toBeGreaterThan(2700);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    // Without --start a faster-than-real run is placed in the past, so that it ends about now.
    const now = await runTwinscope([...args, '--quiet']);
    const last = JSON.parse(now.stdout.trim().split('\n').pop()!) as { ts: number };
    expect(Math.abs(last.ts - Date.now())).toBeLessThan(60_000);
  });

  it('record --demo stores the virtual devices of the default site, in demo.db when alone', async () => {
    const child = startChild(process.execPath, [TWINSCOPE_BIN, 'record', '--demo', '--duration', '3', '--quiet'], {
      ...process.env,
      TWINSCOPE_DATA_DIR: dir.path,
    });
    expect(await child.exited).toBe(0);
    const db = join(dir.path, 'demo.db');
    expect(existsSync(join(dir.path, 'history.db'))).toBe(false);
    const h = new Database(db, { readonly: true });
    const rows = h.prepare('SELECT dev, via, count(*) AS n FROM samples GROUP BY dev ORDER BY dev').all() as {
      dev: string;
      via: string;
      n: number;
    }[];
    h.close();
    expect(rows.map((r) => [r.dev, r.via])).toEqual([
      ['door', 'sim'],
      ['room-a', 'sim'],
      ['room-b', 'sim'],
    ]);
    for (const r of rows) expect(r.n).toBeGreaterThanOrEqual(1);
  });

  it('record uses the site a placement in the app saved in the data folder', async () => {
    const saved = { ...defaultSite(), name: 'Office as placed' };
    writeFileSync(join(dir.path, 'site.json'), JSON.stringify(saved, null, 2));
    const child = startChild(process.execPath, [TWINSCOPE_BIN, 'record', '--demo', '--duration', '2', '--quiet'], {
      ...process.env,
      TWINSCOPE_DATA_DIR: dir.path,
    });
    expect(await child.exited).toBe(0);
    const h = new Database(join(dir.path, 'demo.db'), { readonly: true });
    const site = JSON.parse(h.prepare('SELECT site FROM sessions ORDER BY id DESC LIMIT 1').pluck().get() as string);
    h.close();
    expect(site.name).toBe('Office as placed');
  });

  it('lab runs each configuration against a private broker and prints the table', async () => {
    const r = await runTwinscope(['lab', '--devices', '4', '--rate', '5', '--qos', '0,1', '--duration', '1']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\(private mosquitto\)/);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/devices +rate Hz +QoS +offered\/s +delivered\/s +loss % +p50 ms +p99 ms +CPU %/);
    expect(lines).toHaveLength(4);
    for (const [i, qos] of ['0', '1'].entries()) {
      const cells = lines[2 + i]!.trim().split(/ +/);
      expect(cells.slice(0, 3)).toEqual(['4', '5', qos]);
      expect(Number(cells[4])).toBeGreaterThan(15); // 4 devices × 5 Hz
      expect(cells[5]).toBe('0.00');
    }
  });

  it('explains every usage mistake', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['simulate', '--scenario', 'party', '--out', '-'],
        /unknown scenario "party"; known: normal-day, meeting, .*load/,
      ],
      [['simulate', '--out', '-'], /give --scenario NAME; scenarios:\n +normal-day/],
      [['simulate', '--scenario', 'meeting'], /say where the devices send: --mqtt URL, --serial PATH or --out FILE/],
      [['simulate', '--scenario', 'meeting', '--devices', '5', '--out', '-'], /--devices applies to the load scenario/],
      [['simulate', '--scenario', 'load', '--speed', 'max', '--out', '-'], /load never ends: give --duration S/],
      [['simulate', '--scenario', 'load', '--rate', '500', '--out', '-'], /--rate must be a number from .* to 100/],
      [['simulate', '--scenario', 'load', '--speed', 'fast', '--out', '-'], /--speed must be a positive number/],
      [
        ['simulate', '--scenario', 'meeting', '--serial', 'hall=/dev/null'],
        /no device "hall" in this run; devices: room-a, room-b, door/,
      ],
      [['lab', '--devices', '1,2,3,4,5', '--rate', '1,2,3', '--qos', '0,1'], /30 configurations is too many/],
      [['lab', '--devices', '5000', '--rate', '100'], /5000 devices at 100 Hz is 500000 messages\/s/],
      [['lab', '--qos', '2'], /--qos must be a number from 0 to 1/],
    ];
    for (const [args, message] of cases) {
      const r = await runTwinscope(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const site = await runTwinscope(['simulate', '--scenario', 'meeting', '--out', '-', '--site', '/nonexistent.json']);
    expect(site.code).toBe(1);
    expect(site.stderr).toContain('cannot read /nonexistent.json');
  });
});
