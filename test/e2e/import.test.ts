/**
 * Importing a recording in a real browser: the sessions panel's Import… opens the browser's file picker, the chosen
 * .twinrec is uploaded to `twinscope serve` (which records all the while) and the new session is listed; the same
 * file again, and a file that is not a recording, are refused with a message that says why.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTwinrec } from '../../electron/core/store/twinrec/exportTwinrec';
import { makeSealedHistory } from '../helpers/sealedHistory';
import { makeTempDir } from '../helpers/tempDir';
import { launchBrowser, openPage, screenshot, serve, type Served } from './launch';

describe('importing a recording in the browser', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let twinrec: string;

  beforeAll(async () => {
    dir = makeTempDir();
    const elsewhere = makeSealedHistory(`${dir.path}/elsewhere.db`, { seconds: 1800, seal: 'final' });
    twinrec = `${dir.path}/office.twinrec`;
    await exportTwinrec(elsewhere, 1, twinrec, { twinscope: 'e2e' });
    served = await serve(['--db', `${dir.path}/history.db`]); // records into session 1
    browser = await launchBrowser();
    ({ page, errors } = await openPage(browser, served.url));
    // One listener for the page's life: Playwright intercepts pickers only while one is registered, and turning that
    // on per import races the click that opens the picker.
    page.on('filechooser', (chooser) => {
      const file = nextFile;
      nextFile = undefined;
      if (file) void chooser.setFiles(file);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    dir?.remove();
  });

  /** The file the next picker gets. */
  let nextFile: string | undefined;

  /** Import… by keyboard (it is a labelled button in the panel's tab order), choosing `file` in the picker. */
  async function importFile(file: string): Promise<void> {
    const button = page.getByRole('button', { name: 'Import a .twinrec recording as a new session' });
    await button.focus();
    nextFile = file;
    await page.keyboard.press('Enter');
    await expect.poll(() => nextFile, { timeout: 10_000 }).toBeUndefined();
  }

  it('imports a .twinrec from the sessions panel and lists the new session', async () => {
    await page.keyboard.press('s');
    await page.getByTestId('session-1').getByText('recording').waitFor();
    await importFile(twinrec);
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 30_000 });
    expect(await done.textContent()).toMatch(
      /Imported office\.twinrec as session 2: intact \(12600 records, sealed at/,
    );
    const item = page.getByTestId('session-2');
    await item.waitFor();
    expect(await item.textContent()).toMatch(/30 min · 6 devices · 10,800 samples/);
    await screenshot(page, 'import-01-listed');
    expect(errors).toEqual([]);
  });

  it('refuses the same file again, and a file that is not a recording, saying why', async () => {
    await importFile(twinrec);
    const refusal = page.getByTestId('import-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('already-imported');
    expect(await refusal.textContent()).toMatch(/already here\. office\.twinrec is already imported as session 2/);
    const junk = `${dir.path}/notes.twinrec`;
    writeFileSync(junk, 'not a recording\n'.repeat(200));
    await importFile(junk);
    await expect.poll(() => refusal.getAttribute('data-code')).toBe('not-twinrec');
    expect(await refusal.textContent()).toMatch(/not a \.twinrec recording\. notes\.twinrec: file is not a database/);
    await screenshot(page, 'import-02-refused');
    expect(await page.locator('li.session').count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
