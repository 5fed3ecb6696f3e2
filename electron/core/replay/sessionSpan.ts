/** A recorded session's extent: its event-time range and what it holds, from its row's summary (one row read). */
import type Database from 'better-sqlite3';
import { readSummary } from '../store/sessionSummary';

export interface SessionSpan {
  session: number;
  /** Event times of its first and last sample (null: no samples). */
  from: number | null;
  to: number | null;
  samples: number;
}

export function sessionSpan(db: Database.Database, session: number): SessionSpan {
  const s = readSummary(db, session);
  return { session, from: s?.from ?? null, to: s?.to ?? null, samples: s?.samples ?? 0 };
}
