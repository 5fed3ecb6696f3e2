/** The API contract over the desktop app's preload bridge (`window.twinscope`). */
import type { ApiCallName, ApiEventName, CallReply, TwinscopeApi } from '../../../electron/common/api';
import { unwrap } from './ApiError';

export interface PreloadBridge {
  calls: Record<ApiCallName, (arg: unknown) => Promise<CallReply>>;
  events: Record<ApiEventName, (listener: (payload: unknown) => void) => () => void>;
}

declare global {
  interface Window {
    twinscope?: PreloadBridge;
  }
}

export function ipcApi(bridge: PreloadBridge): TwinscopeApi {
  return {
    call: async (name, arg) => unwrap(await bridge.calls[name](arg)),
    on: (event, listener) => bridge.events[event](listener as (p: unknown) => void),
  };
}
