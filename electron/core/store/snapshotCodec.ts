/**
 * How engine snapshots are stored: the state JSON deflated, and, once a session has a few, deflated against a preset
 * dictionary — one of the session's own early snapshots (migration 9). Snapshots of one session are alike (the same
 * site, rules, rooms, devices and keys; only values change), so the dictionary more than halves each one, and a
 * session can afford a snapshot every 10 s: a seek then replays half as many inputs.
 *
 * A session's snapshots after its dictionary's arrival position are deflated with it; those before, without.
 */
import type Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The session's dictionary is taken from its third snapshot: by then every device has been seen once. */
export const DICTIONARY_FROM_SNAPSHOT = 3;

export interface SnapshotDictionary {
  /** Snapshots taken after this many inputs are deflated with it. */
  fromArrival: number;
  dict: Buffer;
}

export function packSnapshot(json: string, dictionary?: Buffer): Buffer {
  return deflateRawSync(json, dictionary ? { level: 6, dictionary } : { level: 6 });
}

export function unpackSnapshot(blob: Buffer | string, dictionary?: Buffer): string {
  if (typeof blob === 'string') return blob;
  return inflateRawSync(blob, dictionary ? { dictionary } : {}).toString('utf8');
}

/** The dictionaries of a history's sessions, read once each (a dictionary never changes once written). */
export class SnapshotDictionaries {
  private readonly known = new Map<number, SnapshotDictionary>();
  private readonly select: Database.Statement;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT from_arrival AS fromArrival, dict FROM snapshot_dicts WHERE session = ?');
  }

  /** A session's dictionary, if it has one yet. */
  of(session: number): SnapshotDictionary | undefined {
    let d = this.known.get(session);
    if (!d) {
      // Not cached while missing: a live recorder may add it later.
      d = this.select.get(session) as SnapshotDictionary | undefined;
      if (d) this.known.set(session, d);
    }
    return d;
  }

  /** The dictionary a session's snapshot taken at `arrival` was deflated with, if any. */
  forSnapshot(session: number, arrival: number): Buffer | undefined {
    const d = this.of(session);
    return d && arrival > d.fromArrival ? d.dict : undefined;
  }
}
