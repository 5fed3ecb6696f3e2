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
