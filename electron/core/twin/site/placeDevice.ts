/**
 * Placing a device the site does not know yet: in a room at a floor position, on a door, or bound to a sensor the
 * site already has. Decides what to add (a sensor entry, or a binding) and why not; no files, no I/O. The edit is
 * then applied to the site file's text (siteFile.ts), so the rest of the file stays as its author wrote it.
 */
import type { PlaceErrorCode, PlaceRequest } from '../../../common/api';
import type { Channel } from '../../../common/sample';
import type { Point2, RoomSpec, SensorSpec, SiteSpec } from '../../../common/site';
import { SENSOR_DEV, THIRD_PARTY_DEV } from './siteSchema';

/** What a placement adds to a site: a sensor entry, or a binding of a third-party id to an existing sensor. */
export type SiteEdit = { kind: 'sensor'; sensor: SensorSpec } | { kind: 'binding'; from: string; to: string };

export type PlanResult = { ok: true; edit: SiteEdit } | { ok: false; code: PlaceErrorCode; error: string };

/** Channels that mean something on a door and in a room (as siteChecks.ts judges them). */
const DOOR_CHANNELS: readonly Channel[] = ['door', 'gyro', 'accel', 'angle', 'rssi', 'bat'];
const ROOM_CHANNELS: readonly Channel[] = ['co2', 'temp', 'rh', 'lux', 'motion', 'rssi', 'bat'];
/** Link-quality channels alone do not make a sensor of a room or a door. */
const LINK_ONLY: readonly Channel[] = ['rssi', 'bat'];
/** Heights of a new sensor when none is given, metres: a room sensor at desk height, a door's near its top. */
const ROOM_SENSOR_Z = 1.2;
const DOOR_SENSOR_Z = 2.0;

/** The area centroid of a simple polygon (the mean of its corners when it has no area). */
export function centroid(floor: readonly Point2[]): Point2 {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < floor.length; i++) {
    const [x1, y1] = floor[i]!;
    const [x2, y2] = floor[(i + 1) % floor.length]!;
    const cross = x1 * y2 - x2 * y1;
    a += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (a === 0) {
    const n = floor.length;
    return [floor.reduce((s, p) => s + p[0], 0) / n, floor.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Whether a point lies inside a polygon or on its edge (a sensor on a wall belongs to the room). */
export function insidePolygon(floor: readonly Point2[], [x, y]: Point2): boolean {
  let inside = false;
  for (let i = 0, j = floor.length - 1; i < floor.length; j = i++) {
    const [xi, yi] = floor[i]!;
    const [xj, yj] = floor[j]!;
    const cross = (xj - xi) * (y - yi) - (x - xi) * (yj - yi);
    const onSegment =
      Math.abs(cross) < 1e-9 &&
      x >= Math.min(xi, xj) - 1e-9 &&
      x <= Math.max(xi, xj) + 1e-9 &&
      y >= Math.min(yi, yj) - 1e-9 &&
      y <= Math.max(yi, yj) + 1e-9;
    if (onSegment) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

function fail(code: PlaceErrorCode, error: string): PlanResult {
  return { ok: false, code, error };
}

/** Where the site places `dev` already, in words, or null. */
export function placedAs(site: SiteSpec, dev: string): string | null {
  if (site.sensors.some((s) => s.dev === dev)) return `${dev} is already a sensor of the site`;
  const bound = site.bindings?.[dev];
  return bound !== undefined ? `${dev} is already bound to the site's sensor ${bound}` : null;
}

function fitting(channels: readonly Channel[], allowed: readonly Channel[]): Channel[] {
  return channels.filter((c) => allowed.includes(c));
}

function inRoom(dev: string, channels: readonly Channel[], room: RoomSpec, x?: number, y?: number): PlanResult {
  const fit = fitting(channels, ROOM_CHANNELS);
  if (fit.every((c) => LINK_ONLY.includes(c)))
    return fail('no-channels', `${dev} has no channel a room can use (CO2, temperature, humidity, light, motion)`);
  const at: Point2 = x !== undefined && y !== undefined ? [x, y] : centroid(room.floor);
  if ((x === undefined) !== (y === undefined)) return fail('outside-room', 'give both x and y, or neither');
  if (!insidePolygon(room.floor, at))
    return fail('outside-room', `(${at[0]}, ${at[1]}) is not inside ${room.name}'s floor`);
  return {
    ok: true,
    edit: {
      kind: 'sensor',
      sensor: { dev, channels: fit, attachedTo: room.id, position: [round(at[0]), round(at[1]), ROOM_SENSOR_Z] },
    },
  };
}

/** Decides what placing a device adds to the site, or why it cannot be placed so. */
export function planPlacement(site: SiteSpec, req: PlaceRequest): PlanResult {
  const { dev, to } = req;
  if (!SENSOR_DEV.test(dev)) return fail('bad-device', `"${dev}" is not a device id Twinscope gives`);
  const already = placedAs(site, dev);
  if (already) return fail('already-placed', already);
  switch (to.kind) {
    case 'room': {
      const room = site.rooms.find((r) => r.id === to.room);
      if (!room) return fail('unknown-room', `the site has no room "${to.room}"`);
      return inRoom(dev, req.channels, room, to.x, to.y);
    }
    case 'door': {
      const door = site.doors.find((d) => d.id === to.door);
      if (!door) return fail('unknown-door', `the site has no door "${to.door}"`);
      const fit = fitting(req.channels, DOOR_CHANNELS);
      if (fit.every((c) => LINK_ONLY.includes(c)))
        return fail('no-channels', `${dev} has no channel a door can use (a contact, an angle, a gyro)`);
      // On the leaf, near its free edge, where a contact or an IMU usually sits.
      const heading = (door.closedHeading * Math.PI) / 180;
      const reach = door.width * 0.85;
      const position = [
        round(door.hinge[0] + reach * Math.cos(heading)),
        round(door.hinge[1] + reach * Math.sin(heading)),
        DOOR_SENSOR_Z,
      ] as const;
      return { ok: true, edit: { kind: 'sensor', sensor: { dev, channels: fit, attachedTo: door.id, position } } };
    }
    case 'sensor': {
      if (!THIRD_PARTY_DEV.test(dev))
        return fail(
          'bad-device',
          `only a third-party device (ha:, z2m:, tasmota:, gw:, map:) can be bound; ${dev} is not`,
        );
      if (!site.sensors.some((s) => s.dev === to.sensor))
        return fail('unknown-sensor', `the site has no sensor "${to.sensor}"`);
      return { ok: true, edit: { kind: 'binding', from: dev, to: to.sensor } };
    }
    default: {
      const never: never = to;
      return never;
    }
  }
}
