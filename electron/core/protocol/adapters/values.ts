/**
 * Helpers shared by the third-party adapters: numbers and booleans out of loose JSON, unit conversion, range checks
 * against the protocol's channel specs (so a third-party reading is held to the same bounds as our own), and times.
 */
import type { Channel, SampleValues, Vector3 } from '../../../common/sample';
import { CHANNEL_SPECS } from '../channelSpecs';
import { reject, type Rejection } from '../rejection';

export { topicMatches } from './types';

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON text; null when it is not a JSON object. */
export function parseObject(text: string): Json | null {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
}

/** A finite number, or a numeric string (Home Assistant states are strings). */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export const fahrenheitToCelsius = (f: number): number => Math.round(((f - 32) * 5 * 100) / 9) / 100;

/** Converts a temperature in the given unit (°C, °F, C, F) to °C; undefined when the unit is unknown. */
export function celsius(value: number, unit: string | undefined): number | undefined {
  if (unit === undefined) return value;
  const u = unit.replace('°', '').trim().toUpperCase();
  if (u === 'C' || u === '') return value;
  if (u === 'F') return fahrenheitToCelsius(value);
  if (u === 'K') return Math.round((value - 273.15) * 100) / 100;
  return undefined;
}

export type Checked = { ok: true; values: SampleValues } | { ok: false; rejection: Rejection };

/**
 * Range-checks values produced by an adapter. `entity` names what sent them (a device id, a topic) in the rejection,
 * so `twinscope rejects` says which third-party device is wrong.
 */
export function checkValues(raw: Partial<Record<Channel, unknown>>, entity: string, dev?: string): Checked {
  const out: Record<string, unknown> = {};
  for (const [ch, v] of Object.entries(raw) as [Channel, unknown][]) {
    if (v === undefined) continue;
    const spec = CHANNEL_SPECS[ch];
    const bad = (code: Rejection['code'], detail: string): Checked => ({
      ok: false,
      rejection: reject(code, `${entity}: ${detail}`, dev),
    });
    switch (spec.kind) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) return bad('bad_field', `${ch} must be a finite number`);
        if (v < spec.min || v > spec.max) return bad('out_of_range', `${ch} ${v} is outside ${spec.min}..${spec.max}`);
        out[ch] = v;
        break;
      case 'vector': {
        const vec = v as Vector3;
        if (!Array.isArray(vec) || vec.length !== 3 || !vec.every((x) => typeof x === 'number' && Number.isFinite(x)))
          return bad('bad_field', `${ch} must be [x, y, z]`);
        if (vec.some((x) => x < spec.min || x > spec.max))
          return bad('out_of_range', `${ch} is outside ${spec.min}..${spec.max}`);
        out[ch] = vec;
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') return bad('bad_field', `${ch} must be true or false`);
        out[ch] = v;
        break;
      case 'door':
        if (v !== 'open' && v !== 'closed') return bad('bad_field', `${ch} must be open or closed`);
        out[ch] = v;
        break;
      default: {
        const never: never = spec;
        return never;
      }
    }
  }
  return { ok: true, values: out as SampleValues };
}

const TS_MIN = Date.UTC(2020, 0, 1);
const TS_MAX = Date.UTC(2100, 0, 1);

/**
 * An ISO 8601 time. Without a zone designator it is local time at `utcOffsetMinutes` (Tasmota's `Time`).
 * Returns undefined when unparsable or outside 2020..2100.
 */
export function parseTime(v: unknown, utcOffsetMinutes = 0): number | undefined {
  if (typeof v === 'number')
    return v >= TS_MIN && v < TS_MAX ? v : v * 1000 >= TS_MIN && v * 1000 < TS_MAX ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    v.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
  if (zone === undefined) t -= utcOffsetMinutes * 60_000;
  else if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(t) && t >= TS_MIN && t < TS_MAX ? t : undefined;
}

/** Characters allowed in the name part of a third-party device id. */
export function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 56);
}
