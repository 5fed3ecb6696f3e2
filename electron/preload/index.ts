/**
 * The renderer's only door to the core: one function per API call and one subscription per event, each on its own
 * channel. ipcRenderer itself is never exposed (Electron: context isolation).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_CALLS, API_EVENTS, type ApiCallName, type ApiEventName } from '../common/api';
import { callChannel, eventChannel } from '../common/ipcChannels';

const calls = Object.fromEntries(
  API_CALLS.map((name) => [name, (arg: unknown) => ipcRenderer.invoke(callChannel(name), arg)]),
) as Record<ApiCallName, (arg: unknown) => Promise<unknown>>;

const events = Object.fromEntries(
  API_EVENTS.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(eventChannel(name), wrapped);
      return () => {
        ipcRenderer.off(eventChannel(name), wrapped);
      };
    },
  ]),
) as Record<ApiEventName, (listener: (payload: unknown) => void) => () => void>;

contextBridge.exposeInMainWorld('twinscope', { calls, events });
