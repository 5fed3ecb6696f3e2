/**
 * Retention of a real recording: a door-slams session recorded through the live hub, aged by measuring from a week
 * and a day after it, pruned by `twinscope retention`: raw telemetry gone, events kept, 1-minute rows equal to what
 * the raw samples said, charts still answering for the span, and `twinscope sessions` saying it is downsampled.
 */
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { parseStats } from '../../electron/core/store/retention/minuteStats';
import { MinuteFolder } from '../../electron/core/store/retention/MinuteFolder';
import { SeriesReader } from '../../electron/core/store/SeriesReader';
import { runTwinscope } from '../helpers/cli';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';

const DAY = 86_400_000;
const count = (db: Database.Database, sql: string): number => db.prepare(sql).pluck().get() as number;

interface MinuteRow {
  minute: number;
  lo: number;
  mean: number;
  hi: number;
  n: number;
}

/** What the raw samples say per minute, room-a's CO2. */
function rawMinutes(db: Database.Database): MinuteRow[] {
  return db
    .prepare(
      `SELECT (t / 60000) * 60000 AS minute, min(v) AS lo, avg(v) AS mean, max(v) AS hi, count(*) AS n
       FROM (SELECT t, json_extract(data, '$.co2') AS v FROM samples WHERE dev = 'room-a' AND kind = 'tele')
       WHERE v IS NOT NULL GROUP BY minute ORDER BY minute`,
    )
    .all() as MinuteRow[];
}

describe('twinscope retention on a recorded session', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('folds the aged session into 1-minute rows that charts and sessions still show', async () => {
    const file = `${dir.path}/rec.db`;
    const { start, end } = await recordScenario(file);
    const now = String(end + 8 * DAY);

    let db = openDatabase(file, { readonly: true });
    const raw = rawMinutes(db);
    const events = count(db, "SELECT count(*) FROM samples WHERE kind = 'evt'");
    const tele = count(db, "SELECT count(*) FROM samples WHERE kind = 'tele'");
    const from = Math.floor(start / 60_000) * 60_000;
    const to = Math.ceil((end + 1) / 60_000) * 60_000;
    const buckets = Math.ceil((to - from) / 60_000);
    const before = new SeriesReader(db).series({ dev: 'room-a', channel: 'co2', from, to, buckets });
    db.close();
    // What the live hub folds while recording: the minutes completed 5 minutes before the end.
    const writable = openDatabase(file);
    const folder = new MinuteFolder(writable);
    while (folder.step(end - 5 * 60_000) > 0);
    writable.close();
    const live = folder.report.samples;
    expect(live).toBeGreaterThan(0);
    expect(raw.length).toBeGreaterThan(5);
    expect(events).toBeGreaterThan(0);

    const dry = await runTwinscope(['retention', '--db', file, '--now', now, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would fold ${tele} raw samples into`);
    expect(dry.stdout).toMatch(/dry run: nothing was changed/);
    db = openDatabase(file, { readonly: true });
    expect(count(db, "SELECT count(*) FROM samples WHERE kind = 'tele'")).toBe(tele);
    db.close();

    const run = await runTwinscope(['retention', '--db', file, '--now', now]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/raw 7 days, 1-minute rows 365 days \(defaults\)/);
    expect(run.stdout).toContain(`folded ${tele} raw samples into`);
    expect(run.stdout).toContain(`(${live} of them folded while they were recorded)`);
    expect(run.stdout).toMatch(/session 1: arrival positions 1\.\.\d+ pruned, downsampled up to 20/);
    expect(run.stdout).toMatch(/rec\.db: [\d.]+ MB before, [\d.]+ MB now/);

    db = openDatabase(file, { readonly: true });
    expect(count(db, "SELECT count(*) FROM samples WHERE kind = 'tele'")).toBe(0);
    expect(count(db, "SELECT count(*) FROM samples WHERE kind = 'evt'")).toBe(events);
    expect(count(db, "SELECT count(*) FROM device_events WHERE kind = 'clock'")).toBe(0);
    expect(count(db, 'SELECT count(*) FROM engine_snapshots')).toBe(0);
    const tier = (
      db.prepare("SELECT minute, stats FROM samples_1m WHERE dev = 'room-a' ORDER BY minute").all() as {
        minute: number;
        stats: string;
      }[]
    )
      .map((r) => ({ minute: r.minute, co2: parseStats(r.stats).co2 }))
      .filter((r) => r.co2 !== undefined)
      .map(({ minute, co2 }) => ({ minute, lo: co2![0], mean: co2![1], hi: co2![2], n: co2![3] }));
    expect(tier.map((r) => [r.minute, r.lo, r.hi, r.n])).toEqual(raw.map((r) => [r.minute, r.lo, r.hi, r.n]));
    for (const [i, r] of tier.entries()) expect(r.mean).toBeCloseTo(raw[i]!.mean, 1);

    // The chart of the span, from the 1-minute rows now: the same minima and maxima, the same means.
    const after = new SeriesReader(db).series({ dev: 'room-a', channel: 'co2', from, to, buckets });
    expect(after.t).toEqual(before.t);
    expect(after.min).toEqual(before.min);
    expect(after.max).toEqual(before.max);
    for (const [i, m] of after.mean.entries()) expect(m).toBeCloseTo(before.mean[i]!, 1);
    db.close();

    const sessions = await runTwinscope(['sessions', '--db', file]);
    expect(sessions.stdout).toMatch(/downsampled to 1-minute rows up to 20\S+ \(replay there is not exact\)/);
    const json = JSON.parse((await runTwinscope(['sessions', '--db', file, '--json'])).stdout) as {
      downsampledTo?: number;
    }[];
    expect(json[0]!.downsampledTo).toBeGreaterThan(end - 60_000);

    const again = await runTwinscope(['retention', '--db', file, '--now', now]);
    expect(again.stdout).toContain('folded 0 raw samples into 0 1-minute rows');

    // Pruned whole blocks of the hash chain: the session still verifies, saying what retention removed.
    const verified = await runTwinscope(['verify', '--db', file]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/session 1: intact .*block.* pruned by retention/);
  });

  it('names the problem with a missing file, a bad site and a history being recorded into', async () => {
    const missing = await runTwinscope(['retention', '--db', `${dir.path}/none.db`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/none\.db: no such file/);
    const usage = await runTwinscope(['retention']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--db FILE is required/);

    const file = `${dir.path}/h.db`;
    const site = `${dir.path}/site.json`;
    writeFileSync(site, JSON.stringify({ ...defaultSite(), retention: { rawDays: 0, overrides: [{ channel: 'x' }] } }));
    const writer = openDatabase(file);
    const bad = await runTwinscope(['retention', '--db', file, '--site', site]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/retention\.rawDays: must be > 0/);
    expect(bad.stderr).toMatch(/retention\.overrides\[0\]\.channel: must be one of "co2"/);
    const locked = await runTwinscope(['retention', '--db', file]);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(new RegExp(`already being recorded into by process ${process.pid}`));
    writer.close();
  });
});
