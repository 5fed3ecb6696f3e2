import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Series, SeriesRequest } from '../../../../electron/common/api';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { MinuteFolder } from '../../../../electron/core/store/retention/MinuteFolder';
import { Retention } from '../../../../electron/core/store/retention/Retention';
import { DAY_MS, resolveRetention, RetentionRules } from '../../../../electron/core/store/retention/settings';
import { SeriesReader } from '../../../../electron/core/store/SeriesReader';
import { MINUTE, rawSeries, recordSeconds, seriesMap, tierSample } from '../../../helpers/tierHistory';
import { makeTempDir } from '../../../helpers/tempDir';

const T0 = Date.UTC(2026, 2, 1, 8);
const HOUR = 60 * MINUTE;

/** min and max exactly, the mean as the tier keeps it (5 significant digits, so within 1e-4 of it). */
function expectSame(actual: Map<number, number[]>, expected: Map<number, number[]>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [b, [lo, hi, mean]] of expected) {
    const [alo, ahi, amean] = actual.get(b)!;
    expect([alo, ahi]).toEqual([lo, hi]);
    expect(Math.abs(amean! - mean!)).toBeLessThanOrEqual(Math.abs(mean!) * 1e-4);
  }
}

describe('SeriesReader over the 1-minute tier', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let writer: HistoryWriter;
  let reader: SeriesReader;
  // 3 hours with a gap (minutes 100-119) that a backfill fills at 3 h, after those around it were folded.
  const gap = (i: number): boolean => i < 100 * 60 || i >= 120 * 60;
  const charts: SeriesRequest[] = [
    { dev: 'room-a', channel: 'co2', from: T0 - 20 * HOUR, to: T0 + 4 * HOUR, buckets: 1000 },
    { dev: 'room-a', channel: 'temp', from: T0 + 12_345, to: T0 + 3 * HOUR - 999, buckets: 100 },
    { dev: 'room-a', channel: 'co2', from: T0, to: T0 + 3 * HOUR, buckets: 45 },
  ];
  const read = (req: SeriesRequest): Series => reader.series(req);
  const expectAsRaw = (): void => {
    for (const req of charts) {
      const s = read(req);
      expect(s.bucketMs % MINUTE).toBe(0);
      expect(s.from % MINUTE).toBe(0);
      expect(s.t.length).toBeGreaterThan(10);
      expectSame(seriesMap(s), rawSeries(db, req.dev, req.channel, s));
    }
  };

  beforeEach(() => {
    dir = makeTempDir();
    db = openDatabase(`${dir.path}/h.db`);
    db.prepare("INSERT INTO sessions (id, started, sources) VALUES (1, ?, '[]')").run(T0);
    writer = new HistoryWriter(db, { session: 1, maxRows: 5000 });
    const seq = recordSeconds(writer, T0, { from: 0, to: 3 * 60 * 60, seq: 0, keep: gap });
    writer.flush();
    reader = new SeriesReader(db);
    expectAsRaw(); // nothing folded yet: all of it is the raw tail
    const folder = new MinuteFolder(db);
    while (folder.step(T0 + 150 * MINUTE) > 0);
    recordSeconds(writer, T0, { from: 0, to: 3 * 60 * 60, seq, keep: (i) => !gap(i), receivedAt: T0 + 3 * HOUR });
    writer.flush();
  });
  afterEach(() => {
    if (db.open) db.close();
    dir.remove();
  });

  it('gives what the raw samples give, folded or not, with late data, and once retention removed the raw rows', () => {
    expectAsRaw(); // folded up to 2.5 h, the last half hour and the backfill raw
    const folder = new MinuteFolder(db);
    while (folder.step() > 0);
    expectAsRaw(); // all folded
    const before = charts.map(read);
    writer.close();
    db.prepare('UPDATE sessions SET ended = ? WHERE id = 1').run(T0 + 3 * HOUR);
    new Retention(db, new RetentionRules(resolveRetention()), T0 + 10 * DAY_MS).runAll();
    expect(db.prepare("SELECT count(*) FROM samples WHERE kind = 'tele'").pluck().get()).toBe(0);
    expect(charts.map(read)).toEqual(before);
  });

  it('reads minutes from the tier, and raw samples for finer buckets', () => {
    const folder = new MinuteFolder(db);
    while (folder.step() > 0);
    const hour: SeriesRequest = { dev: 'room-a', channel: 'co2', from: T0, to: T0 + HOUR, buckets: 30 };
    const quarter: SeriesRequest = { ...hour, to: T0 + 15 * MINUTE, buckets: 900 };
    const coarse = read(hour);
    const fine = read(quarter);
    expect(fine.bucketMs).toBe(1000);
    expect(fine.t.length).toBe(900);
    // The raw rows changed behind the tier's back: only the fine chart sees it.
    db.prepare("UPDATE samples SET data = json_set(data, '$.co2', 5000) WHERE dev = 'room-a' AND t < ?").run(T0 + HOUR);
    expect(read(hour)).toEqual(coarse);
    expect(Math.max(...read(quarter).max)).toBe(5000);
    expect(Math.max(...fine.max)).toBeLessThan(5000);
  });

  it('keeps discrete events, which the tier leaves out, in coarse charts', () => {
    // The door: its angle every second, and a slam (with the angle it measured) every 5 minutes.
    const door = writer; // the session's one writer: it numbers the arrivals
    for (let i = 0; i < 30 * 60; i++) {
      const t = T0 + i * 1000;
      door.addInput({ kind: 'sample', sample: tierSample('door', 100_000 + i, t, { angle: i % 90 }) });
      if (i % 300 === 0)
        door.addInput({
          kind: 'sample',
          sample: tierSample('door', 200_000 + i, t + 1, { angle: 95 + i / 300 }, t + 41, 'slam'),
        });
    }
    door.flush();
    const folder = new MinuteFolder(db);
    while (folder.step() > 0);
    const chart: SeriesRequest = { dev: 'door', channel: 'angle', from: T0, to: T0 + HOUR, buckets: 20 };
    const s = read(chart);
    expectSame(seriesMap(s), rawSeries(db, 'door', 'angle', s));
    expect(Math.max(...s.max)).toBe(100);
    expect(db.prepare("SELECT count(*) FROM samples WHERE dev = 'door' AND kind = 'evt'").pluck().get()).toBe(6);
  });
});

