import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../../../electron/common/problem';
import type { Sample } from '../../../../electron/common/sample';
import { HistoryReader } from '../../../../electron/core/store/HistoryReader';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { SCHEMA_VERSION } from '../../../../electron/core/store/schema';
import { makeTempDir } from '../../../helpers/tempDir';

const sample = (seq: number, t: number, values: Sample['values'] = { co2: 400 + seq }): Sample => ({
  dev: 'room-a',
  boot: 1,
  seq,
  t,
  up: seq,
  tDev: null,
  tRecv: t,
  timeBasis: 'estimated',
  via: 'serial',
  backfill: false,
  late: false,
  values,
});

describe('HistoryWriter and HistoryReader', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = `${dir.path}/h.db`;
  });
  afterEach(() => dir.remove());

  it('commits within the flush interval, not per row', async () => {
    const db = openDatabase(file);
    const w = new HistoryWriter(db, { flushMs: 50 });
    for (let i = 0; i < 10; i++) w.addSample(sample(i, 1000 + i));
    expect(w.stats.flushes).toBe(0);
    await new Promise((r) => setTimeout(r, 120));
    expect(w.stats).toMatchObject({ flushes: 1, rows: 10 });
    db.close();
  });

  it('flushes at once when maxRows are waiting, and committed() resolves after the commit', async () => {
    const db = openDatabase(file);
    const w = new HistoryWriter(db, { flushMs: 10_000, maxRows: 5 });
    for (let i = 0; i < 5; i++) w.addSample(sample(i, 1000 + i));
    expect(w.stats.flushes).toBe(1);
    w.addSample(sample(5, 1005));
    await w.committed();
    expect(new HistoryReader(db).count()).toBe(6);
    w.close();
    db.close();
  });

  it('keeps rows and retries when the database is locked by another writer, reporting a problem', async () => {
    const db = openDatabase(file);
    db.pragma('busy_timeout = 0');
    const problems: Problem[] = [];
    const w = new HistoryWriter(db, { flushMs: 10, onProblem: (p) => problems.push(p) });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    w.addSample(sample(1, 1000));
    expect(w.flush()).toBe(false);
    expect(problems[0]?.message).toMatch(/Writing history .*h\.db failed: database is locked/);
    w.addSample(sample(2, 2000));
    expect(w.flush()).toBe(false);
    expect(problems).toHaveLength(1); // the same failure again is not a new problem
    other.exec('COMMIT');
    other.close();
    await w.committed(); // retried by itself
    expect(new HistoryReader(db).count()).toBe(2);
    expect(problems[1]).toMatchObject({ severity: 'info', message: expect.stringMatching(/works again/) });
    db.close();
  });

  it('reads in event-time order, latest before a time, and survives reopening', () => {
    let db = openDatabase(file);
    const w = new HistoryWriter(db);
    w.addSample(sample(3, 3000));
    w.addSample(sample(1, 1000, { temp: 20 }));
    w.addSample(sample(2, 2000));
    w.addSample(sample(2, 2000)); // same key: ignored
    w.close();
    db.close();
    db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const r = new HistoryReader(db);
    expect([...r.samples()].map((s) => s.seq)).toEqual([1, 2, 3]);
    expect([...r.samples({ from: 2000, to: 3000 })].map((s) => s.seq)).toEqual([2]);
    expect(r.latestBefore('room-a', 'co2', 2500)?.seq).toBe(2);
    expect(r.latestBefore('room-a', 'temp', 2500)?.seq).toBe(1);
    expect(r.latestBefore('room-a', 'co2', 500)).toBeUndefined();
    expect([...r.seqs('room-a', 1)]).toEqual([1, 2, 3]);
    expect(r.extent()).toEqual({ from: 1000, to: 3000 });
    db.close();
  });

  it('refuses a database from a newer Twinscope instead of misreading it', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this Twinscope understands/);
  });
});
