/**
 * Ingest: the step between decoding and storing. Drops duplicates of (dev, boot, seq) whichever transport brought
 * them, gives each message its event time (device clock when synced, else estimated), marks late and backfilled
 * samples, and counts loss from sequence gaps. Holds only small per-device state; knows nothing of transports or I/O.
 *
 * A device time later than the receive time by more than `MAX_AHEAD_MS` cannot be true (a device cannot send what it
 * has not measured yet): such a sample is corrected, its event time taken from the device's last believable time on
 * this boot and its uptime since, or else estimated as for an unsynced device. It stays
 * inspectable (basis `estimated` with the claimed time kept in `tDev`) and is counted as `corrected`; it never makes
 * later samples of the device late, on this boot or the next.
 */
import type { DeviceMessage } from '../../common/protocol';
import type { TimeBasis, Via } from '../../common/sample';
import { ClockEstimator } from './ClockEstimator';
import { SeqRanges } from './SeqRanges';

/** Boots remembered per device for dedupe; older boots are answered by the store's unique key. */
const BOOTS_KEPT = 4;
/** How far ahead of our clock a device clock may be (NTP jitter, a slow host clock) before it is not believed. */
export const MAX_AHEAD_MS = 60_000;

export interface Admitted {
  t: number;
  timeBasis: TimeBasis;
  late: boolean;
  backfill: boolean;
  /** The device's time was impossible (in the future) and was replaced by an estimate. */
  corrected?: true;
}

export interface DeviceCounters {
  dev: string;
  received: number;
  duplicates: number;
  /** Sequence numbers never received (so far: backfill can still fill them). */
  missing: number;
  late: number;
  backfilled: number;
  /** Samples whose device time lay in the future, corrected to an estimate. */
  corrected: number;
  lastBoot: number;
  lastRecv: number;
  via: Via;
}

interface DeviceState {
  counters: DeviceCounters;
  boots: Map<number, SeqRanges>;
  /** Latest event time admitted for this device (never past its receive time). */
  maxT: number;
  /** Per boot, device time minus uptime of its last believable synced message: what its clock said. */
  synced: Map<number, number>;
}

/** Loads what the store already holds for a (dev, boot), so dedupe survives a restart of Twinscope. */
export type SeqSeeder = (dev: string, boot: number) => Iterable<number>;

export class Ingest {
  private readonly devices = new Map<string, DeviceState>();
  private readonly clock = new ClockEstimator();

  constructor(private readonly seed?: SeqSeeder) {}

  /** Returns how to store the message, or null when it is a duplicate. */
  admit(m: DeviceMessage, via: Via, tRecv: number): Admitted | null {
    const d = this.device(m.dev, via, tRecv);
    const ranges = this.ranges(d, m.dev, m.boot);
    const before = ranges.missing;
    if (!ranges.add(m.seq)) {
      d.counters.duplicates++;
      return null;
    }
    const c = d.counters;
    c.missing += ranges.missing - before;
    c.received++;
    c.lastRecv = tRecv;
    c.via = via;
    if (m.boot > c.lastBoot) c.lastBoot = m.boot;
    const backfill = m.sup !== undefined;
    if (backfill) c.backfilled++;
    let t: number;
    let timeBasis: TimeBasis;
    const impossible = m.ts !== null && m.ts > tRecv + MAX_AHEAD_MS;
    const offset = d.synced.get(m.boot);
    if (m.ts !== null && !impossible) {
      t = m.ts;
      timeBasis = 'device';
      d.synced.set(m.boot, m.ts - m.up);
    } else if (impossible && offset !== undefined) {
      t = Math.min(offset + m.up, tRecv);
      timeBasis = 'estimated';
    } else {
      t = this.clock.eventTime(`${m.dev}\u0000${m.boot}`, m.up, m.sup ?? m.up, tRecv);
      timeBasis = 'estimated';
    }
    if (impossible) c.corrected++;
    const late = t < d.maxT;
    if (late) c.late++;
    // Lateness is judged against times that have happened: a clock running a little ahead does not make the next
    // samples late.
    else d.maxT = Math.min(t, tRecv);
    return { t, timeBasis, late, backfill, ...(impossible ? { corrected: true as const } : {}) };
  }

  counters(): DeviceCounters[] {
    return [...this.devices.values()].map((d) => ({ ...d.counters }));
  }

  private device(dev: string, via: Via, tRecv: number): DeviceState {
    let d = this.devices.get(dev);
    if (!d) {
      d = {
        counters: {
          dev,
          received: 0,
          duplicates: 0,
          missing: 0,
          late: 0,
          backfilled: 0,
          corrected: 0,
          lastBoot: 0,
          lastRecv: tRecv,
          via,
        },
        boots: new Map(),
        maxT: -Infinity,
        synced: new Map(),
      };
      this.devices.set(dev, d);
    }
    return d;
  }

  private ranges(d: DeviceState, dev: string, boot: number): SeqRanges {
    let r = d.boots.get(boot);
    if (r) return r;
    r = new SeqRanges();
    if (this.seed) for (const seq of this.seed(dev, boot)) r.add(seq);
    d.boots.set(boot, r);
    if (d.boots.size > BOOTS_KEPT) {
      const oldest = Math.min(...d.boots.keys());
      d.boots.delete(oldest);
      d.synced.delete(oldest);
      this.clock.forget(`${dev}\u0000${oldest}`);
    }
    return r;
  }
}
