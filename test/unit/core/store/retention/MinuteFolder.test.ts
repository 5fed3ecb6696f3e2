import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../../../../electron/core/store/HistoryWriter';
import { deleteSession } from '../../../../../electron/core/store/SessionsEditor';
import { sealSession } from '../../../../../electron/core/store/integrity/sealSession';
import { verifySession } from '../../../../../electron/core/store/integrity/verifySession';
import { openDatabase } from '../../../../../electron/core/store/openDatabase';
import { MinuteFolder } from '../../../../../electron/core/store/retention/MinuteFolder';
import { migrate } from '../../../../../electron/core/store/schema';
import { SeriesReader } from '../../../../../electron/core/store/SeriesReader';
import { foldRows, parseStats, type MinuteStats } from '../../../../../electron/core/store/retention/minuteStats';
import { Retention } from '../../../../../electron/core/store/retention/Retention';
import { DAY_MS, resolveRetention, RetentionRules } from '../../../../../electron/core/store/retention/settings';
import { MINUTE, rawSeries, recordSeconds, seriesMap } from '../../../../helpers/tierHistory';
import { makeTempDir } from '../../../../helpers/tempDir';

const T0 = Date.UTC(2026, 2, 1, 8);
const HOUR = 60 * MINUTE;

/** The tier's rows of room-a, by minute. */
function tier(db: Database.Database): Map<number, MinuteStats> {
  const rows = db.prepare("SELECT minute, stats FROM samples_1m WHERE dev = 'room-a' ORDER BY minute").all() as {
    minute: number;
    stats: string;
  }[];
  return new Map(rows.map((r) => [r.minute, parseStats(r.stats)]));
}

/** What folding every raw telemetry sample of room-a at once gives, by minute. */
function foldedFromRaw(db: Database.Database): Map<number, MinuteStats> {
  const rows = db.prepare("SELECT dev, t, data, session FROM samples WHERE dev = 'room-a' AND kind = 'tele'").all() as {
    dev: string;
    t: number;
    data: string;
    session: number;
  }[];
  return new Map([...foldRows(rows)].map(([key, stats]) => [Number(key.split('\t')[1]), stats]));
}

/** Stats compared as stored: counts, min and max exactly, means to the 5 significant digits the tier keeps. */
function expectSameTier(actual: Map<number, MinuteStats>, expected: Map<number, MinuteStats>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [minute, stats] of expected) {
    const got = actual.get(minute)!;
    expect(Object.keys(got).sort()).toEqual(Object.keys(stats).sort());
    for (const [ch, [lo, mean, hi, n]] of Object.entries(stats)) {
      const [glo, gmean, ghi, gn] = got[ch]!;
      expect([glo, ghi, gn]).toEqual([lo, hi, n]);
      expect(Math.abs(gmean - mean)).toBeLessThanOrEqual(Math.abs(mean) * 1e-4);
    }
  }
}

