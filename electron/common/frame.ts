/**
 * What the hub streams to each subscriber, at most ~30 times a second: the latest full picture (small) plus every
 * event since the previous frame. A subscriber that falls behind loses frames, never events.
 */
import type { TwinEvent, TwinView } from './twin';

export interface TwinFrame {
  /** Increases by one per frame sent by this hub. */
  seq: number;
  view: TwinView;
  events: TwinEvent[];
  /** Events dropped since the previous frame because the backlog was over its bound. */
  droppedEvents: number;
}
