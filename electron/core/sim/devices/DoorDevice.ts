/**
 * A virtual door sensor: a hall contact on the frame and an IMU on the leaf, run the way the firmware runs them
 * (firmware/lib/door): the IMU is sampled every 10 ms while the leaf moves, the angle is the gyro rate about the
 * hinge integrated (trapezoid) and re-zeroed while the hall says closed (which is also when the gyro bias is learned),
 * `door_open`/`door_closed` events on contact edges, and a `slam` event for a fast swing that ends against the frame
 * with an acceleration spike. The gyro and accelerometer see the leaf's real motion: the hinge rate on the site's
 * hinge axis, gravity, centripetal and tangential acceleration at the sensor's radius, and the ring of an impact.
 */
import type { Channel, SampleValues, Vector3 } from '../../../common/sample';
import type { DoorSim } from '../World';
import { VirtualDevice, type DeviceHost, type DeviceOptions } from './VirtualDevice';

const IMU_PERIOD_MS = 10;
const G = 9.80665;
const RAD = Math.PI / 180;
/** The reed switch closes within this angle of the frame, deg. */
const HALL_CLOSED_DEG = 1.5;
/** Firmware DoorAngle and SlamDetector settings. */
const BIAS_GAIN = 0.02;
const MAX_STEP_S = 0.25;
const SLAM_RATE_DPS = 150;
const SLAM_WINDOW_MS = 400;
const SPIKE_G = 0.6;
const CONFIRM_MS = 150;
/** Keep sampling this long after the leaf came to rest, ms. */
const SETTLE_MS = 300;

/** A broken hall sensor: it reads one contact whatever the leaf does. */
export type HallFault = 'stuck-open' | 'stuck-closed' | null;

interface ImuSample {
  t: number;
  gyro: Vector3;
  accel: Vector3;
}

interface Peak {
  t: number;
  rate: number;
  gyro: Vector3;
  angle: number;
}

/** A hall contact and an IMU on one door. */
export class DoorDevice extends VirtualDevice {
  private readonly has: Set<Channel>;
  private readonly axis: number;
  private readonly sign: number;
  /** The gyro's true zero-rate offset per axis, deg/s. */
  private readonly bias: Vector3;
  private hallFault: HallFault = null;
  // Firmware state.
  private angle = 0;
  private rate = 0;
  private biasEst = 0;
  private closed: boolean | null = null;
  private lastImuT: number | null = null;
  private imu: ImuSample | null = null;
  private ticking = false;
  private busyT = -Infinity;
  private window: Peak[] = [];
  private waiting: { contactT: number; peak: Peak } | null = null;
  private spike: { t: number; g: number; accel: Vector3 } | null = null;

  constructor(
    opts: DeviceOptions,
    host: DeviceHost,
    private readonly door: DoorSim,
    channels: readonly Channel[],
  ) {
    super(opts, host);
    this.has = new Set(channels);
    this.axis = { x: 0, y: 1, z: 2 }[door.spec.hingeAxis.axis];
    this.sign = door.spec.hingeAxis.sign;
    this.bias = [this.rng.normal(0, 0.4), this.rng.normal(0, 0.4), this.rng.normal(0, 0.4)];
  }

  /** A broken hall sensor from now on (a magnet off the frame reads open forever). */
  setHallFault(fault: HallFault): void {
    this.hallFault = fault;
    this.wake(this.sched.now);
  }

  protected started(): void {
    this.door.leaf.onPlan((t0) => this.wake(t0));
    this.wake(this.sched.now);
  }

  protected readings(t: number): SampleValues {
    if (!this.ticking) this.idleTo(t);
    const imu = this.ticking && this.imu ? this.imu : this.measure(t);
    const v: SampleValues = {};
    // As the firmware, a tele reports the contact of the last IMU step, the one the angle belongs to.
    const closed = this.ticking && this.closed !== null ? this.closed : this.hall(t);
    if (this.has.has('door')) v.door = closed ? 'closed' : 'open';
    if (this.has.has('gyro')) v.gyro = imu.gyro;
    if (this.has.has('accel')) v.accel = imu.accel;
    if (this.has.has('angle')) v.angle = this.angle;
    if (this.has.has('rssi')) v.rssi = this.rssi(t);
    if (this.has.has('bat')) v.bat = this.battery(t);
    return v;
  }

  /** Starts the 10 ms IMU loop for a swing beginning at `t` (on the device's own sampling grid). */
  private wake(t: number): void {
    if (this.ticking) return;
    this.ticking = true;
    const from = Math.max(this.sched.now, t - 3 * IMU_PERIOD_MS);
    const k = Math.ceil((from - this.opts.bootT) / IMU_PERIOD_MS);
    this.sched.at(this.opts.bootT + k * IMU_PERIOD_MS, () => this.tick());
  }

  private tick(): void {
    const t = this.sched.now;
    this.idleTo(t - IMU_PERIOD_MS);
    const sample = this.measure(t);
    this.update(sample);
    const leaf = this.door.leaf;
    if (leaf.busyAt(t) || leaf.busyAt(t + IMU_PERIOD_MS)) this.busyT = t;
    const next = leaf.nextStart(t);
    const more = t - this.busyT < SETTLE_MS || this.waiting !== null || (next !== null && next - t <= 50);
    if (more) {
      this.sched.after(IMU_PERIOD_MS, () => this.tick());
      return;
    }
    this.ticking = false;
    // A swing planned while the loop ran (the close after an open) wakes it again when it starts.
    if (next !== null) this.sched.at(next - 3 * IMU_PERIOD_MS, () => this.wake(next));
  }

