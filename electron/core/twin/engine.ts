/**
 * The twin engine: a pure, deterministic reducer over `TwinInput`s. No timers, no I/O, no wall clock, no randomness:
 * time comes only from the inputs, so live, replay and back-test produce the same states and events.
 *
 * Two clocks (see README.md):
 * - Event time orders the world (doors, rooms, sensors, their conflicts and alerts). Samples wait in
 *   `state.pending` until every active device's data has reached their time (`progress.ts`), then apply one at a
 *   time in `compareInputs` order. A sample behind what was applied is returned as `late`: the twin runner rewinds
 *   to a snapshot before it and re-applies (`rewindWorld`), within the horizon.
 * - Processing time (host time: receive times, clock ticks, acks) judges the links: silent or offline devices,
 *   status against data, data lag. That part follows arrival order and is never rewound. Host time never makes
 *   data late.
 */
import type { SiteSpec } from '../../common/site';
import type { TwinEvent, TwinInput, TwinState, TwinWorld } from '../../common/twin';
import { WORLD_KEYS } from '../../common/twin';
import { ackAlert, findActive, initAlertBook } from './alerts';
import { initDoor } from './door';
import { initDevice } from './health';
import { applyLink, evaluateLink, linkNeedsLook } from './link';
import { compareInputs, inputTime, insertSorted } from './order';
import { frontier } from './progress';
import { initRoom } from './rooms';
import { resolveRules } from './rules';
import { applyWorldSample } from './world';

const FORMAT = 'twinscope-twin/2';

export interface ApplyResult {
  state: TwinState;
  events: TwinEvent[];
  /** Samples applied to the world, in application order. */
  applied: TwinInput[];
  /** Samples behind what the world had applied, within the horizon: to be applied by rewinding. */
  late: TwinInput[];
}

/** Called after each sample is applied to the world (the runner keeps its log and snapshots here). */
export type OnApplied = (input: TwinInput, state: TwinState) => void;

/** A fresh twin for a (validated) site. */
export function createTwin(site: SiteSpec): TwinState {
  const rules = resolveRules(site.rules);
  const state: TwinState = {
    format: FORMAT,
    site,
    rules,
    t: null,
    hostT: null,
    linkT: null,
    doors: {},
    rooms: {},
    sensors: {},
    flaggedSensors: {},
    conflicts: {},
    alerts: initAlertBook(),
    devices: {},
    progress: {},
    pending: [],
    lastApplied: null,
    linkConflicts: {},
    linkAlerts: initAlertBook(),
    acks: {},
    late: { applied: 0, beyondHorizon: 0, rewinds: 0 },
  };
  for (const d of site.doors) state.doors[d.id] = initDoor(d.id);
  for (const r of site.rooms) state.rooms[r.id] = initRoom(r, rules);
  for (const s of site.sensors) state.devices[s.dev] ??= initDevice(s.dev, true);
  return state;
}

/**
 * The same twin over a site that places more devices (the user placed one): nothing is re-applied or forgotten, the
 * newly placed devices count as the site's from now on, and a third-party id newly bound to a sensor stops being a
 * device of its own (its readings now arrive as that sensor's, so its silence is no alert). Rules stay as they were.
 */
export function withSite(state: TwinState, site: SiteSpec): TwinState {
  const devices = { ...state.devices };
  for (const s of site.sensors) {
    const d = devices[s.dev];
    devices[s.dev] = d ? { ...d, inSite: true } : initDevice(s.dev, true);
  }
  for (const from of Object.keys(site.bindings ?? {})) if (devices[from]?.inSite === false) delete devices[from];
  return { ...state, site, devices };
}

/** Deep copy of plain JSON data; several times faster than structuredClone for the state's small objects. */
export function cloneJson<T>(v: T): T {
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
  const { site, rules, pending, lastApplied, ...rest } = state;
  return { ...cloneJson(rest), site, rules, pending: pending.slice(), lastApplied };
}

/** A copy of the event-time part, for the runner's snapshots. */
export function worldOf(state: TwinState): TwinWorld {
  const out = {} as Record<string, unknown>;
  for (const k of WORLD_KEYS) out[k] = cloneJson(state[k]);
  return out as unknown as TwinWorld;
}

