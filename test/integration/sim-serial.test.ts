/** `twinscope simulate --serial` into `twinscope record --serial` over a real pty pair. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimMessage } from '../../electron/core/sim/output';
import { Simulation } from '../../electron/core/sim/Simulation';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { runTwinscope, startTwinscope } from '../helpers/cli';
import { waitFor, type Child } from '../helpers/processes';
import { PtyPair } from '../helpers/ptyPair';
import { makeTempDir } from '../helpers/tempDir';

const START = '2026-01-05T09:00:00Z';

function count(db: string): number {
  try {
    const h = new Database(db, { readonly: true });
    try {
      return (h.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
    } finally {
      h.close();
    }
  } catch {
    return 0;
  }
}

describe('simulate over serial into record', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let ptys: PtyPair[] = [];
  let rec: Child | undefined;

  beforeEach(() => {
    dir = makeTempDir();
    ptys = [];
  });

  afterEach(async () => {
    await rec?.kill('SIGKILL');
    for (const p of ptys) await p.stop();
    dir.remove();
  });

  it('multiplexes every device onto one port, or gives each device its own, losing nothing', async () => {
    const shared = await PtyPair.start(dir.path, 'all');
    const own = await PtyPair.start(dir.path, 'door');
    ptys = [shared, own];
    const db = `${dir.path}/h.db`;
    rec = startTwinscope(['record', '--db', db, '--serial', shared.a, '--serial', own.a]);
    await waitFor('both ports open', () => (rec!.output().match(/: connected/g) ?? []).length === 2, 15_000);
    const args = ['--seed', '2', '--start', START, '--speed', 'max', '--duration', '240', '--quiet'];
    // The door on its own port, the rooms multiplexed on the other.
    const sim = await runTwinscope([
      'simulate',
      '--scenario',
      'door-slams',
      '--serial',
      `door=${own.b}`,
      '--serial',
      shared.b,
      ...args,
    ]);
    expect(sim.code).toBe(0);
    const start = Date.parse(START);
    const want = new Simulation({ scenario: 'door-slams', site: defaultSite(), seed: 2, start, rateHz: 1 })
      .runUntil(start + 240_000)
      .filter((o): o is SimMessage => o.kind === 'message' && (o.topic === 'tele' || o.topic === 'evt'));
    await waitFor(`${want.length} samples`, () => count(db) >= want.length, 20_000);
    expect(await rec.kill('SIGINT')).toBe(0);
    const h = new Database(db, { readonly: true });
    const byVia = h
      .prepare("SELECT dev, count(*) AS n FROM samples WHERE via = 'serial' GROUP BY dev ORDER BY dev")
      .all();
    h.close();
    const n = (dev: string): number => want.filter((m) => m.dev === dev).length;
    expect(byVia).toEqual(['door', 'room-a', 'room-b'].map((dev) => ({ dev, n: n(dev) })));
    expect(rec.output()).toMatch(/0 duplicates dropped, 0 rejected/);
  });
});
