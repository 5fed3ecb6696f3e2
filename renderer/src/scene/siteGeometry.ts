/**
 * Geometry derived from a site file, as plain numbers: bounds, wall segments with each door's opening cut out, and
 * where doors and rooms are. Pure, so it works for any site, not only the default one.
 */
import type { DoorSpec, Point2, RoomSpec, SiteSpec } from '../../../electron/common/site';

export interface Bounds {
  min: Point2;
  max: Point2;
  center: Point2;
  /** Largest horizontal extent, metres. */
  size: number;
  height: number;
}

export interface WallSegment {
  a: Point2;
  b: Point2;
  /** Bottom and top of this piece, metres (a lintel over a door starts at the door's height). */
  z0: number;
  z1: number;
}

/** Height of a door opening; the wall continues above it. */
export const DOOR_HEIGHT = 2.05;

export function siteBounds(site: SiteSpec): Bounds {
  const pts = site.rooms.flatMap((r) => r.floor);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const min: Point2 = pts.length ? [Math.min(...xs), Math.min(...ys)] : [0, 0];
  const max: Point2 = pts.length ? [Math.max(...xs), Math.max(...ys)] : [1, 1];
  return {
    min,
    max,
    center: [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2],
    size: Math.max(1, max[0] - min[0], max[1] - min[1]),
    height: Math.max(2.5, ...site.rooms.map((r) => r.height)),
  };
}

/** Mean of the polygon's vertices: good enough to place a label or aim the camera. */
export function roomCenter(room: RoomSpec): Point2 {
  const n = Math.max(1, room.floor.length);
  return [room.floor.reduce((s, p) => s + p[0], 0) / n, room.floor.reduce((s, p) => s + p[1], 0) / n];
}

/** The two ends of the door's opening on the floor: the hinge, and where the closed leaf's edge is. */
export function doorOpening(door: DoorSpec): [Point2, Point2] {
  const h = (door.closedHeading * Math.PI) / 180;
  return [door.hinge, [door.hinge[0] + door.width * Math.cos(h), door.hinge[1] + door.width * Math.sin(h)]];
}

export function doorCenter(door: DoorSpec): Point2 {
  const [a, b] = doorOpening(door);
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

const EPS = 1e-3;
const key = (p: Point2): string => `${p[0].toFixed(3)},${p[1].toFixed(3)}`;

/** Parameter of `p` along a→b, or null when p is not on that line. */
function along(a: Point2, b: Point2, p: Point2): number | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 < EPS) return null;
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  const cx = a[0] + t * dx - p[0];
  const cy = a[1] + t * dy - p[1];
  return cx * cx + cy * cy < EPS * EPS * 100 ? t : null;
}

const lerp = (a: Point2, b: Point2, t: number): Point2 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** Every room edge once (a wall two rooms share is drawn once), doors cut out with a lintel above each. */
export function wallSegments(site: SiteSpec): WallSegment[] {
  const seen = new Set<string>();
  const out: WallSegment[] = [];
  for (const room of site.rooms) {
    for (let i = 0; i < room.floor.length; i++) {
      const a = room.floor[i]!;
      const b = room.floor[(i + 1) % room.floor.length]!;
      const k = [key(a), key(b)].sort().join('|');
      if (seen.has(k)) continue;
      seen.add(k);
      const cuts: [number, number][] = [];
      for (const door of site.doors) {
        const [p, q] = doorOpening(door);
        const t0 = along(a, b, p);
        const t1 = along(a, b, q);
        if (t0 === null || t1 === null) continue;
        const lo = Math.max(0, Math.min(t0, t1));
        const hi = Math.min(1, Math.max(t0, t1));
        if (hi > lo) cuts.push([lo, hi]);
      }
      cuts.sort((x, y) => x[0] - y[0]);
      let t = 0;
      for (const [lo, hi] of cuts) {
        if (lo > t) out.push({ a: lerp(a, b, t), b: lerp(a, b, lo), z0: 0, z1: room.height });
        out.push({ a: lerp(a, b, lo), b: lerp(a, b, hi), z0: DOOR_HEIGHT, z1: room.height });
        t = Math.max(t, hi);
      }
      if (t < 1) out.push({ a: lerp(a, b, t), b, z0: 0, z1: room.height });
    }
  }
  return out;
}

/** Is `p` inside the polygon (even-odd rule)? Points on an edge may go either way. */
export function inPolygon(p: Point2, poly: readonly Point2[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!;
    const [xj, yj] = poly[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