describe('SeriesReader over the 1-hour tier', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('reads whole hours for buckets of an hour or more, as the raw samples give them, and expires them with their minutes', () => {
    const db = openDatabase(`${dir.path}/h.db`);
    db.prepare("INSERT INTO sessions (id, started, sources) VALUES (1, ?, '[]')").run(T0);
    const writer = new HistoryWriter(db, { session: 1, maxRows: 5000 });
    // 3 days, a reading every 30 s (and late ones: day 2's first hour arrives at the end).
    const late = (i: number): boolean => i >= 86_400 && i < 90_000;
    const seq = recordSeconds(writer, T0, { from: 0, to: 3 * 86_400, seq: 0, keep: (i) => i % 30 === 0 && !late(i) });
    writer.flush();
    const folder = new MinuteFolder(db);
    while (folder.step() > 0);
    recordSeconds(writer, T0, {
      from: 86_400,
      to: 90_000,
      seq,
      keep: (i) => i % 30 === 0,
      receivedAt: T0 + 3 * DAY_MS,
    });
    writer.flush();
    const reader = new SeriesReader(db);
    const chart: SeriesRequest = { dev: 'room-a', channel: 'co2', from: T0 - 99_999, to: T0 + 3 * DAY_MS, buckets: 40 };
    for (const foldedAll of [false, true]) {
      if (foldedAll) while (folder.step() > 0);
      const s = reader.series(chart);
      expect(s.bucketMs).toBe(2 * HOUR);
      expect(s.from % HOUR).toBe(0);
      expect(s.t.length).toBe(37);
      expectSame(seriesMap(s), rawSeries(db, 'room-a', 'co2', s));
    }
    expect(db.prepare('SELECT count(*) FROM samples_1h').pluck().get()).toBe(72);
    // Minutes kept 1 day: hours before the cutoff go, the one it falls in keeps what is left of its minutes.
    writer.close();
    db.prepare('UPDATE sessions SET ended = ? WHERE id = 1').run(T0 + 3 * DAY_MS);
    const now = T0 + 3.5 * DAY_MS + 30 * MINUTE;
    new Retention(db, new RetentionRules(resolveRetention({ retention: { rawDays: 1, minuteDays: 2 } })), now).runAll();
    const cutoff = now - 2 * DAY_MS;
    const hours = db.prepare('SELECT hour, stats FROM samples_1h ORDER BY hour').all() as {
      hour: number;
      stats: string;
    }[];
    expect(hours[0]!.hour).toBe(cutoff - 30 * MINUTE);
    const minutesIn = (hour: number): number =>
      db
        .prepare("SELECT sum(stats ->> '$[0]') FROM samples_1m WHERE minute >= ? AND minute < ?")
        .pluck()
        .get(hour, hour + HOUR) as number;
    for (const h of hours) expect(JSON.parse(h.stats)[0]).toBe(minutesIn(h.hour));
    expect(minutesIn(hours[0]!.hour)).toBe(60);
    db.close();
  });
});
