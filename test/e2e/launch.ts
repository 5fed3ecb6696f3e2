/**
 * The one launch helper for browser tests: `twinscope serve` on a free port with a fresh data folder, the URL it
 * prints, and Debian's Chromium (headless, WebGL 2 through SwiftShader) with a 1280×800 page that fails the test on
 * any page error or console error. Screenshots go to test-results/e2e/ (gitignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTwinscope } from '../helpers/cli';
import { waitFor, type Child } from '../helpers/processes';

export const ARTIFACTS = join(process.cwd(), 'test-results', 'e2e');
export const CHROMIUM = process.env.TWINSCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export interface Served {
  child: Child;
  /** The printed URL, token included. */
  url: string;
  origin: string;
  token: string;
  stop: () => Promise<void>;
}

export async function serve(args: string[]): Promise<Served> {
  const child = startTwinscope(['serve', '--port', '0', ...args]);
  const url = await waitFor(
    'the URL twinscope serve prints',
    () => {
      if (child.proc.exitCode !== null) throw new Error(`twinscope serve exited: ${child.output()}`);
      return /Twinscope is at (\S+)/.exec(child.output())?.[1];
    },
    20_000,
  );
  const u = new URL(url);
  return {
    child,
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    stop: async () => {
      await child.kill('SIGTERM');
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface OpenPage {
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
}

/** A fresh 1280×800 page at `url`, ready once its API link is open; `initScript` runs before the page's own. */
export async function openPage(browser: Browser, url: string, initScript?: string): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  await page.goto(url);
  await page.getByTestId('link').and(page.locator('[data-link="open"]')).waitFor({ timeout: 15_000 });
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}
