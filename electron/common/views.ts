/**
 * What frames and the API carry to the renderer: small views of doors, rooms, devices, sensors, conflicts and
 * alerts. Engine internals (integration state, slam candidates, alert bookkeeping, the snapshot format) stay inside
 * electron/core/twin, so the engine and the renderer can change independently. Plain JSON; times are ms since the
 * Unix epoch; `null` means "not known (yet)".
 */
import type { AlertRule, AlertSeverity } from './site';

/** Identifies one device message across transports. */
export interface SampleKey {
  dev: string;
  boot: number;
  seq: number;
}

export type DoorPosition = 'closed' | 'partly-open' | 'open' | 'unknown';
export type AngleSource = 'device' | 'gyro' | 'hall' | 'none';

export interface DoorView {
  id: string;
  position: DoorPosition;
  /** Degrees from closed; positive is the site's opening direction. */
  angle: number | null;
  angleSource: AngleSource;
  /** Last hinge rate, deg/s, positive = opening. */
  rateDps: number;
  /** When `position` last changed (event time). */
  since: number | null;
  slamsToday: number;
  slamsTotal: number;
  /** Event time and peak closing rate of the last slam. */
  lastSlamT: number | null;
  lastSlamPeakDps: number | null;
  /** The door's sensors disagree (hall against angle, or two hall sensors): the kind of the first conflict. */
  conflict: ConflictKind | null;
}

/** A room reading: value and the event time it was measured at. */
export interface ReadingView {
  value: number;
  t: number;
  dev: string;
}

export type OccupancyReason = 'motion' | 'closed-in' | 'vacant' | 'unknown';
export type Co2Category = 'I' | 'II' | 'III' | 'IV';

export interface RoomView {
  id: string;
  co2: ReadingView | null;
  temp: ReadingView | null;
  rh: ReadingView | null;
  lux: ReadingView | null;
  occupied: boolean;
  occupancyReason: OccupancyReason;
  /** Estimated people from the CO2 mass balance (null until known). */
  occupants: number | null;
  /** Ventilation, air changes per hour, fitted or the prior. */
  ventilationAch: number;
  ventilationSource: 'prior' | 'fitted';
  co2SlopePpmPerMin: number | null;
  co2Abnormal: boolean;
  co2Category: Co2Category | null;
  /** The room's CO2 threshold, ppm, and the time until it at the current trend (0: above; null: never). */
  co2ThresholdPpm: number;
  timeToThresholdMs: number | null;
}

export type DeviceStatus = 'online' | 'offline' | 'unknown';

export interface DeviceView {
  dev: string;
  /** Named in the site's sensors. */
  inSite: boolean;
  status: DeviceStatus;
  /** No data received for `staleFactor` intervals (host time). */
  stale: boolean;
  /** Host time since the last message was received from it, ms. */
  silentForMs: number | null;
  /** Event time of the newest sample, and when it was received (host time). */
  lastT: number | null;
  lastRecvT: number | null;
  /** How far the device's data lags behind host time when it arrives (receive time − event time of the newest). */
  lagMs: number | null;
  intervalMs: number | null;
  intervalSource: 'hello' | 'learned' | null;
  clock: 'synced' | 'estimated' | null;
  fw: string | null;
  /** Messages received of the newest boot, and the share of its sequence numbers that never arrived. */
  received: number;
  lossRate: number;
  /** Samples that arrived behind what the twin had applied and rewound it, and those older than the horizon. */
  lateApplied: number;
  beyondHorizon: number;
  rssi: number | null;
  bat: number | null;
}

/** Per (device, channel): the latest value and its flat-line and range checks. */
export interface SensorView {
  dev: string;
  channel: string;
  value: number[];
  t: number;
  stuck: boolean;
  outOfRange: boolean;
}

export type ConflictKind =
  'hall-closed-angle-open' | 'hall-open-angle-zero' | 'hall-sources-disagree' | 'phantom-motion' | 'status-vs-data';

/** Two observations that cannot both be true. Listed while it lasts. */
export interface ConflictView {
  /** `kind:subject`. */
  id: string;
  kind: ConflictKind;
  /** Door id, room id or device id. */
  subject: string;
  since: number;
  reason: string;
  keys: SampleKey[];
}

export type AlertStatus = 'raised' | 'acknowledged' | 'cleared';

export interface AlertView {
  /** Stable across rewinds: `rule:subject@raisedAt`. */
  id: string;
  rule: AlertRule;
  subject: string;
  severity: AlertSeverity;
  status: AlertStatus;
  /** Event times. */
  raisedAt: number;
  ackedAt: number | null;
  clearedAt: number | null;
  reason: string;
  /** The samples that caused it (newest last, capped). */
  keys: SampleKey[];
  /** How often a repeating condition (slams) occurred while this alert was active. */
  occurrences: number;
  /** Found in data that arrived late (a backfill, a slow link): by how much host time was past `raisedAt`. */
  foundLateMs: number | null;
}

/** Late data the twin took in, and what it could not. */
export interface LatenessView {
  /** Inputs that arrived behind the applied picture and were applied by rewinding. */
  applied: number;
  /** Inputs older than the rewind horizon: stored, counted, not applied. */
  beyondHorizon: number;
  /** How many times the twin rewound. */
  rewinds: number;
  horizonMs: number;
}

/** The whole picture the renderer shows, small enough to send 30 times a second. */
export interface TwinView {
  /** Event time the picture is at (inputs are applied up to here). */
  t: number | null;
  /** Host time of the newest input (processing time), for "now" and silence. */
  hostT: number | null;
  doors: Record<string, DoorView>;
  rooms: Record<string, RoomView>;
  devices: Record<string, DeviceView>;
  sensors: Record<string, SensorView>;
  conflicts: ConflictView[];
  /** Active alerts (raised or acknowledged), oldest first. */
  alerts: AlertView[];
  late: LatenessView;
  /** Devices heard from that the site does not name and the view leaves out (a busy shared broker). */
  devicesNotShown: number;
}

/**
 * `closed`: still active when the recording or session ended; stored as cleared at that time. `revised`: a rewind
 * (late data) changed an alert already reported; `retracted`: late data showed it never happened.
 */
export type AlertChange = 'raised' | 'acknowledged' | 'repeated' | 'cleared' | 'closed' | 'revised' | 'retracted';

/** What happened between two frames. */
export type TwinEvent =
  | { kind: 'door'; t: number; door: string; change: 'opened' | 'closed'; keys: SampleKey[] }
  | {
      kind: 'slam';
      t: number;
      door: string;
      peakRateDps: number;
      impactG: number | null;
      today: number;
      keys: SampleKey[];
    }
  | { kind: 'occupancy'; t: number; room: string; occupied: boolean; reason: OccupancyReason }
  | { kind: 'conflict'; t: number; change: 'began' | 'ended'; conflict: ConflictView }
  /** An alert's lifecycle; `revised` and `retracted` replace what was shown before, under the same id. */
  | { kind: 'alert'; t: number; change: AlertChange; alert: AlertView };

export type TwinEventKind = TwinEvent['kind'];
