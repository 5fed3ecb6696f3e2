/**
 * Lookups derived from a site (which device feeds which room or door, the doors of each room), computed once per
 * site object. Never stored in the state: it follows from `state.site`.
 */
import type { Channel } from '../../common/sample';
import type { DoorSpec, RoomSpec, SiteSpec } from '../../common/site';

export const OUTSIDE = 'outside';

export interface Binding {
  kind: 'room' | 'door';
  target: string;
  channels: Set<Channel>;
}

export interface SiteIndex {
  bindingsByDev: Map<string, Binding[]>;
  rooms: Map<string, RoomSpec>;
  doors: Map<string, DoorSpec>;
  /** Doors that touch each room. */
  roomDoors: Map<string, DoorSpec[]>;
  /** The first CO2 sensor of each room (site order): the one the model is fitted on. */
  primaryCo2: Map<string, string>;
}

const cache = new WeakMap<SiteSpec, SiteIndex>();

/** The index of a site (memoised per site object; sites are never mutated). */
export function siteIndex(site: SiteSpec): SiteIndex {
  const hit = cache.get(site);
  if (hit) return hit;
  const rooms = new Map(site.rooms.map((r) => [r.id, r]));
  const doors = new Map(site.doors.map((d) => [d.id, d]));
  const roomDoors = new Map<string, DoorSpec[]>(site.rooms.map((r) => [r.id, []]));
  for (const d of site.doors) for (const r of d.rooms) roomDoors.get(r)?.push(d);
  const bindingsByDev = new Map<string, Binding[]>();
  const primaryCo2 = new Map<string, string>();
  for (const s of site.sensors) {
    const kind = doors.has(s.attachedTo) ? 'door' : rooms.has(s.attachedTo) ? 'room' : null;
    if (kind === null) continue;
    const list = bindingsByDev.get(s.dev) ?? [];
    list.push({ kind, target: s.attachedTo, channels: new Set(s.channels) });
    bindingsByDev.set(s.dev, list);
    if (kind === 'room' && s.channels.includes('co2') && !primaryCo2.has(s.attachedTo)) {
      primaryCo2.set(s.attachedTo, s.dev);
    }
  }
  const index = { bindingsByDev, rooms, doors, roomDoors, primaryCo2 };
  cache.set(site, index);
  return index;
}

/** The room on the other side of a door from `roomId` (`outside` for an exterior door). */
export function otherSide(door: DoorSpec, roomId: string): string {
  return door.rooms[0] === roomId ? door.rooms[1] : door.rooms[0];
}
