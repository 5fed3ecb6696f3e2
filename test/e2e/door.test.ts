/**
 * The door leaf's colours in a real browser (renderer/src/scene/Door.tsx): red for a moment after a slam, orange while
 * the hall sensor and the angle disagree, its own wood colour otherwise. Checked on the pixels of screenshots of the
 * leaf, seen from above with the heatmap off.
 */
import type { Browser, Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mosquitto } from '../helpers/mosquitto';
import { makeTempDir } from '../helpers/tempDir';
import { TestDevice } from './devices';
import { launchBrowser, openPage, screenshot, serve, type Served } from './launch';
import { decode, type Rgb } from './pixels';
import { at, countPixels, settle } from './scene';

const BEAT_MS = 500;
/** The leaf's own colour (#c9a36b, lit), the slam's red (#ff2b2b) and the conflict's orange (#ff7a1a). */
const isWood = (c: Rgb): boolean => c[0] > 120 && c[1] > 90 && c[0] - c[2] > 50 && c[1] - c[2] > 25 && c[0] - c[1] < 70;
const isRed = (c: Rgb): boolean => c[0] > 170 && c[1] < 100 && c[2] < 100 && c[0] - c[1] > 110;
const isOrange = (c: Rgb): boolean => c[0] > 190 && c[1] > 80 && c[1] < 165 && c[2] < 90 && c[0] - c[1] >= 70;

describe('the door leaf shows slams and conflicts', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let devices: TestDevice[];
  let door: TestDevice;
  /** Around the hinge, wide enough for the leaf at any angle. */
  let leafArea: { centre: [number, number]; r: number };

  /** The leaf's surroundings only: quicker to take than the whole page, so a short pulse is not missed. */
  const leafShot = async (): Promise<PNG> => {
    const [cx, cy] = leafArea.centre;
    const r = leafArea.r;
    return decode(await page.screenshot({ clip: { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r } }));
  };
  const count = (img: PNG, test: (c: Rgb) => boolean): number =>
    countPixels(img, [img.width / 2, img.height / 2], img.width / 2, test);
  /** Leaf screenshots as fast as the page gives them until one satisfies `seen`, for at most `ms`; then the page. */
  const watch = async (name: string, seen: (img: PNG) => boolean, ms: number): Promise<PNG> => {
    const deadline = Date.now() + ms;
    for (let i = 0; ; i++) {
      const img = await leafShot();
      if (seen(img)) {
        await screenshot(page, name);
        return img;
      }
      if (Date.now() > deadline) {
        await screenshot(page, `${name}-not-seen`);
        throw new Error(`${name}: not seen in ${ms} ms (${i + 1} screenshots)`);
      }
    }
  };

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
    served = await serve(['--mqtt', broker.url, '--db', `${dir.path}/e2e.db`]);
    devices = await Promise.all(['room-a', 'room-b', 'door'].map((d) => TestDevice.connect(broker.url, d)));
    door = devices[2]!;
    for (const d of devices) await d.hello(BEAT_MS);
    await devices[0]!.send({ co2: 600, temp: 21 });
    await devices[1]!.send({ co2: 600, temp: 21 });
    await door.send({ door: 'closed', angle: 0 });
    for (const d of devices) d.beat(BEAT_MS);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, served.url));
    await page.getByTestId('badge-room-b').getByText('600 ppm').waitFor();
    await page.keyboard.press('1'); // top view
    await page.keyboard.press('h'); // heatmap off: only the leaf is wood, red or orange
    await settle(page);
    // The closed leaf runs from the hinge (4, 2) to (4, 2.9), its top 2.04 m up.
    const hinge = await at(page, 4, 2, 2.04);
    const tip = await at(page, 4, 2.9, 2.04);
    leafArea = { centre: hinge, r: Math.hypot(tip[0] - hinge[0], tip[1] - hinge[1]) * 1.15 };
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all((devices ?? []).map((d) => d.close()));
    await served?.stop();
    await broker?.stop('SIGKILL');
    dir?.remove();
  });

  it('draws the closed leaf in wood, neither red nor orange', async () => {
    await screenshot(page, 'door-01-closed');
    const img = await leafShot();
    expect(count(img, isWood)).toBeGreaterThan(40);
    expect(count(img, isRed)).toBe(0);
    expect(count(img, isOrange)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('pulses the leaf red on a slam, then returns to wood', async () => {
    const t = Date.now();
    const steps: [number, object][] = [
      [0, { door: 'open', gyro: [0, 0, 0] }],
      [100, { door: 'open', gyro: [0, 0, -300] }],
      [200, { door: 'open', gyro: [0, 0, -300] }],
      [300, { door: 'closed', gyro: [0, 0, 0], accel: [0, 2.5, 1] }],
    ];
    for (const [dt, data] of steps) await door.send(data, t + dt);
    const red = await watch('door-02-slam-pulse', (img) => count(img, isRed) > 40, 10_000);
    expect(count(red, isWood)).toBeLessThan(count(red, isRed) / 4);
    await page.getByTestId('tab-alerts').click();
    await page.locator('[data-testid="alert"][data-rule="door-slammed"]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(2500); // the pulse is over
    await screenshot(page, 'door-03-after-slam');
    const after = await leafShot();
    expect(count(after, isRed)).toBe(0);
    expect(count(after, isWood)).toBeGreaterThan(40);
    expect(errors).toEqual([]);
  });

  it('turns the leaf orange while the hall sensor says closed and the angle says open, and back', async () => {
    await door.send({ door: 'closed', angle: 40 });
    const orange = await watch('door-04-conflict', (img) => count(img, isOrange) > 40, 15_000);
    expect(count(orange, isWood)).toBeLessThan(count(orange, isOrange) / 4);
    expect(count(orange, isRed)).toBe(0);
    await door.send({ door: 'closed', angle: 0 });
    const back = await watch(
      'door-05-agree-again',
      (img) => count(img, isOrange) === 0 && count(img, isWood) > 40,
      15_000,
    );
    expect(count(back, isRed)).toBe(0);
    expect(errors).toEqual([]);
  });
});
