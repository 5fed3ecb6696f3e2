/**
 * The API contract over a WebSocket (browser mode): JSON text messages, one call and its reply matched by `id`,
 * events pushed as they come. The same calls and events as over IPC (api.ts).
 */
import type { ApiEventName, ApiEvents, CallReply } from './api';

export type ClientMessage = { type: 'call'; id: number; name: string; arg?: unknown };

export type ServerMessage =
  | { type: 'reply'; id: number; reply: CallReply }
  | { [E in ApiEventName]: { type: 'event'; name: E; payload: ApiEvents[E] } }[ApiEventName];

/** Path of the WebSocket endpoint on the browser-mode server. */
export const WS_PATH = '/api';
/** Cookie that carries the access token after the first visit. */
export const TOKEN_COOKIE = 'twinscope_token';
