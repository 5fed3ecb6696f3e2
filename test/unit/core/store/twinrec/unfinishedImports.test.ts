/**
 * What an import whose process died leaves (records under a session id that has no row) is found through the
 * session indexes and removed: by the next recorder before it numbers its own session (which would otherwise inherit
 * them), and by the next import of a file whose id it is. Sessions that have a row are never touched.
 */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../../../../electron/common/problem';
import { Recorder } from '../../../../../electron/core/hub/Recorder';
import { openDatabase } from '../../../../../electron/core/store/openDatabase';
import {
  removeUnfinishedImports,
  unfinishedImports,
} from '../../../../../electron/core/store/twinrec/unfinishedImports';
import { writeSession } from '../../../../helpers/sealedHistory';
import { makeTempDir } from '../../../../helpers/tempDir';

/** Records of `session` as an interrupted import leaves them: samples, a chain block, a seal, no session row. */
function leaveOrphans(db: Database.Database, session: number, boot: number): void {
  const sample = db.prepare(
    `INSERT INTO samples (dev, boot, seq, t, up, t_recv, basis, via, flags, kind, mask, data, session, arrival)
     VALUES ('orphan', ?, ?, ?, 0, ?, 'device', 'mqtt', 0, 'tele', 1, '{"co2":500}', ?, ?)`,
  );
  for (let i = 1; i <= 30; i++) sample.run(boot, i, i * 1000, i * 1000, session, i);
  db.prepare(
    `INSERT INTO session_chain (session, block, first_arrival, last_arrival, digest, prints) VALUES (?, 0, 1, 30, ?, ?)`,
  ).run(session, Buffer.alloc(32), Buffer.alloc(240));
  db.prepare(`INSERT INTO session_seals (session, sealed_at, upto_arrival, origin, head) VALUES (?, 0, 30, ?, ?)`).run(
    session,
    Buffer.alloc(32),
    Buffer.alloc(32),
  );
}

const count = (db: Database.Database, session: number): number =>
  db.prepare('SELECT count(*) FROM samples WHERE session = ?').pluck().get(session) as number;

describe('unfinished imports', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  beforeEach(() => {
    dir = makeTempDir();
    file = join(dir.path, 'h.db');
  });
  afterEach(() => dir.remove());

  it('are found above the newest session and under the id an import is about to use, nowhere else', async () => {
    const db = openDatabase(file);
    try {
      const a = writeSession(db, { seconds: 20, seal: 'final' });
      const b = writeSession(db, { seconds: 20, seal: 'final', boot: 2, started: Date.UTC(2026, 10, 3) });
      db.prepare('DELETE FROM sessions WHERE id = ?').run(a); // as if a's records were an import's, unfinished
      leaveOrphans(db, b + 1, 7);
      expect(unfinishedImports(db)).toEqual([b + 1]);
      expect(unfinishedImports(db, a)).toEqual([a, b + 1]);
      // A session with its row is never taken for one.
      expect(unfinishedImports(db, b)).toEqual([b + 1]);
      expect(await removeUnfinishedImports(db, a)).toEqual([a, b + 1]);
      expect([count(db, a), count(db, b + 1)]).toEqual([0, 0]);
      expect(count(db, b)).toBe(20 * 6);
      expect(db.prepare('SELECT count(*) FROM session_seals WHERE session <> ?').pluck().get(b)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('are removed by the next recorder before it numbers its session, and it says so', () => {
    const db = openDatabase(file);
    const kept = writeSession(db, { seconds: 20, seal: 'final' });
    leaveOrphans(db, kept + 1, 7);
    db.close();
    const problems: Problem[] = [];
    const recorder = new Recorder({ db: file, onProblem: (p) => problems.push(p) });
    try {
      expect(recorder.session).toBe(kept + 1);
      expect(count(recorder.db, recorder.session)).toBe(0);
      expect(
        recorder.db
          .prepare('SELECT count(*) FROM session_seals WHERE session = ?')
          .pluck()
          .get(kept + 1),
      ).toBe(1);
      expect(problems.map((p) => p.message)).toEqual([
        expect.stringMatching(new RegExp(`import into .*h\\.db that was interrupted \\(session ${kept + 1} never`)),
      ]);
    } finally {
      recorder.close();
    }
  });
});
