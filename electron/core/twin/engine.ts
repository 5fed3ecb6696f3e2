/**
 * The twin engine: a pure, deterministic reducer over `TwinInput`s. No timers, no I/O, no wall clock, no randomness:
 * time comes only from the inputs, so live and replay produce the same states and events bit for bit.
 *
 * Reorder window: every input waits in `state.pending` until the largest input time seen (`watermark`) is
 * `rules.reorderWindowMs` past it, then inputs are applied one at a time in `compareInputs` order. Consequences:
 * - any arrival order in which each input arrives before the watermark passes its time + window gives identical
 *   results (property-tested);
 * - how inputs are split into `applyInputs` calls never matters;
 * - an input later than that (older than what was already applied) still counts for device health (sequence, loss,
 *   `tooLate`) but does not rewrite the picture; the store keeps it for history;
 * - the picture lags the newest input by the window; `drain` applies everything pending (end of a back-test).
 */
import type { SiteSpec } from '../../common/site';
import type { TwinEvent, TwinInput, TwinState } from '../../common/twin';
import { ackAlert, initAlertBook, updateAlerts } from './alerts';
import { collectConditions } from './conditions';
import { updateConflicts } from './conflicts';
import { applyDoorSample, initDoor, tickDoor } from './door';
import { accountSeq, applyDeviceSample, applyHello, applyStatus, initDevice, tickDevice } from './health';
import { inputTime, insertSorted } from './order';
import { applyRoomSample, initRoom, tickRoom } from './rooms';
import { resolveRules } from './rules';
import { applySensorSample } from './sensors';
import { siteIndex } from './siteIndex';
import type { Sample } from '../../common/sample';
import type { DeviceHealth } from '../../common/twin';

const FORMAT = 'twinscope-twin/1';

export interface ApplyResult {
  state: TwinState;
  events: TwinEvent[];
}

/** A fresh twin for a (validated) site. */
export function createTwin(site: SiteSpec): TwinState {
  const rules = resolveRules(site.rules);
  const state: TwinState = {
    format: FORMAT,
    site,
    rules,
    t: null,
    watermark: null,
    pending: [],
    doors: {},
    rooms: {},
    devices: {},
    sensors: {},
    conflicts: {},
    alerts: initAlertBook(),
  };
  for (const d of site.doors) state.doors[d.id] = initDoor(d.id);
  for (const r of site.rooms) state.rooms[r.id] = initRoom(r, rules);
  for (const s of site.sensors) state.devices[s.dev] ??= initDevice(s.dev, true);
  return state;
}

/** Deep copy of plain JSON data; several times faster than structuredClone for the state's small objects. */
function cloneJson<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneJson(v[i] as unknown);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * The engine never mutates its argument: it works on a copy. Site and rules never change, and waiting inputs are
 * never modified (only added to and removed from the list), so those are shared.
 */
function workingCopy(state: TwinState): TwinState {
  const { site, rules, pending, ...rest } = state;
  return { ...cloneJson(rest), site, rules, pending: pending.slice() };
}

function device(state: TwinState, dev: string): DeviceHealth {
  return (state.devices[dev] ??= initDevice(dev, false));
}

function applySample(state: TwinState, s: Sample, te: number, events: TwinEvent[]): void {
  applyDeviceSample(device(state, s.dev), s, te);
  applySensorSample(state.sensors, s, te, state.rules);
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
}

/** Everything that depends on time alone, then conflicts and alerts, at `now`. */
function evaluate(state: TwinState, now: number, events: TwinEvent[]): void {
  for (const d of Object.values(state.doors)) tickDoor(d, state.rules, now);
  for (const d of Object.values(state.devices)) tickDevice(d, state.rules, now);
  for (const id of Object.keys(state.rooms)) tickRoom(state, id, now, events);
  updateConflicts(state, now, events);
  updateAlerts(state.alerts, collectConditions(state, now), now, state.rules, events);
}

