import { describe, expect, it } from 'vitest';
import type { TwinInput, TwinWorld } from '../../../../electron/common/twin';
import { SnapshotRing } from '../../../../electron/core/runner/SnapshotRing';

const world = (t: number): TwinWorld => ({
  t,
  doors: {},
  rooms: {},
  sensors: {},
  flaggedSensors: {},
  conflicts: {},
  alerts: { active: {}, pending: {} },
});
const clockAt = (t: number): TwinInput => ({ kind: 'clock', t });

/** Appends one input a second for `seconds`, snapshotting as the runner does. */
function fill(ring: SnapshotRing, seconds: number): void {
  for (let t = 1000; t <= seconds * 1000; t += 1000) {
    ring.append(clockAt(t));
    if (ring.due(t)) ring.add(t, world(t));
  }
}

describe('SnapshotRing', () => {
  it('keeps snapshots dense for the recent past and sparse further back, within the horizon', () => {
    const ring = new SnapshotRing(3_600_000);
    ring.reset(world(0));
    fill(ring, 3 * 3600);
    const now = 3 * 3600 * 1000;
    const { snapshots, samples } = ring.size;
    // Every 2 s for 2 min, every minute to an hour, one beyond the horizon: about 60 + 58 + 1.
    expect(snapshots).toBeGreaterThan(110);
    expect(snapshots).toBeLessThan(130);
    // The log reaches back only to the oldest snapshot, a little over the horizon.
    expect(samples).toBeGreaterThan(3600);
    expect(samples).toBeLessThan(3600 + 700);
    expect(ring.oldest.t).toBeLessThanOrEqual(now - 3_600_000);
    expect(ring.before(now - 30_000)!.t).toBeGreaterThan(now - 33_000);
    expect(ring.before(now - 1_800_000)!.t).toBeGreaterThan(now - 1_800_000 - 61_000);
    expect(ring.before(now - 5 * 3_600_000)).toBeUndefined();
  });

  it('gives the samples after a snapshot, and forgets them on a rewind', () => {
    const ring = new SnapshotRing(3_600_000);
    ring.reset(world(0));
    fill(ring, 100);
    const s = ring.before(50_500)!;
    const since = ring.since(s);
    expect(since.map((i) => i.kind === 'clock' && i.t)[0]).toBe(s.t + 1000);
    expect(since).toHaveLength((100_000 - s.t) / 1000);
    ring.truncateTo(s);
    expect(ring.end).toBe(s.pos);
    expect(ring.before(Number.POSITIVE_INFINITY)).toBe(s);
  });
});
