/**
 * Online fitting for the CO2 model: the trend (least-squares slope over a short window) and the ventilation rate
 * from decay periods. In an empty, closed room C − C_out decays as e^(−λt) with λ = Q/V, so a pair of readings Δt
 * apart gives y = ln(e₀/e₁) = λ·Δt. λ = Σw·y / Σw·Δt over the pairs, updated recursively with exponential forgetting,
 * seeded with the prior as one pseudo-pair.
 *
 * Everything is per unit of time, not per pair, so the sampling rate does not change the estimate:
 * - a pair weighs by the time it covers (w·Δt): the noise of consecutive pairs cancels in the sum (Σy telescopes to
 *   the log ratio of the first and last readings), so a minute of decay carries the same weight as one pair or sixty;
 * - forgetting is per minute of decay data: a pair Δt long scales what came before by `forgetting^(Δt / 60 s)`;
 * - a pair spans at least `FIT_MIN_SPAN_MS`: over one second a sensor's noise (several ppm) is far larger than the
 *   decay (a fraction of a ppm), and dropping the pairs whose noise looks like a rise would bias the fit.
 */
import type { Co2ModelState } from '../../common/twin';

/** Weight of the prior: one minute of decay at 100 ppm excess. Real pairs at higher excess outweigh it quickly. */
const PRIOR_S = 60;
/** `forgetting` is the weight left to decay data this much older, s. */
const FORGETTING_PER_S = 60;
/** Rises up to this between the readings of a pair are sensor noise, ppm. */
const RISE_TOLERANCE_PPM = 10;
/**
 * Shortest pair, ms: faster readings are paired about a minute apart; a minute-interval sensor's readings still pair
 * one by one when its interval jitters.
 */
export const FIT_MIN_SPAN_MS = 50_000;
/** Pairs needed before the fit is reported as fitted rather than prior. */
export const FIT_MIN_PAIRS = 5;

export type DecayFit = Co2ModelState['fit'];

/** The fit before any data: the prior decay rate λ₀ (1/s) as a single pseudo-observation. */
export function priorFit(lambda0: number): DecayFit {
  return { sxx: PRIOR_S, sxy: lambda0 * PRIOR_S, pairs: 0 };
}

/** One decay observation, or null when the pair carries no usable signal. */
export interface DecayPair {
  /** Δt, s. */
  x: number;
  /** ln(e₀/e₁). */
  y: number;
  /** Noise on y scales with 1/excess, so weight ∝ excess² (1 at 100 ppm). */
  w: number;
}

/** A decay pair from two readings, if both are clearly above outdoor and close enough in time. */
export function decayPair(
  prev: readonly [number, number],
  cur: readonly [number, number],
  outdoorPpm: number,
  minExcessPpm: number,
  maxGapMs: number,
): DecayPair | null {
  const dtMs = cur[0] - prev[0];
  if (dtMs <= 0 || dtMs > maxGapMs) return null;
  const e0 = prev[1] - outdoorPpm;
  const e1 = cur[1] - outdoorPpm;
  // Also never at or below outdoor: the logarithm needs a positive excess (a rules file may set the minimum to 0).
  if (e0 < minExcessPpm || e1 < minExcessPpm || e0 <= 0 || e1 <= 0) return null;
  // A clear rise in a room thought empty means someone sits still out of the PIR's view: not a decay.
  if (e1 - e0 > RISE_TOLERANCE_PPM) return null;
  const mean = (e0 + e1) / 2 / 100;
  return { x: dtMs / 1000, y: Math.log(e0 / e1), w: mean * mean };
}

/** Folds one pair into the fit; what came before keeps `forgetting` of its weight per minute the pair covers. */
export function updateFit(fit: DecayFit, p: DecayPair, forgetting: number): DecayFit {
  const f = forgetting ** (p.x / FORGETTING_PER_S);
  return {
    sxx: f * fit.sxx + p.w * p.x,
    sxy: f * fit.sxy + p.w * p.y,
    pairs: fit.pairs + 1,
  };
}

/** Fitted decay rate λ = Q/V, 1/s; never below a tiny positive floor (a room always leaks a little). */
export function fittedLambda(fit: DecayFit): number {
  const lambda = fit.sxx > 0 ? fit.sxy / fit.sxx : 0;
  return lambda > 1e-7 ? lambda : 1e-7;
}

/** Least-squares line through (t, c) points: slope ppm/s, and mean time and value (where the slope applies). */
export function windowSlope(points: readonly (readonly [number, number])[]): {
  slope: number;
  meanT: number;
  meanC: number;
} | null {
  const n = points.length;
  if (n < 3) return null;
  const t0 = points[0]![0];
  let st = 0;
  let sc = 0;
  for (const [t, c] of points) {
    st += (t - t0) / 1000;
    sc += c;
  }
  const mt = st / n;
  const mc = sc / n;
  let stt = 0;
  let stc = 0;
  for (const [t, c] of points) {
    const dt = (t - t0) / 1000 - mt;
    stt += dt * dt;
    stc += dt * (c - mc);
  }
  if (stt <= 0) return null;
  return { slope: stc / stt, meanT: t0 + mt * 1000, meanC: mc };
}
