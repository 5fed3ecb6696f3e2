/**
 * Door model: position from the hall sensor and the hinge angle; the angle from a device-reported value when there
 * is one, else from the gyro rate about the site's hinge axis integrated over sample time (trapezoidal) and re-zeroed
 * by the hall sensor (an accelerometer cannot see a hinge angle). Slam: a closing rate above the threshold in either
 * swing direction that ends in "closed", confirmed by an acceleration spike when the door reports acceleration; or a
 * `slam` event from the device. Each slam counts once, whichever source reports it first.
 * Functions mutate the engine's working copy of the state and append events.
 */
import type { Channel, Sample } from '../../common/sample';
import type { DoorSpec, Rules } from '../../common/site';
import type { DoorPosition, DoorState, SampleKey, TwinEvent } from '../../common/twin';
import { keyOf, withKey } from './keys';

const AXIS_INDEX = { x: 0, y: 1, z: 2 } as const;
const DAY_MS = 86_400_000;

/** A door nothing is known about yet. */
export function initDoor(id: string): DoorState {
  return {
    id,
    position: 'unknown',
    angle: null,
    angleSource: 'none',
    rateDps: 0,
    hall: null,
    hallByDev: {},
    since: null,
    gyroT: null,
    openAtZeroSince: null,
    closedAtAngleSince: null,
    disagreeSince: null,
    closing: null,
    slamCandidate: null,
    spikeT: null,
    spikeG: null,
    hasAccel: false,
    slams: { day: null, today: 0, total: 0, lastT: null, lastPeakDps: null, lastKeys: [] },
    lastKey: null,
  };
}

/** Local day number of an event time. */
export function dayOf(t: number, rules: Rules): number {
  return Math.floor((t + rules.utcOffsetMinutes * 60_000) / DAY_MS);
}

function clampAngle(a: number): number {
  const c = a > 180 ? 180 : a < -180 ? -180 : a;
  return c === 0 ? 0 : c; // no -0 in state: JSON would not round-trip it
}

/** Position from hall and angle. The hall sensor is the authority for "closed". */
export function doorPosition(door: DoorState, spec: DoorSpec, rules: Rules): DoorPosition {
  if (door.hall === 'closed') return 'closed';
  if (door.angle !== null && door.angleSource !== 'hall') {
    const a = Math.abs(door.angle);
    if (door.hall === null && a <= rules.door.conflictAngleDeg) return 'closed';
    return a >= spec.openAngle ? 'open' : 'partly-open';
  }
  return door.hall === 'open' ? 'open' : 'unknown';
}

/**
 * Counts a slam at `t`, unless one was already counted for the same closing: the engine's own detection and the
 * device's `slam` event see the same slam at times up to a slam window apart, and either may be applied first.
 */
function countSlam(
  door: DoorState,
  rules: Rules,
  t: number,
  peakDps: number,
  impactG: number | null,
  keys: SampleKey[],
  events: TwinEvent[],
): void {
  const last = door.slams.lastT;
  if (last !== null && Math.abs(t - last) <= rules.door.slamWindowMs) {
    // The same slam from the other source: one more piece of evidence, not one more slam.
    let lastKeys = door.slams.lastKeys;
    for (const k of keys) lastKeys = withKey(lastKeys, k);
    door.slams = { ...door.slams, lastKeys };
    return;
  }
  const day = dayOf(t, rules);
  if (door.slams.day !== day) door.slams = { ...door.slams, day, today: 0 };
  door.slams = {
    day,
    today: door.slams.today + 1,
    total: door.slams.total + 1,
    lastT: t,
    lastPeakDps: peakDps,
    lastKeys: keys,
  };
  events.push({ kind: 'slam', t, door: door.id, peakRateDps: peakDps, impactG, today: door.slams.today, keys });
}

function confirmSlam(door: DoorState, rules: Rules, impactG: number | null, events: TwinEvent[]): void {
  const c = door.slamCandidate;
  if (!c) return;
  door.slamCandidate = null;
  countSlam(door, rules, c.t, c.peakDps, impactG, c.keys, events);
}

