/**
 * One Home Assistant MQTT discovery config (`homeassistant/<component>/[<node_id>/]<object_id>/config`) read into
 * what Twinscope follows: device id, channel, state topic, template, units, on/off payloads, availability.
 * Abbreviated keys (`stat_t`, `val_tpl`, `dev_cla`, ...) and the `~` base topic are expanded.
 */
import type { Channel } from '../../../common/sample';
import { parseTemplate, type HaTemplate } from './haTemplate';
import { idPart, isObject, type Json } from './values';

export interface HaEntity {
  /** The config topic: the entity's identity in discovery. */
  configTopic: string;
  dev: string;
  channel: Channel;
  name: string;
  stateTopic: string;
  template: HaTemplate;
  unit?: string;
  on: string;
  off: string;
  availability: readonly { topic: string; on: string; off: string }[];
  attributesTopic?: string;
  model?: string;
}

const ABBREVIATIONS: Record<string, string> = {
  stat_t: 'state_topic',
  val_tpl: 'value_template',
  dev_cla: 'device_class',
  unit_of_meas: 'unit_of_measurement',
  uniq_id: 'unique_id',
  dev: 'device',
  avty_t: 'availability_topic',
  avty: 'availability',
  pl_avail: 'payload_available',
  pl_not_avail: 'payload_not_available',
  pl_on: 'payload_on',
  pl_off: 'payload_off',
  json_attr_t: 'json_attributes_topic',
  obj_id: 'object_id',
  ids: 'identifiers',
  mdl: 'model',
  t: 'topic',
};

const SENSOR_CLASSES: Record<string, Channel> = {
  carbon_dioxide: 'co2',
  temperature: 'temp',
  humidity: 'rh',
  illuminance: 'lux',
  signal_strength: 'rssi',
  battery: 'bat',
};
const BINARY_CLASSES: Record<string, Channel> = {
  door: 'door',
  opening: 'door',
  motion: 'motion',
  occupancy: 'motion',
};

/** Result of reading a config: an entity, nothing Twinscope follows (`ignored`), or why it cannot be followed. */
export type ConfigResult =
  { kind: 'entity'; entity: HaEntity } | { kind: 'ignored' } | { kind: 'unsupported'; why: string };

function expand(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    const key = ABBREVIATIONS[k] ?? k;
    out[key] = isObject(v) ? expand(v) : Array.isArray(v) ? v.map((x) => (isObject(x) ? expand(x) : x)) : v;
  }
  return out;
}

/** payload_on/off as compared with states: zigbee2mqtt's configs give JSON booleans (`false` = on, for contacts). */
function payload(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : typeof v === 'boolean' || typeof v === 'number' ? String(v) : fallback;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function readConfig(configTopic: string, component: string, objectId: string, raw: Json): ConfigResult {
  const o = expand(raw);
  const base = str(o['~']);
  const topic = (v: unknown): string | undefined => {
    const s = str(v);
    if (s === undefined || base === undefined) return s;
    return s.startsWith('~') ? base + s.slice(1) : s.endsWith('~') ? s.slice(0, -1) + base : s;
  };
  const cls = str(o.device_class);
  const classes = component === 'sensor' ? SENSOR_CLASSES : component === 'binary_sensor' ? BINARY_CLASSES : undefined;
  const channel = classes && cls !== undefined ? classes[cls] : undefined;
  if (channel === undefined) return { kind: 'ignored' };
  const unit = str(o.unit_of_measurement);
  // Our channels have fixed units: a battery in % or a signal in % has none of ours.
  if (channel === 'bat' && unit !== 'V') return { kind: 'ignored' };
  if (channel === 'rssi' && unit !== undefined && unit !== 'dBm') return { kind: 'ignored' };
  const name = str(o.name) ?? objectId;
  const stateTopic = topic(o.state_topic);
  if (stateTopic === undefined) return { kind: 'unsupported', why: `${name}: no state_topic` };
  const template = parseTemplate(str(o.value_template));
  if (typeof template === 'string') return { kind: 'unsupported', why: `${name}: ${template}` };
  const device = isObject(o.device) ? o.device : {};
  const ids = device.identifiers;
  const identifier = Array.isArray(ids) ? str(ids[0]) : str(ids);
  const id = identifier ?? str(o.unique_id) ?? objectId;
  // Twinscope's own entities (`record --publish-ha`) are conclusions, not readings: never fed back in.
  if (id.startsWith('twinscope-')) return { kind: 'ignored' };
  const availability: { topic: string; on: string; off: string }[] = [];
  const on = str(o.payload_available) ?? 'online';
  const off = str(o.payload_not_available) ?? 'offline';
  const single = topic(o.availability_topic);
  if (single !== undefined) availability.push({ topic: single, on, off });
  if (Array.isArray(o.availability)) {
    for (const a of o.availability) {
      if (!isObject(a)) continue;
      const t = topic(a.topic);
      if (t !== undefined) {
        availability.push({ topic: t, on: str(a.payload_available) ?? on, off: str(a.payload_not_available) ?? off });
      }
    }
  }
  const entity: HaEntity = {
    configTopic,
    dev: `ha:${idPart(id)}`,
    channel,
    name,
    stateTopic,
    template,
    on: payload(o.payload_on, 'ON'),
    off: payload(o.payload_off, 'OFF'),
    availability,
  };
  if (unit !== undefined) entity.unit = unit;
  const attributes = topic(o.json_attributes_topic);
  if (attributes !== undefined) entity.attributesTopic = attributes;
  const model = str(device.model);
  if (model !== undefined) entity.model = model;
  return { kind: 'entity', entity };
}
