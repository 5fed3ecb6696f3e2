/**
 * Replay in a real browser: a recorded 10-minute door-slams story in the database `twinscope serve` opens, the
 * timeline opened on it, seeks to before and after the last slam (the door's slam count and the alert list follow),
 * a faster speed, the alert shortcuts, and back to live. Pixels are checked in screenshots, not only the DOM.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';
import { launchBrowser, openPage, screenshot, serve, type Served } from './launch';
import { colourCount, decode, distance, meanColour } from './pixels';

const num = async (page: Page, testId: string, attr: string): Promise<number> =>
  Number(await page.getByTestId(testId).getAttribute(attr));

/** Clicks the timeline bar where event time `t` is. */
async function clickAt(page: Page, t: number): Promise<void> {
  const bar = page.getByTestId('timeline-bar');
  const box = (await bar.boundingBox())!;
  const from = Number(await bar.getAttribute('aria-valuemin'));
  const to = Number(await bar.getAttribute('aria-valuemax'));
  await page.mouse.click(box.x + ((t - from) / (to - from)) * box.width, box.y + box.height / 2);
}

const slams = (page: Page): Promise<number> => num(page, 'slams-door', 'data-total');

/** Where a site point is in the page, in CSS pixels (renderer/src/scene/CameraRig.tsx exposes the projection). */
async function at(page: Page, x: number, y: number, z: number): Promise<[number, number]> {
  const box = (await page.getByTestId('scene').boundingBox())!;
  const [px, py] = await page.evaluate(
    ([a, b, c]) =>
      (
        globalThis as unknown as { twinscopeScene: { project(x: number, y: number, z: number): [number, number] } }
      ).twinscopeScene.project(a!, b!, c!),
    [x, y, z],
  );
  return [box.x + px, box.y + py];
}

async function sceneNotBlank(page: Page, name: string): Promise<ReturnType<typeof decode>> {
  const img = decode(await screenshot(page, name));
  const box = (await page.getByTestId('scene').boundingBox())!;
  expect(colourCount(img, { x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height })).toBeGreaterThan(20);
  return img;
}

