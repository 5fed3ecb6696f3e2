/**
 * The contract between the renderer and the application core. The desktop app carries it over IPC (preload), the
 * browser mode over WebSocket; the renderer cannot tell which. Expected failures come back as `{ ok: false }`
 * results with a message for the user, never as thrown errors (errors lose everything but their message over IPC).
 */
import type { SessionIntegrity } from './integrity';
import type { TwinFrame } from './frame';
import type { Problem } from './problem';
import type { SourceInfo } from './source';
import type { Channel } from './sample';
import type { Rules, SiteRules, SiteSpec } from './site';
import type {
  ReplayState,
  SessionAlert,
  SessionBacktest,
  SessionCoverage,
  SessionExport,
  SessionExportFormat,
  SessionImport,
  SessionImportError,
  SessionImportSource,
  SessionInfo,
  TaskProgress,
} from './replay';
import type { TwinView } from './views';
import { API_ARGUMENT_SCHEMAS } from './apiSchema';

/** A call's outcome; a failure may carry a `code` a caller can branch on (the message is for people). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string; tip?: string; code?: string };

export type ConnectRequest =
  | { kind: 'serial'; path: string; baudRate?: number }
  | {
      kind: 'mqtt';
      url: string;
      clientId?: string;
      username?: string;
      password?: string;
      /** TLS: CA certificate, client certificate and key, as PEM file paths on the core's machine. */
      caFile?: string;
      certFile?: string;
      keyFile?: string;
    }
  /** The site's virtual devices living an ordinary day in real time: data without hardware. */
  | { kind: 'demo' };

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  vid?: string;
  pid?: string;
  /** Set when the USB ids match an ESP32 board. */
  esp32?: string;
}

export interface IngestStats {
  inputs: number;
  samples: number;
  duplicates: number;
  rejected: number;
  logLines: number;
}

/** "What if": change the door or the number of people in a room, then let the CO2 physics run. */
export interface WhatIfRequest {
  room: string;
  doorOpen?: boolean;
  addOccupants?: number;
  /** How far ahead, ms (at most a day). */
  horizonMs: number;
  /** Spacing of the predicted points, ms (default one minute). */
  stepMs?: number;
}

export interface WhatIfPoint {
  /** Offset from the twin's current time, ms. */
  tMs: number;
  co2: number;
  /** The room behind the door, when it is modelled. */
  neighbourCo2: number | null;
}

export interface HistoryExtent {
  db: string;
  /** Size of the database (pages in use and free), bytes. */
  bytes?: number;
  samples: number;
  from: number | null;
  to: number | null;
}

/** Channels a chart can draw, per device. */
export type SeriesChannel = Extract<Channel, 'co2' | 'temp' | 'rh' | 'lux' | 'angle' | 'rssi' | 'bat'>;

/** One device channel over a time range, downsampled in the core to about one bucket per pixel. */
export interface SeriesRequest {
  dev: string;
  channel: SeriesChannel;
  /** Event time range, ms epoch, `from` inclusive, `to` exclusive. */
  from: number;
  to: number;
  /** How many buckets (the chart's width in pixels); at most 4,000. */
  buckets: number;
}

/** Non-empty buckets only, oldest first: the bucket's start time, the min, max and mean of its readings. */
export interface Series {
  from: number;
  to: number;
  bucketMs: number;
  t: number[];
  min: number[];
  max: number[];
  mean: number[];
}

/** One input the decoder refused, as the quarantine keeps it (raw bytes cut to a short prefix). */
export interface RejectView {
  tRecv: number;
  origin: string;
  dev: string;
  code: string;
  detail: string;
  raw: string;
}

/** A device the site does not place yet, as the history and the live twin know it. */
export interface UnplacedDevice {
  dev: string;
  /** `v1` for our firmware; else the convention it came by (ha, z2m, tasmota, gateway, mapped). */
  convention: string;
  channels: Channel[];
  /** When anything was last received from it (host time), or null before anything was stored. */
  lastRecv: number | null;
  samples: number;
}

/**
 * Where to put a device: a room (at a floor position, its centroid when left out), a door (for a contact or
 * angle), or an existing site sensor (a binding: its readings arrive as that sensor's).
 */
export type PlaceTarget =
  | { kind: 'room'; room: string; x?: number; y?: number }
  | { kind: 'door'; door: string }
  | { kind: 'sensor'; sensor: string };

export interface PlaceRequest {
  dev: string;
  /** The device's channels; those that do not apply to the target are left out. */
  channels: Channel[];
  to: PlaceTarget;
}

export type PlaceErrorCode =
  | 'bad-device'
  | 'already-placed'
  | 'unknown-room'
  | 'unknown-door'
  | 'unknown-sensor'
  | 'outside-room'
  | 'no-channels'
  | 'invalid-site'
  | 'read-only'
  | 'write-failed';

export interface Placed {
  dev: string;
  /** The site sensor its readings now feed (the device itself, or the sensor it was bound to). */
  sensor: string;
  /** The site file written. */
  file: string;
  /** The site was the built-in default: this is a new copy in the data folder, used from now on. */
  copied: boolean;
  /** The site now in force (the twin already runs on it). */
  site: SiteSpec;
}

export type PlaceResult =
  { ok: true; value: Placed } | { ok: false; code: PlaceErrorCode; error: string; tip?: string };

export type ImportResult =
  { ok: true; value: SessionImport } | { ok: false; code: SessionImportError; error: string; tip?: string };

