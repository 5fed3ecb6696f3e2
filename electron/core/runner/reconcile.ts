/**
 * After a rewind: what the re-applied world says about alerts and slams, against what was reported before. New
 * alerts are raised (found late), changed ones revised, vanished ones retracted, all under their stable ids; a slam
 * already reported is not reported again.
 */
import type { Alert, TwinEvent } from '../../common/twin';
import { isLinkAlert } from '../twin/conditions';

/** Whether two reports of an alert differ in anything a user or the store would see. */
function differs(a: Alert, b: Alert): boolean {
  return (
    a.status !== b.status ||
    a.clearedAt !== b.clearedAt ||
    a.ackedAt !== b.ackedAt ||
    a.reason !== b.reason ||
    a.occurrences !== b.occurrences ||
    JSON.stringify(a.keys) !== JSON.stringify(b.keys)
  );
}

export interface ReportedSoFar {
  /** The latest report of every world alert within the horizon, by id. */
  alerts: Map<string, Alert>;
  /** Slams reported, as `door@t`. */
  slams: Set<string>;
}

/**
 * Events to report for a rewind from a snapshot at `fromT`: `replayed` are the re-application's events, `active`
 * the world's active alerts afterwards, `hostT` the host time now.
 */
export function reconcile(
  reported: ReportedSoFar,
  fromT: number,
  replayed: readonly TwinEvent[],
  active: readonly Alert[],
  hostT: number,
): TwinEvent[] {
  const final = new Map<string, Alert>();
  const out: TwinEvent[] = [];
  for (const e of replayed) {
    if (e.kind === 'alert') final.set(e.alert.id, e.alert);
    else if (e.kind === 'slam' && !reported.slams.has(`${e.door}@${e.t}`)) out.push(e);
  }
  for (const a of active) if (!final.has(a.id)) final.set(a.id, a);
  for (const [id, a] of final) {
    const prev = reported.alerts.get(id);
    if (!prev) out.push({ kind: 'alert', t: hostT, change: 'raised', alert: a });
    // Raised again by the re-application, but found when it was first reported: not late now.
    else if (differs(prev, a)) {
      out.push({ kind: 'alert', t: hostT, change: 'revised', alert: { ...a, foundLateMs: prev.foundLateMs } });
    }
  }
  for (const [id, prev] of reported.alerts) {
    if (prev.raisedAt <= fromT || final.has(id)) continue;
    out.push({ kind: 'alert', t: hostT, change: 'retracted', alert: prev });
  }
  return out;
}

/** Folds reported events into what was reported so far; forgets what is older than `beforeT` and over. */
export function remember(reported: ReportedSoFar, events: readonly TwinEvent[], beforeT: number): void {
  for (const e of events) {
    if (e.kind === 'slam') reported.slams.add(`${e.door}@${e.t}`);
    if (e.kind !== 'alert' || isLinkAlert(e.alert)) continue;
    if (e.change === 'retracted') reported.alerts.delete(e.alert.id);
    else reported.alerts.set(e.alert.id, e.alert);
  }
  for (const [id, a] of reported.alerts) {
    if (a.clearedAt !== null && a.clearedAt < beforeT) reported.alerts.delete(id);
  }
  for (const k of reported.slams) if (Number(k.slice(k.lastIndexOf('@') + 1)) < beforeT) reported.slams.delete(k);
}
