/**
 * One subscriber's frame stream (a window over IPC, a socket in browser mode): the current picture first, then
 * frames coalesced to at most `hz` a second, each the latest view plus the events since the previous one. A frame
 * that comes after a quiet period (a reading after a lull, a seek) goes out at once, within `push`: only what follows
 * within one period waits, merged, for the period's end. Events wait in a bounded queue: when a slow subscriber lets
 * it overflow, the oldest are dropped, counted in the next frame, and a problem is raised once per episode. A
 * subscriber that is not ready (its socket's buffer is full) is skipped, never waited for, so it cannot slow the
 * others.
 */
import type { TwinFrame } from '../../common/frame';
import type { Problem } from '../../common/problem';
import type { TwinEvent, TwinView } from '../../common/views';

export interface FrameSink {
  /** False while the carrier cannot take more (e.g. a socket's send buffer is over its bound). */
  ready(): boolean;
  send(frame: TwinFrame): void;
}

export interface FrameSubscriptionOptions {
  sink: FrameSink;
  /** The picture to start from. */
  current: () => TwinView;
  hz?: number;
  maxEvents?: number;
  onProblem?: (p: Problem) => void;
  /** Names the subscriber in problems. */
  origin?: string;
}

export class FrameSubscription {
  private seq = 0;
  private seekSeq = 0;
  private view: TwinView | undefined;
  private events: TwinEvent[] = [];
  private dropped = 0;
  private overflowing = false;
  private lastSent = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly periodMs: number;
  private readonly maxEvents: number;

  constructor(private readonly options: FrameSubscriptionOptions) {
    this.periodMs = 1000 / (options.hz ?? 30);
    this.maxEvents = options.maxEvents ?? 1000;
    this.view = options.current();
    this.flush();
  }

  /** Takes in a frame of the core's stream; sent later, merged with whatever else arrives meanwhile. */
  push(frame: TwinFrame): void {
    if (this.closed) return;
    this.view = frame.view;
    this.seekSeq = frame.seekSeq;
    this.dropped += frame.droppedEvents;
    this.events.push(...frame.events);
    if (this.events.length > this.maxEvents) {
      this.dropped += this.events.length - this.maxEvents;
      this.events.splice(0, this.events.length - this.maxEvents);
      if (!this.overflowing) {
        this.overflowing = true;
        this.options.onProblem?.({
          severity: 'warn',
          message: `${this.options.origin ?? 'a subscriber'} falls behind: older events were dropped`,
          tip: 'the view stays current; a slow network or a busy machine is the usual cause',
          origin: this.options.origin ?? 'frames',
        });
      }
    }
    if (!this.timer && Date.now() >= this.lastSent + this.periodMs) this.flush();
    else this.schedule();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.view = undefined;
    this.events = [];
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.lastSent + this.periodMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.closed || !this.view) return;
    if (!this.options.sink.ready()) {
      // Try again one period later; meanwhile frames keep merging into this one.
      this.lastSent = Date.now();
      this.schedule();
      return;
    }
    const frame: TwinFrame = {
      seq: ++this.seq,
      seekSeq: this.seekSeq,
      view: this.view,
      events: this.events,
      droppedEvents: this.dropped,
    };
    this.view = undefined;
    this.events = [];
    this.dropped = 0;
    this.overflowing = false;
    this.lastSent = Date.now();
    this.options.sink.send(frame);
  }
}
