/**
 * The contract between the renderer and the application core. The desktop app carries it over IPC (preload), the
 * browser mode over WebSocket; the renderer cannot tell which. Expected failures come back as `{ ok: false }`
 * results with a message for the user, never as thrown errors (errors lose everything but their message over IPC).
 */
import type { TwinFrame } from './frame';
import type { Problem } from './problem';
import type { SourceInfo } from './source';
import type { TwinView } from './views';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string; tip?: string };

export type ConnectRequest =
  | { kind: 'serial'; path: string; baudRate?: number }
  | { kind: 'mqtt'; url: string; clientId?: string; username?: string; password?: string }
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
  samples: number;
  from: number | null;
  to: number | null;
}

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
}

/** Event streams: name -> payload. */
export interface ApiEvents {
  status: SourceInfo;
  problem: Problem;
  stats: IngestStats;
  /** At most ~30 a second: the latest picture and every event since the previous frame. */
  frame: TwinFrame;
}

export type ApiCallName = keyof ApiCalls;
export type ApiEventName = keyof ApiEvents;

export const API_CALLS: readonly ApiCallName[] = [
  'sources.list',
  'sources.connect',
  'sources.disconnect',
  'ports.list',
  'history.extent',
  'ingest.stats',
  'twin.view',
  'alerts.acknowledge',
  'twin.whatIf',
];
export const API_EVENTS: readonly ApiEventName[] = ['status', 'problem', 'stats', 'frame'];

/** What the renderer holds: the same shape over IPC or WebSocket. */
export interface TwinscopeApi {
  call<N extends ApiCallName>(name: N, arg: ApiCalls[N][0]): Promise<ApiCalls[N][1]>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}
