/**
 * One twin runner for live, replay and back-test: owns the engine state, the snapshot ring that late data rewinds
 * to, the frames, and alert persistence through a port. No database, no timers of its own: whoever feeds it (the
 * live hub, a replay, a test) decides when inputs arrive and when a frame is taken.
 */
import type { TwinFrame } from '../../common/frame';
import type { SiteSpec } from '../../common/site';
import type { Alert, TwinEvent, TwinInput, TwinState } from '../../common/twin';
import type { TwinView } from '../../common/views';
import { activeAlerts, closeAlerts } from '../twin/alerts';
import {
  applyInputs,
  beyondHorizon,
  createTwin,
  drain,
  rewindWorld,
  withSite,
  worldOf,
  type OnApplied,
} from '../twin/engine';
import { compareInputs, inputTime, sameSampleKey } from '../twin/order';
import { twinView } from '../twin/view';
import { reconcile, remember, type ReportedSoFar } from './reconcile';
import { SnapshotRing, type SpacingTier } from './SnapshotRing';

/** Where alert changes go to be kept (the history's alert table). */
export interface AlertPort {
  record(events: readonly TwinEvent[]): void;
}

export interface TwinRunnerOptions {
  alerts?: AlertPort;
  /** Events kept for the next frame at most; older ones are dropped and counted. */
  maxBacklog?: number;
  tiers?: readonly SpacingTier[];
}

