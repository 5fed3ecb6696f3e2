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
import type { SampleValues, TimeBasis, Via } from '../../common/sample';
import { ClockEstimator } from './ClockEstimator';
import { hash53, ReadingKeys, SYNTHETIC_BOOT, valuesKey } from './ReadingKeys';
import type { MqttDelivery, Reading } from '../protocol/adapters/types';
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

/** A reading from a device without boot/seq, admitted: its synthetic key and event time. */
export interface AdmittedReading extends Admitted {
  boot: number;
  seq: number;
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

/** The latest stored reading without boot/seq of a device with these channels (dedupe of retained states across restarts). */
export type ReadingSeeder = (dev: string, values: SampleValues) => SampleValues | undefined;

export class Ingest {
  private readonly devices = new Map<string, DeviceState>();
  private readonly clock = new ClockEstimator();
  private readonly keys = new ReadingKeys();

  constructor(
    private readonly seed?: SeqSeeder,
    private readonly seedReading?: ReadingSeeder,
  ) {}

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

  /**
   * A reading of a device without boot/seq (third-party conventions): keyed by device + event time + values (see
   * ReadingKeys.ts); event time from the payload when it has one (`device`), else the receive time (`received`, or
   * `estimated` when the payload said it had no time). Null when it is a duplicate.
   */
  admitReading(r: Reading & { dev: string }, via: Via, tRecv: number, delivery: MqttDelivery): AdmittedReading | null {
    const d = this.device(r.dev, via, tRecv);
    const values = valuesKey(r.values);
    const timed = r.t !== null;
    const t = r.t ?? tRecv;
    const identity = timed ? `${t}|${values}` : `~|${values}`;
    const seeder = this.seedReading;
    const seed = seeder
      ? (): string | undefined => {
          const v = seeder(r.dev, r.values);
          return v === undefined ? undefined : `~|${valuesKey(v)}`;
        }
      : undefined;
    const repeat = this.keys.repeatsLast(r.dev, Object.keys(r.values).sort().join(','), identity, seed);
    const seq = hash53(`${t}|${r.evt ?? ''}|${values}`);
    const duplicate = timed
      ? this.keys.seenTimed(r.dev, seq)
      : repeat && (delivery.retain || delivery.dup || r.repeats === true);
    if (duplicate) {
      d.counters.duplicates++;
      return null;
    }
    const c = d.counters;
    c.received++;
    c.lastRecv = tRecv;
    c.via = via;
    const timeBasis: TimeBasis = timed ? 'device' : r.unknownTime ? 'estimated' : 'received';
    const late = t < d.maxT;
    if (late) c.late++;
    else d.maxT = t;
    return { t, timeBasis, late, backfill: false, boot: SYNTHETIC_BOOT, seq };
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
