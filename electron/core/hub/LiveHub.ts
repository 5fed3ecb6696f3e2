/**
 * Live sources, end to end: every source feeds the pipeline (decode, ingest); its twin inputs go to the recorder
 * and, batched, to the twin runner, which is fed at most `frameHz` times a second and emits one frame per batch,
 * never one per sample. Host time enters the twin only as recorded `clock` inputs and user acks as `ack` inputs, so
 * replaying the history reproduces what was seen live. The headless heart of `twinscope record`, of `twinscope
 * serve` and of the desktop app.
 */
import type { Problem } from '../../common/problem';
import type { RetentionReport } from '../store/retention/Retention';
import { resolveRetention } from '../store/retention/settings';
import type { TwinFrame } from '../../common/frame';
import type { SiteSpec } from '../../common/site';
import type { SourceStatus } from '../../common/source';
import type { TwinEvent, TwinInput } from '../../common/twin';
import { Ingest, type DeviceCounters } from '../ingest/Ingest';
import { TwinRunner } from '../runner/TwinRunner';
import { snapshot } from '../twin/engine';
import type { Source, SourceSink } from '../sources/Source';
import { AdapterSet } from '../protocol/adapters/AdapterSet';
import { Pipeline, type PipelineCounts } from './Pipeline';
import { Recorder } from './Recorder';
import { RetentionTimer } from './RetentionTimer';

/** A clock tick makes a frame of its own only when no frame went out for this long. */
const CLOCK_FRAME_AFTER_MS = 500;

export interface LiveHubOptions {
  db: string;
  flushMs?: number;
  onProblem?: (p: Problem) => void;
  onStatus?: (sourceId: string, status: SourceStatus) => void;
  onInput?: (input: TwinInput) => void;
  /** Run the twin over this site; its alerts are stored with the history. */
  site?: SiteSpec;
  /** MQTT conventions and the site's bindings (default: every convention, bound by `site`). */
  adapters?: AdapterSet;
  onFrame?: (frame: TwinFrame) => void;
  onEvents?: (events: readonly TwinEvent[]) => void;
  frameHz?: number;
  clockMs?: number;
  /**
   * Host time between engine snapshots stored for replay seeks (default 10 s: a seek replays at most about 10 s of
   * inputs; deflated against the session's dictionary, a snapshot costs about as much as 10 s of one device's samples).
   */
  snapshotMs?: number;
  /** Host time between seals of the session's hash chain while it records (default 60 s). */
  sealMs?: number;
  now?: () => number;
  /** Retention of ended sessions (the site's `retention`): soon after start, then every `everyMs`; false: never. */
  retention?: { everyMs?: number; startDelayMs?: number; onRun?: (report: RetentionReport) => void } | false;
}

export class LiveHub {
  readonly recorder: Recorder;
  readonly pipeline: Pipeline;
  /** MQTT conventions in use: give them to every MqttSource added, so it subscribes to their topics. */
  readonly adapters: AdapterSet;
  readonly runner: TwinRunner | undefined;
  private readonly sources: Source[] = [];
  private queue: TwinInput[] = [];
  /** The tick due for what is queued, if any (ticks follow input, at most `frameHz` a second). */
  private frameTimer: NodeJS.Timeout | undefined;
  /** When the last frame went out: the frame rate is counted from it. */
  private lastFrame = 0;
  private clockTimer: NodeJS.Timeout | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private readonly sealTimer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly ingest: Ingest;
  private readonly retention: RetentionTimer | undefined;

  constructor(private readonly options: LiveHubOptions) {
    this.now = options.now ?? Date.now;
    // Ingest is seeded from the history (dedupe across restarts); the writer reads its counters at each flush.
    const holder: { ingest?: Ingest } = {};
    this.recorder = new Recorder({
      db: options.db,
      ...(options.flushMs !== undefined ? { flushMs: options.flushMs } : {}),
      counters: () => holder.ingest?.counters() ?? [],
      ...(options.site ? { site: options.site } : {}),
      ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    });
    const reader = this.recorder.reader;
    const ingest = (holder.ingest = new Ingest(
      (dev, boot) => reader.seqs(dev, boot),
      (dev, values) => reader.latestReading(dev, values),
    ));
    this.ingest = ingest;
    this.runner = options.site ? new TwinRunner(options.site, { alerts: this.recorder }) : undefined;
    this.pipeline = new Pipeline(
      ingest,
      this.recorder,
      {
        onInput: (input) => {
          if (this.runner) this.enqueue(input);
          options.onInput?.(input);
        },
        onHello: (origin, hello) => {
          if (hello.ts === null) void this.syncClock(origin, hello.dev);
        },
      },
      this.now,
      (this.adapters = options.adapters ?? new AdapterSet(options.site ? { site: options.site } : {})),
    );
    if (this.runner) {
      this.clockTimer = setInterval(() => this.hostInput({ kind: 'clock', t: this.now() }), options.clockMs ?? 1000);
      this.snapshotTimer = setInterval(() => this.storeSnapshot(), options.snapshotMs ?? 10_000);
    }
    // Seals while recording, so a crash leaves the session verifiable up to the last one.
    this.sealTimer = setInterval(() => this.recorder.seal(), options.sealMs ?? 60_000);
    if (options.retention !== false) {
      const r = options.retention ?? {};
      this.retention = new RetentionTimer(this.recorder.db, resolveRetention(options.site), {
        now: this.now,
        ...(r.everyMs !== undefined ? { everyMs: r.everyMs } : {}),
        ...(r.startDelayMs !== undefined ? { startDelayMs: r.startDelayMs } : {}),
        ...(r.onRun ? { onRun: r.onRun } : {}),
        ...(options.onProblem ? { onProblem: options.onProblem } : {}),
      });
      this.retention.start();
    }
  }

