/**
 * What a session export holds: the session's samples (telemetry and discrete events) and its alerts' lifecycle
 * changes, merged in event-time order. Checks the session exists first, naming the ones that do when it does not.
 */
import type Database from 'better-sqlite3';
import type { Sample } from '../../../common/sample';
import { HistoryReader, type TimeRange } from '../HistoryReader';

export interface AlertChange {
  t: number;
  id: string;
  change: string;
  rule: string;
  subject: string;
  severity: string;
  reason: string;
}

export type SessionRecord = { kind: 'sample'; sample: Sample } | { kind: 'alert'; alert: AlertChange };

/** Throws, naming the sessions there are, unless `session` is one of them. */
export function requireSession(db: Database.Database, session: number, file: string): void {
  const ids = db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all() as number[];
  if (ids.includes(session)) return;
  const have = ids.length === 0 ? 'it has no sessions' : `its sessions are ${ids.join(', ')}`;
  throw new Error(`${file} has no session ${session}; ${have} (twinscope sessions --db ${file} lists them)`);
}

export function alertChanges(db: Database.Database, session: number, range: TimeRange = {}): AlertChange[] {
  return db
    .prepare(
      `SELECT e.t, e.alert_id AS id, e.change, a.rule, a.subject, a.severity, a.reason
       FROM alert_events e JOIN alerts a ON a.session = e.session AND a.id = e.alert_id
       WHERE e.session = ? AND e.t >= ? AND e.t < ? ORDER BY e.t, e.id`,
    )
    .all(session, range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER) as AlertChange[];
}

/** Samples and alert changes of a session, by event time (an alert after the samples of its moment). */
export function* sessionRecords(
  db: Database.Database,
  session: number,
  range: TimeRange = {},
): Generator<SessionRecord> {
  const alerts = alertChanges(db, session, range);
  let next = 0;
  for (const sample of new HistoryReader(db).samples({ ...range, session })) {
    while (next < alerts.length && alerts[next]!.t < sample.t) yield { kind: 'alert', alert: alerts[next++]! };
    yield { kind: 'sample', sample };
  }
  while (next < alerts.length) yield { kind: 'alert', alert: alerts[next++]! };
}

/** How many records `sessionRecords` yields. */
export function sessionRecordCount(db: Database.Database, session: number, range: TimeRange = {}): number {
  return new HistoryReader(db).count({ ...range, session }) + alertChanges(db, session, range).length;
}
