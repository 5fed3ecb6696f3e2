/**
 * Seeded randomness for virtual devices. Every part of a simulation draws from its own stream, derived from the seed
 * and a label (`rngFor(seed, 'device:room-a')`), so adding a device or a scenario step never shifts the numbers
 * another part sees, and the same seed always gives the same stream.
 */

/** FNV-1a over a string, mixed with a seed: a stable 32-bit stream id. */
function hash(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Avalanche, so that seeds 1 and 2 start far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  return h >>> 0;
}

/** A small, fast, seedable PRNG (mulberry32) with the distributions the physics needs. */
export class Rng {
  private a: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Gaussian (Box–Muller, both values used). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** Exponentially distributed waiting time with this mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** The stream of one part of a simulation. */
export function rngFor(seed: number, label: string): Rng {
  return new Rng(hash(seed, label));
}

/**
 * Smooth noise in [-1, 1] as a pure function of time: cosine-interpolated values on a `periodMs` grid. Used for
 * slow variations (clouds, RSSI) that must not depend on when, or how often, they are read.
 */
export function smoothNoise(seed: number, label: string, t: number, periodMs: number): number {
  const x = t / periodMs;
  const i = Math.floor(x);
  const f = x - i;
  const v0 = (hash(hash(seed, label), String(i)) / 4294967296) * 2 - 1;
  const v1 = (hash(hash(seed, label), String(i + 1)) / 4294967296) * 2 - 1;
  const w = (1 - Math.cos(Math.PI * f)) / 2;
  return v0 * (1 - w) + v1 * w;
}
