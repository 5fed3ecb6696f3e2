/**
 * Replay of a recorded session through the same twin runner: to the end it reproduces the live picture; a seek
 * (nearest stored snapshot plus what follows) shows what playing from the start to that moment shows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../electron/common/frame';
import { ReplayPlayer } from '../../electron/core/replay/ReplayPlayer';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { SnapshotStore } from '../../electron/core/store/SnapshotStore';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { runTwinscope } from '../helpers/cli';
import { makeTempDir } from '../helpers/tempDir';
import { recordScenario } from '../helpers/recordScenario';
import { tele } from '../helpers/messages';
import { LiveHub } from '../../electron/core/hub/LiveHub';

describe('replaying a recorded session', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  const record = (db: string) => recordScenario(db);

  it('plays to the end with the live picture, and seeks to what playing from the start shows', async () => {
    const db = `${dir.path}/rec.db`;
    const { live, start } = await record(db);
    const h = openDatabase(db, { readonly: true });
    expect(new SnapshotStore(h).count(1)).toBeGreaterThanOrEqual(18);
    const listed = await runTwinscope(['sessions', '--db', db, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const [session] = JSON.parse(listed.stdout) as { id: number; samples: number; snapshots: number; site: object }[];
    expect(session).toMatchObject({ id: 1, site: { id: defaultSite().id }, devices: ['door', 'room-a', 'room-b'] });
    expect(session!.samples).toBeGreaterThan(1000);
    expect(session!.snapshots).toBe(new SnapshotStore(h).count(1));

    const whole = new ReplayPlayer(h, 1, defaultSite());
    whole.advanceTo(Number.POSITIVE_INFINITY);
    expect(whole.ended).toBe(true);
    // Apart from host "now" (the recording went on to its stop), the replayed picture is the live one.
    expect(JSON.stringify(whole.twin.view())).toBe(live);

    for (const offset of [45_000, 185_000, 401_000, 599_000]) {
      const linear = new ReplayPlayer(h, 1, defaultSite());
      linear.advanceTo(start + offset);
      const frames: TwinFrame[] = [];
      const seeker = new ReplayPlayer(h, 1, defaultSite(), { onFrame: (f) => frames.push(f) });
      seeker.advanceTo(start + 550_000);
      const shown = seeker.seek(start + offset);
      expect(JSON.stringify(shown.view), `at +${offset / 1000} s`).toBe(JSON.stringify(linear.twin.view()));
      // A seek is a discontinuity the renderer is told about.
      expect(shown.seekSeq).toBeGreaterThan(0);
    }
    h.close();
  });

  it('seeks into a network outage and plays through its backfill as live applied it', async () => {
    const db = `${dir.path}/outage.db`;
    const { live, start } = await recordScenario(db, 'network-outage');
    const h = openDatabase(db, { readonly: true });
    // Devices drop off 3 min in and send their buffers from 8 min: seek before, during and just after that.
    for (const offset of [170_000, 300_000, 482_000, 487_000, 495_000, 520_000]) {
      const p = new ReplayPlayer(h, 1, defaultSite());
      p.seek(start + offset);
      p.advanceTo(Number.POSITIVE_INFINITY);
      const view = p.twin.view();
      // Late data reaching back before the snapshot the seek started from rewinds as it did live, never dropped.
      expect(
        Object.values(view.devices).map((d) => d.beyondHorizon),
        `from +${offset / 1000} s`,
      ).toEqual([0, 0, 0]);
      // All but how many rewinds it took, which depends on how inputs were batched (live: one message at a time).
      const rewound = { ...JSON.parse(live), late: { ...JSON.parse(live).late, rewinds: view.late.rewinds } };
      expect(JSON.parse(JSON.stringify(view)), `from +${offset / 1000} s`).toEqual(rewound);
    }
    h.close();
  });

  it('rewinds for a backlog that reaches back before the snapshot a seek started from, as live did', async () => {
    // room-a live at 1 Hz for 10 min, room-b silent from 4 min on; at 10 min room-b's gateway flushes its buffer of
    // minutes 4 to 10 (CO2 climbing past the threshold). Snapshots every 20 s meanwhile, as the live hub stores them.
    const db = `${dir.path}/flush.db`;
    const t0 = Date.UTC(2026, 10, 3, 9);
    let now = t0;
    const hub = new LiveHub({ db, site: defaultSite(), now: () => now, frameHz: 1, clockMs: 3_600_000 });
    const src = { origin: 'mqtt:test', via: 'mqtt' as const };
    const send = (dev: string, seq: number, t: number, co2: number, sup?: number): void => {
      const extra = { ts: t, up: t - t0 + 1000, ...(sup !== undefined ? { sup } : {}) };
      hub.pipeline.mqtt(src, `twinscope/v1/${dev}/tele`, Buffer.from(tele(dev, seq, { co2, temp: 21 }, extra)));
    };
    const co2B = (s: number): number => 600 + s * 1.5; // past the 1000 ppm threshold at 4.5 min, while silent
    for (let s = 0; s < 600; s++) {
      now = t0 + s * 1000 + 20;
      send('room-a', s, t0 + s * 1000, 500);
      if (s < 240) send('room-b', s, t0 + s * 1000, co2B(s));
      if (s % 20 === 19) hub.storeSnapshot();
      else hub.tick();
    }
    now = t0 + 600_000 + 50;
    for (let s = 240; s < 600; s++) send('room-b', s, t0 + s * 1000, co2B(s), 600_000 + 1000);
    for (let s = 600; s < 660; s++) {
      now = t0 + s * 1000 + 20;
      send('room-a', s, t0 + s * 1000, 500);
      send('room-b', s, t0 + s * 1000, co2B(s));
      if (s % 20 === 19) hub.storeSnapshot();
      else hub.tick();
    }
    hub.tick();
    const live = JSON.stringify(hub.runner!.view());
    const liveAlerts = hub.runner!.view().alerts.filter((a) => a.rule === 'co2-high');
    await hub.stop();
    expect(liveAlerts.length).toBe(1);
    // Raised in the past, found when the backlog came.
    expect(liveAlerts[0]!.raisedAt).toBeLessThan(t0 + 280_000);
    expect(liveAlerts[0]!.foundLateMs).toBeGreaterThan(300_000);

    const h = openDatabase(db, { readonly: true });
    for (const offset of [300_000, 590_000, 599_000]) {
      const p = new ReplayPlayer(h, 1, defaultSite());
      p.seek(t0 + offset);
      p.advanceTo(Number.POSITIVE_INFINITY);
      const view = p.twin.view();
      expect(view.devices['room-b']!.beyondHorizon, `from +${offset / 1000} s`).toBe(0);
      expect(
        view.alerts.filter((a) => a.rule === 'co2-high'),
        `from +${offset / 1000} s`,
      ).toEqual(JSON.parse(live).alerts.filter((a: { rule: string }) => a.rule === 'co2-high'));
    }
    h.close();
  });

  it('plays at 1000× real time, applying every input', async () => {
    const db = `${dir.path}/fast.db`;
    const { start, end } = await record(db);
    const h = openDatabase(db, { readonly: true });
    const events: string[] = [];
    const player = new ReplayPlayer(h, 1, defaultSite(), {
      frameHz: 50,
      onEvents: (es) => events.push(...es.filter((e) => e.kind === 'slam').map((e) => String(e.t))),
    });
    player.seek(start);
    const t0 = performance.now();
    player.play(1000);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (!player.ended) return;
        clearInterval(check);
        resolve();
      }, 20);
    });
    const wall = performance.now() - t0;
    expect((end - start) / wall).toBeGreaterThan(300);
    const linear = new ReplayPlayer(h, 1, defaultSite());
    linear.advanceTo(Number.POSITIVE_INFINITY);
    // Every slam of the session was an event of the fast replay, none skipped.
    expect(events.length).toBeGreaterThan(5);
    expect(events.length).toBe(linear.twin.view().doors.door!.slamsTotal);
    expect(() => player.play(5000)).toThrow(/speed must be from 0.25× to 1000×/);
    h.close();
  });
});