/** Merges two lists in `compareInputs` order, dropping a second copy of the same sample. */
function mergeSorted(a: readonly TwinInput[], b: readonly TwinInput[]): TwinInput[] {
  const out: TwinInput[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && compareInputs(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!;
    const prev = out[out.length - 1];
    if (prev !== undefined && sameSampleKey(prev, next)) continue;
    out.push(next);
  }
  return out;
}

export class TwinRunner {
  private state: TwinState;
  private ring: SnapshotRing;
  private readonly reported: ReportedSoFar = { alerts: new Map(), slams: new Set() };
  private backlog: TwinEvent[] = [];
  private dropped = 0;
  private frameSeq = 0;
  private seekSeq = 0;
  private dirty = true;
  private fed = 0;
  private readonly record: OnApplied = (input, s) => {
    this.ring.append(input);
    if (s.t !== null && this.ring.due(s.t)) this.ring.add(s.t, worldOf(s));
  };

  constructor(
    private site: SiteSpec,
    private readonly options: TwinRunnerOptions = {},
  ) {
    this.state = createTwin(site);
    this.ring = new SnapshotRing(this.state.rules.time.horizonMs, options.tiers);
    this.ring.reset(worldOf(this.state));
  }

  /** The engine state (for what-if, tests and snapshots). */
  get current(): TwinState {
    return this.state;
  }

  /**
   * What the renderer shows now: the picture with the samples still waiting for slower devices applied to a copy.
   * The door turns as soon as its data arrives instead of a reorder window later; the waiting samples are applied
   * for real (and their events reported) once every device has caught up, and should a late one change the past,
   * the rewind shows it with a new `seekSeq`.
   */
  view(): TwinView {
    if (this.state.pending.length === 0) return twinView(this.state);
    return twinView(drain(this.state).state);
  }

  /** Snapshots and samples held for rewinds. */
  get held(): { snapshots: number; samples: number } {
    return this.ring.size;
  }

  /** World time of the oldest snapshot held: late data older than this cannot be rewound for. */
  get rewindsReachBackTo(): number {
    return this.ring.oldest.t;
  }

  /** Inputs fed so far in this session: the arrival position stored snapshots are keyed by. */
  get inputsFed(): number {
    return this.fed;
  }

  /**
   * Continues from a stored engine snapshot taken after `arrival` inputs (a seek). The rewind ring starts there: late
   * data reaching back before it is counted beyond the horizon, unless `warmup` (the recorded inputs that followed the
   * snapshot, in batches) is re-applied first, quietly, to rebuild the ring as live had it.
   */
  resume(state: TwinState, arrival: number, warmup: Iterable<readonly TwinInput[]> = []): void {
    this.state = state;
    this.ring = new SnapshotRing(state.rules.time.horizonMs, this.options.tiers);
    this.ring.reset(worldOf(state), state.t ?? Number.NEGATIVE_INFINITY);
    this.fed = arrival;
    // What these inputs did was shown when they were first applied: nothing is reported again.
    for (const batch of warmup) {
      const r = applyInputs(this.state, batch, this.record);
      this.state = r.state;
      this.fed += batch.length;
      if (r.late.length > 0) this.rewind(r.late);
    }
    this.reported.alerts.clear();
    this.reported.slams.clear();
    for (const a of activeAlerts(this.state.alerts)) this.reported.alerts.set(a.id, a);
    this.backlog = [];
    this.dropped = 0;
    this.seekSeq++;
    this.dirty = true;
  }

  /** Feeds inputs in arrival order; rewinds for late samples. Returns what happened (also kept for the next frame). */
  push(inputs: readonly TwinInput[]): TwinEvent[] {
    this.fed += inputs.length;
    if (inputs.length === 0) return [];
    const r = applyInputs(this.state, inputs, this.record);
    this.state = r.state;
    this.report(r.events);
    if (r.late.length === 0) return r.events;
    // Reported first, so the rewind compares against everything said so far.
    const rewound = this.rewind(r.late);
    this.report(rewound);
    return [...r.events, ...rewound];
  }

  /** Applies everything still waiting and closes every active alert (the recording or session ends). */
  close(): TwinEvent[] {
    const d = drain(this.state, this.record);
    this.state = d.state;
    const events = [...d.events];
    const end = this.state.t ?? this.state.hostT;
    if (end !== null) closeAlerts(this.state.alerts, end, events);
    if (this.state.hostT !== null) closeAlerts(this.state.linkAlerts, this.state.hostT, events);
    this.report(events);
    return events;
  }

  /**
   * Goes on over a site that places more devices: the picture, the snapshots and what was reported stay; samples
   * from now on (and any a rewind re-applies) are judged by the new site.
   */
  changeSite(site: SiteSpec): void {
    this.site = site;
    this.state = withSite(this.state, site);
    this.dirty = true;
  }

  /** Starts a fresh twin (a new session): nothing is carried across. */
  restart(site: SiteSpec = this.site): void {
    this.site = site;
    this.state = createTwin(site);
    this.ring = new SnapshotRing(this.state.rules.time.horizonMs, this.options.tiers);
    this.ring.reset(worldOf(this.state));
    this.reported.alerts.clear();
    this.reported.slams.clear();
    this.fed = 0;
    this.seekSeq++;
    this.dirty = true;
  }

  /** The latest picture and the events since the previous frame, or null when nothing changed. */
  frame(): TwinFrame | null {
    if (!this.dirty) return null;
    const frame: TwinFrame = {
      seq: ++this.frameSeq,
      seekSeq: this.seekSeq,
      view: this.view(),
      events: this.backlog,
      droppedEvents: this.dropped,
    };
    this.backlog = [];
    this.dropped = 0;
    this.dirty = false;
    return frame;
  }

  /** Restores the newest snapshot before the oldest late sample and re-applies everything since, in order. */
  private rewind(late: readonly TwinInput[]): TwinEvent[] {
    const sorted = [...late].sort(compareInputs);
    const from = this.ring.before(inputTime(sorted[0]!));
    if (!from) {
      // Older than any snapshot: count the unreachable ones, rewind for the rest.
      const oldest = this.ring.oldest;
      const reachable = sorted.filter((i) => inputTime(i) > oldest.t);
      this.state = beyondHorizon(this.state, sorted.slice(0, sorted.length - reachable.length));
      return reachable.length > 0 ? this.rewind(reachable) : [];
    }
    const replay = mergeSorted(this.ring.since(from), sorted);
    this.ring.truncateTo(from);
    const r = rewindWorld(this.state, from.world, replay, this.record);
    this.state = keepFoundTimes(r.state, this.reported.alerts);
    this.seekSeq++;
    const active = activeAlerts(this.state.alerts);
    return reconcile(this.reported, from.t, r.events, active, this.state.hostT ?? from.t);
  }

  private report(events: readonly TwinEvent[]): void {
    this.dirty = true;
    if (events.length === 0) return;
    const horizonStart = (this.state.t ?? 0) - this.state.rules.time.horizonMs;
    remember(this.reported, events, horizonStart);
    this.options.alerts?.record(events);
    this.backlog.push(...events);
    const max = this.options.maxBacklog ?? 1000;
    if (this.backlog.length > max) {
      this.dropped += this.backlog.length - max;
      this.backlog = this.backlog.slice(-max);
    }
  }
}

/**
 * A rewind re-raises the alerts it re-applies with "found late" measured from now; one already reported was found
 * when it was first reported, and keeps that.
 */
function keepFoundTimes(state: TwinState, reported: ReadonlyMap<string, Alert>): TwinState {
  const active = state.alerts.active;
  let patched: typeof active | undefined;
  for (const [key, a] of Object.entries(active)) {
    const prev = reported.get(a.id);
    if (!prev || prev.foundLateMs === a.foundLateMs) continue;
    patched ??= { ...active };
    patched[key] = { ...a, foundLateMs: prev.foundLateMs };
  }
  return patched ? { ...state, alerts: { ...state.alerts, active: patched } } : state;
}
