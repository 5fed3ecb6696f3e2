/**
 * Room occupancy from PIR motion, hold times and the doors ("wasp in a box"): a room stays occupied `holdMs` after
 * the last motion, `closedHoldMs` when a door closed after that motion (whoever closed it may be sitting still
 * inside). Motion while every door is closed and the room was still occupied means someone is closed in: occupied
 * until a door opens. Motion while every door is closed and the room was vacant cannot be a person (nobody could
 * have entered): that is a phantom-motion conflict, not occupancy.
 */
import type { Rules } from '../../common/site';
import type { OccupancyReason, OccupancyState, SampleKey, TwinEvent } from '../../common/twin';

/** What occupancy needs to know about a room's doors. */
export interface RoomDoors {
  /** The room has doors and all of them are known closed. */
  sealed: boolean;
  /** Latest close time among the room's closed doors. */
  lastCloseT: number | null;
}

/** A room nothing is known about yet. */
export function initOccupancy(): OccupancyState {
  return {
    occupied: false,
    reason: 'unknown',
    since: null,
    lastMotionT: null,
    lastMotionKey: null,
    sealedSince: null,
    motionWhileSealed: false,
    lastOccupiedT: null,
    lastUnsealedT: null,
    phantomT: null,
    phantomKey: null,
  };
}

/** Occupancy at `now` from what is known; pure. */
export function occupancyAt(
  occ: OccupancyState,
  rules: Rules,
  now: number,
  lastCloseT: number | null,
): { occupied: boolean; reason: OccupancyReason } {
  if (occ.sealedSince !== null && occ.motionWhileSealed) return { occupied: true, reason: 'closed-in' };
  if (occ.lastMotionT !== null) {
    const closedAfter = lastCloseT !== null && lastCloseT >= occ.lastMotionT;
    const hold = closedAfter ? rules.occupancy.closedHoldMs : rules.occupancy.holdMs;
    if (now - occ.lastMotionT < hold) return { occupied: true, reason: 'motion' };
    return { occupied: false, reason: 'vacant' };
  }
  return { occupied: false, reason: occ.reason === 'unknown' ? 'unknown' : 'vacant' };
}

/** A PIR reading. `motion: false` only tells that the sensor is alive. */
export function applyMotionSample(
  occ: OccupancyState,
  rules: Rules,
  motion: boolean,
  te: number,
  key: SampleKey,
  doors: RoomDoors,
): void {
  if (!motion) {
    if (occ.reason === 'unknown') occ.reason = 'vacant';
    return;
  }
  if (occ.sealedSince !== null) {
    const before = occupancyAt(occ, rules, te, doors.lastCloseT);
    if (occ.phantomT !== null || (!before.occupied && before.reason === 'vacant')) {
      occ.phantomT = te;
      occ.phantomKey = key;
    } else {
      occ.motionWhileSealed = true;
    }
  }
  occ.lastMotionT = te;
  occ.lastMotionKey = key;
}

/** Time passing and door changes: sealing, hold expiry, phantom expiry; emits occupancy changes. */
export function tickOccupancy(
  occ: OccupancyState,
  rules: Rules,
  now: number,
  doors: RoomDoors,
  roomId: string,
  events: TwinEvent[],
): void {
  if (doors.sealed) {
    if (occ.sealedSince === null) {
      occ.sealedSince = doors.lastCloseT ?? now;
      occ.motionWhileSealed = false;
    }
  } else {
    occ.sealedSince = null;
    occ.motionWhileSealed = false;
    occ.phantomT = null;
    occ.phantomKey = null;
    occ.lastUnsealedT = now;
  }
  if (occ.phantomT !== null && now - occ.phantomT > rules.occupancy.phantomClearMs) {
    occ.phantomT = null;
    occ.phantomKey = null;
  }
  const next = occupancyAt(occ, rules, now, doors.lastCloseT);
  if (next.occupied !== occ.occupied) {
    occ.since = now;
    events.push({ kind: 'occupancy', t: now, room: roomId, occupied: next.occupied, reason: next.reason });
  }
  occ.occupied = next.occupied;
  occ.reason = next.reason;
  if (next.occupied) occ.lastOccupiedT = now;
}
