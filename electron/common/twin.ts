/**
 * The twin engine's inputs, state, events and alerts: plain JSON data (no classes, no NaN, no Infinity, no
 * undefined), shared by the engine (electron/core/twin), the hub, the store and the renderer.
 * Times are event times, ms since the Unix epoch; `null` means "not known (yet)".
 */
import type { DoorContact, Sample } from './sample';
import type { AlertRule, Rules, SiteSpec } from './site';
import type {
  AlertView,
  AngleSource,
  Co2Category,
  ConflictView,
  DeviceStatus,
  DoorPosition,
  OccupancyReason,
  SampleKey,
} from './views';

export type {
  AlertChange,
  AlertStatus,
  AngleSource,
  Co2Category,
  ConflictKind,
  DeviceStatus,
  DoorPosition,
  OccupancyReason,
  SampleKey,
  TwinEvent,
  TwinEventKind,
} from './views';

/** Everything the engine reacts to. Time comes only from here. */
export type TwinInput =
  | { kind: 'sample'; sample: Sample }
  /** MQTT `status` topic: `online`, or `offline` (also the broker's last will). */
  | { kind: 'status'; dev: string; t: number; online: boolean }
  /**
   * A `hello` message: announces the telemetry interval. `boot`/`seq` count for loss accounting when given; `tRecv`
   * is when it was received (host time; recordings made before it was kept use `t`).
   */
  | {
      kind: 'hello';
      dev: string;
      t: number;
      intervalMs: number;
      fw: string;
      boot?: number;
      seq?: number;
      tRecv?: number;
    }
  /** Any other message (log, ack) that used a sequence number: keeps loss accounting honest. */
  | { kind: 'seen'; dev: string; t: number; boot: number; seq: number; tRecv?: number }
  /** Host time passing (silence, offline, "now"); recorded so a replay sees the same host time. Never event time. */
  | { kind: 'clock'; t: number }
  /** The user acknowledged an alert. */
  | { kind: 'ack'; alertId: string; t: number };

export type TwinInputKind = TwinInput['kind'];

/** A reading with the event time it was measured at. */
export interface Reading {
  value: number;
  t: number;
  key: SampleKey;
}

/** A closing movement being watched for a slam. */
export interface ClosingMotion {
  peakDps: number;
  peakT: number;
  keys: SampleKey[];
}

/** A fast close that waits for (or does not need) an acceleration spike. */
export interface SlamCandidate {
  t: number;
  peakDps: number;
  needsImpact: boolean;
  keys: SampleKey[];
}

export interface DoorState {
  id: string;
  position: DoorPosition;
  /** Degrees from closed; positive is the site's opening direction. */
  angle: number | null;
  angleSource: AngleSource;
  /** Last hinge rate, deg/s, positive = opening. */
  rateDps: number;
  /** Hall contact of the most recent hall reading. */
  hall: DoorContact | null;
  /** Hall contact per device, for multi-sensor doors. */
  hallByDev: Record<string, { contact: DoorContact; t: number }>;
  /** When `position` last changed. */
  since: number | null;
  /** Time of the last integrated gyro sample, and its rate (trapezoidal integration). */
  gyroT: number | null;
  /** Since when the hall says open while |angle| stays about zero. */
  openAtZeroSince: number | null;
  /** Since when the hall says closed while |angle| is beyond the conflict angle. */
  closedAtAngleSince: number | null;
  /** Since when two hall sensors of this door disagree. */
  disagreeSince: number | null;
  closing: ClosingMotion | null;
  slamCandidate: SlamCandidate | null;
  /** Last acceleration spike (|‖a‖ − 1 g| above the slam threshold) and whether the door reports accel at all. */
  spikeT: number | null;
  spikeG: number | null;
  hasAccel: boolean;
  /** Slam counts: `today` is for local day number `day` (days since epoch, site UTC offset). */
  slams: {
    day: number | null;
    today: number;
    total: number;
    lastT: number | null;
    lastPeakDps: number | null;
    lastKeys: SampleKey[];
  };
  /** Key of the last sample that changed the door. */
  lastKey: SampleKey | null;
}

