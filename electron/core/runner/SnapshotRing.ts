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
  /** The newest world time seen: ages are counted from it. */
  private newest = Number.NEGATIVE_INFINITY;
  /** Samples in application order; `log[i]` is at position `base + i`. */
  private log: TwinInput[] = [];
  private base = 0;

  constructor(
    private readonly horizonMs: number,
    private readonly tiers: readonly SpacingTier[] = DEFAULT_TIERS,
  ) {}

  /**
   * Starts over from a world: a fresh one (a new session, the start of a run: −∞, nothing is older), or one restored
   * at world time `t` (a seek), which data older than `t` cannot be rewound onto.
   */
  reset(world: TwinWorld, t = Number.NEGATIVE_INFINITY): void {
    this.snapshots = [{ t, pos: 0, world }];
    this.newest = Number.NEGATIVE_INFINITY;
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

  /**
   * Whether a snapshot is due at world time `t`: the last one is its tier's spacing older, the tier chosen by how far
   * `t` is behind the newest world time seen (a rewind re-applying the past snapshots it sparsely at once).
   */
  due(t: number): boolean {
    if (t > this.newest) this.newest = t;
    const last = this.snapshots[this.snapshots.length - 1];
    return last === undefined || t - last.t >= this.tierFor(this.newest - t).everyMs;
  }

  private tierFor(age: number): SpacingTier {
    return this.tiers.find((x) => age <= x.upToMs) ?? this.tiers[this.tiers.length - 1]!;
  }

  /** Adds a snapshot of the world at `t`, taken right after the last appended sample; thins older ones. */
  add(t: number, world: TwinWorld): void {
    this.snapshots.push({ t, pos: this.end, world });
    this.thin(Math.max(t, this.newest));
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

  /**
   * Keeps snapshots at least their tier's spacing apart, walking from the oldest (so a snapshot that ages into a
   * sparser tier survives when it is far enough from the last one kept), the newest always; keeps one snapshot at or
   * beyond the horizon, drops the older ones, and trims the log to the oldest kept.
   */
  private thin(now: number): void {
    let first = 0;
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      if (now - this.snapshots[i]!.t > this.horizonMs) {
        first = i;
        break;
      }
    }
    const kept: Snapshot[] = [];
    const last = this.snapshots.length - 1;
    for (let i = first; i <= last; i++) {
      const s = this.snapshots[i]!;
      const prev = kept[kept.length - 1];
      const age = now - s.t;
      const tier = this.tierFor(age);
      if (prev === undefined || i === last || s.t - prev.t >= tier.everyMs) kept.push(s);
    }
    this.snapshots = kept;
    const oldest = kept[0]!.pos;
    if (oldest > this.base) {
      this.log.splice(0, oldest - this.base);
      this.base = oldest;
    }
  }
}
