/** IPC channel names of the API contract: one channel per call and per event, never a generic pass-through. */
import type { ApiCallName, ApiEventName } from './api';

export const callChannel = (name: ApiCallName): string => `twinscope:call:${name}`;
export const eventChannel = (name: ApiEventName): string => `twinscope:event:${name}`;
