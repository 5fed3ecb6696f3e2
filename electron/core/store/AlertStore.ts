/**
 * Alerts in the history: one row per alert episode (upserted as it is raised, acknowledged and cleared) with the
 * samples that caused it, and one row per lifecycle change.
 */
import type Database from 'better-sqlite3';
import type { SessionAlert } from '../../common/replay';
import type { Alert, SampleKey, TwinEvent } from '../../common/twin';

export interface StoredAlert extends Omit<Alert, 'keys'> {
  session: number;
  keys: SampleKey[];
}

interface AlertRow {
  session: number;
  id: string;
  rule: string;
  subject: string;
  severity: string;
  status: string;
  raised_at: number;
  acked_at: number | null;
  cleared_at: number | null;
  reason: string;
  occurrences: number;
  keys: string;
  found_late_ms: number | null;
}

interface Statements {
  upsert: Database.Statement;
  change: Database.Statement;
  remove: Database.Statement;
}

export class AlertStore {
  private statements: Statements | undefined;

  constructor(private readonly db: Database.Database) {}

  /** Prepared on first write, so a read-only reader never prepares writes. */
  private writes(): Statements {
    const db = this.db;
    return (this.statements ??= {
      upsert: db.prepare(
        `INSERT INTO alerts (session, id, rule, subject, severity, status, raised_at, acked_at, cleared_at, reason, occurrences, keys, found_late_ms)
       VALUES (@session, @id, @rule, @subject, @severity, @status, @raisedAt, @ackedAt, @clearedAt, @reason, @occurrences, @keys, @foundLateMs)
       ON CONFLICT (session, id) DO UPDATE SET status = excluded.status, acked_at = excluded.acked_at,
         cleared_at = excluded.cleared_at, reason = excluded.reason, occurrences = excluded.occurrences, keys = excluded.keys,
         found_late_ms = excluded.found_late_ms`,
      ),
      change: db.prepare('INSERT INTO alert_events (t, session, alert_id, change) VALUES (?, ?, ?, ?)'),
      remove: db.prepare('DELETE FROM alerts WHERE session = ? AND id = ?'),
    });
  }

  /**
   * Writes the alert events among `events`: one row per alert, revised in place under its id; a retracted alert
   * (late data showed it never happened) is removed, its lifecycle rows say so.
   */
  record(session: number, events: readonly TwinEvent[]): void {
    const { upsert, change, remove } = this.writes();
    for (const e of events) {
      if (e.kind !== 'alert') continue;
      const a = e.alert;
      if (e.change === 'retracted') remove.run(session, a.id);
      else upsert.run({ ...a, session, keys: JSON.stringify(a.keys) });
      change.run(e.t, session, a.id, e.change);
    }
  }

  /** When each alert of a session was raised or repeated, oldest first: the replay timeline's markers. */
  occurrences(session: number): SessionAlert[] {
    return this.db
      .prepare(
        `SELECT a.id AS id, a.rule AS rule, a.subject AS subject, a.severity AS severity, e.t AS t
           FROM alert_events e JOIN alerts a ON a.session = e.session AND a.id = e.alert_id
          WHERE e.session = ? AND e.change IN ('raised', 'repeated') ORDER BY e.t, e.rowid`,
      )
      .all(session) as SessionAlert[];
  }

  /** Alerts raised in [from, to), oldest first. */
  list(range: { from?: number; to?: number } = {}): StoredAlert[] {
    const rows = this.db
      .prepare('SELECT * FROM alerts WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at, session, id')
      .all(range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER) as AlertRow[];
    return rows.map((r) => ({
      session: r.session,
      id: r.id,
      rule: r.rule as Alert['rule'],
      subject: r.subject,
      severity: r.severity as Alert['severity'],
      status: r.status as Alert['status'],
      raisedAt: r.raised_at,
      ackedAt: r.acked_at,
      clearedAt: r.cleared_at,
      reason: r.reason,
      occurrences: r.occurrences,
      keys: JSON.parse(r.keys) as SampleKey[],
      foundLateMs: r.found_late_ms,
    }));
  }
}
