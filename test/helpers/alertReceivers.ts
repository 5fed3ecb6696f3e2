/**
 * Real alert receivers on random 127.0.0.1 ports: an SMTP server (smtp-server) and an HTTP endpoint (node:http).
 * Each registers its own shutdown in `closers`, which the test's afterEach runs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export type Closers = (() => Promise<void>)[];

export interface Smtp {
  port: number;
  messages: string[];
  envelopes: string[][];
}

/** A real SMTP server on a random loopback port; `reply` may fail a delivery by returning an SMTP error code. */
export async function startSmtp(
  closers: Closers,
  extra: Partial<SMTPServerOptions> = {},
  reply?: (n: number) => number | null,
): Promise<Smtp> {
  const state: Smtp = { port: 0, messages: [], envelopes: [] };
  let n = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        n++;
        const code = reply?.(n) ?? null;
        if (code !== null) {
          const err = Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), {
            responseCode: code,
          });
          return callback(err);
        }
        state.messages.push(raw);
        state.envelopes.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
    ...extra,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return state;
}

export interface Receiver {
  url: string;
  bodies: unknown[];
  headers: IncomingMessage['headers'][];
}

/** A real HTTP receiver; `handle` decides each answer (by request number). */
export async function startReceiver(
  closers: Closers,
  handle: (n: number, res: ServerResponse) => void,
): Promise<Receiver> {
  const r: Receiver = { url: '', bodies: [], headers: [] };
  let n = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      n++;
      r.bodies.push(JSON.parse(body));
      r.headers.push(req.headers);
      handle(n, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/twinscope?token=abc`;
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return r;
}