/** Request/response calls: name -> [argument, result]. */
export interface ApiCalls {
  'sources.list': [void, SourceInfo[]];
  'sources.connect': [ConnectRequest, Result<SourceInfo>];
  'sources.disconnect': [{ id: string }, Result<void>];
  'ports.list': [void, Result<SerialPortInfo[]>];
  'history.extent': [void, HistoryExtent];
  'ingest.stats': [void, IngestStats];
  /** The twin's current picture (the same as the latest frame's view). */
  'twin.view': [void, TwinView];
  'alerts.acknowledge': [{ alertId: string }, Result<void>];
  /** Predicted CO2 curves of a room under a what-if, from the twin's fitted model. */
  'twin.whatIf': [WhatIfRequest, Result<WhatIfPoint[]>];
  /** The site the twin runs over: rooms, doors and where each sensor is. */
  'site.get': [void, SiteSpec];
  /** Devices heard from (this session or recorded before) that the site does not place. */
  'devices.notPlaced': [void, UnplacedDevice[]];
  /**
   * Places a device in the site: the twin takes it at once (no restart) and the site file is rewritten (atomically,
   * everything else kept); with the built-in site, a copy in the data folder is written and used from then on.
   */
  'site.placeDevice': [PlaceRequest, PlaceResult];
  /** A device channel's history, min/max/mean per bucket, from the database. */
  'history.series': [SeriesRequest, Result<Series>];
  /** Blink the device's LED (the `identify` command) through a source that can send commands. */
  'devices.identify': [{ dev: string }, Result<void>];
  /** The latest inputs the decoder refused, newest first. */
  'rejects.latest': [{ limit: number }, RejectView[]];
  /** Recording sessions of the history, oldest first. */
  'sessions.list': [void, SessionInfo[]];
  /** Names or annotates a session (an empty string clears the field). */
  'sessions.update': [{ id: number; name?: string; notes?: string }, Result<SessionInfo>];
  /** Deletes a session and all it recorded; the one being recorded, or replayed, cannot be. */
  'sessions.delete': [{ id: number }, Result<{ rows: number }>];
  /** Writes a session to a file in the exports folder beside the history; `progress` events follow it. */
  'sessions.export': [{ id: number; format: SessionExportFormat }, Result<SessionExport>];
  /**
   * Imports a .twinrec as a new session (verified first; never overwrites or duplicates), while recording goes on:
   * from the desktop app's open-file dialog, or from a file browser mode received (POST /imports does both steps).
   * `progress` events follow it.
   */
  'sessions.import': [SessionImportSource, ImportResult];
  /** Each session (or one) checked against its hash chain, as `twinscope verify` prints it. */
  'sessions.verify': [{ session?: number }, SessionIntegrity[]];
  /**
   * Replays a session: frames then come from the replay (recording of live sources goes on), starting at its
   * beginning, paused. `replay.close` goes back to live.
   */
  'replay.open': [{ session: number }, Result<ReplayState>];
  /** Shows the replayed session as it was at event time `t`. */
  'replay.seek': [{ t: number }, Result<ReplayState>];
  'replay.play': [{ speed: number }, Result<ReplayState>];
  'replay.pause': [void, Result<ReplayState>];
  'replay.close': [void, Result<void>];
  /** When a recorded session's stored alerts were raised or repeated, oldest first (the timeline's markers). */
  'replay.alerts': [{ session: number }, SessionAlert[]];
  /** Where a session's data is missing (all devices, or some) and where it arrived late: the timeline's shading. */
  'replay.coverage': [{ session: number }, SessionCoverage];
  /** The rules a session ran with, resolved over the defaults: what a back-test edits. */
  'replay.rules': [{ session: number }, Result<Rules>];
  /**
   * Re-runs a session with changed rules (`rules` over the session's own) and compares the alerts with those
   * recorded; `progress` events follow it. The recording is not touched. A newer back-test stops an older one.
   */
  'replay.backtest': [{ session: number; rules: SiteRules }, Result<SessionBacktest>];
}

/** Event streams: name -> payload. */
export interface ApiEvents {
  status: SourceInfo;
  problem: Problem;
  stats: IngestStats;
  /** At most ~30 a second: the latest picture and every event since the previous frame. */
  frame: TwinFrame;
  /** How far long work (a back-test) got. */
  progress: TaskProgress;
}

export type ApiCallName = keyof ApiCalls;
export type ApiEventName = keyof ApiEvents;

/** Every call, derived from the schema table so no list is kept by hand. */
export const API_CALLS = Object.keys(API_ARGUMENT_SCHEMAS) as readonly ApiCallName[];
export const API_EVENTS: readonly ApiEventName[] = ['status', 'problem', 'stats', 'frame', 'progress'];

/** Why a call failed before (or instead of) its handler answering. */
export type CallErrorCode = 'unknown-call' | 'invalid-argument' | 'internal' | 'unauthorized' | 'disconnected';

/**
 * What a carrier (IPC or WebSocket) returns for every call: the handler's answer, or why there is none. A malformed
 * call gets `{ ok: false }` with a code, never a crash and never a thrown error.
 */
export type CallReply<N extends ApiCallName = ApiCallName> =
  { ok: true; value: ApiCalls[N][1] } | { ok: false; error: string; code: CallErrorCode };

/** What the renderer holds: the same shape over IPC or WebSocket. `call` rejects with the reply's error. */
export interface TwinscopeApi {
  call<N extends ApiCallName>(name: N, arg: ApiCalls[N][0]): Promise<ApiCalls[N][1]>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}
