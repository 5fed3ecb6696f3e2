/**
 * The API contract over Electron IPC: one `handle` per call channel, every message's sender checked against the
 * app's own page, every argument validated by the core's dispatch (the same table as the WebSocket). Each window
 * gets its own frame subscription, dropped when the window goes. Written against the shape of Electron's ipcMain and
 * webContents, not the module (the core never imports electron), so it runs under the test runner too.
 */
import { API_CALLS, API_EVENTS, type ApiEvents, type CallReply } from '../../common/api';
import { callChannel, eventChannel } from '../../common/ipcChannels';
import type { TwinView } from '../../common/views';
import type { Dispatch } from './dispatch';
import { FrameSubscription } from './FrameSubscription';

/** What a handler sees of Electron's IpcMainInvokeEvent. */
export interface InvokeEventLike {
  senderFrame: unknown;
}

/** What the carriers need of the core (TwinscopeService). */
export interface ApiHost {
  dispatch: Dispatch;
  view(): TwinView;
  on<E extends keyof ApiEvents>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

export interface IpcMainLike<E extends InvokeEventLike = InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Registers a handler per call; returns a function that removes them. */
export function serveIpc<E extends InvokeEventLike>(
  ipc: IpcMainLike<E>,
  host: ApiHost,
  trusted: (event: E) => boolean,
): () => void {
  for (const name of API_CALLS) {
    ipc.handle(callChannel(name), async (event: E, arg): Promise<CallReply> => {
      if (!trusted(event)) return { ok: false, code: 'unauthorized', error: 'the sender is not the Twinscope page' };
      return host.dispatch(name, arg);
    });
  }
  return () => API_CALLS.forEach((name) => ipc.removeHandler(callChannel(name)));
}

/** What the subscription needs of a window's webContents. */
export interface WindowContents {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

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
