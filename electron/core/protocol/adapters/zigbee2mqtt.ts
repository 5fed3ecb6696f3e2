/**
 * zigbee2mqtt without discovery: `zigbee2mqtt/<friendly_name>` JSON (`contact` true = closed, `occupancy`,
 * `temperature`, `humidity`, `co2`, `illuminance_lux`/`illuminance`, `voltage` mV), and
 * `zigbee2mqtt/<friendly_name>/availability` (`online`/`offline`, or `{"state":"online"}`). Id `z2m:<friendly_name>`.
 * Event time from `last_seen` when zigbee2mqtt is set to add it (ISO 8601 or epoch ms), else receive time.
 * `linkquality` (LQI 0..255) and `battery` (%) have no channel of ours (dBm, V) and are not stored.
 */
import { reject } from '../rejection';
import type { AdapterOutput, MqttAdapter } from './types';
import { checkValues, idPart, parseObject, parseTime, toNumber, type Json } from './values';

const BASE = 'zigbee2mqtt';
/** Sub-topics that are commands to devices or the bridge's own, not device state. */
const IGNORED = /\/(set|get)(\/.*)?$/;

export function z2mAdapter(base = BASE): MqttAdapter {
  return {
    name: 'z2m',
    filters: [`${base}/#`],
    owns: (t) => t.startsWith(`${base}/`),
    decode(topic, text): AdapterOutput[] {
      const rest = topic.slice(base.length + 1);
      if (rest.startsWith('bridge/') || IGNORED.test(rest)) return [];
      if (rest.endsWith('/availability')) {
        const dev = `z2m:${idPart(rest.slice(0, -'/availability'.length))}`;
        const o = parseObject(text);
        const state = o ? o.state : text.trim();
        if (state !== 'online' && state !== 'offline') {
          return [
            { kind: 'reject', rejection: reject('bad_field', `${dev}: availability must be online or offline`, dev) },
          ];
        }
        return [{ kind: 'status', dev, online: state === 'online' }];
      }
      const dev = `z2m:${idPart(rest)}`;
      const o = parseObject(text);
      if (!o) return [{ kind: 'reject', rejection: reject('not_json', `${dev}: payload is not a JSON object`, dev) }];
      return decodeState(dev, o);
    },
  };
}

function decodeState(dev: string, o: Json): AdapterOutput[] {
  const raw: Record<string, unknown> = {};
  if (o.contact !== undefined && o.contact !== null) {
    raw.door = o.contact === true ? 'closed' : o.contact === false ? 'open' : o.contact;
  }
  if (o.occupancy !== undefined && o.occupancy !== null) raw.motion = o.occupancy;
  if (o.temperature !== undefined && o.temperature !== null) raw.temp = toNumber(o.temperature) ?? o.temperature;
  if (o.humidity !== undefined && o.humidity !== null) raw.rh = toNumber(o.humidity) ?? o.humidity;
  if (o.co2 !== undefined && o.co2 !== null) raw.co2 = toNumber(o.co2) ?? o.co2;
  const lux = o.illuminance_lux ?? o.illuminance;
  if (lux !== undefined && lux !== null) raw.lux = toNumber(lux) ?? lux;
  const mv = toNumber(o.voltage);
  if (mv !== undefined) raw.bat = mv / 1000;
  const checked = checkValues(raw, dev, dev);
  if (!checked.ok) return [{ kind: 'reject', rejection: checked.rejection }];
  const channels = Object.keys(checked.values);
  // A state with only link quality or battery percentage: nothing of ours to store, and nothing wrong.
  if (channels.length === 0) return [];
  let t: number | null = null;
  if (o.last_seen !== undefined && o.last_seen !== null) {
    const parsed = parseTime(o.last_seen);
    if (parsed === undefined) {
      return [{ kind: 'reject', rejection: reject('bad_field', `${dev}: last_seen is not a time`, dev) }];
    }
    t = parsed;
  }
  return [
    { kind: 'device', device: { dev, convention: 'z2m', channels } },
    { kind: 'reading', reading: { dev, values: checked.values, t } },
  ];
}
