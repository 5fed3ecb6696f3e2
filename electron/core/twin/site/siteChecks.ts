/**
 * Checks a site for what a schema cannot say: unique ids, references between rooms, doors and sensors, channels that
 * make sense for what a sensor is attached to, a floor that encloses an area, ordered thresholds, a hysteresis that
 * lets an alert clear. Runs on files that failed the schema too (every shape is guarded), so one pass names every
 * problem of a file.
 */
import type { Channel } from '../../../common/sample';
import type { SiteSpec } from '../../../common/site';
import { polygonArea } from '../co2Model';
import { OUTSIDE } from '../siteIndex';
import { CHANNEL_NAMES, SENSOR_DEV } from './siteSchema';

/** One problem with a site file: where, and why. */
export interface SiteIssue {
  path: string;
  message: string;
}

const DOOR_CHANNELS: readonly Channel[] = ['door', 'gyro', 'accel', 'angle', 'rssi', 'bat'];
const ROOM_CHANNELS: readonly Channel[] = ['co2', 'temp', 'rh', 'lux', 'motion', 'rssi', 'bat'];
/** The engine's defaults (twin/rules.ts), for thresholds a file leaves out. */
const DEFAULT_OUTDOOR_PPM = 420;
const DEFAULT_THRESHOLD_PPM = 1000;
const DEFAULT_CATEGORIES = { I: 550, II: 800, III: 1350 } as const;

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isPoint = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'number');

/** Problems in a site; empty when it is usable. The value need not have passed the schema. */
export function checkSite(site: SiteSpec | unknown): SiteIssue[] {
  const s = obj(site);
  const issues: SiteIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ path, message });
  const roomIds = new Set<string>();
  const doorIds = new Set<string>();

  arr(s.rooms).forEach((room, i) => {
    const r = obj(room);
    const id = str(r.id);
    if (id === OUTSIDE) add(`rooms[${i}].id`, `"${OUTSIDE}" is reserved for exterior doors`);
    else if (id !== undefined && roomIds.has(id)) add(`rooms[${i}].id`, `duplicate id "${id}"`);
    if (id !== undefined) roomIds.add(id);
    const floor = arr(r.floor);
    if (floor.length >= 3 && floor.every(isPoint) && !(polygonArea(floor) > 0))
      add(`rooms[${i}].floor`, 'must enclose an area');
  });
  arr(s.doors).forEach((door, i) => {
    const d = obj(door);
    const id = str(d.id);
    if (id !== undefined && (roomIds.has(id) || doorIds.has(id) || id === OUTSIDE))
      add(`doors[${i}].id`, `duplicate id "${id}"`);
    if (id !== undefined) doorIds.add(id);
    const rooms = arr(d.rooms);
    // Without any valid room, every reference would be "unknown": the schema's complaint about rooms says it all.
    rooms.forEach((r, j) => {
      if (typeof r === 'string' && r !== OUTSIDE && roomIds.size > 0 && !roomIds.has(r))
        add(`doors[${i}].rooms[${j}]`, `unknown room "${r}"`);
    });
    if (rooms.length === 2 && typeof rooms[0] === 'string' && rooms[0] === rooms[1])
      add(`doors[${i}].rooms`, 'must join two different rooms');
  });
  const devs = new Map<string, number>();
  arr(s.sensors).forEach((sensor, i) => {
    const x = obj(sensor);
    const dev = str(x.dev);
    if (dev !== undefined) {
      const first = devs.get(dev);
      if (first !== undefined) add(`sensors[${i}].dev`, `"${dev}" is already sensors[${first}]: one entry per device`);
      else devs.set(dev, i);
    }
    const at = str(x.attachedTo);
    if (at === undefined) return;
    const kind = doorIds.has(at) ? 'door' : roomIds.has(at) ? 'room' : null;
    if (kind === null) {
      if (roomIds.size > 0) add(`sensors[${i}].attachedTo`, `unknown room or door "${at}"`);
      return;
    }
    const allowed = kind === 'door' ? DOOR_CHANNELS : ROOM_CHANNELS;
    arr(x.channels).forEach((c, j) => {
      // An unknown channel name is the schema's to report.
      if (typeof c === 'string' && CHANNEL_NAMES.includes(c) && !allowed.includes(c as Channel))
        add(`sensors[${i}].channels[${j}]`, `"${c}" does not apply to a ${kind}`);
    });
  });
  // A binding puts a third-party device on a sensor of this site: the sensor must exist. When the sensors' own ids
  // are wrong (a bad or repeated dev), that problem says it all and the bindings are not judged against them.
  const sensors = arr(s.sensors);
  const devsOk = devs.size === sensors.length && [...devs.keys()].every((d) => SENSOR_DEV.test(d));
  for (const [from, to] of Object.entries(obj(s.bindings))) {
    if (typeof to === 'string' && devsOk && !devs.has(to))
      add(`bindings.${from}`, `"${to}" is not a sensor of this site`);
    else if (devs.has(from))
      add(`bindings.${from}`, `is placed as sensors[${devs.get(from)}] already: one or the other`);
  }
  checkRules(obj(s.rules), roomIds, add);
  return issues;
}

function checkRules(rules: Loose, roomIds: ReadonlySet<string>, add: (path: string, message: string) => void): void {
  const co2 = obj(rules.co2);
  const cat = obj(co2.categories);
  const categories = {
    I: num(cat.I) ?? DEFAULT_CATEGORIES.I,
    II: num(cat.II) ?? DEFAULT_CATEGORIES.II,
    III: num(cat.III) ?? DEFAULT_CATEGORIES.III,
  };
  if (rules.co2 !== undefined && co2.categories !== undefined) {
    if (!(categories.I < categories.II && categories.II < categories.III))
      add('rules.co2.categories', 'must increase: I < II < III');
  }
  for (const [ch, range] of Object.entries(obj(obj(rules.health).ranges))) {
    const [lo, hi] = arr(range);
    if (typeof lo === 'number' && typeof hi === 'number' && !(lo < hi))
      add(`rules.health.ranges.${ch}`, 'low must be below high');
  }
  const perRoom = obj(rules.rooms);
  for (const roomId of Object.keys(perRoom)) {
    if (!roomIds.has(roomId)) add(`rules.rooms.${roomId}`, `unknown room "${roomId}"`);
  }

  // An alert clears below threshold − hysteresis: that must be a level a room can reach (above the outdoor air).
  const hysteresis = num(co2.hysteresisPpm);
  if (hysteresis === undefined) return;
  const outdoor = num(co2.outdoorPpm) ?? DEFAULT_OUTDOOR_PPM;
  const threshold = (category: unknown, ppm: unknown): number | undefined => {
    if (num(ppm) !== undefined) return num(ppm);
    if (category === 'I' || category === 'II' || category === 'III') return outdoor + categories[category];
    return undefined;
  };
  const global = threshold(co2.thresholdCategory, co2.thresholdPpm) ?? DEFAULT_THRESHOLD_PPM;
  const levels = [
    global,
    ...Object.values(perRoom).map((r) => threshold(obj(r).thresholdCategory, obj(r).thresholdPpm) ?? global),
  ];
  const lowest = Math.min(...levels);
  if (hysteresis >= lowest - outdoor) {
    add(
      'rules.co2.hysteresisPpm',
      `${hysteresis} ppm would keep a CO2 alert raised for good: it clears below the threshold ${lowest} ppm minus ` +
        `the hysteresis, which must stay above the outdoor ${outdoor} ppm (use less than ${lowest - outdoor})`,
    );
  }
}
