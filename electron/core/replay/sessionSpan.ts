/** A recorded session's extent: its event-time range and what it holds. */
import type Database from 'better-sqlite3';

export interface SessionSpan {
  session: number;
  /** Event times of its first and last sample (null: no samples). */
  from: number | null;
  to: number | null;
  samples: number;
}

export function sessionSpan(db: Database.Database, session: number): SessionSpan {
  const r = db
    .prepare('SELECT min(t) AS lo, max(t) AS hi, count(*) AS n FROM samples WHERE session = ?')
    .get(session) as {
    lo: number | null;
    hi: number | null;
    n: number;
  };
  return { session, from: r.lo, to: r.hi, samples: r.n };
}
