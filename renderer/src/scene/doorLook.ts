/** How the door leaf looks after a slam, as a function of time: kept apart from the scene so it can be tested. */

/** How long a slam shows on the leaf, ms. */
export const PULSE_MS = 2000;

/**
 * How red the leaf is, 0..1, `sinceMs` after a slam: fully red for the first 60 % of the pulse (a red that a glance
 * catches, not a tint over the wood), then fading back to the leaf's own colour. 0 before any slam (`Infinity`).
 */
export function slamRedness(sinceMs: number): number {
  if (!(sinceMs >= 0) || sinceMs >= PULSE_MS) return 0;
  return Math.min(1, (2.5 * (PULSE_MS - sinceMs)) / PULSE_MS);
}
