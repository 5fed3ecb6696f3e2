/**
 * The API contract over both carriers, from one TwinscopeService: the desktop app's IPC handlers (with an in-memory
 * stand-in for Electron's ipcMain, which cannot run here; arguments are structured-cloned as IPC does) and the
 * browser mode's WebSocket (a real server and client). Malformed calls get error replies with a code, never a crash.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallReply } from '../../electron/common/api';
import type { ServerMessage } from '../../electron/common/wire';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { TwinscopeServer } from '../../electron/core/server/TwinscopeServer';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { serveIpc, type InvokeEventLike, type IpcMainLike } from '../../electron/core/app/ipcCarrier';
import { makeTempDir } from '../helpers/tempDir';

type Call = (name: string, arg?: unknown) => Promise<CallReply>;

/** Electron's ipcMain as far as the handlers see it: a channel table; invoke clones the argument like IPC. */
function ipcStandIn(trustedFrame: object): { ipc: IpcMainLike; call: Call; callFrom: (f: object) => Call } {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (c, h) => void handlers.set(c, h),
    removeHandler: (c) => void handlers.delete(c),
  };
  const callFrom =
    (frame: object): Call =>
    async (name, arg) => {
      const h = handlers.get(`twinscope:call:${name}`);
      if (!h) throw new Error(`no channel for ${name}`); // ipcRenderer.invoke rejects for an unknown channel
      return structuredClone(await h({ senderFrame: frame }, structuredClone(arg))) as CallReply;
    };
  return { ipc, call: callFrom(trustedFrame), callFrom };
}

function wsClient(url: string): Promise<{ ws: WebSocket; call: Call; raw: (text: string) => Promise<CallReply> }> {
  const ws = new WebSocket(url);
  let id = 0;
  const pending = new Map<number, (r: CallReply) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    if (m.type === 'reply') pending.get(m.id)?.(m.reply);
  });
  const raw = (text: string): Promise<CallReply> =>
    new Promise((resolve) => {
      pending.set(-1, resolve);
      ws.send(text);
    });
  const call: Call = (name, arg) =>
    new Promise((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ type: 'call', id: n, name, arg: arg ?? null }));
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, call, raw }));
    ws.once('error', reject);
  });
}

describe('the API contract on both carriers', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let service: TwinscopeService;
  let server: TwinscopeServer;
  let ws: Awaited<ReturnType<typeof wsClient>>;
  const trusted = {};
  const stand = ipcStandIn(trusted);

  beforeAll(async () => {
    dir = makeTempDir();
    mkdirSync(join(dir.path, 'ui'));
    writeFileSync(join(dir.path, 'ui', 'index.html'), '<!doctype html>');
    service = new TwinscopeService(join(dir.path, 'api.db'), defaultSite());
    serveIpc(stand.ipc, service, (e: InvokeEventLike) => e.senderFrame === trusted);
    server = new TwinscopeServer({ service, root: join(dir.path, 'ui'), port: 0 });
    const url = new URL(await server.listen());
    ws = await wsClient(`ws://${url.host}/api?token=${server.token}`);
  });
  afterAll(async () => {
    ws.ws.close();
    await server.close();
    await service.close();
    dir.remove();
  });

  const carriers: [string, () => Call][] = [
    ['IPC', () => stand.call],
    ['WebSocket', () => ws.call],
  ];

  for (const [carrier, get] of carriers) {
    describe(carrier, () => {
      it('answers well-formed calls', async () => {
        const call = get();
        const site = await call('site.get');
        expect(site).toMatchObject({ ok: true, value: { id: 'door-two-rooms' } });
        expect(await call('sources.list', undefined)).toEqual({ ok: true, value: [] });
        expect(await call('twin.view')).toMatchObject({ ok: true, value: { alerts: [] } });
        const series = await call('history.series', { dev: 'room-a', channel: 'co2', from: 0, to: 1000, buckets: 10 });
        expect(series).toMatchObject({ ok: true, value: { ok: true, value: { t: [], bucketMs: 100 } } });
        expect(await call('alerts.acknowledge', { alertId: 'none' })).toMatchObject({ ok: true, value: { ok: false } });
        expect(await call('devices.identify', { dev: 'room-a' })).toMatchObject({ ok: true, value: { ok: false } });
        expect(await call('rejects.latest', { limit: 5 })).toEqual({ ok: true, value: [] });
      });

      it('refuses malformed calls with a code and keeps serving', async () => {
        const call = get();
        const bogus = await call('sources.connect', { kind: 'bogus' });
        expect(bogus).toMatchObject({ ok: false, code: 'invalid-argument' });
        expect((bogus as { error: string }).error).toContain('kind must be one of serial, mqtt, demo');
        expect(await call('alerts.acknowledge', null)).toMatchObject({ ok: false, code: 'invalid-argument' });
        expect(await call('sources.connect', { kind: 'mqtt', url: 'http://x' })).toMatchObject({
          ok: false,
          code: 'invalid-argument',
        });
        expect(await call('sources.connect', { kind: 'serial', path: '/dev/x', extra: 1 })).toMatchObject({
          ok: false,
          error: expect.stringContaining('extra is not a known field'),
        });
        expect(await call('history.series', { dev: 'a', channel: 'co2', from: 0, to: 1, buckets: 0 })).toMatchObject({
          ok: false,
          code: 'invalid-argument',
        });
        expect(await call('twin.whatIf', 'room a')).toMatchObject({ ok: false, code: 'invalid-argument' });
        expect(await call('site.get', { please: true })).toMatchObject({ ok: false, code: 'invalid-argument' });
        expect(await call('site.get')).toMatchObject({ ok: true });
      });
    });
  }

  it('IPC: refuses a sender that is not the app page, and has no channel for an unknown call', async () => {
    const foreign = stand.callFrom({});
    expect(await foreign('site.get')).toEqual({
      ok: false,
      code: 'unauthorized',
      error: 'the sender is not the Twinscope page',
    });
    await expect(stand.call('fs.readFile', '/etc/passwd')).rejects.toThrow('no channel');
  });

  it('WebSocket: an unknown call, a non-JSON message and a message of the wrong shape get error replies', async () => {
    expect(await ws.call('fs.readFile', '/etc/passwd')).toMatchObject({ ok: false, code: 'unknown-call' });
    expect(await ws.raw('{not json')).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(await ws.raw('{"type":"call","id":"x"}')).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(await ws.raw('null')).toMatchObject({ ok: false, code: 'invalid-argument' });
    expect(ws.ws.readyState).toBe(WebSocket.OPEN);
    expect(await ws.call('site.get')).toMatchObject({ ok: true });
  });

  it('WebSocket: a subscriber gets the current picture first', async () => {
    const before = service.listenerCount('frame');
    const other = new WebSocket(ws.ws.url);
    const first = await new Promise<ServerMessage>((resolve) =>
      other.once('message', (d) => resolve(JSON.parse(String(d)))),
    );
    expect(first).toMatchObject({ type: 'event', name: 'frame', payload: { seq: 1, events: [] } });
    expect(service.listenerCount('frame')).toBe(before + 1);
    other.close();
    // A closed socket is unsubscribed, never written to.
    const deadline = Date.now() + 2000;
    while (service.listenerCount('frame') !== before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(service.listenerCount('frame')).toBe(before);
  });
});
