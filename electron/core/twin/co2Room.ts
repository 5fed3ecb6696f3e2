/**
 * The CO2 model of one room, updated on each reading of its primary CO2 sensor: trend, ventilation fit (only over
 * stretches where the room was empty and closed), occupant estimate, the "faster than physics allows" check, the
 * EN 16798-1 category and the time to the threshold.
 */
import type { Co2Rules } from '../../common/site';
import type { Co2ModelState } from '../../common/twin';
import { co2Category, co2Rate, estimateOccupants, timeToThreshold, type RoomModel } from './co2Model';
import { decayPair, FIT_MIN_PAIRS, FIT_MIN_SPAN_MS, fittedLambda, priorFit, updateFit, windowSlope } from './co2Fit';

/** Readings kept for the trend, at most. */
const MAX_WINDOW = 32;

/** Exchange through the room's doors right now: total flow and the flow-weighted concentration behind them. */
export interface DoorExchange {
  qDoor: number;
  otherPpm: number;
}

/** What one update needs besides the model state. */
export interface Co2Context {
  rules: Co2Rules;
  volumeM3: number;
  exchange: DoorExchange;
  thresholdPpm: number;
  maxOccupants: number;
  /** The room was empty and closed since this time (null: it is not). Decay pairs must start after it. */
  quietSince: number | null;
}

/** The model before any reading: ventilation from the prior air-change rate. */
export function initCo2Model(rules: Co2Rules, volumeM3: number): Co2ModelState {
  const lambda0 = rules.defaultAch / 3600;
  return {
    window: [],
    slopePpmPerMin: null,
    qM3s: lambda0 * volumeM3,
    qSource: 'prior',
    fit: priorFit(lambda0),
    fitFrom: null,
    occupants: null,
    maxRisePpmPerMin: null,
    abnormal: false,
    category: null,
    timeToThresholdMs: null,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

/**
 * The ventilation fit: while the room is empty and shut, a decay pair from the pair's first reading (taken in this
 * quiet stretch) to this one once they are `FIT_MIN_SPAN_MS` apart; this reading then starts the next pair.
 */
function fitDecay(
  m: Co2ModelState,
  ctx: Co2Context,
  prev: readonly [number, number] | undefined,
  t: number,
  c: number,
): void {
  const { rules } = ctx;
  const quiet = ctx.quietSince;
  if (quiet === null) {
    m.fitFrom = null;
    return;
  }
  // The previous reading when it already fell in the quiet stretch (the room may be found empty only after it).
  let from = m.fitFrom !== null && m.fitFrom[0] >= quiet ? m.fitFrom : null;
  if (from === null && prev && prev[0] >= quiet) from = [prev[0], prev[1]];
  if (from === null || t - from[0] < FIT_MIN_SPAN_MS) {
    m.fitFrom = from ?? [t, c];
    return;
  }
  m.fitFrom = [t, c];
  const pair = decayPair(from, [t, c], rules.outdoorPpm, rules.fitMinExcessPpm, rules.fitMaxGapMs);
  if (!pair) return;
  m.fit = updateFit(m.fit, pair, rules.fitForgetting);
  m.qM3s = fittedLambda(m.fit) * ctx.volumeM3;
  m.qSource = m.fit.pairs >= FIT_MIN_PAIRS ? 'fitted' : 'prior';
}

/** Folds one reading (t, ppm) into the model. */
export function updateCo2Model(m: Co2ModelState, ctx: Co2Context, t: number, c: number): void {
  const { rules, volumeM3, exchange } = ctx;
  const prev = m.window[m.window.length - 1];
  if (prev && t <= prev[0]) return; // same instant from another path: nothing new for a trend
  fitDecay(m, ctx, prev, t, c);
  const window = m.window.filter(([wt]) => t - wt <= rules.slopeWindowMs);
  window.push([t, c]);
  m.window = window.length > MAX_WINDOW ? window.slice(window.length - MAX_WINDOW) : window;
  m.category = co2Category(c, rules);

  const base = { volumeM3, qM3s: m.qM3s, outdoorPpm: rules.outdoorPpm, generationM3s: rules.generationM3s };
  const fit = windowSlope(m.window);
  if (fit) {
    m.slopePpmPerMin = round(fit.slope * 60, 3);
    const n = estimateOccupants(base, fit.meanC, fit.slope, exchange.qDoor, exchange.otherPpm);
    m.occupants = round(n, 1);
    // Steepest physical rise: the room at capacity, and the door bringing in the richer air behind it.
    const other = Math.max(exchange.otherPpm, fit.meanC);
    const maxRise = co2Rate({ ...base, occupants: ctx.maxOccupants }, fit.meanC, exchange.qDoor, other) * 60;
    m.maxRisePpmPerMin = round(maxRise, 3);
    m.abnormal = fit.slope * 60 > maxRise + rules.abnormalMarginPpmPerMin;
  } else {
    m.slopePpmPerMin = null;
    m.occupants = null;
    m.maxRisePpmPerMin = null;
    m.abnormal = false;
  }
  const model: RoomModel = {
    ...base,
    co2Ppm: c,
    occupants: m.occupants ?? 0,
    doorFlowM3s: exchange.qDoor,
    doorOpen: exchange.qDoor > 0,
    neighbour: null,
  };
  const ttt = timeToThreshold(model, ctx.thresholdPpm, exchange.qDoor, exchange.otherPpm);
  m.timeToThresholdMs = ttt === null ? null : Math.round(ttt);
}
