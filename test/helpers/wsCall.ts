/** A WebSocket client of the API (browser mode's carrier) for tests: calls by name, replies as the core sent them. */
import WebSocket from 'ws';
import type { ApiCallName, ApiCalls, CallReply } from '../../electron/common/api';
import type { ServerMessage } from '../../electron/common/wire';

export interface WsCaller {
  ws: WebSocket;
  /** The raw reply: `{ ok: false, code }` when the carrier or the schema refused the call. */
  reply: (name: string, arg?: unknown) => Promise<CallReply>;
  /** The handler's answer, or a thrown error when the call itself was refused. */
  call: <N extends ApiCallName>(name: N, arg: ApiCalls[N][0]) => Promise<ApiCalls[N][1]>;
}

export function connectApi(url: string): Promise<WsCaller> {
  const ws = new WebSocket(url);
  let id = 0;
  const pending = new Map<number, (r: CallReply) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    if (m.type === 'reply') pending.get(m.id)?.(m.reply);
  });
  const reply = (name: string, arg?: unknown): Promise<CallReply> =>
    new Promise((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ type: 'call', id: n, name, arg: arg ?? null }));
    });
  const call = async <N extends ApiCallName>(name: N, arg: ApiCalls[N][0]): Promise<ApiCalls[N][1]> => {
    const r = await reply(name, arg);
    if (!r.ok) throw new Error(`${name}: ${r.error}`);
    return r.value as ApiCalls[N][1];
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, reply, call }));
    ws.once('error', reject);
  });
}

/** Polls an asynchronous check (an API call) until it gives a value. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