/**
 * The device's own `slam` event: it watches the IMU far faster than it sends telemetry, so it sees swings the
 * telemetry misses. Its values describe the slam (the peak closing rate and the angle it was reached at, the impact),
 * not where the leaf is at the event's time, so they do not move the door.
 */
function reportedSlam(
  door: DoorState,
  spec: DoorSpec,
  rules: Rules,
  s: Sample,
  te: number,
  channels: Set<Channel>,
  events: TwinEvent[],
): void {
  const gyro = channels.has('gyro') ? s.values.gyro : undefined;
  const accel = channels.has('accel') ? s.values.accel : undefined;
  const peakDps = gyro ? Math.abs(gyro[AXIS_INDEX[spec.hingeAxis.axis]]) : (door.closing?.peakDps ?? 0);
  const impactG = accel ? Math.abs(Math.hypot(accel[0], accel[1], accel[2]) - 1) : null;
  countSlam(door, rules, te, peakDps, impactG, [keyOf(s)], events);
}

/** Accel: remember spikes (|‖a‖ − 1 g|) that can confirm a slam. */
function applyAccel(door: DoorState, rules: Rules, accel: readonly number[], t: number, key: SampleKey): void {
  door.hasAccel = true;
  const g = Math.abs(Math.hypot(accel[0] ?? 0, accel[1] ?? 0, accel[2] ?? 0) - 1);
  if (g < rules.door.slamAccelG) return;
  door.spikeT = t;
  door.spikeG = g;
  const c = door.slamCandidate;
  if (c && Math.abs(t - c.t) <= rules.door.slamWindowMs) c.keys = withKey(c.keys, key);
}

/** Angle and rate from a device angle or the gyro. */
function applyMotion(door: DoorState, spec: DoorSpec, rules: Rules, s: Sample, te: number, ch: Set<Channel>): void {
  const prevAngle = door.angle;
  const prevT = door.gyroT;
  const gapOk = prevT !== null && te - prevT > 0 && te - prevT <= rules.door.maxGyroGapMs;
  let rate: number | null = null;
  const gyro = ch.has('gyro') ? s.values.gyro : undefined;
  if (gyro) {
    const r = gyro[AXIS_INDEX[spec.hingeAxis.axis]] * spec.hingeAxis.sign;
    rate = Math.abs(r) < rules.door.gyroDeadbandDps ? 0 : r;
  }
  const devAngle = ch.has('angle') ? s.values.angle : undefined;
  if (devAngle !== undefined) {
    // The device's own estimate wins; without a gyro its differences give the rate.
    if (rate === null && gapOk && prevAngle !== null) rate = ((devAngle - prevAngle) * 1000) / (te - prevT!);
    door.angle = clampAngle(devAngle);
    door.angleSource = 'device';
    door.gyroT = te;
  } else if (rate !== null) {
    // Integrate only from a known angle (a hall zero or a device value) and never across a gap.
    if (door.angle !== null && gapOk) {
      door.angle = clampAngle(door.angle + (((door.rateDps + rate) / 2) * (te - prevT!)) / 1000);
      door.angleSource = 'gyro';
    }
    door.gyroT = te;
  }
  if (rate === null) return;
  door.rateDps = rate === 0 ? 0 : rate;
  // Closing speed: the rate towards zero angle; without a known angle any fast turn might be a close.
  const ref = prevAngle ?? door.angle;
  const closingDps = ref !== null && Math.abs(ref) >= rules.door.zeroAngleDeg ? -rate * Math.sign(ref) : Math.abs(rate);
  if (closingDps >= rules.door.slamRateDps) {
    const c = door.closing;
    const keys = withKey(c ? c.keys : [], keyOf(s), 4);
    door.closing = {
      peakDps: c && c.peakDps > closingDps ? c.peakDps : closingDps,
      peakT: c && c.peakDps > closingDps ? c.peakT : te,
      keys,
    };
  }
}