/**
 * Device bookkeeping and user acks: the same whether the input arrives in order or too late. A status counts at its
 * own time; an ack at `now`, the engine's time.
 */
function applyNonSample(
  state: TwinState,
  input: Exclude<TwinInput, { kind: 'sample' }>,
  now: number,
  events: TwinEvent[],
): void {
  switch (input.kind) {
    case 'status':
      applyStatus(device(state, input.dev), input.online, input.t);
      break;
    case 'hello':
      applyHello(device(state, input.dev), input.intervalMs, input.fw);
      if (input.boot !== undefined && input.seq !== undefined)
        accountSeq(device(state, input.dev), input.boot, input.seq);
      break;
    case 'seen':
      accountSeq(device(state, input.dev), input.boot, input.seq);
      break;
    case 'clock':
      break;
    case 'ack':
      ackAlert(state.alerts, input.alertId, now, events);
      break;
    default: {
      const never: never = input;
      throw new Error(`unknown input ${JSON.stringify(never)}`);
    }
  }
}

/** Applies one input in order (its time is not before `state.t`). */
function applyInOrder(state: TwinState, input: TwinInput, events: TwinEvent[]): void {
  const now = inputTime(input);
  state.t = now;
  if (input.kind === 'sample') {
    accountSeq(device(state, input.sample.dev), input.sample.boot, input.sample.seq);
    applySample(state, input.sample, now, events);
  } else {
    applyNonSample(state, input, now, events);
  }
  evaluate(state, now, events);
}

/** An input older than what was already applied: health bookkeeping only, at the engine's current time. */
function applyTooLate(state: TwinState, input: TwinInput, events: TwinEvent[]): void {
  const now = state.t!;
  if (input.kind === 'clock') return;
  if (input.kind === 'sample') {
    const d = device(state, input.sample.dev);
    accountSeq(d, input.sample.boot, input.sample.seq);
    d.tooLate += 1;
  } else {
    applyNonSample(state, input, now, events);
  }
  evaluate(state, now, events);
}

/** Applies pending inputs up to `limit` (inclusive). */
function release(state: TwinState, limit: number, events: TwinEvent[]): void {
  let n = 0;
  while (n < state.pending.length && inputTime(state.pending[n]!) <= limit) n++;
  if (n === 0) return;
  const ready = state.pending.splice(0, n);
  for (const input of ready) applyInOrder(state, input, events);
}

/** Feeds inputs (in arrival order) through the reorder window; returns the new state and what happened. */
export function applyInputs(state: TwinState, inputs: Iterable<TwinInput>): ApplyResult {
  const s = workingCopy(state);
  const events: TwinEvent[] = [];
  const window = s.rules.reorderWindowMs;
  for (const input of inputs) {
    const t = inputTime(input);
    if (!Number.isFinite(t)) continue; // ingest validates times; a NaN must never reach the state
    if (s.t !== null && t < s.t) {
      applyTooLate(s, input, events);
      continue;
    }
    if (!insertSorted(s.pending, input)) continue;
    if (s.watermark === null || t > s.watermark) s.watermark = t;
    release(s, s.watermark - window, events);
  }
  return { state: s, events };
}

/** Applies everything still waiting in the reorder window (end of a recording or back-test). */
export function drain(state: TwinState): ApplyResult {
  const s = workingCopy(state);
  const events: TwinEvent[] = [];
  release(s, Number.POSITIVE_INFINITY, events);
  return { state: s, events };
}

/** The state as JSON, for the store's periodic snapshots. */
export function snapshot(state: TwinState): string {
  return JSON.stringify(state);
}

/** A state from `snapshot`; throws on something that is not one (a corrupt snapshot is a bug, not user data). */
export function restore(json: string): TwinState {
  const value = JSON.parse(json) as Partial<TwinState>;
  if (value === null || typeof value !== 'object' || value.format !== FORMAT) {
    throw new Error(`not a ${FORMAT} snapshot`);
  }
  return value as TwinState;
}
