/**
 * Event-time progress per device, combined by minimum (as Flink's per-partition watermarks are): the twin applies a
 * sample once every active device's data has reached its time, so a device whose messages arrive 5 s late, or whose
 * clock runs behind, is still applied in order with the others. A device we have not heard from for a while (host
 * time) is idle and no longer holds the others back; its data, when it comes, is late and rewinds the picture.
 */
import type { TwinState } from '../../common/twin';

/** Records a sample's event time and receive time for its device. */
export function advance(state: TwinState, dev: string, t: number, tRecv: number): void {
  const p = state.progress[dev];
  if (!p) {
    state.progress[dev] = { wm: t, recvT: tRecv };
    return;
  }
  if (t > p.wm) p.wm = t;
  if (tRecv > p.recvT) p.recvT = tRecv;
}

/** Host time after which a device counts as idle: `idleMs`, or two of its intervals when they are longer. */
function idleAfter(state: TwinState, dev: string): number {
  const interval = state.devices[dev]?.intervalMs ?? 0;
  return Math.max(state.rules.time.idleMs, 2 * interval);
}

/**
 * The event time up to which samples may be applied: the least progress among active devices, less the reorder
 * window. With no active device, everything waiting may be applied.
 */
export function frontier(state: TwinState): number {
  const host = state.hostT ?? Number.NEGATIVE_INFINITY;
  let least = Number.POSITIVE_INFINITY;
  for (const dev in state.progress) {
    const p = state.progress[dev]!;
    if (p.wm >= least || host - p.recvT > idleAfter(state, dev)) continue;
    least = p.wm;
  }
  return least - state.rules.reorderWindowMs;
}
