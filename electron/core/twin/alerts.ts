/**
 * Alert lifecycle: raised → (acknowledged) → cleared, one active alert per rule + subject. A condition must hold
 * `raiseAfterMs` before it raises and be gone `clearAfterMs` before it clears; nothing latches: an acknowledged alert
 * still clears when its condition goes away, and a new occurrence later raises a new alert.
 *
 * An alert's id is `rule:subject@raisedAt`: a rewind that re-applies the same data raises the same ids, so the
 * store and the frame stream revise alerts in place, and acknowledgements (kept by id, outside the rewound state)
 * still apply.
 */
import type { Rules } from '../../common/site';
import type { AckRecord, Alert, AlertBook, AlertChange, TwinEvent } from '../../common/twin';
import type { Condition } from './conditions';
import { withKey } from './keys';

type ActiveAlert = AlertBook['active'][string];

/** An empty book. */
export function initAlertBook(): AlertBook {
  return { active: {}, pending: {} };
}

/** What the lifecycle needs besides the book: acknowledgements and how far host time is past the event time. */
export interface AlertContext {
  acks: Readonly<Record<string, AckRecord>>;
  /** Host time now, for "found late"; null when unknown. */
  hostT: number | null;
  rules: Rules;
}

/** Applies a recorded acknowledgement to an alert raised (again) with that id. */
function applyAck(a: ActiveAlert, ack: AckRecord | undefined): void {
  if (!ack || a.occurrences > ack.occurrences) return;
  a.status = 'acknowledged';
  a.ackedAt = ack.t;
}

/** The alert without the book's bookkeeping fields. */
export function publicAlert(a: ActiveAlert | Alert): Alert {
  return {
    id: a.id,
    rule: a.rule,
    subject: a.subject,
    severity: a.severity,
    status: a.status,
    raisedAt: a.raisedAt,
    ackedAt: a.ackedAt,
    clearedAt: a.clearedAt,
    reason: a.reason,
    keys: a.keys,
    occurrences: a.occurrences,
    foundLateMs: a.foundLateMs,
  };
}

function emit(events: TwinEvent[], t: number, change: AlertChange, a: ActiveAlert): void {
  events.push({ kind: 'alert', t, change, alert: publicAlert(a) });
}

/** Moves every alert along its lifecycle given the conditions that hold at `now`. */
export function updateAlerts(
  book: AlertBook,
  conditions: readonly Condition[],
  now: number,
  ctx: AlertContext,
  events: TwinEvent[],
): void {
  const { rules } = ctx;
  const seen = new Set<string>();
  for (const c of conditions) {
    const key = `${c.rule}:${c.subject}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = book.active[key];
    if (a) {
      a.absentSince = null;
      if (c.mark !== null && c.mark !== a.mark) {
        a.reason = c.reason();
        // The same thing happened again: new evidence, and worth a fresh look even if acknowledged.
        a.mark = c.mark;
        a.occurrences += 1;
        for (const k of c.keys) a.keys = withKey(a.keys, k);
        a.status = 'raised';
        a.ackedAt = null;
        applyAck(a, ctx.acks[a.id]);
        emit(events, now, 'repeated', a);
      }
      continue;
    }
    const pending = book.pending[key] ?? { since: now, keys: c.keys.slice() };
    const cfg = rules.alerts[c.rule];
    if (now - pending.since < cfg.raiseAfterMs) {
      book.pending[key] = pending;
      continue;
    }
    delete book.pending[key];
    // Evidence: what started the condition and what it looked like when it had lasted long enough.
    let keys = pending.keys;
    for (const k of c.keys) keys = withKey(keys, k);
    const lateBy = ctx.hostT === null ? 0 : ctx.hostT - now;
    const raised: ActiveAlert = {
      id: `${key}@${now}`,
      rule: c.rule,
      subject: c.subject,
      severity: cfg.severity,
      status: 'raised',
      raisedAt: now,
      ackedAt: null,
      clearedAt: null,
      reason: c.reason(),
      keys,
      occurrences: 1,
      foundLateMs: lateBy >= rules.time.foundLateMs ? lateBy : null,
      absentSince: null,
      mark: c.mark,
    };
    applyAck(raised, ctx.acks[raised.id]);
    book.active[key] = raised;
    emit(events, now, 'raised', raised);
  }
  for (const key of Object.keys(book.pending)) if (!seen.has(key)) delete book.pending[key];
  for (const [key, a] of Object.entries(book.active)) {
    if (seen.has(key)) continue;
    a.absentSince ??= now;
    if (now - a.absentSince < rules.alerts[a.rule].clearAfterMs) continue;
    a.status = 'cleared';
    a.clearedAt = now;
    delete book.active[key];
    emit(events, now, 'cleared', a);
  }
}

/** The active alert with this id, if any. */
export function findActive(book: AlertBook, alertId: string): ActiveAlert | undefined {
  return Object.values(book.active).find((a) => a.id === alertId);
}

/**
 * The user acknowledged an alert: remembered by id (so a rewind that raises it again raises it acknowledged), and
 * applied to the active alert. Unknown or already cleared ids change nothing.
 */
export function ackAlert(
  book: AlertBook,
  acks: Record<string, AckRecord>,
  alertId: string,
  now: number,
  events: TwinEvent[],
): boolean {
  const a = findActive(book, alertId);
  if (!a || a.status !== 'raised') return false;
  acks[alertId] = { t: now, occurrences: a.occurrences };
  a.status = 'acknowledged';
  a.ackedAt = now;
  emit(events, now, 'acknowledged', a);
  return true;
}

/** Closes every active alert at `t` (the recording stopped): nothing stays raised in the history forever. */
export function closeAlerts(book: AlertBook, t: number, events: TwinEvent[]): void {
  for (const [key, a] of Object.entries(book.active)) {
    a.status = 'cleared';
    a.clearedAt = Math.max(t, a.raisedAt);
    delete book.active[key];
    emit(events, a.clearedAt, 'closed', a);
  }
  book.pending = {};
}

/** Active alerts, oldest first. */
export function activeAlerts(book: AlertBook): Alert[] {
  return Object.values(book.active)
    .map(publicAlert)
    .sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
