/**
 * A site: the rooms, doors and sensors of one instrumented place, in metres, with the thresholds and rules that
 * judge it. assets/sites/door-two-rooms.json is the default; any number of rooms and doors works.
 * Floor coordinates: x to the east, y to the north, metres; height along z.
 */
import type { SiteRetention } from './retention';
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

/** One user-mapped MQTT topic: a filter, a device id, a JSON path per channel, an optional time field. */
export interface MappedTopic {
  /** MQTT topic filter, e.g. `office/+/air`. */
  topic: string;
  /** Device id; `{1}` is the first `+` level of the topic, `{2}` the second... */
  device: string;
  channels: Partial<Record<Channel, { path: string; unit?: string; scale?: number; closedWhen?: boolean }>>;
  time?: { path: string; format: 'iso' | 'ms' | 's' };
}

export interface SiteSpec {
  schema: 'twinscope-site/1';
  id: string;
  name: string;
  rooms: readonly RoomSpec[];
  doors: readonly DoorSpec[];
  sensors: readonly SensorSpec[];
  /**
   * Third-party device ids bound to this site's sensors (`"gw:device_1": "room-a"`, `"z2m:hall_door": "door"`):
   * readings of the key arrive as the sensor named by the value.
   */
  bindings?: Readonly<Record<string, string>>;
  /** User payloads turned into samples (electron/core/protocol/adapters/mapped.ts). */
  mappings?: readonly MappedTopic[];
  /** Thresholds and rule parameters; every field is optional and falls back to `DEFAULT_RULES` (core/twin/rules.ts). */
  rules?: SiteRules;
  /** How long the history keeps raw samples and 1-minute rows; defaults in `DEFAULT_RETENTION` (common/retention.ts). */
  retention?: SiteRetention;
}

/** Channels whose plausible range and flat-line detection can be configured. */
export type ScalarChannel = 'co2' | 'temp' | 'rh' | 'lux' | 'angle' | 'rssi' | 'bat' | 'gyro' | 'accel';

/** Alert rules the twin engine evaluates. */
export type AlertRule =
  | 'door-slammed'
  | 'sensor-conflict'
  | 'co2-high'
  | 'co2-abnormal-rise'
  | 'sensor-stuck'
  | 'sensor-out-of-range'
  | 'device-offline'
  | 'device-stale'
  | 'clock-unsynced';

export const ALERT_RULES: readonly AlertRule[] = [
  'door-slammed',
  'sensor-conflict',
  'co2-high',
  'co2-abnormal-rise',
  'sensor-stuck',
  'sensor-out-of-range',
  'device-offline',
  'device-stale',
  'clock-unsynced',
];

export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Per-rule lifecycle settings: time hysteresis on both edges. */
export interface AlertRuleConfig {
  enabled: boolean;
  severity: AlertSeverity;
  /** The condition must hold this long before the alert is raised, ms. */
  raiseAfterMs: number;
  /** The condition must be gone this long before the alert clears, ms. */
  clearAfterMs: number;
}

/** CO2 physics and thresholds. EN 16798-1 categories are ppm above outdoor. */
export interface Co2Rules {
  outdoorPpm: number;
  /** `co2-high` raises at this concentration (absolute ppm). */
  thresholdPpm: number;
  /** When set, the threshold is outdoor + this EN 16798-1 category's limit instead of `thresholdPpm`. */
  thresholdCategory: 'I' | 'II' | 'III' | null;
  /** `co2-high` clears only below `thresholdPpm - hysteresisPpm`. */
  hysteresisPpm: number;
  categories: { I: number; II: number; III: number };
  /** CO2 generation per sedentary adult, m³/s. */
  generationM3s: number;
  /** Ventilation prior before any decay was fitted, air changes per hour. */
  defaultAch: number;
  /** Air exchanged through a fully open interior door, m³/s. */
  doorFlowM3s: number;
  /** Capacity used for the "faster than the model allows" bound, people per m² of floor. */
  maxOccupantsPerM2: number;
  /** Slack on that bound, ppm/min, for sensor noise. */
  abnormalMarginPpmPerMin: number;
  /** Window of readings the slope is fitted over, ms. */
  slopeWindowMs: number;
  /** Decay points closer to outdoor than this are noise, not signal, for the ventilation fit, ppm. */
  fitMinExcessPpm: number;
  /** Weight left per minute of decay data in the ventilation fit (0..1]: how fast old decays are forgotten. */
  fitForgetting: number;
  /** Longest gap between two readings that still forms a decay pair, ms. */
  fitMaxGapMs: number;
}

