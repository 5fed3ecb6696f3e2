/** Sample keys carried by conflicts, events and alerts as evidence. */
import type { Sample } from '../../common/sample';
import type { SampleKey } from '../../common/twin';

/** Evidence lists keep the newest few keys: enough to find the samples, small enough for every frame. */
export const MAX_KEYS = 8;

/** The dedupe key of a sample. */
export function keyOf(s: Sample): SampleKey {
  return { dev: s.dev, boot: s.boot, seq: s.seq };
}

/** `keys` plus `k` (unless already the last one), capped to the newest `max`. */
export function withKey(keys: readonly SampleKey[], k: SampleKey, max = MAX_KEYS): SampleKey[] {
  const last = keys[keys.length - 1];
  if (last && last.dev === k.dev && last.boot === k.boot && last.seq === k.seq) return keys.slice();
  const out = [...keys, k];
  return out.length > max ? out.slice(out.length - max) : out;
}

/** `dev/boot/seq`, for reasons and logs. */
export function formatKey(k: SampleKey): string {
  return `${k.dev}/${k.boot}/${k.seq}`;
}
