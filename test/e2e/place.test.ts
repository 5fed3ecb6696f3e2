/**
 * Placing a device from the devices panel, in a real browser: a zigbee2mqtt sensor publishing to a real mosquitto is
 * listed as not placed; placed in room B from the panel (keyboard and form), its marker appears in the scene where
 * it was put, its value badge shows its reading, and the site file on disk has it.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mosquitto } from '../helpers/mosquitto';
import { makeTempDir } from '../helpers/tempDir';
import { TestDevice } from './devices';
import { launchBrowser, openPage, screenshot, serve, type Served } from './launch';
import { decode, distance, meanColour } from './pixels';
import { at, settle } from './scene';

const BEAT_MS = 500;
const DEV = 'z2m:desk_sensor';

describe('placing a device from the devices panel', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let ours: TestDevice[];
  let zigbee: MqttClient;
  let zigbeeTimer: NodeJS.Timeout;
  let siteFile: string;

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
    siteFile = join(dir.path, 'site.json');
    copyFileSync(join(process.cwd(), 'assets/sites/door-two-rooms.json'), siteFile);
    served = await serve(['--mqtt', broker.url, '--db', `${dir.path}/e2e.db`, '--site', siteFile]);
    ours = await Promise.all(['room-a', 'room-b', 'door'].map((d) => TestDevice.connect(broker.url, d)));
    for (const d of ours) await d.hello(BEAT_MS);
    await ours[0]!.send({ co2: 600, temp: 21 });
    await ours[1]!.send({ co2: 600, temp: 21 });
    await ours[2]!.send({ door: 'closed', angle: 0 });
    for (const d of ours) d.beat(BEAT_MS);
    zigbee = await mqtt.connectAsync(broker.url, { clientId: 'e2e-z2m', protocolVersion: 4 });
    const report = (): unknown =>
      zigbee.publishAsync('zigbee2mqtt/desk sensor', JSON.stringify({ temperature: 23.4, humidity: 41 }), { qos: 1 });
    await report();
    zigbeeTimer = setInterval(() => void report(), BEAT_MS);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, served.url));
  });
  afterAll(async () => {
    clearInterval(zigbeeTimer);
    await browser?.close();
    await zigbee?.endAsync();
    await Promise.all((ours ?? []).map((d) => d.close()));
    await served?.stop();
    await broker?.stop('SIGKILL');
    dir?.remove();
  });

  it('lists the sensor as not placed, places it in room B, and its marker appears there', async () => {
    await page.getByTestId('badge-room-b').getByText('600 ppm').waitFor();
    await page.keyboard.press('1'); // top view
    await page.keyboard.press('h'); // heatmap off: the marker stands out against the plain floor
    await page.keyboard.press('d'); // the devices panel
    const row = page.getByTestId(`unplaced-${DEV}`);
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(async () => row.textContent()).toContain('temp, rh');
    expect(await row.textContent()).toContain('z2m');
    await settle(page);
    // The marker's lower half: its value badge floats over the upper one.
    const spot = await at(page, 6.5, 0.93, 1.2);
    const before = decode(await screenshot(page, 'place-01-not-placed'));

    // Keyboard: focus the row's button, open the form, choose room B, type the position, submit.
    await page.getByRole('button', { name: `place ${DEV}` }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('place-form');
    await form.waitFor();
    await form.getByLabel('Where').selectOption({ label: 'Room B' });
    await form.getByLabel('x (m)').fill('6.5');
    await form.getByLabel('y (m)').fill('1');
    await screenshot(page, 'place-02-form');
    await form.getByLabel('y (m)').press('Enter');
    const message = page.getByTestId('place-message');
    await message.getByText(`${DEV} placed in Room B at (6.5, 1)`).waitFor();
    expect(await message.textContent()).toContain(siteFile);
    await row.waitFor({ state: 'detached' });

    // The badge of the new sensor shows its reading; the marker is drawn where it was put.
    await page.getByTestId(`badge-${DEV}`).getByText('23.4 °C').waitFor({ timeout: 15_000 });
    await settle(page);
    const after = decode(await screenshot(page, 'place-03-placed'));
    const [bx, by] = spot;
    const floor = meanColour(before, bx, by, 2);
    const marker = meanColour(after, bx, by, 2);
    expect(distance(floor, marker)).toBeGreaterThan(60);
    // A live marker is light blue.
    expect(marker[2]).toBeGreaterThan(marker[0] + 60);

    const onDisk = JSON.parse(readFileSync(siteFile, 'utf8')) as { sensors: { dev: string; attachedTo: string }[] };
    expect(onDisk.sensors.find((s) => s.dev === DEV)).toMatchObject({ attachedTo: 'b', position: [6.5, 1, 1.2] });
    expect(errors).toEqual([]);
  });

  it('picks a position with a click on the floor, and says clearly why one outside the room is refused', async () => {
    await zigbee.publishAsync('zigbee2mqtt/shelf', JSON.stringify({ temperature: 20.5 }), { qos: 1 });
    const row = page.getByTestId('unplaced-z2m:shelf');
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: 'place z2m:shelf' }).click();
    const form = page.getByTestId('place-form');
    // A click on room B's floor in the scene chooses the room and the position.
    await form.getByRole('button', { name: 'Pick on the floor' }).click();
    await page.mouse.click(...(await at(page, 5, 1, 0)));
    await expect.poll(async () => form.getByLabel('Where').inputValue()).toBe('room:b');
    expect(Number(await form.getByLabel('x (m)').inputValue())).toBeCloseTo(5, 0);
    expect(Number(await form.getByLabel('y (m)').inputValue())).toBeCloseTo(1, 0);
    await screenshot(page, 'place-04-picked-on-floor');
    // Then room A, with a position typed outside its floor.
    await form.getByLabel('Where').selectOption({ label: 'Room A' });
    await form.getByLabel('x (m)').fill('7');
    await form.getByRole('button', { name: 'Place', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/z2m:shelf was not placed: .*not inside Room A's floor/).waitFor();
    await screenshot(page, 'place-05-refused');
    await row.waitFor(); // still not placed
    expect(errors).toEqual([]);
  });
});