  get sessionId(): number {
    return this.recorder.session;
  }

  get counts(): PipelineCounts {
    return this.pipeline.counts;
  }

  /** Per device, this session: received, missing, duplicates, late, backfilled, corrected. */
  get devices(): DeviceCounters[] {
    return this.ingest.counters();
  }

  /** Late data the twin took in by rewinding, and what was older than its horizon (stored, not applied). */
  get late(): { applied: number; beyondHorizon: number; rewinds: number } {
    return this.runner ? { ...this.runner.current.late } : { applied: 0, beyondHorizon: 0, rewinds: 0 };
  }

  async add(source: Source): Promise<void> {
    this.sources.push(source);
    this.recorder.setSources(this.sources.map((s) => s.id));
    await source.start(this.sink());
  }

  /**
   * The user placed a device: the twin, the bindings of incoming messages and the session's stored site follow the
   * new site at once, without a restart (what was applied stays; see TwinRunner.changeSite).
   */
  changeSite(site: SiteSpec): void {
    this.tick();
    this.runner?.changeSite(site);
    this.adapters.rebind(site);
    this.recorder.setSite(site);
    this.tick();
  }

  /** The user acknowledged an alert: an input like any other, recorded so a replay acknowledges it too. */
  acknowledge(alertId: string): void {
    this.hostInput({ kind: 'ack', alertId, t: this.now() });
    this.tick();
  }

  /** Applies what is queued to the twin and emits a frame when anything changed. */
  tick(): void {
    const runner = this.runner;
    if (!runner) return;
    const inputs = this.queue;
    this.queue = [];
    const events = runner.push(inputs);
    if (events.length > 0) this.options.onEvents?.(events);
    // A clock tick alone changes only what host time judges (silence, lag): while data streams, that shows in the
    // next data frame, and a frame of its own would hold that data to the frame rate (one reading in 30 waited up
    // to a period). Without data it goes out as before.
    const clockOnly = inputs.length > 0 && inputs.every((i) => i.kind === 'clock');
    if (clockOnly && events.length === 0 && Date.now() - this.lastFrame < CLOCK_FRAME_AFTER_MS) return;
    const frame = runner.frame();
    if (!frame) return;
    this.lastFrame = Date.now();
    this.options.onFrame?.(frame);
  }

  /**
   * Stops every source, applies what is left to the twin and closes its active alerts (a stopped recording leaves
   * nothing raised forever), commits what is pending, marks the session ended and closes the database.
   */
  async stop(): Promise<void> {
    if (!this.recorder.open) return;
    clearInterval(this.frameTimer);
    clearInterval(this.clockTimer);
    clearInterval(this.snapshotTimer);
    clearInterval(this.sealTimer);
    this.retention?.stop();
    await Promise.allSettled(this.sources.map((s) => s.stop()));
    if (this.runner) {
      this.tick();
      const events = this.runner.close();
      if (events.length > 0) this.options.onEvents?.(events);
      const frame = this.runner.frame();
      if (frame) this.options.onFrame?.(frame);
    }
    this.recorder.close();
  }

  /** Stores the twin's state after everything recorded so far, for replay seeks (also every `snapshotMs`). */
  storeSnapshot(): void {
    const runner = this.runner;
    if (!runner) return;
    this.tick();
    const writer = this.recorder.writer;
    // After a tick the runner has been fed exactly what the writer recorded; a snapshot must never claim otherwise.
    if (runner.inputsFed !== writer.arrivals) return;
    const s = runner.current;
    writer.addSnapshot(s.t, s.hostT, snapshot(s));
  }

  private hostInput(input: TwinInput): void {
    this.recorder.addInput(input);
    this.enqueue(input);
  }

  /**
   * Queues an input for the twin and schedules the tick that applies it: at once (after the I/O at hand, so one
   * network read stays one batch) when the last frame is a frame period old, else at the period's end. A fixed
   * 30/s grid made a reading after a lull wait up to a whole period for its frame.
   */
  private enqueue(input: TwinInput): void {
    this.queue.push(input);
    if (this.frameTimer || !this.recorder.open) return;
    const wait = Math.max(0, this.lastFrame + 1000 / (this.options.frameHz ?? 30) - Date.now());
    this.frameTimer = setTimeout(() => {
      this.frameTimer = undefined;
      this.tick();
    }, wait);
  }

  /**
   * A device without a synced clock said hello: send it ours (the `time` command), so its messages carry `ts` and
   * need no estimate. Devices on NTP never ask.
   */
  private async syncClock(origin: string, dev: string): Promise<void> {
    const source = this.sources.find((s) => s.id === origin);
    if (!source?.capabilities.commands) return;
    const sent = await source.send(dev, {
      v: 1,
      t: 'cmd',
      id: `time-${Date.now()}`,
      op: 'time',
      args: { ts: Date.now() },
    });
    if (!sent) this.options.onProblem?.({ severity: 'info', message: `could not send the time to ${dev}`, origin });
  }

  private sink(): SourceSink {
    const p = this.pipeline;
    // Input after stop (a source that was still connecting) is dropped: unacknowledged, the broker keeps it.
    const open = (): boolean => this.recorder.open;
    return {
      line: (src, line) => open() && p.line(src, line),
      refused: (src, rejection, raw) => open() && p.refused(src, rejection, raw),
      mqtt: (src, topic, payload, delivery) => open() && p.mqtt(src, topic, payload, delivery),
      committed: () => this.recorder.writer.committed(),
      problem: (problem) => this.options.onProblem?.(problem),
      status: (id, status) => this.options.onStatus?.(id, status),
    };
  }
}
