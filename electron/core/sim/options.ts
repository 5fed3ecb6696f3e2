/**
 * Reading simulation options from the command line, shared by `simulate`, `lab` and `record --demo`. Each function
 * throws a `RangeError` whose message is written for the user; the commands turn it into a usage error.
 */
import { describeScenarios, isScenarioName, SCENARIO_NAMES, type ScenarioName } from './scenarios/index';

/** Telemetry rates a device can be set to: protocol `interval_ms` is 10 ms .. 1 h. */
export const MIN_RATE_HZ = 1 / 3600;
export const MAX_RATE_HZ = 100;

/** A scenario name; the error lists the known ones. */
export function parseScenario(name: string | undefined): ScenarioName {
  if (name === undefined) throw new RangeError(`give --scenario NAME; scenarios:\n${describeScenarios()}`);
  if (!isScenarioName(name)) throw new RangeError(`unknown scenario "${name}"; known: ${SCENARIO_NAMES.join(', ')}`);
  return name;
}

/** A bound as people read it: 0.000277… Hz is "1/3600 (once an hour)". */
export function readableNumber(n: number): string {
  if (Number.isInteger(n) || String(n).length <= 8) return String(n);
  const inverse = 1 / n;
  if (Math.abs(inverse - Math.round(inverse)) < 1e-9) {
    const per = Math.round(inverse);
    return per === 3600 ? '1/3600 (once an hour)' : `1/${per}`;
  }
  return String(Number(n.toPrecision(4)));
}

/** A number within bounds, with the flag named in the message. */
export function parseNumber(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max) {
    throw new RangeError(
      `${flag} must be a number from ${readableNumber(min)} to ${readableNumber(max)}, not "${text}"`,
    );
  }
  return v;
}

/** A whole number within bounds. */
export function parseInteger(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const v = parseNumber(flag, text, fallback, min, max);
  if (!Number.isInteger(v)) throw new RangeError(`${flag} must be a whole number, not "${text}"`);
  return v;
}

/** Telemetry rate, Hz (default 1). */
export function parseRate(text: string | undefined): number {
  return parseNumber('--rate', text, 1, MIN_RATE_HZ, MAX_RATE_HZ);
}

/** Simulated ms per wall ms; `max` is as fast as possible (Infinity). */
export function parseSpeed(text: string | undefined): number {
  if (text === 'max') return Infinity;
  const v = Number(text ?? '1');
  if (!(v > 0) || !Number.isFinite(v) || v > 1e6) {
    throw new RangeError(`--speed must be a positive number (1 is real time) or "max", not "${text}"`);
  }
  return v;
}

/** `2026-01-05T09:00:00Z`, or epoch ms. */
export function parseStart(text: string | undefined): number | undefined {
  if (text === undefined || text === 'now') return undefined;
  const t = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(t) || t < Date.UTC(2020, 0, 1) || t >= Date.UTC(2099, 0, 1)) {
    throw new RangeError(`--start must be an ISO 8601 time (e.g. 2026-01-05T09:00:00Z) or epoch ms, in 2020..2098`);
  }
  return Math.round(t);
}

/**
 * Default start: timestamps must never lie ahead of the wall clock (Twinscope caps an event time at its receive time),
 * so a run faster than real time starts `duration·(1 − 1/speed)` in the past and ends about when it is received.
 */
export function defaultStart(now: number, speed: number, durationS: number | null): number {
  if (speed <= 1 || durationS === null) return now;
  return Math.round(now - durationS * 1000 * (1 - 1 / speed));
}

/** A comma-separated list of numbers (`--devices 50,200,1000`), each within bounds, at most `maxItems`. */
export function parseList(
  flag: string,
  text: string | undefined,
  fallback: number[],
  min: number,
  max: number,
  maxItems = 8,
): number[] {
  if (text === undefined) return fallback;
  const items = text.split(',').map((s) => parseNumber(flag, s.trim(), NaN, min, max));
  if (items.length > maxItems) throw new RangeError(`${flag} takes at most ${maxItems} values`);
  return items;
}