export interface DoorRules {
  /** Closing rate that counts as a slam, deg/s. */
  slamRateDps: number;
  /** Deviation of |accel| from 1 g that confirms a slam, g. */
  slamAccelG: number;
  /** How close in time the peak rate, the closing and the impact must be, ms. */
  slamWindowMs: number;
  /** Hall closed while |angle| exceeds this is a conflict, deg. */
  conflictAngleDeg: number;
  /** |angle| below this counts as "about zero", deg. */
  zeroAngleDeg: number;
  /** Hall open while the angle stays about zero this long is a conflict, ms. */
  hallOpenZeroMs: number;
  /** Gyro rates below this are bias, not motion, deg/s. */
  gyroDeadbandDps: number;
  /** Gyro samples further apart than this are not integrated across, ms. */
  maxGyroGapMs: number;
  /** Two hall sensors of one door may disagree this long before it is a conflict, ms. */
  disagreeMs: number;
  /** A `door-slammed` alert stays active this long after the last slam, ms. */
  slamAlertMs: number;
}

export interface OccupancyRules {
  /** A room stays occupied this long after the last motion, ms. */
  holdMs: number;
  /** ... and this long when a door of the room closed after the last motion, ms. */
  closedHoldMs: number;
  /** A "motion in an empty closed room" conflict ends this long after that motion, ms. */
  phantomClearMs: number;
}

export interface HealthRules {
  /** A device is stale after this many intervals without a sample. */
  staleFactor: number;
  /** Plausible ranges per channel (vectors: per component); outside is `sensor-out-of-range`. */
  ranges: Partial<Record<ScalarChannel, readonly [number, number]>>;
  /** Flat-line detection per channel: unchanged within `epsilon` for `ms` and at least `minSamples`. */
  stuck: Partial<Record<ScalarChannel, { ms: number; epsilon: number; minSamples: number }>>;
}

/** Event time against processing time (see electron/core/twin/README.md). */
export interface TimeRules {
  /** A device that sent nothing for this long (host time, or two of its intervals if longer) no longer holds the
   * twin's progress back, ms. */
  idleMs: number;
  /** How far back late data may rewrite the picture, ms; older input is stored and counted only. */
  horizonMs: number;
  /** An alert raised this long (or longer) after its event time was "found late" and says so, ms. */
  foundLateMs: number;
}

/** The resolved rule set the engine runs with. */
export interface Rules {
  /**
   * Samples wait until every active device's event time is this far past them, then apply in event-time order, ms:
   * covers a device's own small reorderings (telemetry and events on separate topics). It is the picture's lag.
   */
  reorderWindowMs: number;
  time: TimeRules;
  /** Offset of local time from UTC for "per day" counts, minutes. */
  utcOffsetMinutes: number;
  co2: Co2Rules;
  door: DoorRules;
  occupancy: OccupancyRules;
  health: HealthRules;
  alerts: Record<AlertRule, AlertRuleConfig>;
  /** Per-room overrides. */
  rooms: Record<string, { thresholdPpm?: number; thresholdCategory?: 'I' | 'II' | 'III'; maxOccupants?: number }>;
}

/** `rules` as written in a site file: any subset, merged over the defaults. */
export interface SiteRules {
  reorderWindowMs?: number;
  time?: Partial<TimeRules>;
  utcOffsetMinutes?: number;
  co2?: Partial<Omit<Co2Rules, 'categories'>> & { categories?: Partial<Co2Rules['categories']> };
  door?: Partial<DoorRules>;
  occupancy?: Partial<OccupancyRules>;
  health?: Partial<HealthRules>;
  alerts?: Partial<Record<AlertRule, Partial<AlertRuleConfig>>>;
  rooms?: Rules['rooms'];
}
