/**
 * What a session's timeline shades: spans with no data at all, spans where some devices were silent, and spans whose
 * data arrived afterwards (a backfill after an outage, a slow link). Computed at the timeline's resolution — a fixed
 * number of buckets over the session — in one grouped pass over the session's samples.
 */
import type Database from 'better-sqlite3';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { CoverageSpan, SessionCoverage } from '../../common/replay';

/** Buckets over the session: about one per timeline pixel on a large monitor. */
export const COVERAGE_BUCKETS = 1000;
/** The finest bucket: finer than this would call a device's ordinary interval a gap. */
const MIN_BUCKET_MS = 2000;
/** Data received this long after it was measured counts as backfilled, flagged so or not (third-party devices). */
export const ARRIVED_LATE_MS = 30_000;
/** A device is silent in a bucket only when the bucket is this many of its intervals long, at least. */
const SILENT_INTERVALS = 3;

interface Row {
  dev: string;
  b: number;
  n: number;
  late: number;
}

/** Rows of the session read per step, between which the event loop runs (a live recorder keeps committing). */
const STEP_ROWS = 200_000;

/**
 * The coverage of a session, read in steps of rowid ranges so a week-long session (millions of samples, seconds of
 * work) never holds up the process that asks: two passes (the event-time span, then the buckets), each a grouped
 * query per step, yielding between steps.
 */
export async function sessionCoverage(
  db: Database.Database,
  session: number,
  buckets = COVERAGE_BUCKETS,
  stepRows = STEP_ROWS,
): Promise<SessionCoverage> {
  const ids = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM samples WHERE session = ?').get(session) as {
    lo: number | null;
    hi: number | null;
  };
  if (ids.lo === null || ids.hi === null) return { session, from: null, to: null, bucketMs: 0, spans: [] };
  const steps: [number, number][] = [];
  for (let lo = ids.lo; lo <= ids.hi; lo += stepRows) steps.push([lo, Math.min(ids.hi, lo + stepRows - 1)]);

  const spanOf = db.prepare('SELECT min(t) AS lo, max(t) AS hi FROM samples WHERE session = ? AND id BETWEEN ? AND ?');
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const [lo, hi] of steps) {
    const r = spanOf.get(session, lo, hi) as { lo: number | null; hi: number | null };
    if (r.lo !== null && r.lo < from) from = r.lo;
    if (r.hi !== null && r.hi > to) to = r.hi;
    await yieldToEventLoop();
  }
  const bucketMs = Math.max(MIN_BUCKET_MS, Math.ceil((to - from + 1) / buckets));
  const count = Math.floor((to - from) / bucketMs) + 1;
  // JS numbers bind as reals: the CAST makes the bucket an integer to group by.
  const grouped = db.prepare(
    `SELECT dev, CAST((t - @from) / @bucketMs AS INTEGER) AS b, count(*) AS n,
            sum((flags & 1) != 0 OR t_recv - t > @late) AS late
     FROM samples WHERE session = @session AND id BETWEEN @lo AND @hi GROUP BY dev, b`,
  );
  // One row per device and bucket, whichever steps its samples came in.
  const merged = new Map<string, Row>();
  for (const [lo, hi] of steps) {
    for (const r of grouped.all({ from, bucketMs, late: ARRIVED_LATE_MS, session, lo, hi }) as Row[]) {
      const key = `${r.dev}\u0000${r.b}`;
      const m = merged.get(key);
      if (m) {
        m.n += r.n;
        m.late += r.late;
      } else merged.set(key, r);
    }
    await yieldToEventLoop();
  }
  const rows = [...merged.values()];

  const perDevice = new Map<string, Row[]>();
  for (const r of rows) {
    let list = perDevice.get(r.dev);
    if (!list) perDevice.set(r.dev, (list = []));
    list.push(r);
  }
  // Per bucket: devices expected to talk (between their first and last sample, often enough) that did not.
  const silent: string[][] = Array.from({ length: count }, () => []);
  const lateIn = new Array<number>(count).fill(0);
  const anyIn = new Array<number>(count).fill(0);
  for (const [dev, list] of perDevice) {
    list.sort((a, b) => a.b - b.b);
    const total = list.reduce((a, r) => a + r.n, 0);
    const first = list[0]!.b;
    const last = list[list.length - 1]!.b;
    const intervalMs = ((last - first + 1) * bucketMs) / total;
    const judged = bucketMs >= SILENT_INTERVALS * intervalMs;
    let i = 0;
    for (let b = first; b <= last; b++) {
      const r = list[i]?.b === b ? list[i++] : undefined;
      if (r) {
        anyIn[b]! += r.n;
        lateIn[b]! += r.late;
      } else if (judged) silent[b]!.push(dev);
    }
  }

  const spans: CoverageSpan[] = [];
  const push = (kind: CoverageSpan['kind'], b: number, devices: string[]): void => {
    const prev = spans[spans.length - 1];
    const start = from + b * bucketMs;
    const sameDevices = prev && prev.devices.join() === devices.join();
    if (prev && prev.kind === kind && prev.to === start && sameDevices) prev.to = start + bucketMs;
    else spans.push({ kind, from: start, to: start + bucketMs, devices });
  };
  for (let b = 0; b < count; b++) {
    // Only devices expected to talk within a bucket can leave it empty: a slow device's quiet bucket is no gap.
    if (silent[b]!.length === 0) continue;
    if (anyIn[b] === 0) push('gap', b, []);
    else push('partial', b, silent[b]!.sort());
  }
  // Then the backfilled spans: they overlap the others (data can be both late and from a partial bucket).
  for (let b = 0; b < count; b++) if (lateIn[b]! > 0) push('backfill', b, []);
  return { session, from, to, bucketMs, spans };
}
