/**
 * Compares two alert histories (e.g. a recording back-tested with old and new rules): which alerts appear, vanish,
 * or move in time. Alerts match only within the same rule and subject, nearest raise times first.
 */
import type { Alert } from '../../common/twin';

/** One alert episode from raise to clear (clearedAt null: still active at the end of the stream). */
export type AlertRecord = Omit<Alert, 'status'>;

export type AlertDiffChange = 'appeared' | 'vanished' | 'moved' | 'unchanged';

export interface AlertDiffEntry {
  change: AlertDiffChange;
  rule: AlertRecord['rule'];
  subject: string;
  before: AlertRecord | null;
  after: AlertRecord | null;
  /** after.raisedAt − before.raisedAt, when matched. */
  raisedShiftMs: number | null;
  /** after.clearedAt − before.clearedAt, when both cleared. */
  clearedShiftMs: number | null;
}

export interface DiffOptions {
  /** Shifts up to this are "unchanged", ms (default 0). */
  toleranceMs?: number;
  /** Alerts further apart than this are different alerts, ms (default 10 min). */
  maxShiftMs?: number;
  /** List unchanged matches too (default false). */
  includeUnchanged?: boolean;
}

function groupKey(a: AlertRecord): string {
  return `${a.rule}\u0000${a.subject}`;
}

function group(list: readonly AlertRecord[]): Map<string, AlertRecord[]> {
  const out = new Map<string, AlertRecord[]>();
  for (const a of list) {
    const g = out.get(groupKey(a)) ?? [];
    g.push(a);
    out.set(groupKey(a), g);
  }
  return out;
}

function entry(before: AlertRecord | null, after: AlertRecord | null, toleranceMs: number): AlertDiffEntry {
  const any = (before ?? after)!;
  if (!before || !after) {
    const change = before ? 'vanished' : 'appeared';
    return { change, rule: any.rule, subject: any.subject, before, after, raisedShiftMs: null, clearedShiftMs: null };
  }
  const raisedShiftMs = after.raisedAt - before.raisedAt;
  const bothCleared = before.clearedAt !== null && after.clearedAt !== null;
  const clearedShiftMs = bothCleared ? after.clearedAt! - before.clearedAt! : null;
  const clearChanged =
    (before.clearedAt === null) !== (after.clearedAt === null) ||
    (clearedShiftMs !== null && Math.abs(clearedShiftMs) > toleranceMs);
  const moved = Math.abs(raisedShiftMs) > toleranceMs || clearChanged;
  return {
    change: moved ? 'moved' : 'unchanged',
    rule: any.rule,
    subject: any.subject,
    before,
    after,
    raisedShiftMs,
    clearedShiftMs,
  };
}

/** Differences between two alert lists, ordered by time (earliest raise of the pair), rule, subject. */
export function diffAlerts(
  before: readonly AlertRecord[],
  after: readonly AlertRecord[],
  opts: DiffOptions = {},
): AlertDiffEntry[] {
  const toleranceMs = opts.toleranceMs ?? 0;
  const maxShiftMs = opts.maxShiftMs ?? 600_000;
  const out: AlertDiffEntry[] = [];
  const b = group(before);
  const a = group(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  for (const key of keys) {
    const bs = b.get(key) ?? [];
    const as = a.get(key) ?? [];
    // Greedy matching on the smallest shift: deterministic, and right for alerts that never overlap in time.
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < bs.length; i++) {
      for (let j = 0; j < as.length; j++) {
        const d = Math.abs(as[j]!.raisedAt - bs[i]!.raisedAt);
        if (d <= maxShiftMs) pairs.push([d, i, j]);
      }
    }
    pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    const usedB = new Set<number>();
    const usedA = new Set<number>();
    for (const [, i, j] of pairs) {
      if (usedB.has(i) || usedA.has(j)) continue;
      usedB.add(i);
      usedA.add(j);
      out.push(entry(bs[i]!, as[j]!, toleranceMs));
    }
    bs.forEach((x, i) => usedB.has(i) || out.push(entry(x, null, toleranceMs)));
    as.forEach((x, j) => usedA.has(j) || out.push(entry(null, x, toleranceMs)));
  }
  const time = (e: AlertDiffEntry): number => Math.min(e.before?.raisedAt ?? Infinity, e.after?.raisedAt ?? Infinity);
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return out
    .filter((e) => opts.includeUnchanged || e.change !== 'unchanged')
    .sort((x, y) => time(x) - time(y) || cmp(x.rule, y.rule) || cmp(x.subject, y.subject));
}