/** Hall: per-device contact, the door's contact, re-zeroing the angle. */
function applyHall(door: DoorState, rules: Rules, s: Sample, te: number): void {
  const contact = s.values.door!;
  const wasClosed = door.hall === 'closed';
  door.hallByDev = { ...door.hallByDev, [s.dev]: { contact, t: te } };
  door.hall = contact;
  const contacts = new Set(Object.values(door.hallByDev).map((h) => h.contact));
  door.disagreeSince = contacts.size > 1 ? (door.disagreeSince ?? te) : null;
  if (contact === 'closed') {
    if (door.angleSource === 'device') return;
    // A transition to closed always re-zeroes; a repeated "closed" re-zeroes only small drift, so a gyro that saw
    // the leaf swing while the hall still says closed stays visible as a conflict.
    const small = door.angle === null || Math.abs(door.angle) <= rules.door.conflictAngleDeg;
    if (!wasClosed || small) {
      door.angle = 0;
      door.angleSource = door.gyroT === null ? 'hall' : 'gyro';
    }
  } else if (door.angleSource === 'hall') {
    door.angle = null; // hall alone: open, but how far is unknown
  }
}

/** Applies the door channels a sample carries for this door. */
export function applyDoorSample(
  door: DoorState,
  spec: DoorSpec,
  rules: Rules,
  s: Sample,
  te: number,
  channels: Set<Channel>,
  events: TwinEvent[],
): void {
  if (s.evt === 'slam') {
    reportedSlam(door, spec, rules, s, te, channels, events);
    return;
  }
  const key = keyOf(s);
  const accel = channels.has('accel') ? s.values.accel : undefined;
  if (accel) applyAccel(door, rules, accel, te, key);
  applyMotion(door, spec, rules, s, te, channels);
  if (channels.has('door') && s.values.door !== undefined) applyHall(door, rules, s, te);
  if (door.closing && te - door.closing.peakT > rules.door.slamWindowMs) door.closing = null;
  door.lastKey = key;
  updateTimers(door, rules, te);

  const before = door.position;
  const after = doorPosition(door, spec, rules);
  if (after === before) {
    const c = door.slamCandidate;
    if (c && c.needsImpact && door.spikeT !== null && Math.abs(door.spikeT - c.t) <= rules.door.slamWindowMs) {
      confirmSlam(door, rules, door.spikeG, events);
    }
    return;
  }
  door.position = after;
  door.since = te;
  if (before !== 'unknown' && (before === 'closed') !== (after === 'closed')) {
    events.push({ kind: 'door', t: te, door: door.id, change: after === 'closed' ? 'closed' : 'opened', keys: [key] });
  }
  if (after !== 'closed') return;
  const closing = door.closing;
  door.closing = null;
  if (!closing) return;
  door.slamCandidate = {
    t: te,
    peakDps: closing.peakDps,
    needsImpact: door.hasAccel,
    keys: withKey(closing.keys, key),
  };
  const spikeNear = door.spikeT !== null && Math.abs(door.spikeT - te) <= rules.door.slamWindowMs;
  if (!door.hasAccel) confirmSlam(door, rules, null, events);
  else if (spikeNear) confirmSlam(door, rules, door.spikeG, events);
}

/** Conflict timers, from the current hall and angle. */
function updateTimers(door: DoorState, rules: Rules, te: number): void {
  const measured = door.angle !== null && door.angleSource !== 'hall';
  const a = measured ? Math.abs(door.angle!) : null;
  const atZero = door.hall === 'open' && a !== null && a < rules.door.zeroAngleDeg;
  door.openAtZeroSince = atZero ? (door.openAtZeroSince ?? te) : null;
  const atAngle = door.hall === 'closed' && a !== null && a > rules.door.conflictAngleDeg;
  door.closedAtAngleSince = atAngle ? (door.closedAtAngleSince ?? te) : null;
}

/** Time passing: a slam candidate without an impact expires; the per-day count rolls over. */
export function tickDoor(door: DoorState, rules: Rules, now: number): void {
  const c = door.slamCandidate;
  if (c && now - c.t > rules.door.slamWindowMs) door.slamCandidate = null;
  if (door.slams.day !== null && door.slams.day !== dayOf(now, rules)) {
    door.slams = { ...door.slams, day: dayOf(now, rules), today: 0 };
  }
}
