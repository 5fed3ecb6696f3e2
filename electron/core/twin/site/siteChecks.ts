/**
 * Checks a schema-valid site for what a schema cannot say: unique ids, references between rooms, doors and sensors,
 * channels that make sense for what a sensor is attached to, a floor that encloses an area, ordered thresholds.
 */
import type { Channel } from '../../../common/sample';
import type { SiteSpec } from '../../../common/site';
import { polygonArea } from '../co2Model';
import { OUTSIDE } from '../siteIndex';

/** One problem with a site file: where, and why. */
export interface SiteIssue {
  path: string;
  message: string;
}

const DOOR_CHANNELS: readonly Channel[] = ['door', 'gyro', 'accel', 'angle', 'rssi', 'bat'];
const ROOM_CHANNELS: readonly Channel[] = ['co2', 'temp', 'rh', 'lux', 'motion', 'rssi', 'bat'];

/** Problems in a site that passed the schema; empty when it is usable. */
export function checkSite(site: SiteSpec): SiteIssue[] {
  const issues: SiteIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ path, message });
  const roomIds = new Set<string>();
  const doorIds = new Set<string>();

  site.rooms.forEach((r, i) => {
    if (r.id === OUTSIDE) add(`rooms[${i}].id`, `"${OUTSIDE}" is reserved for exterior doors`);
    else if (roomIds.has(r.id)) add(`rooms[${i}].id`, `duplicate id "${r.id}"`);
    roomIds.add(r.id);
    if (!(polygonArea(r.floor) > 0)) add(`rooms[${i}].floor`, 'must enclose an area');
  });
  site.doors.forEach((d, i) => {
    if (roomIds.has(d.id) || doorIds.has(d.id) || d.id === OUTSIDE) add(`doors[${i}].id`, `duplicate id "${d.id}"`);
    doorIds.add(d.id);
    d.rooms.forEach((r, j) => {
      if (r !== OUTSIDE && !roomIds.has(r)) add(`doors[${i}].rooms[${j}]`, `unknown room "${r}"`);
    });
    if (d.rooms[0] === d.rooms[1]) add(`doors[${i}].rooms`, 'must join two different rooms');
  });
  site.sensors.forEach((s, i) => {
    const kind = doorIds.has(s.attachedTo) ? 'door' : roomIds.has(s.attachedTo) ? 'room' : null;
    if (kind === null) {
      add(`sensors[${i}].attachedTo`, `unknown room or door "${s.attachedTo}"`);
      return;
    }
    const allowed = kind === 'door' ? DOOR_CHANNELS : ROOM_CHANNELS;
    s.channels.forEach((c, j) => {
      if (!allowed.includes(c)) add(`sensors[${i}].channels[${j}]`, `"${c}" does not apply to a ${kind}`);
    });
  });

  const rules = site.rules;
  const cat = rules?.co2?.categories;
  if (cat) {
    const [a, b, c] = [cat.I ?? 550, cat.II ?? 800, cat.III ?? 1350];
    if (!(a < b && b < c)) add('rules.co2.categories', 'must increase: I < II < III');
  }
  for (const [ch, range] of Object.entries(rules?.health?.ranges ?? {})) {
    if (range && !(range[0] < range[1])) add(`rules.health.ranges.${ch}`, 'low must be below high');
  }
  const sensorDevs = new Set(site.sensors.map((s) => s.dev));
  for (const [from, to] of Object.entries(site.bindings ?? {})) {
    if (!sensorDevs.has(to)) add(`bindings.${from}`, `"${to}" is not a sensor of this site`);
  }
  for (const roomId of Object.keys(rules?.rooms ?? {})) {
    if (!roomIds.has(roomId)) add(`rules.rooms.${roomId}`, `unknown room "${roomId}"`);
  }
  return issues;
}
