/**
 * Discrete-event clock of a simulation. Simulated time is absolute (ms since the Unix epoch) and moves only from one
 * scheduled event to the next, never with the wall clock: running to a time in one call or in a thousand gives the
 * same events in the same order (ties go in the order they were scheduled).
 */

interface Entry {
  t: number;
  order: number;
  fn: () => void;
}

/** A priority queue of events in simulated time. */
export class Scheduler {
  private heap: Entry[] = [];
  private counter = 0;
  private current: number;

  constructor(start: number) {
    this.current = start;
  }

  /** The time of the event being run, or the time the clock was last run to. */
  get now(): number {
    return this.current;
  }

  /** Runs `fn` at time `t` (ms, integer); a time in the past runs at the current time. */
  at(t: number, fn: () => void): void {
    const e: Entry = { t: Math.max(Math.round(t), this.current), order: this.counter++, fn };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  /** Runs `fn` `ms` after the current time. */
  after(ms: number, fn: () => void): void {
    this.at(this.current + ms, fn);
  }

  /** Time of the next event, or null when nothing is scheduled. */
  peek(): number | null {
    return this.heap[0]?.t ?? null;
  }

  /** Runs every event with time ≤ `t`, including ones they schedule, then sets the clock to `t`. */
  runUntil(t: number): void {
    for (;;) {
      const top = this.heap[0];
      if (!top || top.t > t) break;
      this.pop();
      this.current = top.t;
      top.fn();
    }
    if (t > this.current) this.current = t;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = last;
      if (l < h.length && before(h[l]!, best)) {
        m = l;
        best = h[l]!;
      }
      if (r < h.length && before(h[r]!, best)) m = r;
      if (m === i) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.t < b.t || (a.t === b.t && a.order < b.order);
}
