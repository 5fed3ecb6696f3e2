/**
 * Sessions in a real browser: the sessions panel names and annotates a recording, replays it, and deletes it once
 * the app is back to live; the replayed session's timeline shades the span a network outage backfilled; a back-test
 * with a lower CO₂ threshold draws the alerts it would add on the timeline; the charts follow the replay's cursor.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';
import { launchBrowser, openPage, screenshot, serve, type Served } from './launch';
import { decode, meanColour } from './pixels';

describe('sessions in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    dir = makeTempDir();
    const db = `${dir.path}/e2e.db`;
    await recordScenario(db, 'network-outage'); // session 1; serve records into session 2
    served = await serve(['--db', db]);
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, served.url));
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    dir?.remove();
  });

  const points = async (p: Page): Promise<number> =>
    Number((await p.getByTestId('chart-points').textContent())!.split(' ')[0]);

  it('names and annotates a session in the sessions panel', async () => {
    await page.keyboard.press('s');
    const item = page.getByTestId('session-1');
    await item.waitFor();
    // The app's own live session is marked and cannot be deleted.
    await page.getByTestId('session-2').getByText('recording').waitFor();
    expect(await page.getByTestId('session-delete-2').isDisabled()).toBe(true);
    await item.getByRole('textbox', { name: 'name of session 1' }).fill('Outage drill');
    await item.getByRole('textbox', { name: 'notes on session 1' }).fill('router unplugged at 09:03');
    await item.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Session 1 saved.').waitFor();
    // Kept in the core: another tab and back reloads the list.
    await page.keyboard.press('a');
    await page.keyboard.press('s');
    await expect.poll(() => item.getByRole('textbox', { name: 'name of session 1' }).inputValue()).toBe('Outage drill');
    expect(await item.getByRole('textbox', { name: 'notes on session 1' }).inputValue()).toBe(
      'router unplugged at 09:03',
    );
    expect(errors).toEqual([]);
  });

  it('replays it: the backfilled outage is shaded, the charts follow the cursor', async () => {
    // Live: the recording is of another day, so the 15-minute chart has nothing.
    expect(await points(page)).toBe(0);
    await page.getByTestId('session-1').getByRole('button', { name: 'Replay' }).click();
    await page.getByTestId('replay-session-open').getByText('Replay #1').waitFor();
    await page
      .getByTestId('coverage-summary')
      .getByText(/backfilled span/)
      .waitFor();
    const shade = page.locator('[data-testid="timeline-shade"][data-kind="backfill"]').first();
    await shade.waitFor();
    // The charts' window ends at the cursor: the session's first minutes are there.
    await expect.poll(() => points(page), { timeout: 10_000 }).toBeGreaterThan(0);

    const img = decode(await screenshot(page, 'sessions-01-replay-shaded'));
    const box = (await shade.boundingBox())!;
    const c = meanColour(img, box.x + box.width / 2, box.y + box.height / 2, 1);
    // The backfill shading's blue (#64b5f6), not the bar's dark grey.
    expect(c[2]).toBeGreaterThan(180);
    expect(c[2] - c[0]).toBeGreaterThan(60);
    expect(errors).toEqual([]);
  });

  it('back-tests the session with a lower CO₂ threshold and draws the alerts it adds', async () => {
    await page.getByTestId('backtest-open').click();
    const co2 = page.getByTestId('backtest-co2');
    await expect.poll(() => co2.inputValue()).toBe('1000');
    await co2.fill('520');
    await page.getByTestId('backtest-run').click();
    await page.waitForTimeout(1500);
    await screenshot(page, 'sessions-02a-backtest-run');
    const summary = page.getByTestId('backtest-summary');
    await summary.waitFor({ timeout: 20_000 });
    expect(await summary.textContent()).toMatch(/[1-9]\d* appear/);
    const added = page.locator('[data-testid="backtest-marker"][data-change="appeared"]');
    await expect.poll(() => added.count()).toBeGreaterThan(0);
    const img = decode(await screenshot(page, 'sessions-02-backtest'));
    const box = (await added.first().boundingBox())!;
    const c = meanColour(img, box.x + box.width / 2, box.y + box.height / 2, 1);
    // Appeared alerts are green (#69f0ae).
    expect(c[1]).toBeGreaterThan(180);
    expect(c[1] - c[0]).toBeGreaterThan(60);
    await page.getByRole('button', { name: 'Clear' }).click();
    expect(await page.getByTestId('backtest-marker').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('exports it as a .twinrec and offers the file for download', async () => {
    await page.keyboard.press('s');
    await page.getByTestId('session-export-1').click();
    const done = page.getByTestId('export-done');
    await done.waitFor({ timeout: 20_000 });
    expect(await done.textContent()).toMatch(
      /Session 1 exported \([\d.]+ MB, [\d,]+ records; .*intact.*\) to .*session-1\.twinrec/,
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    expect(download.suggestedFilename()).toBe('session-1.twinrec');
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(errors).toEqual([]);
  });

  it('deletes the session once back to live, after a second click that says what goes', async () => {
    await page.keyboard.press('s');
    expect(await page.getByTestId('session-delete-1').isDisabled()).toBe(true); // being replayed
    await page.getByTestId('replay-live').click();
    await page.getByTestId('timeline').and(page.locator('[data-mode="live"]')).waitFor();
    await page.getByTestId('session-delete-1').click();
    const confirm = page.getByTestId('session-delete-confirm-1');
    expect(await confirm.textContent()).toMatch(/Delete [\d,]+ samples and \d+ alerts/);
    await confirm.click();
    await page
      .getByRole('status')
      .getByText(/Session 1 deleted/)
      .waitFor();
    expect(await page.getByTestId('session-1').count()).toBe(0);
    // The timeline's session picker no longer offers it.
    await expect.poll(() => page.getByTestId('replay-session').locator('option[value="1"]').count()).toBe(0);
    await screenshot(page, 'sessions-03-deleted');
    expect(errors).toEqual([]);
  });
});
