/**
 * Rooms: latest readings, occupancy and the CO2 model, and how a room's doors couple it to its neighbours.
 * Functions mutate the engine's working copy of the state.
 */
import type { Sample } from '../../common/sample';
import type { RoomSpec } from '../../common/site';
import type { RoomState, TwinEvent, TwinState } from '../../common/twin';
import { polygonArea, type RoomModel } from './co2Model';
import { initCo2Model, updateCo2Model, type DoorExchange } from './co2Room';
import { keyOf } from './keys';
import { applyMotionSample, initOccupancy, tickOccupancy, type RoomDoors } from './occupancy';
import { roomThresholdPpm } from './rules';
import { otherSide, OUTSIDE, siteIndex, type Binding } from './siteIndex';
import type { Rules } from '../../common/site';

/** A room with its volume and a prior ventilation rate. */
export function initRoom(spec: RoomSpec, rules: Rules): RoomState {
  const volumeM3 = polygonArea(spec.floor) * spec.height;
  return {
    id: spec.id,
    volumeM3,
    co2: null,
    temp: null,
    rh: null,
    lux: null,
    occupancy: initOccupancy(),
    model: initCo2Model(rules.co2, volumeM3),
  };
}

/** Whether every door of the room is closed, and when the last of them closed. */
export function roomDoors(state: TwinState, roomId: string): RoomDoors {
  const doors = siteIndex(state.site).roomDoors.get(roomId) ?? [];
  let sealed = doors.length > 0;
  let lastCloseT: number | null = null;
  for (const spec of doors) {
    const d = state.doors[spec.id];
    if (!d || d.position !== 'closed') {
      sealed = false;
      continue;
    }
    if (d.since !== null && (lastCloseT === null || d.since > lastCloseT)) lastCloseT = d.since;
  }
  return { sealed, lastCloseT };
}

/** Flow through the room's doors now (half for partly open) and the flow-weighted concentration behind them. */
export function doorExchange(state: TwinState, roomId: string): DoorExchange {
  const { rules } = state;
  let q = 0;
  let qc = 0;
  for (const spec of siteIndex(state.site).roomDoors.get(roomId) ?? []) {
    const pos = state.doors[spec.id]?.position ?? 'unknown';
    const f = pos === 'open' ? 1 : pos === 'partly-open' ? 0.5 : 0;
    if (f === 0) continue;
    const other = otherSide(spec, roomId);
    const c = other === OUTSIDE ? rules.co2.outdoorPpm : (state.rooms[other]?.co2?.value ?? rules.co2.outdoorPpm);
    q += f * rules.co2.doorFlowM3s;
    qc += f * rules.co2.doorFlowM3s * c;
  }
  return { qDoor: q, otherPpm: q > 0 ? qc / q : rules.co2.outdoorPpm };
}

function maxOccupants(state: TwinState, room: RoomState, roomId: string): number {
  const override = state.rules.rooms[roomId]?.maxOccupants;
  if (override !== undefined) return override;
  const spec = siteIndex(state.site).rooms.get(roomId);
  return Math.max(1, Math.ceil((spec ? polygonArea(spec.floor) : room.volumeM3) * state.rules.co2.maxOccupantsPerM2));
}

/** Since when the room has been empty and closed, if it is. */
function quietSince(room: RoomState): number | null {
  const o = room.occupancy;
  if (o.occupied || o.reason !== 'vacant' || o.sealedSince === null) return null;
  return Math.max(o.sealedSince, o.lastOccupiedT ?? o.sealedSince);
}

/** Applies the room channels a sample carries. */
export function applyRoomSample(state: TwinState, roomId: string, b: Binding, s: Sample, te: number): void {
  const room = state.rooms[roomId];
  if (!room) return;
  const key = keyOf(s);
  const v = s.values;
  if (b.channels.has('temp') && v.temp !== undefined) room.temp = { value: v.temp, t: te, key };
  if (b.channels.has('rh') && v.rh !== undefined) room.rh = { value: v.rh, t: te, key };
  if (b.channels.has('lux') && v.lux !== undefined) room.lux = { value: v.lux, t: te, key };
  if (b.channels.has('motion') && v.motion !== undefined) {
    applyMotionSample(room.occupancy, state.rules, v.motion, te, key, roomDoors(state, roomId));
  }
  if (b.channels.has('co2') && v.co2 !== undefined) {
    room.co2 = { value: v.co2, t: te, key };
    if (siteIndex(state.site).primaryCo2.get(roomId) === s.dev) {
      updateCo2Model(
        room.model,
        {
          rules: state.rules.co2,
          volumeM3: room.volumeM3,
          exchange: doorExchange(state, roomId),
          thresholdPpm: roomThresholdPpm(state.rules, roomId),
          maxOccupants: maxOccupants(state, room, roomId),
          quietSince: quietSince(room),
        },
        te,
        v.co2,
      );
    }
  }
}

/** Time passing for a room: occupancy holds, sealing. */
export function tickRoom(state: TwinState, roomId: string, now: number, events: TwinEvent[]): void {
  const room = state.rooms[roomId];
  if (room) tickOccupancy(room.occupancy, state.rules, now, roomDoors(state, roomId), roomId, events);
}

/** The room as `predict` sees it now, coupled to the room behind its first interior door. */
export function roomModelOf(state: TwinState, roomId: string): RoomModel | null {
  const room = state.rooms[roomId];
  if (!room) return null;
  const { rules } = state;
  const doors = siteIndex(state.site).roomDoors.get(roomId) ?? [];
  const door = doors.find((d) => otherSide(d, roomId) !== OUTSIDE) ?? doors[0];
  const nbId = door ? otherSide(door, roomId) : OUTSIDE;
  const nb = nbId === OUTSIDE ? undefined : state.rooms[nbId];
  const pos = door ? (state.doors[door.id]?.position ?? 'unknown') : 'closed';
  return {
    volumeM3: room.volumeM3,
    qM3s: room.model.qM3s,
    co2Ppm: room.co2?.value ?? rules.co2.outdoorPpm,
    occupants: room.model.occupants ?? 0,
    outdoorPpm: rules.co2.outdoorPpm,
    generationM3s: rules.co2.generationM3s,
    doorFlowM3s: door ? rules.co2.doorFlowM3s : 0,
    doorOpen: pos === 'open' || pos === 'partly-open',
    neighbour: nb
      ? {
          volumeM3: nb.volumeM3,
          qM3s: nb.model.qM3s,
          co2Ppm: nb.co2?.value ?? rules.co2.outdoorPpm,
          occupants: nb.model.occupants ?? 0,
        }
      : null,
  };
}
