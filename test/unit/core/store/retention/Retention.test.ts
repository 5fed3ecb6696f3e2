import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../../../../electron/common/sample';
import { HistoryWriter } from '../../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../../electron/core/store/openDatabase';
import { Retention } from '../../../../../electron/core/store/retention/Retention';
import { minuteOf, parseStats } from '../../../../../electron/core/store/retention/minuteStats';
import { DAY_MS, resolveRetention, RetentionRules } from '../../../../../electron/core/store/retention/settings';
import { makeHistory } from '../../../../helpers/history';
import { makeTempDir } from '../../../../helpers/tempDir';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 20_000; // a sample per device every 20 s: 4,320 rows a day per device
const DAYS = 3;
/** The 7-day cutoff falls in the middle of the third day recorded. */
const NOW = T0 + 9.5 * DAY_MS;

function sample(dev: string, seq: number, t: number, values: Sample['values'], evt?: string): Sample {
  const s: Sample = {
    dev,
    boot: 1,
    seq,
    t,
    up: seq,
    tDev: t,
    tRecv: t + 5,
    timeBasis: 'device',
    via: 'mqtt',
    backfill: false,
    late: false,
    values,
  };
  if (evt) s.evt = evt;
  return s;
}

const co2At = (i: number): number => 400 + ((i * 37) % 600);

/** One ended session of 3 days: room-a (co2, temp), door (angle) and a door event every hour, a clock tick a minute. */
function record(file: string, ended = true): Database.Database {
  const db = openDatabase(file);
  db.prepare('INSERT INTO sessions (id, started, ended, sources) VALUES (1, ?, ?, ?)').run(
    T0,
    ended ? T0 + DAYS * DAY_MS : null,
    '[]',
  );
  const w = new HistoryWriter(db, { session: 1, maxRows: 5000 });
  let seq = 0;
  for (let t = T0, i = 0; t < T0 + DAYS * DAY_MS; t += STEP, i++) {
    w.addInput({ kind: 'sample', sample: sample('room-a', seq++, t, { co2: co2At(i), temp: 20 + (i % 10) / 10 }) });
    w.addInput({ kind: 'sample', sample: sample('door', seq++, t + 1, { angle: i % 90, door: 'open' }) });
    if (i % 3 === 0) w.addInput({ kind: 'clock', t: t + 2 });
    if (i === 1000) w.addSnapshot(t, t, '{}');
    if (i % 180 === 0)
      w.addInput({ kind: 'sample', sample: sample('door', seq++, t + 3, { door: 'closed' }, 'door_close') });
  }
  w.addSnapshot(T0 + DAYS * DAY_MS, T0 + DAYS * DAY_MS, '{}');
  w.close();
  return db;
}

const count = (db: Database.Database, sql: string, ...args: unknown[]): number =>
  db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

function tier(db: Database.Database): Map<string, unknown> {
  const rows = db.prepare('SELECT dev, minute, stats FROM samples_1m ORDER BY dev, minute').all() as {
    dev: string;
    minute: number;
    stats: string;
  }[];
  return new Map(rows.map((r) => [`${r.dev}@${r.minute}`, parseStats(r.stats)]));
}

