/**
 * One WebSocket client of the browser-mode server: its calls go through the service's dispatch (validated there),
 * its events and frames come through its own bounded queue. A closed socket is unsubscribed, never written to.
 */
import type { WebSocket } from 'ws';
import { API_EVENTS } from '../../common/api';
import type { ServerMessage } from '../../common/wire';
import type { TwinscopeService } from '../app/TwinscopeService';
import { FrameSubscription } from '../app/FrameSubscription';

/** Over this many bytes waiting in a socket, frames are merged instead of sent. */
const MAX_BUFFERED = 1 << 20;
/** Largest message a client may send. */
export const MAX_CLIENT_MESSAGE = 64 * 1024;

export function serveSocket(ws: WebSocket, service: TwinscopeService, origin: string): void {
  const send = (m: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  };
  const frames = new FrameSubscription({
    sink: {
      ready: () => ws.bufferedAmount < MAX_BUFFERED,
      send: (payload) => send({ type: 'event', name: 'frame', payload }),
    },
    current: () => service.view(),
    origin,
    onProblem: (payload) => send({ type: 'event', name: 'problem', payload }),
  });
  const offs = [service.on('frame', (f) => frames.push(f))];
  for (const name of API_EVENTS) {
    if (name === 'frame') continue;
    offs.push(service.on(name, (payload) => send({ type: 'event', name, payload } as ServerMessage)));
  }

  ws.on('message', (data, isBinary) => {
    let id = -1;
    try {
      if (isBinary) throw new Error('binary messages are not part of the API');
      const msg = JSON.parse(String(data)) as { type?: unknown; id?: unknown; name?: unknown; arg?: unknown };
      if (typeof msg !== 'object' || msg === null || msg.type !== 'call' || typeof msg.id !== 'number') {
        throw new Error('a message must be {type:"call", id, name, arg}');
      }
      id = msg.id;
      void service.dispatch(msg.name, msg.arg).then((reply) => send({ type: 'reply', id, reply }));
    } catch (err) {
      send({
        type: 'reply',
        id,
        reply: { ok: false, code: 'invalid-argument', error: err instanceof Error ? err.message : String(err) },
      });
    }
  });
  ws.on('close', () => {
    frames.close();
    for (const off of offs) off();
  });
  ws.on('error', () => ws.terminate());
}