/** Applies waiting samples up to `limit` (inclusive). */
function release(state: TwinState, limit: number, events: TwinEvent[], applied: TwinInput[], hook?: OnApplied): void {
  let n = 0;
  while (n < state.pending.length && inputTime(state.pending[n]!) <= limit) n++;
  if (n === 0) return;
  const ready = state.pending.splice(0, n);
  for (const input of ready) {
    if (input.kind !== 'sample') continue;
    applyWorldSample(state, input.sample, inputTime(input), events);
    state.lastApplied = input;
    applied.push(input);
    hook?.(input, state);
  }
}

/**
 * A user acknowledgement: whichever book holds the alert. The picture shows samples still waiting for event-time
 * progress (the view drains them), so the alert acknowledged may not be raised in the world yet: the ack is then
 * kept, and applies as the world raises it.
 */
function acknowledge(state: TwinState, alertId: string, t: number, events: TwinEvent[]): void {
  const book = findActive(state.alerts, alertId) ? state.alerts : state.linkAlerts;
  if (ackAlert(book, state.acks, alertId, t, events)) return;
  if (state.pending.length === 0) return;
  const shown = findActive(drain(state).state.alerts, alertId);
  if (shown?.status === 'raised') state.acks[alertId] = { t, occurrences: shown.occurrences };
}

/**
 * Feeds inputs in arrival order: the link part at once, samples into the world as event-time progress allows.
 * Returns the new state, what happened, and the late samples the caller should rewind for.
 */
export function applyInputs(state: TwinState, inputs: Iterable<TwinInput>, onApplied?: OnApplied): ApplyResult {
  const s = workingCopy(state);
  const events: TwinEvent[] = [];
  const applied: TwinInput[] = [];
  const late: TwinInput[] = [];
  for (const input of inputs) {
    const t = inputTime(input);
    if (!Number.isFinite(t)) continue; // ingest validates times; a NaN must never reach the state
    const look = input.kind !== 'sample' || linkNeedsLook(s, input.sample);
    applyLink(s, input);
    if (input.kind === 'ack') acknowledge(s, input.alertId, input.t, events);
    if (input.kind === 'sample') {
      if (s.lastApplied !== null && compareInputs(input, s.lastApplied) < 0) {
        const d = s.devices[input.sample.dev]!;
        if (s.hostT !== null && t < s.hostT - s.rules.time.horizonMs) {
          d.beyondHorizon += 1;
          s.late.beyondHorizon += 1;
        } else {
          d.lateApplied += 1;
          s.late.applied += 1;
          late.push(input);
        }
        if (look) evaluateLink(s, events);
        continue;
      }
      insertSorted(s.pending, input);
    }
    if (look) evaluateLink(s, events);
    release(s, frontier(s), events, applied, onApplied);
  }
  return { state: s, events, applied, late };
}

/**
 * Rewinds the world to `base` (a snapshot from `worldOf`) and applies `samples` (in `compareInputs` order) to it;
 * the link part, the waiting samples and the acknowledgements stay as they are. The events are those of the
 * re-application: the runner compares them with what it reported before.
 */
export function rewindWorld(
  state: TwinState,
  base: TwinWorld,
  samples: readonly TwinInput[],
  onApplied?: OnApplied,
): { state: TwinState; events: TwinEvent[] } {
  const s = workingCopy(state);
  for (const k of WORLD_KEYS) (s as unknown as Record<string, unknown>)[k] = cloneJson(base[k]);
  s.late.rewinds += 1;
  const events: TwinEvent[] = [];
  for (const input of samples) {
    if (input.kind !== 'sample') continue;
    applyWorldSample(s, input.sample, inputTime(input), events);
    s.lastApplied = input;
    onApplied?.(input, s);
  }
  return { state: s, events };
}

/** Counts late samples the caller could not rewind for (no snapshot old enough) as beyond the horizon. */
export function beyondHorizon(state: TwinState, samples: readonly TwinInput[]): TwinState {
  const s = workingCopy(state);
  for (const input of samples) {
    if (input.kind !== 'sample') continue;
    const d = s.devices[input.sample.dev];
    if (d) {
      d.lateApplied -= 1;
      d.beyondHorizon += 1;
    }
    s.late.applied -= 1;
    s.late.beyondHorizon += 1;
  }
  return s;
}

/** Applies everything still waiting (end of a recording or back-test). */
export function drain(state: TwinState, onApplied?: OnApplied): ApplyResult {
  const s = workingCopy(state);
  const events: TwinEvent[] = [];
  const applied: TwinInput[] = [];
  release(s, Number.POSITIVE_INFINITY, events, applied, onApplied);
  return { state: s, events, applied, late: [] };
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
