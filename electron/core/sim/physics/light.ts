/**
 * Light in a room: daylight through the windows following the sun over the local day, dimmed by passing clouds,
 * plus ceiling lights that people switch on when it is dark. Pure functions of time, so a reading never depends on
 * when or how often it is taken.
 */
import { smoothNoise } from '../random';

const HOUR_MS = 3_600_000;

/** Local hour of day, 0..24, for a UTC offset in minutes. */
export function localHour(t: number, utcOffsetMinutes: number): number {
  const local = t + utcOffsetMinutes * 60_000;
  return (((local % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS;
}

/** Sun above the horizon, 0..1: a sine from 06:00 to 18:00 local (an equinox day; seasons are not modelled). */
export function sunFactor(t: number, utcOffsetMinutes: number): number {
  const h = localHour(t, utcOffsetMinutes);
  return h <= 6 || h >= 18 ? 0 : Math.sin((Math.PI * (h - 6)) / 12);
}

/** Clouds: 0.4 (overcast) .. 1 (clear), drifting over tens of minutes. */
export function cloudFactor(seed: number, t: number): number {
  return 0.7 + 0.3 * smoothNoise(seed, 'clouds', t, 20 * 60_000);
}

/** Illuminance from daylight alone at the sensor, lx. */
export function daylightLux(seed: number, t: number, utcOffsetMinutes: number, peakLux: number): number {
  return peakLux * sunFactor(t, utcOffsetMinutes) * cloudFactor(seed, t);
}

/** Below this much daylight an occupied room has its ceiling lights on, lx. */
export const LIGHTS_ON_BELOW_LUX = 300;