export interface OccupancyState {
  occupied: boolean;
  reason: OccupancyReason;
  since: number | null;
  lastMotionT: number | null;
  lastMotionKey: SampleKey | null;
  /** Since when every door of the room is closed (null: some door open or unknown, or the room has none). */
  sealedSince: number | null;
  /** Motion was seen inside since the room was sealed (someone is closed in). */
  motionWhileSealed: boolean;
  /** Last time the room was occupied; the ventilation fit uses only readings after it. */
  lastOccupiedT: number | null;
  /** Last time some door of the room was not closed. */
  lastUnsealedT: number | null;
  /** Motion in a room that could not be occupied: when, and the sample. */
  phantomT: number | null;
  phantomKey: SampleKey | null;
}

/** The per-room CO2 model, fitted online. */
export interface Co2ModelState {
  /** Recent (t, ppm) readings of the room's primary CO2 sensor, oldest first. */
  window: [number, number][];
  slopePpmPerMin: number | null;
  /** Ventilation rate, m³/s, and where it came from. */
  qM3s: number;
  qSource: 'prior' | 'fitted';
  /** Weighted fit of the decay rate λ = Q/V over decay pairs, forgetting per minute of data: Σw·Δt, Σw·y, pairs. */
  fit: { sxx: number; sxy: number; pairs: number };
  /** (t, ppm) reading the next decay pair starts from (null: the room is not empty and shut). */
  fitFrom: [number, number] | null;
  /** Estimated people, from the mass balance (null until the slope is known). */
  occupants: number | null;
  /** Steepest rise the model allows with the room at capacity, ppm/min. */
  maxRisePpmPerMin: number | null;
  /** Rising faster than the model allows. */
  abnormal: boolean;
  category: Co2Category | null;
  /** Time until the room's threshold at the current trend; 0 when above; null when never. */
  timeToThresholdMs: number | null;
}

export interface RoomState {
  id: string;
  volumeM3: number;
  co2: Reading | null;
  temp: Reading | null;
  rh: Reading | null;
  lux: Reading | null;
  occupancy: OccupancyState;
  model: Co2ModelState;
}

/**
 * A device's link, judged in processing time (host time, arrival order): never rewound, because it describes what
 * reached us and when, not what happened in the rooms.
 */
export interface DeviceHealth {
  dev: string;
  /** Named in the site's sensors. */
  inSite: boolean;
  status: DeviceStatus;
  statusT: number | null;
  /** Event time of the newest sample, and the host receive time of the newest message of any kind. */
  lastT: number | null;
  lastRecvT: number | null;
  /** Receive time minus event time of the newest sample: how far its data lags behind host time. */
  lagMs: number | null;
  /**
   * Host receive time of the newest live sample (not from the device's offline buffer): samples received after an
   * `offline` status are a `status-vs-data` conflict. Backfilled samples were measured while the device was offline.
   */
  liveRecvT: number | null;
  lastKey: SampleKey | null;
  intervalMs: number | null;
  intervalSource: 'hello' | 'learned' | null;
  /** Nothing received for `staleFactor` intervals of host time. */
  stale: boolean;
  /** Clock of the last sample: synced on the device, or estimated by the host. */
  clock: 'synced' | 'estimated' | null;
  fw: string | null;
  /** Sequence accounting for the newest boot: lowest and highest seq seen, messages received. */
  boot: number | null;
  seqMin: number | null;
  seqMax: number | null;
  received: number;
  lossRate: number;
  /** Samples that arrived behind the applied picture and were applied by rewinding it. */
  lateApplied: number;
  /** Samples older than the rewind horizon: stored, not applied to the picture. */
  beyondHorizon: number;
  rssi: number | null;
  bat: number | null;
}