describe('MinuteFolder: the 1-minute tier kept while recording', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let writer: HistoryWriter;
  beforeEach(() => {
    dir = makeTempDir();
    db = openDatabase(`${dir.path}/h.db`);
    db.prepare("INSERT INTO sessions (id, started, sources) VALUES (1, ?, '[]')").run(T0);
    writer = new HistoryWriter(db, { session: 1, maxRows: 5000 });
  });
  afterEach(() => {
    if (db.open) db.close();
    dir.remove();
  });

  it('folds what completed minutes received, in bounded steps, leaving raw rows and the chain as they were', () => {
    const seq = recordSeconds(writer, T0, { from: 0, to: 30 * 60, seq: 0 });
    recordSeconds(writer, T0, { from: 30 * 60, to: 30 * 60 + 25, seq }); // the 31st minute is still filling
    writer.flush();
    const raw = db.prepare('SELECT count(*) FROM samples').pluck().get();
    const sealed = sealSession(db, 1);
    const folder = new MinuteFolder(db, 500);
    let steps = 0;
    while (folder.step(T0 + 30 * MINUTE) > 0) steps++;
    // 1,803 samples (with 3 motion events) of completed minutes: a step reads at most 500.
    expect(steps).toBe(4);
    const folded = tier(db);
    expect(folded.size).toBe(30);
    expect(folded.has(T0 + 30 * MINUTE)).toBe(false);
    const expected = foldedFromRaw(db);
    expected.delete(T0 + 30 * MINUTE);
    expectSameTier(folded, expected);
    expect(folder.report).toMatchObject({ samples: 1800, rowsWritten: 30 });
    // A minute split between two steps is merged in the second (at most one per step boundary).
    expect(folder.report.rowsRefolded).toBeLessThanOrEqual(3);
    expect(db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(raw);
    expect(verifySession(db, 1).status).toBe('sealed');
    expect(sealed.uptoArrival).toBeGreaterThan(0);
    // The minute that was filling is folded once it is complete.
    expect(folder.step(T0 + 31 * MINUTE)).toBeGreaterThan(0);
    expectSameTier(tier(db), foldedFromRaw(db));
  });

  it('re-folds a minute whose samples arrive late (a gateway flushing what it buffered at once)', () => {
    // Minutes 55-59 arrive half (every other second), then nothing for minutes 80-99.
    const halfThere = (i: number): boolean => i < 55 * 60 || i % 2 === 1;
    let seq = recordSeconds(writer, T0, { from: 0, to: 60 * 60, seq: 0, keep: halfThere });
    seq = recordSeconds(writer, T0, { from: 60 * 60, to: 80 * 60, seq });
    seq = recordSeconds(writer, T0, { from: 100 * 60, to: 120 * 60, seq });
    writer.flush();
    // One step for all that was received live: only late samples make a minute folded twice.
    const folder = new MinuteFolder(db, 100_000);
    expect(folder.step(T0 + 120 * MINUTE)).toBeGreaterThan(0);
    expect(folder.step(T0 + 120 * MINUTE)).toBe(0);
    expect(tier(db).size).toBe(100);
    // At 2 h the gateway is back and flushes all it buffered in one go: its samples have new arrival positions.
    const late = T0 + 120 * MINUTE + 500;
    seq = recordSeconds(writer, T0, { from: 55 * 60, to: 60 * 60, seq, receivedAt: late, keep: (i) => !halfThere(i) });
    recordSeconds(writer, T0, { from: 80 * 60, to: 100 * 60, seq, receivedAt: late });
    writer.flush();
    // Still in the minute it was received in: nothing is folded yet.
    expect(folder.step(T0 + 120 * MINUTE)).toBe(0);
    while (folder.step(late + MINUTE) > 0);
    expect(folder.report.rowsRefolded).toBe(5);
    expect(folder.report.rowsWritten).toBe(120);
    const folded = tier(db);
    expectSameTier(folded, foldedFromRaw(db));
    expect(folded.get(T0 + 57 * MINUTE)!.co2![3]).toBe(60);
  });
  it('forgets a deleted session: a new one under the same id is folded from its start', async () => {
    recordSeconds(writer, T0, { from: 0, to: 300, seq: 0 });
    writer.close();
    const folder = new MinuteFolder(db);
    while (folder.step() > 0);
    expect(folder.foldRange(1).foldedTo).toBeGreaterThan(300);
    expect((await deleteSession(db, 1)).ok).toBe(true);
    expect(db.prepare('SELECT count(*) FROM minute_folds').pluck().get()).toBe(0);
    // SQLite gives the highest id again once its row is gone.
    const id = db.prepare("INSERT INTO sessions (started, sources) VALUES (?, '[]')").run(T0).lastInsertRowid;
    expect(id).toBe(1);
    const again = new HistoryWriter(db, { session: 1, maxRows: 5000 });
    recordSeconds(again, T0, { from: 0, to: 120, seq: 10_000 });
    again.close();
    while (folder.step() > 0);
    expectSameTier(tier(db), foldedFromRaw(db));
    expect(tier(db).size).toBe(2);
  });
});

