/**
 * Kinematics of a door leaf: a timeline of swings, each a closed-form angle over time, so the angle, the angular
 * rate and the angular acceleration can be read at any instant (as an IMU samples them) without stepping.
 * - `smooth`: a push or a door closer; the rate rises and falls as (1 − cos), peak 2·Δ/T.
 * - `slam`: the leaf accelerates towards the frame and hits it at full speed, peak 2·a₀/T at the impact.
 * The angle is in degrees, 0 = closed, positive = opening, as the site's `hingeAxis` defines.
 */

export type SwingKind = 'smooth' | 'slam';

/** One movement of the leaf, from `t0` to `t1`. */
export interface Swing {
  t0: number;
  t1: number;
  from: number;
  to: number;
  kind: SwingKind;
}

/** How long an impact rings in the leaf and the frame, ms. */
export const IMPACT_RING_MS = 60;

/** The timeline of a door leaf's swings. */
export class DoorLeaf {
  private swings: Swing[] = [];
  private rest = 0;
  private listeners: ((t: number) => void)[] = [];

  /** Called with the start time of every swing planned from now on (the door's IMU wakes up for it). */
  onPlan(listener: (t: number) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Plans a swing to `to` degrees peaking at `peakDps`, from wherever the leaf is when it starts: at `at`, or when the
   * swing in progress then ends (a leaf cannot take two swings at once).
   */
  plan(at: number, to: number, peakDps: number, kind: SwingKind = 'smooth'): Swing {
    const t0 = this.swingAt(at)?.t1 ?? at;
    this.cancelFrom(t0);
    // Nobody asks for the angle a minute back (the air is integrated up to every device reading).
    this.prune(at - 60_000);
    const from = this.angleAt(t0);
    // Both profiles peak at 2·Δ/T.
    const durationMs = (2000 * Math.abs(to - from)) / Math.max(1, peakDps);
    const swing: Swing = {
      t0,
      t1: t0 + Math.max(1, durationMs),
      from,
      to,
      kind: kind === 'slam' && to === 0 ? kind : 'smooth',
    };
    this.swings.push(swing);
    for (const l of this.listeners) l(t0);
    return swing;
  }

  /** Drops swings that start at or after `t` (a planned close when someone else comes through). */
  cancelFrom(t: number): void {
    this.swings = this.swings.filter((s) => s.t0 < t);
  }

  /** Forgets swings that ended before `t` (keeps the timeline short). */
  prune(t: number): void {
    while (this.swings.length > 1 && this.swings[0]!.t1 + IMPACT_RING_MS < t) {
      this.rest = this.swings[0]!.to;
      this.swings.shift();
    }
  }

  /** The swing in progress at `t`, else null. */
  swingAt(t: number): Swing | null {
    for (const s of this.swings) if (t >= s.t0 && t < s.t1) return s;
    return null;
  }

  /** End of the last planned swing (the leaf is at rest after it), or null when nothing is planned. */
  busyUntil(): number | null {
    const last = this.swings[this.swings.length - 1];
    return last ? last.t1 : null;
  }

  /** Start of the first swing that begins after `t`, or null. */
  nextStart(t: number): number | null {
    for (const s of this.swings) if (s.t0 > t) return s.t0;
    return null;
  }

  angleAt(t: number): number {
    let angle = this.rest;
    for (const s of this.swings) {
      if (t < s.t0) break;
      if (t >= s.t1) {
        angle = s.to;
        continue;
      }
      const u = (t - s.t0) / (s.t1 - s.t0);
      const d = s.to - s.from;
      return s.kind === 'slam' ? s.from * (1 - u * u) : s.from + d * (u - Math.sin(2 * Math.PI * u) / (2 * Math.PI));
    }
    return angle;
  }

  /** Angular rate, deg/s (positive = opening). */
  rateAt(t: number): number {
    const s = this.swingAt(t);
    if (!s) return 0;
    const T = (s.t1 - s.t0) / 1000;
    const u = (t - s.t0) / (s.t1 - s.t0);
    if (s.kind === 'slam') return (-2 * s.from * u) / T;
    return ((s.to - s.from) / T) * (1 - Math.cos(2 * Math.PI * u));
  }

  /** Angular acceleration, deg/s². */
  accelerationAt(t: number): number {
    const s = this.swingAt(t);
    if (!s) return 0;
    const T = (s.t1 - s.t0) / 1000;
    const u = (t - s.t0) / (s.t1 - s.t0);
    if (s.kind === 'slam') return (-2 * s.from) / (T * T);
    return ((s.to - s.from) / (T * T)) * 2 * Math.PI * Math.sin(2 * Math.PI * u);
  }

  /** The speed at which a slam hit the frame if one ended within the ring time before `t`, deg/s; else 0. */
  impactAt(t: number): { speedDps: number; sinceMs: number } | null {
    for (const s of this.swings) {
      if (s.kind !== 'slam' || t < s.t1 || t >= s.t1 + IMPACT_RING_MS) continue;
      return { speedDps: (2 * s.from) / ((s.t1 - s.t0) / 1000), sinceMs: t - s.t1 };
    }
    return null;
  }

  /** Whether the leaf moves (or rings from an impact) at `t`. */
  busyAt(t: number): boolean {
    return this.swingAt(t) !== null || this.impactAt(t) !== null;
  }
}
