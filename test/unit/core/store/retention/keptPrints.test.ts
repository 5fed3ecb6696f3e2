/**
 * Retention and the chain's prints: a pruned block keeps only the prints of the records left in it, so a year of
 * pruned blocks costs next to nothing, and verify still names a kept record that was changed or one slipped in.
 */
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEPT_ENTRY_BYTES, PRINT_BYTES } from '../../../../../electron/core/store/integrity/chain';
import { verifySession } from '../../../../../electron/core/store/integrity/verifySession';
import { openDatabase } from '../../../../../electron/core/store/openDatabase';
import { Retention } from '../../../../../electron/core/store/retention/Retention';
import { DAY_MS, resolveRetention, RetentionRules } from '../../../../../electron/core/store/retention/settings';
import { makeSealedHistory, SESSION_START } from '../../../../helpers/sealedHistory';
import { makeTempDir } from '../../../../helpers/tempDir';

const NOW = SESSION_START + 30 * DAY_MS;
const prune = (db: Database.Database) => new Retention(db, new RetentionRules(resolveRetention()), NOW).runAll();
const blocks = (db: Database.Database) =>
  db
    .prepare('SELECT block, length(prints) AS bytes, kept, pruned_at AS prunedAt FROM session_chain ORDER BY block')
    .all() as { block: number; bytes: number; kept: number; prunedAt: number | null }[];

describe('kept prints of pruned chain blocks', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    dir = makeTempDir();
    // 700 s: 4,907 arrivals in 5 blocks (7 a second, and a status input every 100 s).
    db = openDatabase(makeSealedHistory(`${dir.path}/h.db`, { seconds: 700, seal: 'final', statusEvery: 100 }));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('are all a pruned block keeps, and the session still verifies intact', () => {
    const full = blocks(db);
    expect(full.map((b) => b.bytes)).toEqual([1024, 1024, 1024, 1024, 811].map((n) => n * PRINT_BYTES));
    prune(db);
    const after = blocks(db);
    expect(after.every((b) => b.prunedAt !== null && b.kept === 1)).toBe(true);
    // Each keeps the status inputs it holds (arrivals 8, 709 | 1410 | 2111, 2812 | 3513 | 4214).
    const kept = db.prepare("SELECT count(*) FROM device_events WHERE kind = 'status'").pluck().get() as number;
    expect(kept).toBe(7);
    expect(after.reduce((n, b) => n + b.bytes, 0)).toBe(kept * KEPT_ENTRY_BYTES);
    const v = verifySession(db, 1);
    expect(v.status, v.summary).toBe('intact');
    expect(v.pruned).toEqual({ blocks: 5, arrivals: 4907 });
  });

  it('still name a kept record changed, and a record slipped into a pruned block', () => {
    prune(db);
    db.prepare(
      `UPDATE device_events SET data = json_set(data, '$.online', json('false'))
       WHERE kind = 'status' AND arrival = (SELECT min(arrival) FROM device_events WHERE kind = 'status' AND arrival > 1400)`,
    ).run();
    db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival)
       VALUES (?, '', 'clock', '{}', 0, 1, 3000)`,
    ).run(SESSION_START + 1000);
    const v = verifySession(db, 1);
    expect(v.status).toBe('failed');
    expect(v.problems.map((p) => [p.kind, p.arrival])).toEqual([
      ['altered', 1410],
      ['inserted', 3000],
    ]);
  });

  it('are given to blocks pruned before they existed, on the next run', () => {
    // As an older Twinscope left it: blocks pruned, every print kept.
    db.prepare('DELETE FROM samples WHERE session = 1').run();
    db.prepare("DELETE FROM device_events WHERE session = 1 AND kind = 'clock'").run();
    db.prepare('UPDATE session_chain SET pruned_at = ?').run(NOW);
    db.prepare('INSERT INTO session_retention (session, pruned_to, pruned_at) VALUES (1, 4907, ?)').run(NOW);
    expect(verifySession(db, 1).status).toBe('intact');
    prune(db);
    expect(blocks(db).map((b) => [b.kept, b.bytes])).toEqual([
      [1, 2 * KEPT_ENTRY_BYTES],
      [1, KEPT_ENTRY_BYTES],
      [1, 2 * KEPT_ENTRY_BYTES],
      [1, KEPT_ENTRY_BYTES],
      [1, KEPT_ENTRY_BYTES],
    ]);
    expect(verifySession(db, 1).status).toBe('intact');
  });
});
