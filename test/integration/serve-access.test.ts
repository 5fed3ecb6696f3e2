/**
 * Browser mode refuses whoever lacks the token: HTTP without it or with a wrong one, a WebSocket without it, from
 * another page's Origin, or under a foreign Host name (DNS rebinding). The printed URL's token becomes a cookie.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { TwinscopeServer } from '../../electron/core/server/TwinscopeServer';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { makeTempDir } from '../helpers/tempDir';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The HTTP status a WebSocket handshake got (101 when it opened). */
function handshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve(-1));
  });
}

describe('twinscope serve access', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let service: TwinscopeService;
  let server: TwinscopeServer;
  let port: number;
  let token: string;
  let cookie: string;

  beforeAll(async () => {
    dir = makeTempDir();
    mkdirSync(join(dir.path, 'ui', 'assets'), { recursive: true });
    writeFileSync(join(dir.path, 'ui', 'index.html'), '<!doctype html><title>ui</title>');
    writeFileSync(join(dir.path, 'ui', 'assets', 'a.js'), 'export {};');
    writeFileSync(join(dir.path, 'secret.txt'), 'secret');
    service = new TwinscopeService(join(dir.path, 'h.db'), defaultSite());
    server = new TwinscopeServer({ service, root: join(dir.path, 'ui'), port: 0 });
    const url = new URL(await server.listen());
    port = Number(url.port);
    token = url.searchParams.get('token')!;
    expect(url.hostname).toBe('127.0.0.1');
    expect(token.length).toBeGreaterThanOrEqual(32);
  });
  afterAll(async () => {
    await server.close();
    await service.close();
    dir.remove();
  });

  it('trades the URL token for an HttpOnly SameSite cookie and a clean URL', async () => {
    const r = await get(port, `/?token=${token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0]!;
    const page = await get(port, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ui</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get(port, '/assets/a.js', { cookie })).status).toBe(200);
  });

  it('refuses HTTP without the token, with a wrong one, under a foreign Host, and outside the UI folder', async () => {
    expect((await get(port, '/')).status).toBe(401);
    expect((await get(port, '/assets/a.js')).status).toBe(401);
    expect((await get(port, '/?token=wrong')).status).toBe(401);
    expect((await get(port, '/', { cookie: 'twinscope_token=wrong' })).status).toBe(401);
    expect((await get(port, '/', { cookie, host: `evil.example:${port}` })).status).toBe(421);
    expect((await get(port, '/../secret.txt', { cookie })).status).toBe(404);
    expect((await get(port, '/%2e%2e/secret.txt', { cookie })).status).toBe(404);
  });

  it('offers the sessions the app exported for download, with the token, and nothing else of their folder', async () => {
    mkdirSync(join(dir.path, 'exports'), { recursive: true });
    writeFileSync(join(dir.path, 'exports', 'session-7.twinrec'), 'a recording');
    writeFileSync(join(dir.path, 'exports', 'session-7.twinrec.partial'), 'half');
    const r = await get(port, '/exports/session-7.twinrec', { cookie });
    expect(r.status).toBe(200);
    expect(r.body).toBe('a recording');
    expect(r.headers['content-disposition']).toBe('attachment; filename="session-7.twinrec"');
    expect((await get(port, '/exports/session-7.twinrec')).status).toBe(401);
    for (const path of [
      '/exports/session-7.twinrec.partial',
      '/exports/h.db',
      '/exports/../h.db',
      '/exports/%2e%2e%2fh.db',
    ])
      expect((await get(port, path, { cookie })).status, path).toBe(404);
  });

  it('refuses a WebSocket without the token or from another Origin, and opens one from its own page', async () => {
    const ws = `ws://127.0.0.1:${port}/api`;
    const own = `http://127.0.0.1:${port}`;
    expect(await handshake(ws)).toBe(401);
    expect(await handshake(ws, { origin: own })).toBe(401);
    expect(await handshake(`${ws}?token=wrong`)).toBe(401);
    expect(await handshake(ws, { origin: 'http://evil.example', cookie })).toBe(403);
    expect(await handshake(ws, { origin: `http://localhost:${port + 1}`, cookie })).toBe(403);
    expect(await handshake(`${ws}?token=${token}`, { origin: 'null' })).toBe(403);
    expect(await handshake(ws, { origin: own, cookie })).toBe(101);
    expect(await handshake(`${ws}?token=${token}`)).toBe(101);
  });
});
