/**
 * Event time for devices whose clock is not synced. A message measured at uptime `up` and sent at uptime `sent`
 * (= `sup` for buffered messages, else `up`) arrived at host time `tRecv`; the device's boot happened at about
 * `tRecv − sent − latency`. The smallest `tRecv − sent` seen is the best estimate of the boot time (least latency),
 * the classic minimum filter. The estimate may rise by 50 ppm of elapsed time, so that a device crystal running slow
 * against the host is followed instead of frozen at an old minimum.
 */
const DRIFT_ALLOWANCE = 50e-6;

interface BootClock {
  offset: number;
  atUp: number;
}

export class ClockEstimator {
  private readonly clocks = new Map<string, BootClock>();

  /** Event time of a reading measured at `up`, learning from this message. */
  eventTime(key: string, up: number, sent: number, tRecv: number): number {
    const observed = tRecv - sent;
    const clock = this.clocks.get(key);
    if (!clock) {
      this.clocks.set(key, { offset: observed, atUp: sent });
      return Math.round(observed + up);
    }
    const allowed = clock.offset + Math.max(0, sent - clock.atUp) * DRIFT_ALLOWANCE;
    if (observed < allowed) {
      clock.offset = observed;
      clock.atUp = sent;
    } else if (sent > clock.atUp) {
      clock.offset = allowed;
      clock.atUp = sent;
    }
    return Math.round(clock.offset + up);
  }

  forget(key: string): void {
    this.clocks.delete(key);
  }
}
