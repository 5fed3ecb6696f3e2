/**
 * In-memory snapshots of the twin's world, with the samples applied since the oldest one, over a bounded horizon:
 * what a rewind for late data starts from. Dense for the recent past (small rewinds are the common case: a slow
 * link, QoS 1 redelivery), sparse further back (a backfill after an outage), so memory stays bounded over 24 h.
 */
import type { TwinInput, TwinWorld } from '../../common/twin';

export interface Snapshot {
  /** World time when taken (−∞ for the fresh twin). */
  t: number;
  /** Log position right after the last sample it contains. */
  pos: number;
  world: TwinWorld;
}

/** Spacing of snapshots by age: at least `everyMs` apart while younger than `upToMs` (event time). */
export interface SpacingTier {
  upToMs: number;
  everyMs: number;
}

export const DEFAULT_TIERS: readonly SpacingTier[] = [
  { upToMs: 120_000, everyMs: 2_000 },
  { upToMs: 3_600_000, everyMs: 60_000 },
  { upToMs: Number.POSITIVE_INFINITY, everyMs: 600_000 },
];

export class SnapshotRing {
  private snapshots: Snapshot[] = [];
  /** Samples in application order; `log[i]` is at position `base + i`. */
  private log: TwinInput[] = [];
  private base = 0;

  constructor(
    private readonly horizonMs: number,
    private readonly tiers: readonly SpacingTier[] = DEFAULT_TIERS,
  ) {}

  /** Starts over from a fresh world (a new session, or the start of a run). */
  reset(world: TwinWorld): void {
    this.snapshots = [{ t: Number.NEGATIVE_INFINITY, pos: 0, world }];
    this.log = [];
    this.base = 0;
  }

  get end(): number {
    return this.base + this.log.length;
  }

  get size(): { snapshots: number; samples: number } {
    return { snapshots: this.snapshots.length, samples: this.log.length };
  }

  /** Records a sample just applied to the world. */
  append(input: TwinInput): void {
    this.log.push(input);
  }

  /** Whether a snapshot is due at world time `t` (the newest is at least the densest spacing older). */
  due(t: number): boolean {
    const last = this.snapshots[this.snapshots.length - 1];
    return last === undefined || t - last.t >= this.tiers[0]!.everyMs;
  }

  /** Adds a snapshot of the world at `t`, taken right after the last appended sample; thins older ones. */
  add(t: number, world: TwinWorld): void {
    this.snapshots.push({ t, pos: this.end, world });
    this.thin(t);
  }

  /** The newest snapshot strictly before event time `t`, or undefined when the horizon does not reach back so far. */
  before(t: number): Snapshot | undefined {
    for (let i = this.snapshots.length - 1; i >= 0; i--) if (this.snapshots[i]!.t < t) return this.snapshots[i];
    return undefined;
  }

  /** The oldest snapshot held: late data at or before its time is beyond the horizon. */
  get oldest(): Snapshot {
    return this.snapshots[0]!;
  }

  /** The samples applied after a snapshot, in application order. */
  since(s: Snapshot): TwinInput[] {
    return this.log.slice(s.pos - this.base);
  }

  /** Forgets everything after a snapshot (a rewind re-applies from there). */
  truncateTo(s: Snapshot): void {
    this.log.length = s.pos - this.base;
    const i = this.snapshots.indexOf(s);
    this.snapshots.length = i + 1;
  }

  /** Keeps at most one snapshot per tier spacing, drops what is older than the horizon, and trims the log. */
  private thin(now: number): void {
    const kept: Snapshot[] = [];
    let newer: Snapshot | undefined;
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      const s = this.snapshots[i]!;
      const age = now - s.t;
      const tier = this.tiers.find((x) => age <= x.upToMs) ?? this.tiers[this.tiers.length - 1]!;
      if (newer !== undefined && newer.t - s.t < tier.everyMs && i > 0) continue;
      kept.push(s);
      newer = s;
      // One snapshot at or beyond the horizon is enough to rewind to its start.
      if (age > this.horizonMs) break;
    }
    kept.reverse();
    this.snapshots = kept;
    const oldest = kept[0]!.pos;
    if (oldest > this.base) {
      this.log.splice(0, oldest - this.base);
      this.base = oldest;
    }
  }
}
