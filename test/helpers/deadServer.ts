/** Servers that fail the way real ones do: one that accepts connections and never answers, and a closed port. */
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../electron/core/net/loopback';

export interface DeadServer {
  port: number;
  /** Connections accepted so far. */
  accepted: () => number;
  close: () => Promise<void>;
}

/** A TCP port on 127.0.0.1 that accepts and then says nothing, ever (a hung webhook, broker or mail server). */
export async function startSilentServer(): Promise<DeadServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (connections are refused). */
export async function closedPort(): Promise<number> {
  return freePort();
}
