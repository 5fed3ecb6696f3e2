/**
 * Home Assistant MQTT discovery (which ESPHome and zigbee2mqtt also speak): follows the retained configs of sensor
 * and binary_sensor entities (haConfig.ts), then their state topics (value_template, units, on/off payloads),
 * availability topics and `json_attributes_topic` (an `rssi` attribute). An empty config removes the entity.
 * Id `ha:<device identifier or unique_id>`; one device's entities form one device with several channels. State
 * topics are learned at run time, so the adapter tells the source to subscribe to them (`watchFilters`).
 */
import type { Channel } from '../../../common/sample';
import { reject } from '../rejection';
import { readConfig, type HaEntity } from './haConfig';
import { applyTemplate } from './haTemplate';
import type { AdapterOutput, MqttAdapter } from './types';
import { celsius, checkValues, parseObject, toNumber } from './values';

const CONFIG = /^([^/]+)\/([^/]+)\/(?:([^/]+)\/)?([^/]+)\/config$/;
/** States Home Assistant itself uses for "no value": nothing to store, nothing wrong. */
const NO_VALUE = new Set(['', 'unknown', 'unavailable', 'None', 'null']);

export function haAdapter(prefix = 'homeassistant'): MqttAdapter {
  const entities = new Map<string, HaEntity>();
  const byState = new Map<string, Set<HaEntity>>();
  const byAvailability = new Map<string, Set<HaEntity>>();
  const byAttributes = new Map<string, Set<HaEntity>>();
  const listeners: ((filters: string[]) => void)[] = [];
  const subscribed = new Set<string>([`${prefix}/#`]);
  const refused = new Map<string, string>();

  const index = (map: Map<string, Set<HaEntity>>, topic: string, e: HaEntity, add: boolean): void => {
    let set = map.get(topic);
    if (add) {
      if (!set) map.set(topic, (set = new Set()));
      set.add(e);
    } else if (set) {
      set.delete(e);
      if (set.size === 0) map.delete(topic);
    }
  };
  const track = (e: HaEntity, add: boolean): void => {
    index(byState, e.stateTopic, e, add);
    for (const a of e.availability) index(byAvailability, a.topic, e, add);
    if (e.attributesTopic !== undefined) index(byAttributes, e.attributesTopic, e, add);
  };
  const subscribe = (e: HaEntity): void => {
    const fresh = [
      e.stateTopic,
      ...e.availability.map((a) => a.topic),
      ...(e.attributesTopic ? [e.attributesTopic] : []),
    ].filter((t) => !subscribed.has(t));
    for (const t of fresh) subscribed.add(t);
    if (fresh.length > 0) for (const l of listeners) l(fresh);
  };

  const config = (topic: string, text: string, component: string, objectId: string): AdapterOutput[] => {
    const old = entities.get(topic);
    if (old) {
      track(old, false);
      entities.delete(topic);
    }
    if (text.trim() === '') return []; // removal
    const o = parseObject(text);
    if (!o)
      return [{ kind: 'reject', rejection: reject('not_json', `discovery ${topic}: config is not a JSON object`) }];
    const r = readConfig(topic, component, objectId, o);
    if (r.kind === 'ignored') return [];
    // The same retained config sent again (a reconnect re-subscribes) is the same problem: reported once a run.
    if (r.kind === 'unsupported' && refused.get(topic) === text) return [];
    if (r.kind === 'unsupported') refused.set(topic, text);
    if (r.kind === 'unsupported')
      return [{ kind: 'reject', rejection: reject('unsupported', `discovery ${topic}: ${r.why}`) }];
    const e = r.entity;
    entities.set(topic, e);
    track(e, true);
    subscribe(e);
    const channels = [...new Set([...entities.values()].filter((x) => x.dev === e.dev).map((x) => x.channel))];
    const device = { dev: e.dev, convention: 'ha' as const, channels };
    return [{ kind: 'device', device: e.model ? { ...device, model: e.model } : device }];
  };

  const state = (topic: string, text: string): AdapterOutput[] => {
    const out: AdapterOutput[] = [];
    const perDev = new Map<string, Partial<Record<Channel, unknown>>>();
    for (const e of byState.get(topic) ?? []) {
      const v = applyTemplate(e.template, text);
      if (v === undefined || v === null || NO_VALUE.has(String(v).trim())) continue;
      const raw = (perDev.get(e.dev) ?? {}) as Partial<Record<Channel, unknown>>;
      perDev.set(e.dev, raw);
      const value = entityValue(e, v);
      if (typeof value === 'object' && value !== null && 'error' in value) {
        out.push({ kind: 'reject', rejection: reject('bad_field', `${e.dev} (${e.name}): ${value.error}`, e.dev) });
        perDev.delete(e.dev);
        continue;
      }
      raw[e.channel] = value;
    }
    for (const [dev, raw] of perDev) {
      const checked = checkValues(raw, dev, dev);
      if (!checked.ok) out.push({ kind: 'reject', rejection: checked.rejection });
      else if (Object.keys(checked.values).length > 0)
        out.push({ kind: 'reading', reading: { dev, values: checked.values, t: null } });
    }
    return out;
  };

  return {
    name: 'ha',
    filters: [`${prefix}/#`],
    // Topics of removed entities stay subscribed until the next session; what still arrives there is dropped quietly.
    owns: (t) => t.startsWith(`${prefix}/`) || subscribed.has(t),
    watchFilters: (l) => {
      listeners.push(l);
    },
    knownFilters: () => [...subscribed],
    decode(topic, text): AdapterOutput[] {
      if (topic.startsWith(`${prefix}/`)) {
        const m = CONFIG.exec(topic);
        if (!m) return [];
        return config(topic, text, m[2]!, m[4]!);
      }
      const out: AdapterOutput[] = [];
      if (byState.has(topic)) out.push(...state(topic, text));
      const seen = new Set<string>();
      for (const e of byAvailability.get(topic) ?? []) {
        if (seen.has(e.dev)) continue;
        seen.add(e.dev);
        const a = e.availability.find((x) => x.topic === topic)!;
        const s = text.trim();
        if (s === a.on || s === a.off) out.push({ kind: 'status', dev: e.dev, online: s === a.on });
        else
          out.push({
            kind: 'reject',
            rejection: reject(
              'bad_field',
              `${e.dev}: availability ${JSON.stringify(s.slice(0, 20))} is neither ${a.on} nor ${a.off}`,
              e.dev,
            ),
          });
      }
      for (const e of byAttributes.get(topic) ?? []) {
        if (seen.has(`attr:${e.dev}`)) continue;
        seen.add(`attr:${e.dev}`);
        const o = parseObject(text);
        const rssi = o ? toNumber(o.rssi) : undefined;
        if (rssi === undefined) continue;
        const checked = checkValues({ rssi }, e.dev, e.dev);
        out.push(
          checked.ok
            ? { kind: 'reading', reading: { dev: e.dev, values: checked.values, t: null } }
            : { kind: 'reject', rejection: checked.rejection },
        );
      }
      return out;
    },
  };
}

/** One entity's value in our units, or why it is wrong. */
function entityValue(e: HaEntity, v: unknown): unknown {
  switch (e.channel) {
    case 'door':
    case 'motion': {
      // A JSON boolean state renders as true/false (Jinja's True/False compare the same way).
      const s = typeof v === 'boolean' || /^(true|false)$/i.test(String(v)) ? String(v).toLowerCase() : String(v);
      if (s !== e.on && s !== e.off)
        return { error: `state ${JSON.stringify(s.slice(0, 20))} is neither ${e.on} nor ${e.off}` };
      const on = s === e.on;
      // binary_sensor door/opening: on means open.
      return e.channel === 'door' ? (on ? 'open' : 'closed') : on;
    }
    case 'temp': {
      const n = toNumber(v);
      if (n === undefined) return { error: `state ${JSON.stringify(String(v).slice(0, 20))} is not a number` };
      const c = celsius(n, e.unit);
      return c === undefined ? { error: `unit ${e.unit} is not °C or °F` } : c;
    }
    default: {
      const n = toNumber(v);
      return n === undefined ? { error: `state ${JSON.stringify(String(v).slice(0, 20))} is not a number` } : n;
    }
  }
}
