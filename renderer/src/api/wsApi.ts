/**
 * The API contract over the browser-mode WebSocket. The access token travels in the page's cookie, so nothing here
 * handles it. Reconnects with backoff; calls made while disconnected fail with a `disconnected` ApiError.
 */
import type { ApiEventName, ApiEvents, CallReply, TwinscopeApi } from '../../../electron/common/api';
import { WS_PATH, type ClientMessage, type ServerMessage } from '../../../electron/common/wire';
import { ApiError, unwrap } from './ApiError';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface WsApi extends TwinscopeApi {
  /** Link state changes (for the status bar); called at once with the current state. */
  onLink(listener: (state: LinkState) => void): () => void;
}

export function wsApi(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`): WsApi {
  let ws: WebSocket | undefined;
  let nextId = 1;
  let state: LinkState = 'connecting';
  let retryMs = 250;
  const pending = new Map<number, (reply: CallReply) => void>();
  const listeners = new Map<ApiEventName, Set<(payload: never) => void>>();
  const linkListeners = new Set<(s: LinkState) => void>();

  const setState = (s: LinkState): void => {
    state = s;
    linkListeners.forEach((l) => l(s));
  };

  const open = (): void => {
    setState('connecting');
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      retryMs = 250;
      setState('open');
    };
    socket.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as ServerMessage;
      if (msg.type === 'reply') {
        pending.get(msg.id)?.(msg.reply);
        pending.delete(msg.id);
      } else {
        listeners.get(msg.name)?.forEach((l) => l(msg.payload as never));
      }
    };
    socket.onclose = () => {
      for (const resolve of pending.values()) resolve({ ok: false, code: 'disconnected', error: 'not connected' });
      pending.clear();
      setState('closed');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  open();

  return {
    async call(name, arg) {
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        throw new ApiError('disconnected', 'Twinscope is not connected to its server (is `twinscope serve` running?)');
      }
      const id = nextId++;
      const reply = await new Promise<CallReply>((resolve) => {
        pending.set(id, resolve);
        const m: ClientMessage = { type: 'call', id, name, arg: arg ?? null };
        ws!.send(JSON.stringify(m));
      });
      return unwrap(reply);
    },
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: never) => void);
      return () => set.delete(listener as (p: never) => void);
    },
    onLink(listener) {
      linkListeners.add(listener);
      listener(state);
      return () => linkListeners.delete(listener);
    },
  };
}
