/** Engine snapshots deflated against the session's own early snapshot: smaller, and read back exactly. */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { migrate } from '../../../../electron/core/store/schema';
import { DICTIONARY_FROM_SNAPSHOT, packSnapshot } from '../../../../electron/core/store/snapshotCodec';
import { SnapshotStore } from '../../../../electron/core/store/SnapshotStore';
import { createTwin, snapshot } from '../../../../electron/core/twin/engine';
import { defaultSite } from '../../../../electron/core/twin/site/defaultSite';
import { makeTempDir } from '../../../helpers/tempDir';

/** A state that changes a little from one snapshot to the next, as a live twin's does. */
const stateAt = (k: number): string => snapshot({ ...createTwin(defaultSite()), t: 1_000_000 + k * 10_000, hostT: k });

describe('snapshot dictionaries', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('deflate a session’s later snapshots against an early one, and a restarted writer goes on with it', async () => {
    const db = openDatabase(`${dir.path}/h.db`);
    const session = Number(
      db.prepare("INSERT INTO sessions (started, sources) VALUES (0, '[]')").run().lastInsertRowid,
    );
    const stored: string[] = [];
    const take = async (w: HistoryWriter, k: number) => {
      w.addInput({ kind: 'clock', t: k });
      stored.push(stateAt(k));
      w.addSnapshot(1_000_000 + k * 10_000, k, stored[stored.length - 1]!);
      await w.committed();
    };
    const w = new HistoryWriter(db, { session, flushMs: 1 });
    for (let k = 1; k <= 6; k++) await take(w, k);
    w.close();
    const dict = db.prepare('SELECT from_arrival AS fromArrival FROM snapshot_dicts WHERE session = ?').get(session);
    expect(dict).toEqual({ fromArrival: DICTIONARY_FROM_SNAPSHOT });

    // The recorder restarts into the same session: no second dictionary, the first one still used.
    const again = new HistoryWriter(db, { session, flushMs: 1 });
    (again as unknown as { arrival: number }).arrival = 6;
    for (let k = 7; k <= 8; k++) await take(again, k);
    again.close();
    expect(db.prepare('SELECT count(*) FROM snapshot_dicts').pluck().get()).toBe(1);

    const rows = db
      .prepare('SELECT arrival, length(state) AS bytes FROM engine_snapshots WHERE session = ? ORDER BY arrival')
      .all(session) as { arrival: number; bytes: number }[];
    expect(rows.map((r) => r.arrival)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const plain = rows.filter((r) => r.arrival <= DICTIONARY_FROM_SNAPSHOT).map((r) => r.bytes);
    const withDict = rows.filter((r) => r.arrival > DICTIONARY_FROM_SNAPSHOT).map((r) => r.bytes);
    expect(Math.max(...withDict)).toBeLessThan(Math.min(...plain) / 2);

    const store = new SnapshotStore(db);
    for (const [i, r] of rows.entries()) {
      expect(store.before(session, Number.MAX_SAFE_INTEGER, r.arrival)!.state).toBe(stored[i]);
    }
    expect(store.nearest(session, 1_000_000 + 8 * 10_000)!.state).toBe(stored[7]);
    db.close();
  });

  it('keep snapshots stored before migration 9, now in a table where a snapshot over 1 KB shares its page', () => {
    const file = `${dir.path}/old.db`;
    const raw = new Database(file);
    migrate(raw, 8);
    raw.exec("INSERT INTO sessions (id, started, sources) VALUES (1, 0, '[]')");
    const states: string[] = [];
    const put = raw.prepare('INSERT INTO engine_snapshots (session, arrival, t, host_t, state) VALUES (1, ?, ?, ?, ?)');
    for (let k = 1; k <= 60; k++) {
      // Over 1 KB deflated, as a session's snapshots are (1.5 KB with its dictionary).
      states.push(JSON.stringify({ format: 'twin/1', k, noise: randomBytes(1100).toString('base64') }));
      put.run(k, k * 10_000, k, packSnapshot(states[k - 1]!));
    }
    raw.close();
    const db = openDatabase(file);
    const store = new SnapshotStore(db);
    for (let k = 1; k <= 60; k++) expect(store.before(1, Number.MAX_SAFE_INTEGER, k)!.state).toBe(states[k - 1]);
    expect(store.nearest(1, 600_000)!.arrival).toBe(60);
    const pages = db.prepare("SELECT count(*) FROM dbstat WHERE name = 'engine_snapshots'").pluck().get() as number;
    // Without rowid, each one took its own overflow page besides its share of a leaf: more pages than snapshots.
    expect(pages).toBeLessThan(60 / 2);
    db.close();
  });
});
