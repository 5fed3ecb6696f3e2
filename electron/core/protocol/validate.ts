/**
 * Turns an untrusted parsed JSON value into a typed device message, or a rejection naming the field and why.
 * Never throws: everything a device or a network can send ends as one of the two.
 */
import {
  DEV_ID_PATTERN,
  PROTOCOL_VERSION,
  type DeviceMessage,
  type EnvelopeFields,
  type LogLevel,
} from '../../common/protocol';
import { CHANNELS, type SampleValues, type Vector3 } from '../../common/sample';
import { CHANNEL_SPECS } from './channelSpecs';
import { reject, type Rejection } from './rejection';

export type ValidationResult = { ok: true; message: DeviceMessage } | { ok: false; rejection: Rejection };

const UINT32_MAX = 0xffffffff;
const TS_MIN = Date.UTC(2020, 0, 1);
const TS_MAX = Date.UTC(2100, 0, 1);
const EVT_NAME = /^[a-z0-9_]{1,32}$/;
const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error']);

type Fields = Record<string, unknown>;

class Invalid {
  constructor(readonly rejection: Rejection) {}
}

export function validateMessage(value: unknown): ValidationResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, rejection: reject('not_object', 'message is not a JSON object') };
  }
  const o = value as Fields;
  const dev = typeof o.dev === 'string' && DEV_ID_PATTERN.test(o.dev) ? o.dev : undefined;
  try {
    return { ok: true, message: validateFields(o, dev) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, rejection: e.rejection };
    throw e;
  }
}

function validateFields(o: Fields, dev: string | undefined): DeviceMessage {
  const fail = (code: Rejection['code'], detail: string): never => {
    throw new Invalid(reject(code, detail, dev));
  };
  if (o.v !== PROTOCOL_VERSION) fail('bad_version', `v must be ${PROTOCOL_VERSION}, got ${short(o.v)}`);
  if (dev === undefined) fail('bad_field', `dev must match ${DEV_ID_PATTERN.source}, got ${short(o.dev)}`);
  const env: EnvelopeFields = {
    v: PROTOCOL_VERSION,
    dev: dev as string,
    boot: uint(o, 'boot', UINT32_MAX, fail),
    seq: uint(o, 'seq', UINT32_MAX, fail),
    up: uint(o, 'up', Number.MAX_SAFE_INTEGER, fail),
    ts: null,
  };
  if (o.ts !== null) {
    if (o.ts === undefined) fail('bad_field', 'ts is required (null when the clock is not synced)');
    env.ts = uint(o, 'ts', Number.MAX_SAFE_INTEGER, fail);
    if (env.ts < TS_MIN || env.ts >= TS_MAX) fail('out_of_range', `ts ${env.ts} is not between 2020 and 2100`);
  }
  if (o.sup !== undefined) {
    env.sup = uint(o, 'sup', Number.MAX_SAFE_INTEGER, fail);
    if (env.sup < env.up) fail('out_of_range', `sup ${env.sup} is before up ${env.up}`);
  }
  switch (o.t) {
    case 'tele': {
      const data = values(o.data, fail);
      if (Object.keys(data).length === 0) fail('bad_field', 'data has no known channel');
      return { ...env, t: 'tele', data };
    }
    case 'evt': {
      if (typeof o.evt !== 'string' || !EVT_NAME.test(o.evt)) fail('bad_field', `evt must match ${EVT_NAME.source}`);
      return { ...env, t: 'evt', evt: o.evt as string, data: o.data === undefined ? {} : values(o.data, fail) };
    }
    case 'hello': {
      const sensors = o.sensors;
      if (!Array.isArray(sensors) || sensors.length > 16 || !sensors.every((s) => isShortString(s, 32))) {
        fail('bad_field', 'sensors must be at most 16 strings of at most 32 characters');
      }
      const interval = uint(o, 'interval_ms', 3_600_000, fail);
      if (interval < 10) fail('out_of_range', `interval_ms ${interval} is below 10`);
      return {
        ...env,
        t: 'hello',
        fw: shortString(o, 'fw', 32, fail),
        hw: shortString(o, 'hw', 32, fail),
        sensors: sensors as string[],
        interval_ms: interval,
      };
    }
    case 'ack': {
      if (typeof o.ok !== 'boolean') fail('bad_field', 'ok must be a boolean');
      const ack = { ...env, t: 'ack' as const, id: shortString(o, 'id', 32, fail), ok: o.ok as boolean };
      return o.err === undefined ? ack : { ...ack, err: shortString(o, 'err', 128, fail) };
    }
    case 'log': {
      const level = o.level === undefined ? 'info' : o.level;
      if (typeof level !== 'string' || !LOG_LEVELS.has(level)) fail('bad_field', 'level must be debug|info|warn|error');
      return { ...env, t: 'log', level: level as LogLevel, msg: shortString(o, 'msg', 256, fail) };
    }
    default:
      return fail('bad_type', `t must be hello|tele|evt|ack|log, got ${short(o.t)}`);
  }
}

type Fail = (code: Rejection['code'], detail: string) => never;

function uint(o: Fields, key: string, max: number, fail: Fail): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) return fail('bad_field', `${key} must be an integer`);
  if (v < 0 || v > max) return fail('out_of_range', `${key} ${v} is outside 0..${max}`);
  return v;
}

function isShortString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

function shortString(o: Fields, key: string, max: number, fail: Fail): string {
  const v = o[key];
  if (!isShortString(v, max)) return fail('bad_field', `${key} must be a string of at most ${max} characters`);
  return v;
}

function values(data: unknown, fail: Fail): SampleValues {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return fail('bad_field', 'data must be an object');
  const d = data as Fields;
  const out: Record<string, unknown> = {};
  for (const ch of CHANNELS) {
    const v = d[ch];
    if (v === undefined) continue;
    const spec = CHANNEL_SPECS[ch];
    switch (spec.kind) {
      case 'number':
        out[ch] = inRange(ch, v, spec.min, spec.max, fail);
        break;
      case 'vector': {
        if (!Array.isArray(v) || v.length !== 3) return fail('bad_field', `${ch} must be [x, y, z]`);
        const vec: Vector3 = [
          inRange(`${ch}[0]`, v[0], spec.min, spec.max, fail),
          inRange(`${ch}[1]`, v[1], spec.min, spec.max, fail),
          inRange(`${ch}[2]`, v[2], spec.min, spec.max, fail),
        ];
        out[ch] = vec;
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') return fail('bad_field', `${ch} must be true or false`);
        out[ch] = v;
        break;
      case 'door':
        if (v !== 'open' && v !== 'closed') return fail('bad_field', `${ch} must be "open" or "closed"`);
        out[ch] = v;
        break;
      default: {
        const never: never = spec;
        return never;
      }
    }
  }
  return out as SampleValues;
}

function inRange(name: string, v: unknown, min: number, max: number, fail: Fail): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail('bad_field', `${name} must be a finite number`);
  if (v < min || v > max) return fail('out_of_range', `${name} ${v} is outside ${min}..${max}`);
  return v;
}

function short(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
