/**
 * Identity of readings from devices without boot/seq. A reading is keyed by device + event time + values: the
 * store's unique (dev, boot, seq) then holds `boot = SYNTHETIC_BOOT` and `seq` = a 53-bit hash of time and values,
 * so a retained message or a QoS 1 redelivery of a timed reading is stored once, even across restarts. Readings
 * timed by their receive time are duplicates only when they repeat the device's previous reading and either arrive
 * as a redelivery (retained, dup) or come from a convention that repeats readings until a new one is measured.
 */
import type { SampleValues } from '../../common/sample';

/** `boot` of every synthetic key: protocol v1 boots are ≥ 0, so the two never meet. */
export const SYNTHETIC_BOOT = -1;

/** Recent keys remembered per device: far more than any retained set or redelivery window. */
const KEPT = 2048;

/** Values as a canonical string: keys in channel order as produced, numbers as JSON writes them. */
export function valuesKey(values: SampleValues): string {
  const o = values as Record<string, unknown>;
  return Object.keys(o)
    .sort()
    .map((k) => `${k}=${JSON.stringify(o[k])}`)
    .join(',');
}

/** 53-bit FNV-1a-style hash (two 32-bit lanes), a safe integer for the store's `seq`. */
export function hash53(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** Per-device memory of recent keys, oldest forgotten first. */
export class ReadingKeys {
  private readonly recent = new Map<string, Set<number>>();
  private readonly last = new Map<string, string>();

  /** True when the timed key was seen recently; remembers it otherwise. */
  seenTimed(dev: string, seq: number): boolean {
    let set = this.recent.get(dev);
    if (!set) this.recent.set(dev, (set = new Set()));
    if (set.has(seq)) return true;
    set.add(seq);
    if (set.size > KEPT) set.delete(set.values().next().value as number);
    return false;
  }

  /**
   * Whether `identity` repeats the previous reading of the device with the same channels (a device with several
   * entities sends each on its own), and remembers it. `seed` gives the last stored one after a restart.
   */
  repeatsLast(dev: string, channels: string, identity: string, seed?: () => string | undefined): boolean {
    const key = `${dev}\u0000${channels}`;
    const previous = this.last.has(key) ? this.last.get(key) : seed?.();
    this.last.set(key, identity);
    return previous === identity;
  }
}
