/**
 * What the hub streams to each subscriber, at most ~30 times a second: the latest full picture (small) plus every
 * event since the previous frame. A subscriber that falls behind loses frames, never events (or is told how many).
 */
import type { TwinEvent, TwinView } from './views';

export interface TwinFrame {
  /** Increases by one per frame sent to this subscriber. */
  seq: number;
  /**
   * Bumps on every discontinuity — a seek, a rewind for late data, a new session — so consumers drop what they
   * derived from earlier frames (interpolations, chart tails) instead of blending across the jump.
   */
  seekSeq: number;
  view: TwinView;
  events: TwinEvent[];
  /** Events dropped since the previous frame because the subscriber's backlog was over its bound. */
  droppedEvents: number;
}
