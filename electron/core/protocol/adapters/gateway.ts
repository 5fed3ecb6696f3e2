/**
 * The Raspberry Pi door-and-rooms gateway: topic `door`, every 0.5 s,
 * `{"local_data":{"door_timestamp","angle","gyro","magnet"},"remote_data":{"device_1":{temperature,humidity,light,
 * motion,co2,timestamp},"device_2":{...}}}`. Ids: `gw:door` for its own door sensors, `gw:<key>` for each room sensor
 * (`gw:device_1`, ...); a site binds them to its sensors. Times are ISO 8601; `0000-00-00T00:00:00.000Z` means the
 * sensor had no time (receive time, marked estimated). Room values repeat until the sensor reports again: equal
 * values with the same timestamp are one reading. `magnet: true` is the door closed; `angle`/`gyro` may be null.
 */
import type { Vector3 } from '../../../common/sample';
import { reject } from '../rejection';
import type { AdapterOutput, MqttAdapter, Reading } from './types';
import { checkValues, idPart, isObject, parseObject, parseTime, toNumber, type Json } from './values';

export interface GatewayOptions {
  /** Topic the gateway publishes to. */
  topic?: string;
  /** Axis of the door sensor's gyro the scalar `gyro` rate is about (the bound site door's hinge axis). */
  hingeAxis?: { axis: 'x' | 'y' | 'z'; sign: 1 | -1 };
}

const ZERO_TIME = /^0000-00-00/;
const AXES = { x: 0, y: 1, z: 2 } as const;

export function gatewayAdapter(options: GatewayOptions = {}): MqttAdapter {
  const topic = options.topic ?? 'door';
  const hinge = options.hingeAxis ?? { axis: 'z', sign: 1 };
  const announced = new Set<string>();
  return {
    name: 'gateway',
    filters: [topic],
    owns: (t) => t === topic,
    decode(_topic, text): AdapterOutput[] {
      const o = parseObject(text);
      if (!o)
        return [{ kind: 'reject', rejection: reject('not_json', `gateway ${topic}: payload is not a JSON object`) }];
      const out: AdapterOutput[] = [];
      if (o.local_data !== undefined) out.push(door(o.local_data, hinge));
      if (o.remote_data !== undefined) {
        if (!isObject(o.remote_data)) {
          out.push({
            kind: 'reject',
            rejection: reject('bad_field', `gateway ${topic}: remote_data must be an object`),
          });
        } else {
          for (const [key, v] of Object.entries(o.remote_data)) out.push(room(`gw:${idPart(key)}`, v));
        }
      }
      // Say once per device what it is, for `twinscope devices` and the device panel.
      for (const o of [...out]) {
        if (o.kind !== 'reading' || announced.has(o.reading.dev)) continue;
        announced.add(o.reading.dev);
        out.push({
          kind: 'device',
          device: { dev: o.reading.dev, convention: 'gateway', channels: Object.keys(o.reading.values) },
        });
      }
      if (out.length === 0) {
        out.push({
          kind: 'reject',
          rejection: reject('bad_field', `gateway ${topic}: neither local_data nor remote_data`),
        });
      }
      return out;
    },
  };
}

/** Event time of a gateway timestamp: a time, "none" (zero timestamp or absent), or invalid. */
function gwTime(v: unknown): { t: number | null; unknown: boolean } | null {
  if (v === undefined || v === null || (typeof v === 'string' && ZERO_TIME.test(v))) return { t: null, unknown: true };
  const t = parseTime(v);
  return t === undefined ? null : { t, unknown: false };
}

function door(local: unknown, hinge: { axis: 'x' | 'y' | 'z'; sign: 1 | -1 }): AdapterOutput {
  const dev = 'gw:door';
  if (!isObject(local))
    return { kind: 'reject', rejection: reject('bad_field', `${dev}: local_data must be an object`, dev) };
  const time = gwTime(local.door_timestamp);
  if (!time)
    return { kind: 'reject', rejection: reject('bad_field', `${dev}: door_timestamp is not an ISO 8601 time`, dev) };
  const raw: Json = {};
  if (local.magnet !== undefined && local.magnet !== null) {
    if (typeof local.magnet !== 'boolean') {
      return { kind: 'reject', rejection: reject('bad_field', `${dev}: magnet must be true or false`, dev) };
    }
    raw.door = local.magnet ? 'closed' : 'open';
  }
  if (local.angle !== null && local.angle !== undefined) raw.angle = toNumber(local.angle) ?? local.angle;
  const g = local.gyro;
  if (g !== null && g !== undefined) {
    const rate = toNumber(g);
    if (rate !== undefined) {
      const vec: [number, number, number] = [0, 0, 0];
      vec[AXES[hinge.axis]] = rate * hinge.sign;
      raw.gyro = vec as Vector3;
    } else raw.gyro = g;
  }
  const checked = checkValues(raw, dev, dev);
  if (!checked.ok) return { kind: 'reject', rejection: checked.rejection };
  if (Object.keys(checked.values).length === 0) {
    return { kind: 'reject', rejection: reject('bad_field', `${dev}: no magnet, angle or gyro`, dev) };
  }
  const reading: Reading = { dev, values: checked.values, t: time.t };
  if (time.unknown) reading.unknownTime = true;
  return { kind: 'reading', reading };
}

function room(dev: string, v: unknown): AdapterOutput {
  if (!isObject(v)) return { kind: 'reject', rejection: reject('bad_field', `${dev}: must be an object`, dev) };
  const time = gwTime(v.timestamp);
  if (!time)
    return { kind: 'reject', rejection: reject('bad_field', `${dev}: timestamp is not an ISO 8601 time`, dev) };
  const num = (x: unknown): unknown => (x === null || x === undefined ? undefined : (toNumber(x) ?? x));
  const motion =
    v.motion === null || v.motion === undefined
      ? undefined
      : v.motion === 1 || v.motion === 0
        ? v.motion === 1
        : v.motion;
  const checked = checkValues(
    { temp: num(v.temperature), rh: num(v.humidity), lux: num(v.light), co2: num(v.co2), motion },
    dev,
    dev,
  );
  if (!checked.ok) return { kind: 'reject', rejection: checked.rejection };
  if (Object.keys(checked.values).length === 0) {
    return {
      kind: 'reject',
      rejection: reject('bad_field', `${dev}: no temperature, humidity, light, motion or co2`, dev),
    };
  }
  // The gateway re-sends the latest room report every 0.5 s until the sensor reports again.
  const reading: Reading = { dev, values: checked.values, t: time.t, repeats: true };
  if (time.unknown) reading.unknownTime = true;
  return { kind: 'reading', reading };
}
