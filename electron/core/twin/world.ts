/**
 * The world part of the twin, in event time: a sample changes sensors, doors and rooms, then everything that depends
 * on time alone is brought to the sample's time and the world rules' conflicts and alerts are judged there. This is
 * what a rewind re-applies.
 */
import type { Sample } from '../../common/sample';
import type { TwinEvent, TwinState } from '../../common/twin';
import { updateAlerts } from './alerts';
import { worldConditions } from './conditions';
import { updateConflicts } from './conflicts';
import { applyDoorSample, tickDoor } from './door';
import { applyRoomSample, tickRoom } from './rooms';
import { applySensorSample } from './sensors';
import { siteIndex } from './siteIndex';

/** Applies one sample at its event time `te` (not before `state.t`). */
export function applyWorldSample(state: TwinState, s: Sample, te: number, events: TwinEvent[]): void {
  state.t = te;
  applySensorSample(state.sensors, state.flaggedSensors, s, te, state.rules);
  const index = siteIndex(state.site);
  for (const b of index.bindingsByDev.get(s.dev) ?? []) {
    if (b.kind === 'door') {
      const door = state.doors[b.target];
      const spec = index.doors.get(b.target);
      if (door && spec) applyDoorSample(door, spec, state.rules, s, te, b.channels, events);
    } else {
      applyRoomSample(state, b.target, b, s, te);
    }
  }
  evaluateWorld(state, te, events);
}

/** Everything that depends on event time alone, then conflicts and alerts, at `now`. */
function evaluateWorld(state: TwinState, now: number, events: TwinEvent[]): void {
  for (const d of Object.values(state.doors)) tickDoor(d, state.rules, now);
  for (const id of Object.keys(state.rooms)) tickRoom(state, id, now, events);
  updateConflicts(state, now, events);
  const ctx = { acks: state.acks, hostT: state.hostT, rules: state.rules };
  updateAlerts(state.alerts, worldConditions(state, now), now, ctx, events);
}
