/**
 * Engine snapshots in the history, by arrival position within a session (how many inputs the twin runner had been
 * fed) and by the world's event time: a seek restores the nearest one before the target and applies only what
 * follows, so its cost does not grow with the length of the recording.
 */
import type Database from 'better-sqlite3';
import { packSnapshot, SnapshotDictionaries, unpackSnapshot } from './snapshotCodec';

export interface StoredSnapshot {
  session: number;
  arrival: number;
  t: number | null;
  hostT: number | null;
  state: string;
}

interface Row {
  session: number;
  arrival: number;
  t: number | null;
  host_t: number | null;
  state: Buffer | string;
}

export class SnapshotStore {
  private insert: Database.Statement | undefined;
  private readonly atOrBefore: Database.Statement;
  private next: Database.Statement | undefined;
  private readonly dictionaries: SnapshotDictionaries;

  constructor(private readonly db: Database.Database) {
    this.dictionaries = new SnapshotDictionaries(db);
    this.atOrBefore = db.prepare(
      'SELECT * FROM engine_snapshots WHERE session = ? AND t <= ? ORDER BY t DESC, arrival DESC LIMIT 1',
    );
  }

  /**
   * Keeps a snapshot (prepared on first use, so a read-only reader never prepares writes), deflated as the recorder
   * would: with the session's dictionary when it has one.
   */
  save(s: StoredSnapshot): void {
    this.insert ??= this.db.prepare(
      `INSERT OR REPLACE INTO engine_snapshots (session, arrival, t, host_t, state)
       VALUES (@session, @arrival, @t, @hostT, @state)`,
    );
    this.insert.run({ ...s, state: packSnapshot(s.state, this.dictionaries.forSnapshot(s.session, s.arrival)) });
  }

  /** The latest snapshot of a session whose world time is at or before `t`. */
  nearest(session: number, t: number): StoredSnapshot | undefined {
    const r = this.atOrBefore.get(session, t) as Row | undefined;
    return r ? this.toSnapshot(r) : undefined;
  }

  /**
   * The latest snapshot of a session whose world time is strictly before `t`, taken at or before arrival position
   * `upTo`: where a rewind for data at `t` can start from.
   */
  before(session: number, t: number, upTo: number): StoredSnapshot | undefined {
    const r = this.db
      .prepare(
        `SELECT * FROM engine_snapshots WHERE session = ? AND t < ? AND arrival <= ?
         ORDER BY arrival DESC LIMIT 1`,
      )
      .get(session, t, upTo) as Row | undefined;
    return r ? this.toSnapshot(r) : undefined;
  }

  /** Where and when the next snapshot after arrival position `arrival` was taken (not its state). */
  nextAfter(session: number, arrival: number): { arrival: number; t: number | null } | undefined {
    this.next ??= this.db.prepare(
      'SELECT arrival, t FROM engine_snapshots WHERE session = ? AND arrival > ? ORDER BY arrival LIMIT 1',
    );
    return this.next.get(session, arrival) as { arrival: number; t: number | null } | undefined;
  }

  private toSnapshot(r: Row): StoredSnapshot {
    return {
      session: r.session,
      arrival: r.arrival,
      t: r.t,
      hostT: r.host_t,
      state: unpackSnapshot(r.state, this.dictionaries.forSnapshot(r.session, r.arrival)),
    };
  }

  /** How many a session has. */
  count(session: number): number {
    return this.db.prepare('SELECT count(*) FROM engine_snapshots WHERE session = ?').pluck().get(session) as number;
  }
}
