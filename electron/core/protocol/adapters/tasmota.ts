/**
 * Tasmota: `tele/<topic>/SENSOR` (`Time` in the device's local time, `TempUnit`, sensor objects such as SCD30/SCD40
 * {CarbonDioxide, Temperature, Humidity}, SHT3X/AM2301 {Temperature, Humidity}, BH1750 {Illuminance}, and a PIR on
 * `Switch1` "ON"/"OFF"), `tele/<topic>/STATE` (`Wifi.Signal`, dBm), `tele/<topic>/LWT` Online/Offline,
 * `stat/<topic>/RESULT` (`{"Switch1":{"Action":"ON"}}`), and Tasmota's own discovery
 * (`tasmota/discovery/<mac>/config`). Id `tasmota:<topic>`. Local time needs the site's `rules.utcOffsetMinutes`.
 */
import { reject } from '../rejection';
import type { AdapterOutput, MqttAdapter } from './types';
import { celsius, checkValues, idPart, isObject, parseObject, parseTime, toNumber, type Json } from './values';

export interface TasmotaOptions {
  utcOffsetMinutes?: number;
}

const TOPIC = /^(tele|stat)\/([^/]+)\/(SENSOR|STATE|LWT|RESULT)$/;
const DISCOVERY = /^tasmota\/discovery\/[^/]+\/config$/;

export function tasmotaAdapter(options: TasmotaOptions = {}): MqttAdapter {
  const offset = options.utcOffsetMinutes ?? 0;
  return {
    name: 'tasmota',
    filters: ['tele/+/SENSOR', 'tele/+/STATE', 'tele/+/LWT', 'stat/+/RESULT', 'tasmota/discovery/+/config'],
    owns: (t) => TOPIC.test(t) || DISCOVERY.test(t),
    decode(topic, text): AdapterOutput[] {
      if (DISCOVERY.test(topic)) return discovery(text);
      const [, prefix, name, kind] = TOPIC.exec(topic)!;
      const dev = `tasmota:${idPart(name!)}`;
      if (kind === 'LWT') {
        const s = text.trim();
        if (s !== 'Online' && s !== 'Offline') {
          return [{ kind: 'reject', rejection: reject('bad_field', `${dev}: LWT must be Online or Offline`, dev) }];
        }
        return [{ kind: 'status', dev, online: s === 'Online' }];
      }
      const o = parseObject(text);
      if (!o)
        return [
          { kind: 'reject', rejection: reject('not_json', `${dev}: ${prefix}/${kind} is not a JSON object`, dev) },
        ];
      let t: number | null = null;
      if (o.Time !== undefined) {
        const parsed = parseTime(o.Time, offset);
        if (parsed === undefined)
          return [{ kind: 'reject', rejection: reject('bad_field', `${dev}: Time is not a time`, dev) }];
        t = parsed;
      }
      const raw = kind === 'SENSOR' ? sensor(o) : kind === 'STATE' ? state(o) : result(o);
      if (typeof raw === 'string') return [{ kind: 'reject', rejection: reject('bad_field', `${dev}: ${raw}`, dev) }];
      const checked = checkValues(raw, dev, dev);
      if (!checked.ok) return [{ kind: 'reject', rejection: checked.rejection }];
      const channels = Object.keys(checked.values);
      if (channels.length === 0) return [];
      return [
        { kind: 'device', device: { dev, convention: 'tasmota', channels } },
        { kind: 'reading', reading: { dev, values: checked.values, t } },
      ];
    },
  };
}

/** Values of a SENSOR payload, or what is wrong with it. */
function sensor(o: Json): Record<string, unknown> | string {
  const unit = typeof o.TempUnit === 'string' ? o.TempUnit : 'C';
  const raw: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(o)) {
    if (key.startsWith('Switch') && (v === 'ON' || v === 'OFF')) raw.motion = v === 'ON';
    if (!isObject(v)) continue;
    const co2 = toNumber(v.CarbonDioxide);
    if (co2 !== undefined) raw.co2 = co2;
    const temp = toNumber(v.Temperature);
    if (temp !== undefined) {
      const c = celsius(temp, unit);
      if (c === undefined) return `TempUnit ${unit} is not C or F`;
      raw.temp = c;
    }
    const rh = toNumber(v.Humidity);
    if (rh !== undefined) raw.rh = rh;
    const lux = toNumber(v.Illuminance);
    if (lux !== undefined) raw.lux = lux;
  }
  return raw;
}

function state(o: Json): Record<string, unknown> {
  const wifi = o.Wifi;
  const signal = isObject(wifi) ? toNumber(wifi.Signal) : undefined;
  return signal === undefined ? {} : { rssi: signal };
}

function result(o: Json): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(o)) {
    if (key.startsWith('Switch') && isObject(v) && (v.Action === 'ON' || v.Action === 'OFF'))
      raw.motion = v.Action === 'ON';
  }
  return raw;
}

/** Tasmota's discovery config: who the device is (`t` topic, `dn` name, `md` model). */
function discovery(text: string): AdapterOutput[] {
  if (text.trim() === '') return [];
  const o = parseObject(text);
  if (!o || typeof o.t !== 'string') {
    return [{ kind: 'reject', rejection: reject('bad_field', 'tasmota discovery: config without a topic "t"') }];
  }
  const dev = `tasmota:${idPart(o.t)}`;
  const device = { dev, convention: 'tasmota' as const, channels: [] as string[] };
  return [{ kind: 'device', device: typeof o.md === 'string' ? { ...device, model: o.md } : device }];
}
