/**
 * A virtual room sensor: CO2 (an NDIR sensor that measures every 5 s, with a per-unit offset), temperature and
 * humidity (a little self-heating), light, PIR motion (reported in every `tele` as "since the previous one", plus a
 * `motion` event on a fresh detection, as the firmware does), RSSI and battery. Only the site's channels are sent.
 */
import type { Channel, SampleValues } from '../../../common/sample';
import { relativeHumidity } from '../physics/air';
import type { World } from '../World';
import { FaultBox, type SensorFault } from './faults';
import { VirtualDevice, type DeviceHost, type DeviceOptions } from './VirtualDevice';

/** The NDIR sensor's measurement period, ms. */
const CO2_PERIOD_MS = 5000;
/** A PIR output stays active this long after a detection, ms: a new detection within it is no new edge. */
const PIR_HOLD_MS = 2500;
/** At most one `motion` event this often (firmware `motion_evt_gap_ms`). */
const MOTION_EVT_GAP_MS = 10_000;

/** Channels a scenario can break. */
export type RoomFaultChannel = 'co2' | 'temp' | 'rh' | 'lux';

/** The sensors of one room. */
export class RoomDevice extends VirtualDevice {
  readonly faults = new FaultBox<RoomFaultChannel>();
  private readonly has: Set<Channel>;
  private readonly co2Offset: number;
  private readonly tempOffset: number;
  private co2: { t: number; value: number } | null = null;
  private lastTeleT: number | null = null;
  private lastMotionT: number | null = null;
  private lastMotionEvtT: number | null = null;

  constructor(
    opts: DeviceOptions,
    host: DeviceHost,
    private readonly world: World,
    readonly roomId: string,
    channels: readonly Channel[],
  ) {
    super(opts, host);
    this.has = new Set(channels);
    this.co2Offset = this.rng.normal(0, 12);
    this.tempOffset = this.rng.normal(0.3, 0.15);
  }

  /** Injects (or with null, clears) a fault on one channel from now on. */
  fault(channel: RoomFaultChannel, fault: SensorFault | null): void {
    this.faults.set(channel, fault);
  }

  protected started(): void {
    if (!this.has.has('motion')) return;
    this.world.onMotion(this.roomId, (t) => {
      const edge = this.lastMotionT === null || t - this.lastMotionT > PIR_HOLD_MS;
      this.lastMotionT = t;
      if (!edge || (this.lastMotionEvtT !== null && t - this.lastMotionEvtT < MOTION_EVT_GAP_MS)) return;
      this.lastMotionEvtT = t;
      this.evt('motion', { motion: true });
    });
  }

  protected readings(t: number): SampleValues {
    const v: SampleValues = {};
    const air = this.world.air(this.roomId);
    const temp = air.temp + this.tempOffset;
    if (this.has.has('co2')) {
      if (!this.co2 || t - this.co2.t >= CO2_PERIOD_MS) {
        this.co2 = { t, value: Math.max(0, air.co2 + this.co2Offset + this.rng.normal(0, 4)) };
      }
      v.co2 = this.faults.apply('co2', t, this.co2.value);
    }
    if (this.has.has('temp')) v.temp = this.faults.apply('temp', t, temp + this.rng.normal(0, 0.03));
    if (this.has.has('rh')) {
      const rh = relativeHumidity(air.ah, temp) + this.rng.normal(0, 0.3);
      v.rh = this.faults.apply('rh', t, Math.min(100, Math.max(0, rh)));
    }
    if (this.has.has('lux')) {
      const lux = this.world.lux(this.roomId, t);
      v.lux = this.faults.apply('lux', t, Math.max(0, lux * (1 + this.rng.normal(0, 0.02)) + this.rng.normal(0, 0.5)));
    }
    if (this.has.has('motion')) {
      const m = this.world.room(this.roomId).lastMotionT;
      v.motion = m !== null && (this.lastTeleT === null || m > this.lastTeleT);
    }
    if (this.has.has('rssi')) v.rssi = this.rssi(t);
    if (this.has.has('bat')) v.bat = this.battery(t);
    this.lastTeleT = t;
    return v;
  }
}