describe('MinuteFolder and retention', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('retention removes what was folded live without folding it again, and folds what was not', () => {
    const db = openDatabase(`${dir.path}/h.db`);
    db.prepare("INSERT INTO sessions (id, started, sources) VALUES (1, ?, '[]')").run(T0);
    const writer = new HistoryWriter(db, { session: 1, maxRows: 5000 });
    // Minute 10 arrives half at first; the rest comes late, after the session's last half hour.
    const halfThere = (i: number): boolean => i < 10 * 60 || i >= 11 * 60 || i % 2 === 1;
    const seq = recordSeconds(writer, T0, { from: 0, to: 90 * 60, seq: 0, keep: halfThere });
    writer.flush();
    const folder = new MinuteFolder(db);
    while (folder.step(T0 + 60 * MINUTE) > 0);
    const late = T0 + 95 * MINUTE;
    recordSeconds(writer, T0, { from: 10 * 60, to: 11 * 60, seq, receivedAt: late, keep: (i) => !halfThere(i) });
    writer.close();
    db.prepare('UPDATE sessions SET ended = ? WHERE id = 1').run(late);
    const expected = foldedFromRaw(db);
    const liveRows = tier(db).size;
    expect(liveRows).toBe(60);
    const report = new Retention(db, new RetentionRules(resolveRetention()), T0 + 10 * DAY_MS).runAll();
    expect(db.prepare("SELECT count(*) FROM samples WHERE kind = 'tele'").pluck().get()).toBe(0);
    expect(report.rawFolded).toBe(90 * 60);
    // Minutes 0-59 were folded live (all but minute 10's late half); the rest by retention's first fold, once each.
    expect(report.rawFoldedLive).toBe(60 * 60 - 30);
    expect(report.minuteRowsWritten).toBe(90 - liveRows);
    expectSameTier(tier(db), expected);
    // Events stay raw, out of the tier, as retention has always left them.
    expect(db.prepare("SELECT count(*) FROM samples WHERE kind = 'evt'").pluck().get()).toBe(9);
    db.close();
  });
});

/** The tier's stored form up to schema 7: `{"n": count, channel: [min, mean, max(, n)] | number}`. */
function schema7Stats(stats: MinuteStats): string {
  const n = Math.max(...Object.values(stats).map((x) => x[3]));
  const out: Record<string, number | number[]> = { n };
  for (const [ch, [lo, mean, hi, k]] of Object.entries(stats)) {
    const m = Number(mean.toPrecision(5));
    out[ch] = lo === hi && k === n ? lo : k === n ? [lo, m, hi] : [lo, m, hi, k];
  }
  return JSON.stringify(out);
}

