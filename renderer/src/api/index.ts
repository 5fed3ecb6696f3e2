/** The renderer's one way to the core: the desktop app's preload bridge when present, else the WebSocket. */
import { ipcApi } from './ipcApi';
import { wsApi, type LinkState, type WsApi } from './wsApi';

export type { LinkState };

/** The connection, whichever carrier it is. */
export function connectApi(): WsApi {
  const bridge = window.twinscope;
  if (!bridge) return wsApi();
  const api = ipcApi(bridge);
  return { ...api, onLink: (l) => (l('open'), () => undefined) };
}
