/**
 * A site: the rooms, doors and sensors of one instrumented place, in metres, with the thresholds and rules that
 * judge it. assets/sites/door-two-rooms.json is the default; any number of rooms and doors works.
 * Floor coordinates: x to the east, y to the north, metres; height along z.
 */
import type { Channel } from './sample';

export type Point2 = readonly [number, number];

export interface RoomSpec {
  id: string;
  name: string;
  /** Floor polygon, counter-clockwise, metres. */
  floor: readonly Point2[];
  /** Ceiling height, metres; volume = floor area × height. */
  height: number;
}

export interface DoorSpec {
  id: string;
  name: string;
  /** The two rooms it joins; `outside` is allowed for an exterior door. */
  rooms: readonly [string, string];
  /** Hinge position on the floor, metres. */
  hinge: Point2;
  /** Leaf width, metres. */
  width: number;
  /** Direction of the closed leaf from the hinge, degrees from +x, counter-clockwise. */
  closedHeading: number;
  /** +1 if opening turns the leaf counter-clockwise seen from above, -1 otherwise. */
  swing: 1 | -1;
  /** IMU axis that is the hinge axis and its sign, so that a positive rate means opening. */
  hingeAxis: { axis: 'x' | 'y' | 'z'; sign: 1 | -1 };
  /** Angle at which the door counts as fully open, degrees. */
  openAngle: number;
}

/** Binds one device's channels to a room or a door, at a position. */
export interface SensorSpec {
  dev: string;
  channels: readonly Channel[];
  /** Room id or door id. */
  attachedTo: string;
  position: readonly [number, number, number];
}

export interface SiteSpec {
  schema: 'twinscope-site/1';
  id: string;
  name: string;
  rooms: readonly RoomSpec[];
  doors: readonly DoorSpec[];
  sensors: readonly SensorSpec[];
  /** Thresholds and rule parameters; their shape is owned by the twin engine (electron/core/twin). */
  rules?: Record<string, unknown>;
}
