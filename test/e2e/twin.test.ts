/**
 * The live twin in a real browser: `twinscope serve` recording a real mosquitto, virtual devices publishing protocol
 * v1, Debian's Chromium drawing the scene through SwiftShader. Pixels are checked in screenshots, not only the DOM.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mosquitto } from '../helpers/mosquitto';
import { makeTempDir } from '../helpers/tempDir';
import { TestDevice } from './devices';
import { launchBrowser, openPage, screenshot, serve, type Served } from './launch';
import { anyOnSegment, changedShare, colourCount, decode, distance, meanColour, type Rgb } from './pixels';

/** What the renderer exposes for tests (renderer/src/scene/CameraRig.tsx). */
interface SceneHandle {
  twinscopeScene: { project(x: number, y: number, z: number): [number, number] };
}

/** Where a site point is in the page, in CSS pixels (the canvas starts below the toolbar). */
async function at(page: Page, x: number, y: number, z: number): Promise<[number, number]> {
  const box = (await page.getByTestId('scene').boundingBox())!;
  const [px, py] = await page.evaluate(
    ([a, b, c]) => (globalThis as unknown as SceneHandle).twinscopeScene.project(a!, b!, c!),
    [x, y, z],
  );
  return [box.x + px, box.y + py];
}

/** The devices report twice a second. */
const BEAT_MS = 500;

/** Lets the camera fly and the door ease in (both well under a second). */
const settle = (page: Page): Promise<void> => page.waitForTimeout(1200);

