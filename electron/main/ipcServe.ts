/**
 * The API contract over Electron IPC: one `handle` per call channel, every message's sender checked against the
 * app's own page, every argument validated by the core's dispatch (the same table as the WebSocket). Each window
 * gets its own frame subscription, dropped when the window goes. Imports only types from electron, so it runs under
 * the test runner with a stand-in for ipcMain.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { API_CALLS, API_EVENTS, type CallReply } from '../common/api';
import { callChannel, eventChannel } from '../common/ipcChannels';
import type { ApiEvents } from '../common/api';
import type { TwinView } from '../common/views';
import type { Dispatch } from '../core/app/dispatch';
import { FrameSubscription } from '../core/app/FrameSubscription';

/** What the carriers need of the core (TwinscopeService). */
export interface ApiHost {
  dispatch: Dispatch;
  view(): TwinView;
  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Registers a handler per call; returns a function that removes them. */
export function serveIpc(ipc: IpcMainLike, host: ApiHost, trusted: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const name of API_CALLS) {
    ipc.handle(callChannel(name), async (event, arg): Promise<CallReply> => {
      if (!trusted(event)) return { ok: false, code: 'unauthorized', error: 'the sender is not the Twinscope page' };
      return host.dispatch(name, arg);
    });
  }
  return () => API_CALLS.forEach((name) => ipc.removeHandler(callChannel(name)));
}

type WindowContents = Pick<WebContents, 'send' | 'isDestroyed' | 'once'>;

/** Streams events and frames to one window until it is destroyed. */
export function subscribeWindow(contents: WindowContents, host: ApiHost): () => void {
  const alive = (): boolean => !contents.isDestroyed();
  const frames = new FrameSubscription({
    sink: { ready: alive, send: (f) => alive() && contents.send(eventChannel('frame'), f) },
    current: () => host.view(),
    origin: 'window',
  });
  const offs = [host.on('frame', (f) => frames.push(f))];
  for (const name of API_EVENTS) {
    if (name === 'frame') continue;
    offs.push(host.on(name, (payload) => alive() && contents.send(eventChannel(name), payload)));
  }
  const stop = (): void => {
    frames.close();
    offs.forEach((off) => off());
  };
  contents.once('destroyed', stop);
  return stop;
}
