/**
 * The twin engine fed live: inputs are queued as they arrive and applied in batches, at most `frameHz` times a
 * second, never one state per sample. Host time enters only as recorded `clock` inputs (and user acks as `ack`
 * inputs), so replaying the history through a fresh engine reproduces what was seen live. Alert changes are stored
 * with the samples that caused them.
 */
import type { TwinFrame } from '../../common/frame';
import type { SiteSpec } from '../../common/site';
import type { TwinEvent, TwinInput, TwinState } from '../../common/twin';
import type { AlertStore } from '../store/AlertStore';
import { applyInputs, createTwin, twinView } from '../twin';

export interface LiveTwinOptions {
  /** Records host-made inputs (clock, ack) beside the device inputs. */
  record: (input: TwinInput) => void;
  alerts?: { store: AlertStore; session: number };
  onFrame?: (frame: TwinFrame) => void;
  onEvents?: (events: readonly TwinEvent[]) => void;
  frameHz?: number;
  clockMs?: number;
  /** Events kept for the next frame at most; older ones are dropped and counted. */
  maxBacklog?: number;
  now?: () => number;
}

export class LiveTwin {
  private state: TwinState;
  private queue: TwinInput[] = [];
  private backlog: TwinEvent[] = [];
  private dropped = 0;
  private frameSeq = 0;
  private frameTimer: NodeJS.Timeout | undefined;
  private clockTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(
    site: SiteSpec,
    private readonly options: LiveTwinOptions,
  ) {
    this.state = createTwin(site);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.frameTimer = setInterval(() => this.tick(), 1000 / (this.options.frameHz ?? 30));
    this.clockTimer = setInterval(() => this.hostInput({ kind: 'clock', t: this.now() }), this.options.clockMs ?? 1000);
  }

  stop(): void {
    clearInterval(this.frameTimer);
    clearInterval(this.clockTimer);
    this.tick();
  }

  input(input: TwinInput): void {
    this.queue.push(input);
  }

  /** The user acknowledged an alert: an input like any other, recorded so a replay acknowledges it too. */
  acknowledge(alertId: string): void {
    this.hostInput({ kind: 'ack', alertId, t: this.now() });
  }

  get current(): TwinState {
    return this.state;
  }

  /** Applies what is queued and emits a frame when anything changed. */
  tick(): void {
    if (this.queue.length === 0 && this.backlog.length === 0 && this.frameSeq > 0) return;
    const inputs = this.queue;
    this.queue = [];
    const { state, events } = applyInputs(this.state, inputs);
    this.state = state;
    if (events.length > 0) {
      const a = this.options.alerts;
      a?.store.record(a.session, events);
      this.options.onEvents?.(events);
      this.backlog.push(...events);
      const max = this.options.maxBacklog ?? 1000;
      if (this.backlog.length > max) {
        this.dropped += this.backlog.length - max;
        this.backlog = this.backlog.slice(-max);
      }
    }
    if (!this.options.onFrame) return;
    this.options.onFrame({
      seq: ++this.frameSeq,
      seekSeq: 0,
      view: twinView(this.state),
      events: this.backlog,
      droppedEvents: this.dropped,
    });
    this.backlog = [];
    this.dropped = 0;
  }

  private hostInput(input: TwinInput): void {
    this.options.record(input);
    this.input(input);
  }
}