/** Event-time progress of one device: the newest event time it sent, and when we last heard from it (host time). */
export interface DeviceProgress {
  wm: number;
  recvT: number;
}

/** Per (device, channel): flat-line and range checks. */
export interface SensorHealth {
  dev: string;
  channel: string;
  value: number[];
  t: number;
  /** Since when the value has stayed within epsilon, and for how many samples. */
  flatSince: number;
  flatCount: number;
  stuck: boolean;
  outOfRange: boolean;
  lastKey: SampleKey;
}

/** Two observations that cannot both be true. A state, listed while it lasts. */
export type Conflict = ConflictView;

/** An alert as frames, the API and the store carry it. */
export type Alert = AlertView;

/** Alert bookkeeping: active alerts by `rule:subject`, conditions waiting out `raiseAfterMs`. */
export interface AlertBook {
  active: Record<string, Alert & { absentSince: number | null; mark: number | null }>;
  /** Since when a condition holds, and the evidence of its first observation. */
  pending: Record<string, { since: number; keys: SampleKey[] }>;
}

/** A user's acknowledgement: host time, and how many occurrences it covered (a new slam asks for a fresh look). */
export interface AckRecord {
  t: number;
  occurrences: number;
}

/**
 * The part of the state that follows event time: rewound and re-applied when late data arrives. Everything else in
 * `TwinState` follows processing time and is never rewound.
 */
export interface TwinWorld {
  /** Event time the picture is at (samples are applied up to here). */
  t: number | null;
  doors: Record<string, DoorState>;
  rooms: Record<string, RoomState>;
  sensors: Record<string, SensorHealth>;
  /** Ids of the sensors now stuck or out of range: the only ones the sensor rules need to look at. */
  flaggedSensors: Record<string, true>;
  conflicts: Record<string, Conflict>;
  alerts: AlertBook;
}

/** The whole engine state (engine internals: the renderer sees `TwinView` from views.ts). */
export interface TwinState extends TwinWorld {
  format: 'twinscope-twin/2';
  site: SiteSpec;
  rules: Rules;
  /** Processing time: the newest host time seen (receive times, clock ticks, acks). */
  hostT: number | null;
  /** Host time the link rules were last judged at. */
  linkT: number | null;
  devices: Record<string, DeviceHealth>;
  progress: Record<string, DeviceProgress>;
  /** Samples waiting for every active device's progress to pass them, in application order. */
  pending: TwinInput[];
  /** The last sample applied to the world: anything that sorts before it is late. */
  lastApplied: TwinInput | null;
  /** Link conditions (status against data), judged in host time. */
  linkConflicts: Record<string, Conflict>;
  /** Alerts of link rules (device offline, silent, clock unsynced, status against data), in host time. */
  linkAlerts: AlertBook;
  /** Acknowledgements by alert id; they survive rewinds. */
  acks: Record<string, AckRecord>;
  /** Late data taken in: applied by rewinding, beyond the horizon, and rewinds done. */
  late: { applied: number; beyondHorizon: number; rewinds: number };
}

/** The keys of `TwinWorld`, for snapshots of the event-time part. */
export const WORLD_KEYS = ['t', 'doors', 'rooms', 'sensors', 'flaggedSensors', 'conflicts', 'alerts'] as const;

/** Short human titles of the alert rules, for lists, notifications and e-mail subjects. */
export const ALERT_TITLES: Record<AlertRule, string> = {
  'door-slammed': 'Door slammed',
  'sensor-conflict': 'Sensors disagree',
  'co2-high': 'CO2 high',
  'co2-abnormal-rise': 'CO2 rising abnormally',
  'sensor-stuck': 'Sensor stuck',
  'sensor-out-of-range': 'Sensor out of range',
  'device-offline': 'Device offline',
  'device-stale': 'Device silent',
  'clock-unsynced': 'Clock not synced',
};