describe('migration 10 over what retention pruned before', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('carries the merged minutes on, and charts the rows an override kept raw', () => {
    const file = `${dir.path}/old.db`;
    const old = new Database(file);
    migrate(old, 9); // before migration 10 (the writer needs the session summary and snapshot dictionaries of 8 and 9)
    old.prepare("INSERT INTO sessions (id, started, ended, sources) VALUES (1, ?, ?, '[]')").run(T0, T0 + HOUR);
    const w = new HistoryWriter(old, { session: 1, maxRows: 5000 });
    recordSeconds(w, T0, { from: 0, to: 10 * 60, seq: 0 });
    w.close();
    const chart = { dev: 'room-a', channel: 'co2' as const, from: T0, to: T0 + 10 * MINUTE, buckets: 10 };
    // The window's minutes as the raw samples give them (the buckets SeriesReader makes of it: one a minute).
    const window = { from: T0, to: T0 + 10 * MINUTE, bucketMs: MINUTE, t: [], min: [], max: [], mean: [] };
    const whole = rawSeries(old, 'room-a', 'co2', window);
    // As retention left it: arrivals up to the middle of minute 4 pruned, minute 2 kept raw by an override.
    const prunedTo = old
      .prepare('SELECT max(arrival) FROM samples WHERE t < ?')
      .pluck()
      .get(T0 + 4.5 * MINUTE) as number;
    const gone = old
      .prepare(
        "SELECT id, dev, t, data, session FROM samples WHERE kind = 'tele' AND arrival <= ? AND (t < ? OR t >= ?)",
      )
      .all(prunedTo, T0 + 2 * MINUTE, T0 + 3 * MINUTE) as {
      id: number;
      dev: string;
      t: number;
      data: string;
      session: number;
    }[];
    old.transaction(() => {
      for (const [key, stats] of foldRows(gone)) {
        const [dev, minute] = key.split('\t');
        old
          .prepare('INSERT INTO samples_1m (dev, minute, session, stats) VALUES (?, ?, 1, ?)')
          .run(dev, Number(minute), schema7Stats(stats));
      }
      for (const r of gone) old.prepare('DELETE FROM samples WHERE id = ?').run(r.id);
    })();
    old
      .prepare('INSERT INTO session_retention (session, pruned_to, downsampled_to, pruned_at) VALUES (1, ?, ?, ?)')
      .run(prunedTo, T0, T0);
    old.close();

    const db = openDatabase(file);
    expect(db.prepare('SELECT * FROM minute_folds').all()).toEqual([
      { session: 1, folded_from: prunedTo, folded_to: prunedTo },
    ]);
    // Hours of the minutes stored before are built first, in steps (until then charts use the minutes).
    expect(db.prepare('SELECT count(*) FROM hour_backfill').pluck().get()).toBe(1);
    const folder = new MinuteFolder(db, 2);
    expect(folder.step()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM hour_backfill').pluck().get()).toBe(1);
    while (folder.step() > 0);
    expect(db.prepare('SELECT count(*) FROM hour_backfill').pluck().get()).toBe(0);
    const hour = db.prepare('SELECT stats FROM samples_1h').pluck().all() as string[];
    // Minute 2 is not in the tier (kept raw, charted raw).
    expect(hour.map((h) => parseStats(h).co2![3])).toEqual([9 * 60]);
    // Minute 4 was half merged by retention, half folded now: one row of all its samples.
    expect(
      parseStats(
        db
          .prepare('SELECT stats FROM samples_1m WHERE minute = ?')
          .pluck()
          .get(T0 + 4 * MINUTE) as string,
      ).co2![3],
    ).toBe(60);
    expect(
      db
        .prepare('SELECT count(*) FROM samples_1m WHERE minute = ?')
        .pluck()
        .get(T0 + 2 * MINUTE),
    ).toBe(0);
    const s = new SeriesReader(db).series(chart);
    const got = seriesMap(s);
    expect([...got.keys()]).toEqual([...whole.keys()]);
    for (const [b, [lo, hi, mean]] of whole) {
      expect(got.get(b)!.slice(0, 2)).toEqual([lo, hi]);
      expect(Math.abs(got.get(b)![2]! - mean!)).toBeLessThanOrEqual(mean! * 1e-4);
    }
    db.close();
  });

  it('rewrites the 1-minute rows in the positional form, every value as it was, and drops an index nothing reads', () => {
    const file = `${dir.path}/old.db`;
    const old = new Database(file);
    migrate(old, 9);
    const rows: [string, MinuteStats][] = [
      [
        'room-a',
        { rssi: [-60, -57.25, -55, 60], bat: [3.9, 3.9, 3.9, 60], co2: [600, 612.5, 640, 60], motion: [0, 0.1, 1, 60] },
      ],
      [
        'door',
        { bat: [3.8, 3.8, 3.8, 60], door: [0, 0.5, 1, 60], gyro: [0.1, 20.25, 260.5, 60], angle: [0, 30, 90, 12] },
      ],
      ['room-b', { lux: [0, 0, 0, 3] }],
    ];
    rows.forEach(([dev, stats], i) =>
      old
        .prepare('INSERT INTO samples_1m (dev, minute, session, stats) VALUES (?, ?, 1, ?)')
        .run(dev, T0 + i * MINUTE, schema7Stats(stats)),
    );
    old.close();
    const db = openDatabase(file);
    const stored = db.prepare('SELECT dev, stats FROM samples_1m ORDER BY minute').all() as {
      dev: string;
      stats: string;
    }[];
    expect(stored.map((r) => [r.dev, parseStats(r.stats)])).toEqual(rows);
    expect(stored[0]!.stats).toBe('[60,[-60,-57.25,-55],3.9,[600,612.5,640],null,null,null,[0,0.1,1]]');
    expect(stored[2]!.stats).toBe('[3,null,null,null,null,null,0]');
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'device_events'")
      .pluck()
      .all();
    expect(indexes).not.toContain('device_events_arrival');
    expect(indexes).toContain('device_events_session');
    db.close();
  });
});
