import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../../../electron/common/problem';
import { MinuteFoldTimer } from '../../../../electron/core/hub/MinuteFoldTimer';
import { RetentionTimer } from '../../../../electron/core/hub/RetentionTimer';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { resolveRetention } from '../../../../electron/core/store/retention/settings';
import { MINUTE, recordSeconds } from '../../../helpers/tierHistory';
import { makeTempDir } from '../../../helpers/tempDir';

const T0 = Date.UTC(2026, 2, 1, 8);

async function until(done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe('MinuteFoldTimer: the 1-minute tier while recording', () => {
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

  const rows = (): number => db.prepare('SELECT count(*) FROM samples_1m').pluck().get() as number;

  it('folds completed minutes in small steps between the writes, and catches up as time goes on', async () => {
    let now = T0 + 20 * MINUTE + 30_000;
    const seq = recordSeconds(writer, T0, { from: 0, to: 20 * 60 + 30, seq: 0 });
    writer.flush();
    const timer = new MinuteFoldTimer(db, { everyMs: 20, pauseMs: 1, batchRows: 100, now: () => now });
    timer.start();
    await until(() => rows() === 20);
    expect(rows()).toBe(20);
    // Ingest goes on between the steps: the writer's flushes are never refused or held up.
    recordSeconds(writer, T0, { from: 20 * 60 + 30, to: 25 * 60, seq });
    expect(writer.flush()).toBe(true);
    now = T0 + 25 * MINUTE;
    await until(() => timer.report.samples === 25 * 60);
    expect(timer.report.samples).toBe(25 * 60);
    expect(rows()).toBe(25);
    timer.stop();
  });

  it('says when folding fails, and leaves the raw rows for charts', async () => {
    recordSeconds(writer, T0, { from: 0, to: 120, seq: 0 });
    writer.flush();
    const problems: Problem[] = [];
    const timer = new MinuteFoldTimer(db, { now: () => T0 + 5 * MINUTE, onProblem: (p) => problems.push(p) });
    db.exec('DROP TABLE minute_folds');
    timer.run();
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/Keeping the 1-minute rows .* failed/)]);
    expect(db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(121);
    timer.stop();
  });

  it('runs with retention in the live hub, and stops with it', async () => {
    recordSeconds(writer, T0, { from: 0, to: 180, seq: 0 });
    writer.flush();
    let now = T0 + 3 * MINUTE;
    const timer = new RetentionTimer(db, resolveRetention(), { foldEveryMs: 20, startDelayMs: 60_000, now: () => now });
    timer.start();
    await until(() => rows() === 3);
    expect(rows()).toBe(3);
    timer.stop();
    now = T0 + 10 * MINUTE;
    recordSeconds(writer, T0, { from: 180, to: 300, seq: 1000 });
    writer.flush();
    await new Promise((r) => setTimeout(r, 100));
    expect(rows()).toBe(3);
  });
});