  /** What the contact reads at `t`. */
  private hall(t: number): boolean {
    if (this.hallFault === 'stuck-open') return false;
    if (this.hallFault === 'stuck-closed') return true;
    return this.door.leaf.angleAt(t) < HALL_CLOSED_DEG;
  }

  /** One IMU sample of the real leaf motion, device axes. */
  private measure(t: number): ImuSample {
    const leaf = this.door.leaf;
    const r = this.door.sensorRadiusM;
    const w = leaf.rateAt(t);
    const gyro: [number, number, number] = [0, 0, 0];
    const accel: [number, number, number] = [0, 0, 0];
    const radial = (this.axis + 1) % 3;
    const tangential = (this.axis + 2) % 3;
    for (let i = 0; i < 3; i++) gyro[i] = this.bias[i]! + this.rng.normal(0, 0.05);
    gyro[this.axis]! += this.sign * w;
    accel[this.axis] = 1;
    // Centripetal (towards the hinge) and tangential acceleration at the sensor, in g.
    accel[radial] = -((w * RAD) ** 2 * r) / G;
    accel[tangential] = (leaf.accelerationAt(t) * RAD * r) / G;
    const impact = leaf.impactAt(t);
    if (impact) {
      // The leaf and frame ring for a few tens of ms after the hit: a few g, alternating, decaying.
      const amp = (impact.speedDps / 100) * Math.exp(-impact.sinceMs / 15);
      accel[tangential] += Math.floor(impact.sinceMs / 5) % 2 === 0 ? amp : -amp;
      accel[radial] += 0.4 * amp;
    }
    for (let i = 0; i < 3; i++) accel[i] = accel[i]! + this.rng.normal(0, 0.01);
    return { t, gyro, accel };
  }

  /** Time passing with the leaf at rest and no samples taken: the firmware's angle and bias, in closed form. */
  private idleTo(t: number): void {
    if (this.lastImuT === null || t <= this.lastImuT) return;
    const gapMs = t - this.lastImuT;
    const rawBias = this.bias[this.axis]! * this.sign;
    if (this.hall(t)) {
      this.biasEst = rawBias + (this.biasEst - rawBias) * Math.pow(1 - BIAS_GAIN, gapMs / IMU_PERIOD_MS);
      this.angle = 0;
    } else {
      this.angle = clamp(this.angle + ((rawBias - this.biasEst) * gapMs) / 1000);
    }
    this.rate = rawBias - this.biasEst;
    this.lastImuT = t;
  }

  /** The firmware's DoorTracker step: contact edges, angle, slam detection. */
  private update(s: ImuSample): void {
    const closed = this.hall(s.t);
    if (this.closed !== null && closed !== this.closed) {
      if (closed) this.evt('door_closed', this.has.has('angle') ? { door: 'closed', angle: 0 } : { door: 'closed' });
      else this.evt('door_open', { door: 'open' });
    }
    const wasClosed = this.closed;
    this.closed = closed;
    const raw = s.gyro[this.axis]! * this.sign;
    const rate = raw - this.biasEst;
    if (closed) {
      // The bias is learned only in the rest periods between swings (idleTo). The firmware also learns from samples
      // under 2 °/s here, which takes in the first slow degrees of an opening while the reed is still
      // closed: ~0.2 °/s of false bias, degrees a minute of drift while the door then stands open.
      this.angle = 0;
    } else if (this.lastImuT !== null) {
      const dt = Math.min((s.t - this.lastImuT) / 1000, MAX_STEP_S);
      this.angle = clamp(this.angle + 0.5 * (this.rate + rate) * dt);
    }
    this.rate = rate;
    this.lastImuT = s.t;
    this.imu = s;
    this.slam(s, closed, wasClosed === false && closed);
  }

  /** A fast swing within the window before the contact closed, confirmed by an impact spike just after. */
  private slam(s: ImuSample, closed: boolean, contact: boolean): void {
    this.window = this.window.filter((p) => s.t - p.t <= SLAM_WINDOW_MS);
    if (!closed) this.window.push({ t: s.t, rate: Math.abs(this.rate), gyro: s.gyro, angle: this.angle });
    const g = Math.abs(Math.hypot(s.accel[0], s.accel[1], s.accel[2]) - 1);
    if (g >= SPIKE_G && (!this.spike || s.t - this.spike.t > CONFIRM_MS || g > this.spike.g)) {
      this.spike = { t: s.t, g, accel: s.accel };
    }
    if (contact) {
      const peak = this.window.reduce<Peak | null>((best, p) => (!best || p.rate > best.rate ? p : best), null);
      if (peak && peak.rate >= SLAM_RATE_DPS) this.waiting = { contactT: s.t, peak };
    }
    const w = this.waiting;
    if (!w) return;
    if (this.spike && this.spike.t >= w.contactT - SLAM_WINDOW_MS && s.t - w.contactT >= 2 * IMU_PERIOD_MS) {
      // Stamped when the peak rate was measured: before the contact, so the host sees the fast swing first.
      this.evt('slam', { gyro: w.peak.gyro, accel: this.spike.accel, angle: w.peak.angle }, w.peak.t);
      this.waiting = null;
    } else if (s.t - w.contactT > CONFIRM_MS) {
      this.waiting = null;
    }
  }
}

function clamp(a: number): number {
  return a > 180 ? 180 : a < -180 ? -180 : a;
}
