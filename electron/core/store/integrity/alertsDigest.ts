/**
 * The digest a final seal keeps of what is final only when a session ends: its end time, its alerts (one row each,
 * revised in place while it ran) and their lifecycle rows, in a stable order that no import renumbering changes.
 */
import type Database from 'better-sqlite3';
import { ALERT_CHAIN_COLUMNS, ALERT_EVENT_CHAIN_COLUMNS, CanonicalWriter, RecordTag, type SqlValue } from './canonical';
import { createHash } from 'node:crypto';

export function alertsDigest(db: Database.Database, session: number, ended: SqlValue): Buffer {
  const hash = createHash('sha256');
  const w = new CanonicalWriter();
  hash.update(w.value(ended).bytes());
  const alerts = db
    .prepare(`SELECT ${ALERT_CHAIN_COLUMNS.join(', ')} FROM alerts WHERE session = ? ORDER BY id`)
    .raw(true)
    .safeIntegers(true);
  for (const row of alerts.iterate(session))
    hash.update(
      w
        .reset()
        .tag(RecordTag.alert)
        .values(row as SqlValue[])
        .bytes(),
    );
  // Lifecycle rows in the order they were written (an import keeps it while renumbering them).
  const changes = db
    .prepare(`SELECT ${ALERT_EVENT_CHAIN_COLUMNS.join(', ')} FROM alert_events WHERE session = ? ORDER BY id`)
    .raw(true)
    .safeIntegers(true);
  for (const row of changes.iterate(session))
    hash.update(
      w
        .reset()
        .tag(RecordTag.alertEvent)
        .values(row as SqlValue[])
        .bytes(),
    );
  return hash.digest();
}
