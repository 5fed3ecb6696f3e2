/**
 * Loopback is not trust: a real browser without the token gets nothing, and a page from another origin on the same
 * machine cannot open the API's WebSocket even when the browser holds the Twinscope cookie (cookies ignore ports,
 * so the Origin check is what stops it).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tempDir';
import { launchBrowser, openPage, serve, type Served } from './launch';

describe('browser mode access', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let served: Served;
  let browser: Browser;
  let foreign: Server;
  let foreignUrl: string;

  beforeAll(async () => {
    dir = makeTempDir();
    served = await serve(['--db', `${dir.path}/access.db`]);
    const wsUrl = `${served.origin.replace('http', 'ws')}/api`;
    // Another site on this machine that tries to reach the API (inline script: it is not ours).
    foreign = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><script>
        window.result = new Promise((resolve) => {
          const ws = new WebSocket(${JSON.stringify(wsUrl)});
          ws.onopen = () => resolve('open');
          ws.onclose = (e) => resolve('closed ' + e.code);
        });
      </script>`);
    });
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => foreign?.close(r));
    await served?.stop();
    dir?.remove();
  });

  it('answers 401 to a browser without the token', async () => {
    const page = await (await browser.newContext()).newPage();
    const r = await page.goto(`${served.origin}/`);
    expect(r?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('access token');
    const wrong = await page.goto(`${served.origin}/?token=not-the-token`);
    expect(wrong?.status()).toBe(401);
  });

  it('refuses the WebSocket to a page from another origin, even with the cookie in the browser', async () => {
    const { page, errors } = await openPage(browser, served.url); // the user's own tab: has the cookie
    expect(errors).toEqual([]);
    const attacker = await page.context().newPage();
    await attacker.goto(foreignUrl);
    const result = await attacker.evaluate(() => (globalThis as unknown as { result: Promise<string> }).result);
    expect(result).toMatch(/^closed/);
    // The user's page still works.
    await page.getByTestId('link').and(page.locator('[data-link="open"]')).waitFor();
  });
});