describe('the live twin in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let roomA: TestDevice;
  let roomB: TestDevice;
  let door: TestDevice;
  /** The heatmap in top view with room A high and the door closed, for the coupling check. */
  let heatClosed: ReturnType<typeof decode>;

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
    served = await serve(['--mqtt', broker.url, '--db', `${dir.path}/e2e.db`]);
    roomA = await TestDevice.connect(broker.url, 'room-a');
    roomB = await TestDevice.connect(broker.url, 'room-b');
    door = await TestDevice.connect(broker.url, 'door');
    // Ten minutes of history for the charts, then the present.
    const now = Date.now();
    for (let i = 0; i < 60; i++) await roomA.send({ co2: 500 + i * 5, temp: 21 }, now - 600_000 + i * 10_000);
    await roomA.hello(BEAT_MS);
    await roomB.hello(BEAT_MS);
    await door.hello(BEAT_MS);
    await roomB.send({ co2: 450, temp: 21 });
    await door.send({ door: 'closed', angle: 0 });
    for (const d of [roomA, roomB, door]) d.beat(BEAT_MS);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, served.url));
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([roomA, roomB, door].map((d) => d?.close()));
    await served?.stop();
    await broker?.stop('SIGKILL');
    dir?.remove();
  });

  it('connects and draws the site (not a blank canvas)', async () => {
    await page.getByText('Room A').first().waitFor();
    await page.getByTestId('badge-room-b').getByText('450 ppm').waitFor();
    await settle(page);
    const img = decode(await screenshot(page, '01-connected'));
    const box = (await page.getByTestId('scene').boundingBox())!;
    expect(colourCount(img, { x0: box.x, y0: box.y, x1: box.x + box.width, y1: box.y + box.height })).toBeGreaterThan(
      20,
    );
    expect(served.url.startsWith('http://127.0.0.1:')).toBe(true);
    expect(page.url()).not.toContain('token=');
    expect(errors).toEqual([]);
  });

  it('colours room A hotter when its CO2 rises while room B stays', async () => {
    await page.keyboard.press('1'); // top view
    await settle(page);
    const a = await at(page, 2.5, 1.2, 0.01);
    const b = await at(page, 5.5, 1.2, 0.01);
    await roomA.send({ co2: 450 });
    await page.getByTestId('badge-room-a').getByText('450 ppm').waitFor();
    await settle(page);
    const before = decode(await screenshot(page, '02-heatmap-before'));
    await roomA.send({ co2: 1450 });
    await page.getByTestId('badge-room-a').getByText('1450 ppm').waitFor();
    await settle(page);
    const after = decode(await screenshot(page, '03-heatmap-room-a-high'));
    heatClosed = after;
    const aBefore = meanColour(before, ...a);
    const aAfter = meanColour(after, ...a);
    expect(distance(aBefore, aAfter)).toBeGreaterThan(80);
    // Viridis goes from dark purple to yellow: green and red rise with the value.
    expect(aAfter[1]).toBeGreaterThan(aBefore[1] + 60);
    expect(distance(meanColour(before, ...b), meanColour(after, ...b))).toBeLessThan(12);
    expect(errors).toEqual([]);
  });

  it('turns the door leaf when the door opens', async () => {
    await page.keyboard.press('h'); // heatmap off: only the leaf changes colour
    await settle(page);
    const closed = decode(await screenshot(page, '04-door-closed'));
    await door.send({ door: 'open', angle: 80 });
    await page.getByTestId('badge-door').getByText('80°').waitFor();
    await settle(page);
    const open = decode(await screenshot(page, '05-door-open'));
    // Seen from above, the leaf is a thin wooden bar. Closed it lies along x = 4 from y = 2 to 2.9; open by 80° it
    // points west. Scan across where each would be, on the leaf's top edge.
    const z = 2.04;
    const rad = (80 * Math.PI) / 180;
    const across = async (
      x: number,
      y: number,
      dx: number,
      dy: number,
    ): Promise<[[number, number], [number, number]]> => [
      await at(page, x - dx, y - dy, z),
      await at(page, x + dx, y + dy, z),
    ];
    const closedScan = await across(4, 2.5, 0.25, 0);
    const openScan = await across(4 - 0.5 * Math.sin(rad), 2 + 0.5 * Math.cos(rad), 0, 0.25);
    const wood = (c: Rgb): boolean => c[0] > 120 && c[0] > c[2] + 40;
    expect(anyOnSegment(closed, ...closedScan, wood)).toBe(true);
    expect(anyOnSegment(closed, ...openScan, wood)).toBe(false);
    expect(anyOnSegment(open, ...closedScan, wood)).toBe(false);
    expect(anyOnSegment(open, ...openScan, wood)).toBe(true);
    const [hx, hy] = await at(page, 4, 2, z);
    const r = Math.abs(closedScan[0][1] - hy) * 2.5;
    expect(changedShare(closed, open, { x0: hx - r, y0: hy - r, x1: hx + r, y1: hy + r })).toBeGreaterThan(0.01);
    // With the door open, room A's air reaches room B through the doorway: B's floor by the door warms up.
    await page.keyboard.press('h');
    await settle(page);
    const heatOpen = decode(await screenshot(page, '05b-heatmap-door-open'));
    const byDoorB = await at(page, 4.4, 2.4, 0.01);
    expect(distance(meanColour(heatClosed, ...byDoorB), meanColour(heatOpen, ...byDoorB))).toBeGreaterThan(40);
    expect(errors).toEqual([]);
  });

  it('shows a slam as an alert that can be acknowledged', async () => {
    const t = Date.now();
    const steps: [number, object][] = [
      [0, { door: 'open', gyro: [0, 0, 0] }],
      [100, { door: 'open', gyro: [0, 0, -300] }],
      [200, { door: 'open', gyro: [0, 0, -300] }],
      [300, { door: 'closed', gyro: [0, 0, 0], accel: [0, 2.5, 1] }],
    ];
    for (const [dt, data] of steps) await door.send(data, t + dt);
    await page.getByTestId('tab-alerts').click();
    const alert = page.locator('[data-testid="alert"][data-rule="door-slammed"]');
    await alert.waitFor({ timeout: 15_000 });
    await screenshot(page, '06-slam-alert');
    await alert.getByRole('button', { name: /acknowledge/i }).click();
    await alert.getByTestId('acked').waitFor();
    await screenshot(page, '07-slam-acknowledged');
    expect(errors).toEqual([]);
  });

  it('draws history and the live tail in the charts', async () => {
    await page.getByTestId('badge-room-a').click();
    const points = page.getByTestId('chart-points');
    await expect
      .poll(async () => parseInt((await points.textContent()) ?? '0'), { timeout: 15_000 })
      .toBeGreaterThan(30);
    const before = parseInt((await points.textContent()) ?? '0');
    await roomA.send({ co2: 1300 });
    await expect
      .poll(async () => parseInt((await points.textContent()) ?? '0'), { timeout: 15_000 })
      .toBeGreaterThan(before);
    const img = decode(await screenshot(page, '08-charts'));
    const chart = (await page.getByTestId('chart').boundingBox())!;
    expect(
      colourCount(img, { x0: chart.x, y0: chart.y, x1: chart.x + chart.width, y1: chart.y + chart.height - 30 }),
    ).toBeGreaterThan(4);
    expect(errors).toEqual([]);
  });

  it('draws a silent device as stale', async () => {
    await roomB.send({ co2: 460 });
    roomB.pause();
    await page.getByTestId('badge-room-b').and(page.locator('[data-state="stale"]')).waitFor({ timeout: 15_000 });
    await page.getByTestId('tab-devices').click();
    await page.locator('[data-testid="device-room-b"][data-state="stale"]').waitFor();
    await settle(page);
    const img = decode(await screenshot(page, '09-stale-room-b'));
    // The stale marker is dimmed against the live one of room A.
    const live = meanColour(img, ...(await at(page, 1, 4.5, 1.2)), 2);
    const stale = meanColour(img, ...(await at(page, 7, 4.5, 1.2)), 2);
    expect(live[2] - stale[2]).toBeGreaterThan(40);
    expect(errors).toEqual([]);
  });
});
