/** `twinscope simulate --mqtt` into `twinscope record --mqtt`, both as processes, through a real mosquitto. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SiteSpec } from '../../electron/common/site';
import type { SimMessage } from '../../electron/core/sim/output';
import type { ScenarioName } from '../../electron/core/sim/scenarios/types';
import { Simulation } from '../../electron/core/sim/Simulation';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { runTwinscope, startTwinscope } from '../helpers/cli';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor, type Child } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';

const START = '2026-01-05T09:00:00Z';

/** The stream the simulate process sends: the same configuration run in process. */
function expected(scenario: ScenarioName, seconds: number, site: SiteSpec = defaultSite()): SimMessage[] {
  const start = Date.parse(START);
  const sim = new Simulation({ scenario, site, seed: 5, start, rateHz: 1 });
  return sim.runUntil(start + seconds * 1000).filter((o): o is SimMessage => o.kind === 'message');
}

function rows<T>(db: string, sql: string): T[] {
  const h = new Database(db, { readonly: true });
  try {
    return h.prepare(sql).all() as T[];
  } finally {
    h.close();
  }
}

function sampleCount(db: string): number {
  try {
    return rows<{ n: number }>(db, 'SELECT count(*) AS n FROM samples')[0]!.n;
  } catch {
    return 0;
  }
}

describe('simulate over MQTT into record', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let rec: Child | undefined;

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
  });

  afterEach(async () => {
    await rec?.kill('SIGKILL');
    await broker.stop('SIGKILL');
    dir.remove();
  });

  async function record(db: string): Promise<Child> {
    const r = startTwinscope(['record', '--db', db, '--mqtt', broker.url, '--client-id', 'ts-sim']);
    await waitFor('record subscribed', () => /: connected/.test(r.output()), 15_000);
    await new Promise((res) => setTimeout(res, 300));
    return r;
  }

  it.each([
    ['a client per device', '1'],
    ['one gateway client', '3'],
  ])('%s: every message once, retained status and meta, offline on a clean stop', async (_name, gateway) => {
    const db = `${dir.path}/h.db`;
    rec = await record(db);
    const args = [
      '--seed',
      '5',
      '--start',
      START,
      '--speed',
      '60',
      '--duration',
      '300',
      '--gateway',
      gateway,
      '--quiet',
    ];
    const sim = await runTwinscope(['simulate', '--scenario', 'door-slams', '--mqtt', broker.url, ...args]);
    expect(sim.stderr).toMatch(/done: \d+ messages from 3 devices, 300 simulated s/);
    expect(sim.code).toBe(0);
    const want = expected('door-slams', 300).filter((m) => m.topic === 'tele' || m.topic === 'evt');
    await waitFor(`${want.length} samples`, () => sampleCount(db) >= want.length, 20_000);
    await new Promise((res) => setTimeout(res, 300)); // any duplicate would have come by now
    expect(await rec.kill('SIGINT')).toBe(0);

    const got = rows<{ dev: string; boot: number; seq: number; evt: string | null }>(
      db,
      'SELECT dev, boot, seq, evt FROM samples ORDER BY dev, seq',
    );
    const key = (m: { dev: string; boot: number; seq: number }): string => `${m.dev}/${m.boot}/${m.seq}`;
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
    expect(got.filter((s) => s.evt === 'slam').length).toBe(want.filter((m) => m.line.includes('"slam"')).length);
    const devices = rows<{ dev: string; fw: string; status: string; duplicates: number; missing: number }>(
      db,
      'SELECT dev, fw, status, duplicates, missing FROM devices ORDER BY dev',
    );
    expect(devices).toEqual(
      ['door', 'room-a', 'room-b'].map((dev) => ({
        dev,
        fw: 'sim-1.0.0',
        status: 'offline',
        duplicates: 0,
        missing: 0,
      })),
    );
    expect(rows(db, 'SELECT * FROM rejects')).toEqual([]);
  });

  it('network-outage: the broker announces each device offline, and what it buffered arrives as backfill', async () => {
    const db = `${dir.path}/outage.db`;
    rec = await record(db);
    const args = ['--seed', '5', '--start', START, '--speed', '60', '--duration', '600', '--quiet'];
    const sim = await runTwinscope(['simulate', '--scenario', 'network-outage', '--mqtt', broker.url, ...args]);
    expect(sim.code).toBe(0);
    const want = expected('network-outage', 600).filter((m) => m.topic === 'tele' || m.topic === 'evt');
    const backfill = want.filter((m) => m.line.includes('"sup":'));
    expect(backfill.length).toBeGreaterThan(600);
    await waitFor(`${want.length} samples`, () => sampleCount(db) >= want.length, 20_000);
    expect(await rec.kill('SIGINT')).toBe(0);

    const stored = rows<{ dev: string; seq: number; flags: number }>(db, 'SELECT dev, seq, flags FROM samples');
    expect(stored).toHaveLength(want.length);
    const flagged = stored.filter((s) => (s.flags & 1) === 1).map((s) => `${s.dev}/${s.seq}`);
    expect(flagged.sort()).toEqual(backfill.map((m) => `${m.dev}/${m.seq}`).sort());
    // The last will, then online again, for every device; offline once more at the clean stop.
    const statuses = rows<{ dev: string; data: string }>(
      db,
      "SELECT dev, data FROM device_events WHERE kind = 'status' ORDER BY id",
    );
    for (const dev of ['room-a', 'room-b', 'door']) {
      const seq = statuses.filter((s) => s.dev === dev).map((s) => (JSON.parse(s.data) as { online: boolean }).online);
      expect(seq, dev).toEqual([true, false, true, false]);
    }
  });
});
