/**
 * Alert lifecycle: raised → (acknowledged) → cleared, one active alert per rule + subject. A condition must hold
 * `raiseAfterMs` before it raises and be gone `clearAfterMs` before it clears; nothing latches: an acknowledged alert
 * still clears when its condition goes away, and a new occurrence later raises a new alert.
 */
import type { Rules } from '../../common/site';
import type { Alert, AlertBook, AlertChange, TwinEvent } from '../../common/twin';
import type { Condition } from './conditions';
import { withKey } from './keys';

type ActiveAlert = AlertBook['active'][string];

/** An empty book. */
export function initAlertBook(): AlertBook {
  return { active: {}, pending: {}, nextId: 1 };
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
  rules: Rules,
  events: TwinEvent[],
): void {
  const seen = new Set<string>();
  for (const c of conditions) {
    const key = `${c.rule}:${c.subject}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = book.active[key];
    if (a) {
      a.absentSince = null;
      a.reason = c.reason;
      if (c.mark !== null && c.mark !== a.mark) {
        // The same thing happened again: new evidence, and worth a fresh look even if acknowledged.
        a.mark = c.mark;
        a.occurrences += 1;
        for (const k of c.keys) a.keys = withKey(a.keys, k);
        a.status = 'raised';
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
    const raised: ActiveAlert = {
      id: `${key}#${book.nextId}`,
      rule: c.rule,
      subject: c.subject,
      severity: cfg.severity,
      status: 'raised',
      raisedAt: now,
      ackedAt: null,
      clearedAt: null,
      reason: c.reason,
      keys,
      occurrences: 1,
      foundLateMs: null,
      absentSince: null,
      mark: c.mark,
    };
    book.nextId += 1;
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

/** The user acknowledged an alert; unknown or already cleared ids change nothing. */
export function ackAlert(book: AlertBook, alertId: string, now: number, events: TwinEvent[]): void {
  for (const a of Object.values(book.active)) {
    if (a.id !== alertId || a.status !== 'raised') continue;
    a.status = 'acknowledged';
    a.ackedAt = now;
    emit(events, now, 'acknowledged', a);
    return;
  }
}

/** Active alerts, oldest first. */
export function activeAlerts(book: AlertBook): Alert[] {
  return Object.values(book.active)
    .map(publicAlert)
    .sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
