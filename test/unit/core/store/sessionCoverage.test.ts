/** The timeline's shading: gaps where nothing was received, partial spans naming the silent devices, backfill. */
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { sessionCoverage } from '../../../../electron/core/store/sessionCoverage';
import { makeTempDir } from '../../../helpers/tempDir';

const T0 = Date.UTC(2026, 10, 2, 9);
const MIN = 60_000;

describe('sessionCoverage', () => {
  const dir = makeTempDir();
  afterEach(() => dir.remove());

  /** Two devices at 1 Hz for 60 min; room-b silent 20–30 min, both silent 40–45 min; room-a's 50–55 min backfilled. */
  function record(): ReturnType<typeof openDatabase> {
    const db = openDatabase(`${dir.path}/h.db`);
    db.prepare('INSERT INTO sessions (started, sources) VALUES (?, ?)').run(T0, '[]');
    const w = new HistoryWriter(db, { maxRows: 5000, session: 1 });
    const seq = { 'room-a': 0, 'room-b': 0 };
    for (let t = T0; t < T0 + 60 * MIN; t += 1000) {
      const m = (t - T0) / MIN;
      if (m >= 40 && m < 45) continue;
      for (const dev of ['room-a', 'room-b'] as const) {
        if (dev === 'room-b' && m >= 20 && m < 30) continue;
        const backfill = dev === 'room-a' && m >= 50 && m < 55;
        w.addSample({
          dev,
          boot: 1,
          seq: seq[dev]++,
          t,
          up: t - T0,
          tDev: t,
          tRecv: backfill ? T0 + 56 * MIN : t + 20,
          timeBasis: 'device',
          via: 'mqtt',
          backfill,
          late: false,
          values: { co2: 500 },
        });
      }
    }
    w.close();
    return db;
  }

  it('shades gaps, partial silences naming the device, and backfilled spans, at the bucket resolution', async () => {
    const db = record();
    const c = await sessionCoverage(db, 1, 120);
    // Read in many small steps (as a week-long session is), the answer is the same.
    expect(await sessionCoverage(db, 1, 120, 997)).toEqual(c);
    db.close();
    expect(Math.abs(c.bucketMs - 30_000)).toBeLessThan(100); // an hour over 120 buckets
    const near = (a: number, b: number): boolean => Math.abs(a - b) <= c.bucketMs;
    const of = (kind: string) => c.spans.filter((s) => s.kind === kind);
    expect(of('gap')).toHaveLength(1);
    expect(near(of('gap')[0]!.from, T0 + 40 * MIN) && near(of('gap')[0]!.to, T0 + 45 * MIN)).toBe(true);
    expect(of('partial')).toHaveLength(1);
    expect(of('partial')[0]).toMatchObject({ devices: ['room-b'] });
    expect(near(of('partial')[0]!.from, T0 + 20 * MIN) && near(of('partial')[0]!.to, T0 + 30 * MIN)).toBe(true);
    expect(of('backfill')).toHaveLength(1);
    expect(near(of('backfill')[0]!.from, T0 + 50 * MIN) && near(of('backfill')[0]!.to, T0 + 55 * MIN)).toBe(true);
  });

  it('has nothing to shade for an empty session, and a steady one', async () => {
    const db = openDatabase(`${dir.path}/e.db`);
    db.prepare('INSERT INTO sessions (started, sources) VALUES (?, ?)').run(T0, '[]');
    expect(await sessionCoverage(db, 1)).toMatchObject({ from: null, to: null, spans: [] });
    const w = new HistoryWriter(db, { maxRows: 5000, session: 1 });
    for (let i = 0; i < 600; i++) {
      w.addSample({
        dev: 'room-a',
        boot: 1,
        seq: i,
        t: T0 + i * 5000,
        up: i,
        tDev: null,
        tRecv: T0 + i * 5000,
        timeBasis: 'estimated',
        via: 'serial',
        backfill: false,
        late: false,
        values: { temp: 21 },
      });
    }
    w.close();
    // A device every 5 s is not "silent" in 2-second buckets.
    expect((await sessionCoverage(db, 1, 2000)).spans).toEqual([]);
    db.close();
  });
});
