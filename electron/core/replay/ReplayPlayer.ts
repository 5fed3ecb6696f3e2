/**
 * Replays a recorded session through the same twin runner as live: seek (nearest stored engine snapshot, then only
 * the inputs after it), play at any speed (0.25× to 1000×, every input applied, so every event is seen), pause.
 * Frames are the live frames' shape; the renderer can tell replay only by the controls it is offered. Nothing is
 * recorded again.
 */
import type Database from 'better-sqlite3';
import type { TwinFrame } from '../../common/frame';
import type { SiteSpec } from '../../common/site';
import type { TwinEvent, TwinInput } from '../../common/twin';
import { REPLAY_SPEEDS, type ReplayState } from '../../common/replay';
import { TwinRunner } from '../runner/TwinRunner';
import { inputsAfter } from '../store/readInputs';
import { SnapshotStore } from '../store/SnapshotStore';
import { restore } from '../twin/engine';
import { inputTime } from '../twin/order';
import { sessionSpan, type SessionSpan } from './sessionSpan';

export { REPLAY_SPEEDS } from '../../common/replay';

export interface ReplayOptions {
  onFrame?: (frame: TwinFrame) => void;
  onEvents?: (events: readonly TwinEvent[]) => void;
  frameHz?: number;
  /** Inputs read from the history at a time. */
  chunk?: number;
}

/** Inputs read at a time while paused, and at most for a seek's first read. */
const SEEK_CHUNK = 256;

/** Event time of an input for the replay cursor: samples by their (capped) time, the rest by theirs. */
const cursorTime = (i: TwinInput): number => inputTime(i);

export class ReplayPlayer {
  readonly span: SessionSpan;
  private readonly runner: TwinRunner;
  private readonly snapshots: SnapshotStore;
  /** Arrival position of the last input read, and inputs read ahead but not fed yet with their positions. */
  private position = 0;
  private ahead: TwinInput[] = [];
  private aheadArrivals: number[] = [];
  /** Arrival position of the last input fed to the twin. */
  private fedArrival = 0;
  private exhausted = false;
  /** Size of the next read when a seek has estimated it. */
  private firstChunk: number | undefined;
  private cursor: number;
  private speed = 1;
  private timer: NodeJS.Timeout | undefined;
  private lastWall = 0;

  constructor(
    private readonly db: Database.Database,
    readonly session: number,
    private readonly site: SiteSpec,
    private readonly options: ReplayOptions = {},
  ) {
    this.span = sessionSpan(db, session);
    this.runner = new TwinRunner(site);
    this.snapshots = new SnapshotStore(db);
    this.cursor = this.span.from ?? 0;
  }

  get playing(): boolean {
    return this.timer !== undefined;
  }

  /** The replay cursor, event time. */
  get at(): number {
    return this.cursor;
  }

  get rate(): number {
    return this.speed;
  }

  /** The twin as replayed so far. */
  get twin(): TwinRunner {
    return this.runner;
  }

  /**
   * Shows the session as it was when its picture reached event time `t`: restores the newest stored snapshot at or
   * before `t` (or starts fresh), then applies the recorded inputs up to `t`.
   */
  seek(t: number): TwinFrame {
    const target = Math.min(Math.max(t, this.span.from ?? t), this.span.to ?? t);
    const snap = this.snapshots.nearest(this.session, target);
    if (snap) this.runner.resume(restore(snap.state), snap.arrival);
    else this.runner.restart(this.site);
    this.position = this.fedArrival = snap?.arrival ?? 0;
    this.ahead = [];
    this.aheadArrivals = [];
    this.exhausted = false;
    this.cursor = target;
    this.firstChunk = snap ? this.inputsToReach(snap, target) : SEEK_CHUNK;
    this.advanceTo(target);
    return this.emit(true)!;
  }

  /** Plays from the cursor at `speed` × real time. */
  play(speed = this.speed): void {
    if (!(speed >= REPLAY_SPEEDS.min && speed <= REPLAY_SPEEDS.max)) {
      throw new RangeError(`speed must be from ${REPLAY_SPEEDS.min}× to ${REPLAY_SPEEDS.max}×, not ${speed}`);
    }
    this.speed = speed;
    if (this.timer) return;
    this.lastWall = performance.now();
    this.timer = setInterval(() => this.step(), 1000 / (this.options.frameHz ?? 30));
  }

  pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Applies everything up to event time `t` (the cursor moves forward only). */
  advanceTo(t: number): void {
    for (;;) {
      if (this.ahead.length === 0 && !this.fill()) break;
      let n = 0;
      while (n < this.ahead.length && cursorTime(this.ahead[n]!) <= t) n++;
      if (n === 0) break;
      const batch = this.ahead.splice(0, n);
      const arrivals = this.aheadArrivals.splice(0, n);
      this.reachBackFor(batch);
      this.fedArrival = arrivals[arrivals.length - 1]!;
      const events = this.runner.push(batch);
      if (events.length > 0) this.options.onEvents?.(events);
      if (this.ahead.length > 0) break;
    }
    this.cursor = Math.max(this.cursor, t);
  }

  /** Where the replay stands, for the timeline. */
  get state(): ReplayState {
    const { from, to } = this.span;
    return {
      session: this.session,
      from,
      to,
      at: this.cursor,
      playing: this.playing,
      speed: this.speed,
      ended: this.ended,
    };
  }

  /** Whether the replay reached the end of the session. */
  get ended(): boolean {
    return this.exhausted && this.ahead.length === 0;
  }

  close(): void {
    this.pause();
  }

  /**
   * Live, a backlog arriving late rewinds to snapshots taken long before it (the runner's ring reaches back 24 h).
   * After a seek the ring starts at the seek's snapshot, so when a batch holds data older than that, the twin restarts
   * from an older stored snapshot and re-applies what followed, quietly, rebuilding the ring as live had it: then
   * the late data rewinds exactly as it did live instead of counting as beyond the horizon.
   */
  private reachBackFor(batch: readonly TwinInput[]): void {
    const worldT = this.runner.current.t;
    if (worldT === null) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const i of batch) if (i.kind === 'sample' && i.sample.t < oldest) oldest = i.sample.t;
    const reach = this.runner.rewindsReachBackTo;
    if (!(oldest < worldT && oldest <= reach && reach > Number.NEGATIVE_INFINITY)) return;
    const horizonStart = worldT - this.runner.current.rules.time.horizonMs;
    const from = this.snapshots.before(this.session, Math.max(oldest, horizonStart), this.fedArrival);
    const upTo = this.fedArrival;
    const warmup = function* (db: Database.Database, session: number, after: number): Generator<TwinInput[]> {
      let pos = after;
      for (;;) {
        const c = inputsAfter(db, session, pos, 2000, upTo);
        if (c.inputs.length === 0) return;
        yield c.inputs;
        pos = c.last;
      }
    };
    if (from) this.runner.resume(restore(from.state), from.arrival, warmup(this.db, this.session, from.arrival));
    else {
      this.runner.restart(this.site);
      this.runner.resume(this.runner.current, 0, warmup(this.db, this.session, 0));
    }
  }

  private fill(): boolean {
    if (this.exhausted) return false;
    // Right after a seek, about what reaches its target; small chunks while paused, larger ones while playing.
    const size = this.firstChunk ?? (this.playing ? (this.options.chunk ?? 2000) : SEEK_CHUNK);
    this.firstChunk = undefined;
    const chunk = inputsAfter(this.db, this.session, this.position, size);
    if (chunk.inputs.length === 0) {
      this.exhausted = true;
      return false;
    }
    this.position = chunk.last;
    this.ahead = chunk.inputs;
    this.aheadArrivals = chunk.arrivals;
    return true;
  }

  /**
   * How many inputs after `snap` a seek to `target` likely needs: the inputs up to the next stored snapshot, in
   * proportion to how far between the two the target lies, with a margin (a shortfall costs one more read).
   */
  private inputsToReach(snap: { arrival: number; t: number | null }, target: number): number {
    const next = this.snapshots.nextAfter(this.session, snap.arrival);
    if (!next || next.t === null || snap.t === null || !(next.t > snap.t)) return SEEK_CHUNK;
    const share = Math.min(1, Math.max(0, (target - snap.t) / (next.t - snap.t)));
    return Math.min(SEEK_CHUNK, Math.ceil(share * (next.arrival - snap.arrival) * 1.2) + 16);
  }

  private step(): void {
    const now = performance.now();
    const dt = (now - this.lastWall) * this.speed;
    this.lastWall = now;
    this.advanceTo(this.cursor + dt);
    this.emit(false);
    if (this.ended) this.pause();
  }

  private emit(always: boolean): TwinFrame | null {
    const frame = this.runner.frame();
    if (frame) this.options.onFrame?.(frame);
    return frame ?? (always ? { ...this.lastFrame() } : null);
  }

  private lastFrame(): TwinFrame {
    return { seq: 0, seekSeq: 0, view: this.runner.view(), events: [], droppedEvents: 0 };
  }
}
