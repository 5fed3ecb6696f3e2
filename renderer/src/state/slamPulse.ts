/**
 * When each door's slam pulse started, in page time (performance.now()), from a frame's slam events. A pulse starts
 * as long ago as the slam lies behind the picture in event time: live that is now, but a seek's frame carries the
 * events of the recorded inputs it re-applied (up to a snapshot interval before the cursor), and those slams are
 * past. Pulsing them afresh showed a door slamming that had not, and kept the scene drawing for two seconds after
 * every such click on the timeline.
 */
import type { TwinEvent } from '../../../electron/common/views';
import { PULSE_MS } from '../scene/doorLook';

/** The new starts, or null when the frame starts no pulse that is still showing. */
export function slamStarts(
  events: readonly TwinEvent[],
  viewT: number | null,
  now: number,
  prev: Readonly<Record<string, number>>,
): Record<string, number> | null {
  let next: Record<string, number> | null = null;
  for (const e of events) {
    if (e.kind !== 'slam') continue;
    const start = now - Math.max(0, (viewT ?? e.t) - e.t);
    if (now - start >= PULSE_MS || start <= (prev[e.door] ?? -Infinity)) continue;
    next ??= { ...prev };
    next[e.door] = start;
  }
  return next;
}
