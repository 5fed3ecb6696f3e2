/** The API contract over the desktop app's preload bridge (`window.twinscope`). */
import type { ApiCallName, ApiEventName, TwinscopeApi } from '../../../electron/common/api';

interface PreloadBridge {
  calls: Record<ApiCallName, (arg: unknown) => Promise<unknown>>;
  events: Record<ApiEventName, (listener: (payload: unknown) => void) => () => void>;
}

declare global {
  interface Window {
    twinscope?: PreloadBridge;
  }
}

export function ipcApi(bridge: PreloadBridge): TwinscopeApi {
  return {
    call: (name, arg) => bridge.calls[name](arg) as never,
    on: (event, listener) => bridge.events[event](listener as (p: unknown) => void),
  };
}