describe('Retention', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('folds raw rows older than 7 days into 1-minute min/mean/max and removes them, keeping events', () => {
    const db = record(`${dir.path}/h.db`);
    const cutoff = NOW - 7 * DAY_MS;
    const oldRoom = count(db, "SELECT count(*) FROM samples WHERE dev = 'room-a' AND t < ?", cutoff);
    const events = count(db, "SELECT count(*) FROM samples WHERE kind = 'evt'");
    const report = new Retention(db, new RetentionRules(resolveRetention()), NOW, { batchRows: 3000 }).runAll();
    expect(count(db, "SELECT count(*) FROM samples WHERE kind = 'tele' AND t < ?", cutoff)).toBe(0);
    expect(count(db, "SELECT count(*) FROM samples WHERE kind = 'tele' AND t >= ?", cutoff)).toBeGreaterThan(0);
    expect(count(db, "SELECT count(*) FROM samples WHERE kind = 'evt'")).toBe(events);
    expect(report.rawFolded).toBe(2 * oldRoom);
    expect(report.rawKept).toBe(count(db, "SELECT count(*) FROM samples WHERE kind = 'evt' AND t < ?", cutoff));
    expect(report.snapshotsRemoved).toBe(1);
    expect(count(db, "SELECT count(*) FROM device_events WHERE kind = 'clock' AND t < ?", cutoff - STEP)).toBe(0);
    expect(report.sessions).toHaveLength(1);
    expect(report.sessions[0]!.downsampledTo).toBeLessThan(cutoff);
    expect(report.sessions[0]!.downsampledTo).toBeGreaterThan(cutoff - STEP - 2);

    // Minute m of room-a holds the samples i with T0 + i·20 s in it: three of them.
    const minute = minuteOf(T0 + DAY_MS + 7 * 60_000);
    const i0 = (minute - T0) / STEP;
    const co2 = [co2At(i0), co2At(i0 + 1), co2At(i0 + 2)];
    const stats = tier(db).get(`room-a@${minute}`) as Record<string, number[]>;
    expect(stats.co2).toEqual([Math.min(...co2), expect.any(Number), Math.max(...co2), 3]);
    expect(stats.co2![1]).toBeCloseTo((co2[0]! + co2[1]! + co2[2]!) / 3, 2);
    expect(tier(db).get(`door@${minute}`)).toMatchObject({ door: [1, 1, 1, 3] });
    db.close();
  });

  it('is idempotent: a second run finds nothing more and changes no 1-minute row', () => {
    const db = record(`${dir.path}/h.db`);
    const rules = new RetentionRules(resolveRetention());
    new Retention(db, rules, NOW).runAll();
    const first = tier(db);
    const again = new Retention(db, rules, NOW).runAll();
    expect(again.rawFolded).toBe(0);
    expect(again.minuteRowsWritten).toBe(0);
    expect(again.sessions).toEqual([]);
    expect(tier(db)).toEqual(first);
    db.close();
  });

  it('an interrupted run (stopped between transactions) is carried on by the next one to the same result', () => {
    const whole = record(`${dir.path}/a.db`);
    const rules = new RetentionRules(resolveRetention());
    new Retention(whole, rules, NOW, { batchRows: 1000 }).runAll();
    const cut = record(`${dir.path}/b.db`);
    const first = new Retention(cut, rules, NOW, { batchRows: 1000 });
    for (let i = 0; i < 7; i++) expect(first.step()).toBe(true);
    const partly = count(cut, 'SELECT count(*) FROM samples');
    expect(partly).toBeGreaterThan(count(whole, 'SELECT count(*) FROM samples'));
    new Retention(cut, rules, NOW, { batchRows: 777 }).runAll();
    expect(count(cut, 'SELECT count(*) FROM samples')).toBe(count(whole, 'SELECT count(*) FROM samples'));
    const a = tier(whole);
    const b = tier(cut);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [k, v] of a) {
      const [lo, mean, hi, n] = (b.get(k) as Record<string, number[]>).co2 ?? [];
      const want = (v as Record<string, number[]>).co2;
      if (!want) continue;
      expect([lo, hi, n]).toEqual([want[0], want[2], want[3]]);
      expect(mean).toBeCloseTo(want[1]!, 6);
    }
    whole.close();
    cut.close();
  });

  it('leaves sessions still recording alone', () => {
    const db = record(`${dir.path}/h.db`, false);
    const before = count(db, 'SELECT count(*) FROM samples');
    const report = new Retention(db, new RetentionRules(resolveRetention()), NOW).runAll();
    expect(report.rawFolded).toBe(0);
    expect(count(db, 'SELECT count(*) FROM samples')).toBe(before);
    db.close();
  });

  it('keeps what an override keeps longer: the door angle raw for 30 days, room-a for 1 day', () => {
    const db = record(`${dir.path}/h.db`);
    const rules = new RetentionRules(
      resolveRetention({
        retention: {
          overrides: [
            { dev: 'door', channel: 'angle', rawDays: 30 },
            { dev: 'room-a', rawDays: 1 },
          ],
        },
      }),
    );
    new Retention(db, rules, NOW).runAll();
    expect(count(db, "SELECT count(*) FROM samples WHERE dev = 'room-a' AND t < ?", NOW - DAY_MS)).toBe(0);
    expect(count(db, "SELECT count(*) FROM samples WHERE dev = 'room-a'")).toBe(0); // recorded over 6 days ago
    expect(count(db, "SELECT count(*) FROM samples WHERE dev = 'door' AND kind = 'tele' AND t < ?", T0 + DAY_MS)).toBe(
      DAY_MS / STEP,
    );
    // Twenty days on, the door's angle rows are due too.
    const later = new Retention(db, rules, NOW + 25 * DAY_MS).runAll();
    expect(later.rawFolded).toBeGreaterThan(0);
    expect(
      count(db, "SELECT count(*) FROM samples WHERE kind = 'tele' AND t < ?", NOW + 25 * DAY_MS - 30 * DAY_MS),
    ).toBe(0);
    db.close();
  });

  it('expires 1-minute rows and kept events after a year', () => {
    const db = record(`${dir.path}/h.db`);
    const rules = new RetentionRules(resolveRetention());
    new Retention(db, rules, NOW).runAll();
    const report = new Retention(db, rules, NOW + 366 * DAY_MS).runAll();
    expect(report.minuteRowsExpired).toBeGreaterThan(0);
    expect(report.eventsExpired).toBeGreaterThan(0);
    expect(count(db, 'SELECT count(*) FROM samples_1m WHERE minute < ?', NOW + DAY_MS - 365 * DAY_MS)).toBe(0);
    db.close();
  });

  it('prunes whole blocks of the integrity chain only, and marks them pruned', () => {
    const db = record(`${dir.path}/h.db`);
    // Blocks of 1,000 arrivals (the chain's own are 1,024): the cut must fall on one of these, whatever their size.
    const last = count(db, 'SELECT max(arrival) FROM samples');
    const insert = db.prepare(
      "INSERT INTO session_chain (session, block, first_arrival, last_arrival, digest, prints) VALUES (1, ?, ?, ?, x'00', x'00')",
    );
    for (let b = 0, a = 1; a <= last; b++, a += 1000) insert.run(b, a, Math.min(a + 999, last));
    const report = new Retention(db, new RetentionRules(resolveRetention()), NOW).runAll();
    const prunedTo = report.sessions[0]!.prunedTo;
    expect(prunedTo % 1000).toBe(0);
    expect(count(db, 'SELECT count(*) FROM session_chain WHERE pruned_at IS NOT NULL')).toBe(prunedTo / 1000);
    expect(count(db, 'SELECT min(first_arrival) FROM session_chain WHERE pruned_at IS NULL')).toBe(prunedTo + 1);
    // What lies in the unpruned part of the block the cutoff falls in is still there.
    expect(count(db, "SELECT count(*) FROM samples WHERE kind = 'tele' AND arrival > ?", prunedTo)).toBe(
      count(db, "SELECT count(*) FROM samples WHERE kind = 'tele'"),
    );
    db.close();
  });

  it('prunes samples recorded without arrival positions (older histories) by age', () => {
    const file = makeHistory(`${dir.path}/old.db`, 4000, T0);
    const db = openDatabase(file);
    const report = new Retention(db, new RetentionRules(resolveRetention()), NOW, { batchRows: 1500 }).runAll();
    expect(report.rawFolded).toBe(4000);
    expect(count(db, 'SELECT count(*) FROM samples')).toBe(0);
    expect(report.sessions.map((s) => s.session)).toEqual([1]);
    expect(count(db, "SELECT sum(stats ->> '$[0]') FROM samples_1m")).toBe(4000);
    db.close();
  });
});