describe('replay in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let total = 0;
  let slamT = 0;
  /** The scene in the replay, after the slam: the heatmap shows the recorded rooms' CO2. */
  let replayed: ReturnType<typeof decode>;

  beforeAll(async () => {
    dir = makeTempDir();
    const db = `${dir.path}/e2e.db`;
    await recordScenario(db); // before serve opens the database: session 1
    served = await serve(['--db', db]);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, served.url));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    dir?.remove();
  });

  it('opens the recorded session with its alerts on the timeline', async () => {
    await screenshot(page, 'replay-00-live');
    const pick = page.getByTestId('replay-session');
    await pick.locator('option[value="1"]').waitFor({ state: 'attached' });
    await pick.selectOption('1');
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.getByTestId('replay-session-open').getByText('Replay #1').waitFor();
    // One marker per slam alert raised or repeated, among others.
    await expect.poll(() => page.getByTestId('timeline-marker').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="timeline-marker"][data-severity]').count()).toBeGreaterThan(0);
    await page.getByTestId('scene').waitFor();
    await page.waitForTimeout(1200);
    await sceneNotBlank(page, 'replay-01-opened');
    expect(errors).toEqual([]);
  });

  it('seeks to before and after the last slam; the slam count and the alert list follow', async () => {
    await page.getByTestId('timeline-bar').focus();
    await page.keyboard.press('End');
    await expect.poll(() => slams(page)).toBeGreaterThan(3);
    total = await slams(page);
    // The slam before the last one: well inside the session, with slams before it too.
    for (let i = 0; i < 10 && (await slams(page)) === total; i++) {
      const t = await num(page, 'replay-at', 'data-t');
      await page.keyboard.press('Shift+ArrowLeft');
      await expect.poll(() => num(page, 'replay-at', 'data-t')).toBeLessThan(t);
      await page.waitForTimeout(100);
    }
    expect(await slams(page)).toBeLessThan(total);
    slamT = await num(page, 'slams-door', 'data-last');
    const n = await slams(page);
    expect(slamT).toBeGreaterThan(0);

    await clickAt(page, slamT - 8000);
    await expect.poll(() => slams(page)).toBe(n - 1);
    const at = await num(page, 'replay-at', 'data-t');
    expect(Math.abs(at - (slamT - 8000))).toBeLessThan(5000);
    await page.getByTestId('tab-alerts').click();
    const slamAlert = page.locator('[data-testid="alert"][data-rule="door-slammed"]');
    // The alert list is the one of that moment: the slam alert counts the slams so far.
    await slamAlert.getByText(`(${n - 1} today)`, { exact: false }).waitFor();
    // A replayed alert is history: nothing to acknowledge, and it says so.
    expect(await slamAlert.getByRole('button', { name: /^acknowledge/ }).count()).toBe(0);
    await slamAlert.getByTestId('replayed').waitFor();
    await page.waitForTimeout(1200);
    await sceneNotBlank(page, 'replay-02-before-slam');

    await clickAt(page, slamT + 4000);
    await expect.poll(() => slams(page)).toBe(n);
    await slamAlert.getByText(`(${n} today)`, { exact: false }).waitFor();
    await page.waitForTimeout(1200);
    replayed = await sceneNotBlank(page, 'replay-03-after-slam');
    expect(errors).toEqual([]);
  });

  it('jumps between alerts with [ and ], and steps with the arrows', async () => {
    await page.getByTestId('timeline-bar').focus();
    const start = await num(page, 'replay-at', 'data-t');
    await page.keyboard.press('[');
    await expect.poll(() => num(page, 'replay-at', 'data-t')).toBeLessThan(start);
    const a1 = await num(page, 'replay-at', 'data-t');
    await page.keyboard.press('[');
    await expect.poll(() => num(page, 'replay-at', 'data-t')).toBeLessThan(a1);
    const a0 = await num(page, 'replay-at', 'data-t');
    await page.keyboard.press(']');
    await expect.poll(() => num(page, 'replay-at', 'data-t')).toBeGreaterThan(a0);
    expect(await num(page, 'replay-at', 'data-t')).toBeLessThanOrEqual(a1);
    const next = await num(page, 'replay-at', 'data-t');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => num(page, 'replay-at', 'data-t')).toBe(next + 10_000);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => num(page, 'replay-at', 'data-t')).toBe(next);
    expect(errors).toEqual([]);
  });

  it('plays, pauses with space, and runs the session to its end at 1000×', async () => {
    const bar = page.getByTestId('timeline-bar');
    const playButton = page.getByTestId('replay-play');
    const cursor = (): Promise<number> => num(page, 'replay-at', 'data-t');
    await bar.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => slams(page)).toBe(0);
    const from = Number(await bar.getAttribute('aria-valuemin'));
    await page.getByTestId('replay-speed').selectOption('60');
    await bar.focus();
    await page.keyboard.press(' ');
    await playButton.getByText('Pause').waitFor();
    await expect.poll(cursor).toBeGreaterThan(from + 5000);
    await page.keyboard.press(' ');
    await playButton.getByText('Play').waitFor();
    const paused = await cursor();
    await page.waitForTimeout(600);
    expect(await cursor()).toBe(paused);
    expect(paused).toBeLessThan(from + 300_000);

    await page.getByTestId('replay-speed').selectOption('1000');
    await playButton.click();
    // 1000× runs the ten minutes in under a second of real time; the end shows, and the button offers Play again.
    await expect.poll(() => slams(page), { timeout: 10_000 }).toBe(total);
    await page
      .locator('[data-testid="alert"][data-rule="door-slammed"]')
      .getByText(`(${total} today)`, { exact: false })
      .waitFor();
    await page.getByTestId('replay-at').getByText('end', { exact: false }).waitFor();
    await playButton.getByText('Play').waitFor();
    expect(await cursor()).toBe(Number(await bar.getAttribute('aria-valuemax')));
    // Nothing after the end: a clear message, not silence.
    await bar.focus();
    await page.keyboard.press(']');
    await page.getByTestId('timeline').getByRole('alert').getByText('No next alert', { exact: false }).waitFor();
    await screenshot(page, 'replay-04-played-1000x');
    expect(errors).toEqual([]);
  });

  it('goes back to live', async () => {
    await page.getByTestId('replay-live').click();
    await page.locator('[data-testid="timeline"][data-mode="live"]').waitFor();
    await expect.poll(() => slams(page)).toBe(0); // the live session has no door data
    await page.waitForTimeout(1200);
    const live = await sceneNotBlank(page, 'replay-05-back-to-live');
    // Live has no readings: room A's floor loses the heatmap colour it had in the replay.
    const floorA = await at(page, 2.5, 1.2, 0.01);
    expect(distance(meanColour(replayed, ...floorA), meanColour(live, ...floorA))).toBeGreaterThan(20);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'keyboard shortcuts' });
    await help.getByText('replay: previous or next alert').waitFor();
    await screenshot(page, 'replay-06-help');
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
});
