/**
 * The firmware's portable core, built as a native virtual ESP32 (firmware/build/twinscope-virtual-esp32), talking to
 * `twinscope record --serial` over a real pty pair: every message arrives once, including those buffered through a
 * simulated outage and replayed with `sup`, and the device's clock gets synced by the host's `time` command.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTwinscope } from '../helpers/cli';
import { startChild, waitFor } from '../helpers/processes';
import { PtyPair } from '../helpers/ptyPair';
import { makeTempDir } from '../helpers/tempDir';

const DEVICE = fileURLToPath(new URL('../../firmware/build/twinscope-virtual-esp32', import.meta.url));

describe('virtual ESP32 (firmware core) into twinscope record over a pty', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let pty: PtyPair;

  beforeAll(() => {
    if (!existsSync(DEVICE))
      throw new Error(`${DEVICE} is missing: run \`npm run test:firmware\` first (it builds it)`);
  });
  beforeEach(async () => {
    dir = makeTempDir();
    pty = await PtyPair.start(dir.path);
  });
  afterEach(async () => {
    await pty.stop();
    dir.remove();
  });

  it('delivers every message once through an outage, with backfill, logs and a synced clock', async () => {
    const db = `${dir.path}/fw.db`;
    const rec = startTwinscope(['record', '--db', db, '--serial', pty.a]);
    await waitFor('the serial source', () => rec.output().includes(': connected'));
    const args = ['--port', pty.b, '--dev', 'door', '--boot', '7', '--interval', '20', '--count', '300'];
    const device = startChild(DEVICE, [
      ...args,
      '--outage-after',
      '100',
      '--outage-ms',
      '1500',
      '--door-every',
      '2000',
    ]);
    expect(await device.exited).toBe(0);
    const summary = /done dev=door .*tele=(\d+) evt=(\d+).*backfill=(\d+)/.exec(device.output());
    expect(summary, device.output()).not.toBeNull();
    const [tele, evt, backfill] = summary!.slice(1).map(Number) as [number, number, number];
    expect(backfill).toBeGreaterThan(0);

    const count = (sql: string): number => {
      const h = new Database(db, { readonly: true });
      try {
        return h.prepare(sql).pluck().get() as number;
      } finally {
        h.close();
      }
    };
    await waitFor(
      'every sample',
      () => count("SELECT count(*) FROM samples WHERE dev = 'door'") === tele + evt,
      15_000,
    );
    expect(await rec.kill('SIGINT')).toBe(0);

    const h = new Database(db, { readonly: true });
    const rows = h.prepare("SELECT seq, flags, basis FROM samples WHERE dev = 'door' AND boot = 7").all() as {
      seq: number;
      flags: number;
      basis: string;
    }[];
    expect(new Set(rows.map((r) => r.seq)).size).toBe(tele + evt);
    // The device's count includes buffered log messages, which land in the device log rather than as samples.
    const backfilled = rows.filter((r) => (r.flags & 1) !== 0).length;
    expect(backfilled).toBeGreaterThan(0);
    expect(backfilled).toBeLessThanOrEqual(backfill);
    expect(backfill - backfilled).toBeLessThanOrEqual(
      h.prepare('SELECT count(*) FROM device_log').pluck().get() as number,
    );
    // After the host's `time` command the device stamps its readings itself.
    expect(rows.some((r) => r.basis === 'device')).toBe(true);
    expect(h.prepare('SELECT count(*) FROM rejects').pluck().get()).toBe(0);
    expect(h.prepare('SELECT count(*) FROM device_log').pluck().get()).toBeGreaterThan(0);
    expect(h.prepare("SELECT missing, duplicates FROM devices WHERE dev = 'door'").get()).toEqual({
      missing: 0,
      duplicates: 0,
    });
    h.close();
  });
});
