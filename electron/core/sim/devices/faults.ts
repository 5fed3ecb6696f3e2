/**
 * Sensor faults a scenario can inject into a virtual device's channel. Each turns the true reading into what a
 * broken sensor reports, so the twin's health checks and the decoder's range checks meet the failures they exist for.
 */

export type SensorFault =
  /** Freezes at the last value it reported before the fault (a hung sensor, a firmware reading a stale register). */
  | { kind: 'stuck' }
  /** Adds `perHour` for every hour since `since` (an ageing sensor, a clogged filter), clamped to `[min, max]`. */
  | { kind: 'drift'; perHour: number; since: number; min?: number; max?: number }
  /** Reads a constant (0 ppm from a failed measurement, −45 °C from a disconnected probe). */
  | { kind: 'value'; value: number };

/** Applies faults per channel and remembers what was reported, for `stuck`. */
export class FaultBox<C extends string> {
  private readonly faults = new Map<C, SensorFault>();
  private readonly frozen = new Map<C, number>();
  private readonly last = new Map<C, number>();

  set(channel: C, fault: SensorFault | null): void {
    if (fault === null) {
      this.faults.delete(channel);
      this.frozen.delete(channel);
      return;
    }
    this.faults.set(channel, fault);
    if (fault.kind === 'stuck') {
      const v = this.last.get(channel);
      if (v !== undefined) this.frozen.set(channel, v);
    }
  }

  /** What the sensor reports at `t` when the truth (with ordinary noise) is `value`. */
  apply(channel: C, t: number, value: number): number {
    const f = this.faults.get(channel);
    let out = value;
    if (f?.kind === 'stuck') {
      const v = this.frozen.get(channel) ?? value;
      this.frozen.set(channel, v);
      out = v;
    } else if (f?.kind === 'drift') {
      out = value + (f.perHour * Math.max(0, t - f.since)) / 3_600_000;
      if (f.min !== undefined) out = Math.max(f.min, out);
      if (f.max !== undefined) out = Math.min(f.max, out);
    } else if (f?.kind === 'value') {
      out = f.value;
    }
    this.last.set(channel, out);
    return out;
  }
}
