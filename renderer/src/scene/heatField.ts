/**
 * The points each room's heatmap interpolates between, for one metric: the room's own sensors (walls are
 * respected because a room never sees another room's sensors), plus, for each open door of the room, a point in the
 * doorway carrying the mixed air of both sides, weighted by how far the door is open. Values are normalized to the
 * metric's range (0..1) for the colour map. Pure: the scene calls it per frame and uploads the result as uniforms.
 */
import type { MetricSpec } from '../../../electron/common/metrics';
import type { DoorSpec, SiteSpec } from '../../../electron/common/site';
import type { DoorView, TwinView } from '../../../electron/common/views';
import { doorCenter, inPolygon, roomCenter } from './siteGeometry';

/** At most this many points per room (the shader's uniform array size). */
export const MAX_POINTS = 8;

export interface FieldPoint {
  x: number;
  y: number;
  /** Normalized value, 0..1. */
  v: number;
  weight: number;
}

/** 0 closed .. 1 fully open, from the live angle or, without one, the position. */
export function doorOpenness(door: DoorSpec, view: DoorView | undefined): number {
  if (!view) return 0;
  if (view.angle !== null) return Math.min(1, Math.max(0, Math.abs(view.angle) / Math.max(1, door.openAngle)));
  return view.position === 'open' ? 1 : view.position === 'partly-open' ? 0.5 : 0;
}

function sensorValue(view: TwinView, dev: string, metric: MetricSpec): number | null {
  if (metric.id === 'rssi') return view.devices[dev]?.rssi ?? null;
  for (const s of Object.values(view.sensors)) {
    if (s.dev === dev && s.channel === metric.channel) return s.value[0] ?? null;
  }
  return null;
}

const normalize = (m: MetricSpec, v: number): number =>
  Math.min(1, Math.max(0, (v - m.range[0]) / (m.range[1] - m.range[0])));

/** Sensors placed in or at a room: attached to it, or attached to one of its doors, or standing inside it. */
function sensorsOf(site: SiteSpec, roomId: string): SiteSpec['sensors'] {
  const room = site.rooms.find((r) => r.id === roomId);
  return site.sensors.filter((s) => {
    if (s.attachedTo === roomId) return true;
    const door = site.doors.find((d) => d.id === s.attachedTo);
    if (door) return door.rooms.includes(roomId);
    return room ? inPolygon([s.position[0], s.position[1]], room.floor) : false;
  });
}

function ownPoints(site: SiteSpec, view: TwinView, metric: MetricSpec, roomId: string): FieldPoint[] {
  if (metric.id === 'occupancy') {
    const room = view.rooms[roomId];
    const spec = site.rooms.find((r) => r.id === roomId);
    if (!room || !spec) return [];
    const [x, y] = roomCenter(spec);
    return [{ x, y, v: normalize(metric, room.occupants ?? (room.occupied ? 1 : 0)), weight: 1 }];
  }
  const points: FieldPoint[] = [];
  for (const s of sensorsOf(site, roomId)) {
    if (metric.id !== 'rssi' && !s.channels.includes(metric.channel!)) continue;
    const dev = view.devices[s.dev];
    if (dev?.status === 'offline') continue;
    const v = sensorValue(view, s.dev, metric);
    if (v === null) continue;
    points.push({ x: s.position[0], y: s.position[1], v: normalize(metric, v), weight: dev?.stale ? 0.3 : 1 });
  }
  return points;
}

const mean = (pts: readonly FieldPoint[]): number | null =>
  pts.length ? pts.reduce((s, p) => s + p.v * p.weight, 0) / pts.reduce((s, p) => s + p.weight, 0) : null;

/** Room id -> the points of its field (empty: no data for this metric). */
export function heatField(site: SiteSpec, view: TwinView, metric: MetricSpec): Record<string, FieldPoint[]> {
  const own: Record<string, FieldPoint[]> = {};
  for (const r of site.rooms) own[r.id] = ownPoints(site, view, metric, r.id);
  const out: Record<string, FieldPoint[]> = {};
  for (const r of site.rooms) {
    const pts = [...own[r.id]!];
    const here = mean(own[r.id]!);
    for (const door of site.doors) {
      const other = door.rooms[0] === r.id ? door.rooms[1] : door.rooms[1] === r.id ? door.rooms[0] : undefined;
      if (!other || !own[other] || here === null) continue;
      const f = doorOpenness(door, view.doors[door.id]);
      const there = mean(own[other]);
      if (f < 0.02 || there === null) continue;
      const [x, y] = doorCenter(door);
      // The doorway carries air from both sides: halfway mixed when fully open.
      pts.push({ x, y, v: here + (there - here) * 0.5 * f, weight: 1.5 * f });
    }
    out[r.id] = pts.slice(0, MAX_POINTS);
  }
  return out;
}
