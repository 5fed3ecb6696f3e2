/** Replay through the app's API: list sessions, open one, seek, play, back to live; malformed calls refused. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../electron/common/frame';
import type { ReplayState, SessionInfo } from '../../electron/common/replay';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { waitFor } from '../helpers/processes';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';

describe('replay through the API', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let service: TwinscopeService | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await service?.close();
    dir.remove();
  });

  it('opens a recorded session, seeks to before and after a slam, plays, and goes back to live', async () => {
    const db = `${dir.path}/app.db`;
    await recordScenario(db);
    service = new TwinscopeService(db, defaultSite());
    const frames: TwinFrame[] = [];
    service.on('frame', (f) => frames.push(f));
    const call = async <T>(name: Parameters<TwinscopeService['dispatch']>[0], arg: unknown): Promise<T> => {
      const r = await service!.dispatch(name, arg);
      if (!r.ok) throw new Error(r.error);
      return r.value as T;
    };

    const sessions = await call<SessionInfo[]>('sessions.list', null);
    expect(sessions.map((s) => s.id)).toEqual([1, 2]); // the recording, and the service's own live session
    const start = sessions[0]!.from!;
    const end = sessions[0]!.to!;
    const opened = await call<{ ok: true; value: ReplayState }>('replay.open', { session: 1 });
    expect(opened.value).toMatchObject({ session: 1, from: start, to: end, at: start, playing: false });

    // The timeline's markers: every slam alert raised or repeated, within the session.
    const markers = await call<{ rule: string; t: number }[]>('replay.alerts', { session: 1 });
    expect(markers.filter((m) => m.rule === 'door-slammed').length).toBeGreaterThan(3);
    expect(markers.every((m) => m.t >= start && m.t <= end)).toBe(true);
    // The session's last slam: seek to just before it and just after it.
    await call('replay.seek', { t: end });
    const atEnd = frames[frames.length - 1]!;
    const total = atEnd.view.doors.door!.slamsTotal;
    const slamT = atEnd.view.doors.door!.lastSlamT!;
    expect(total).toBeGreaterThan(3);
    await call('replay.seek', { t: slamT - 1 });
    const before = frames[frames.length - 1]!;
    expect(before.view.doors.door!.slamsTotal).toBe(total - 1);
    expect(before.view.alerts.filter((a) => a.rule === 'door-slammed').every((a) => a.raisedAt < slamT)).toBe(true);
    // A slam is known once its closing is confirmed (the impact, up to the slam window later).
    await call('replay.seek', { t: slamT + 2000 });
    const after = frames[frames.length - 1]!;
    expect(after.view.doors.door!.slamsTotal).toBe(total);
    expect(after.view.doors.door!.position).toBe('closed');
    // Every seek is a jump the renderer is told about.
    expect(after.seekSeq).toBeGreaterThan(before.seekSeq);

    await call('replay.seek', { t: start });
    const playing = await call<{ value: ReplayState }>('replay.play', { speed: 1000 });
    expect(playing.value.playing).toBe(true);
    await waitFor(
      'the end of the session',
      () => frames[frames.length - 1]!.view.doors.door!.slamsTotal === total,
      5000,
    );

    const bad = await service.dispatch('replay.play', { speed: 5000 });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-argument' });
    const missing = await call<{ ok: boolean; error?: string }>('replay.open', { session: 99 });
    expect(missing).toMatchObject({ ok: false, error: expect.stringContaining('no session 99') });

    const seekBeforeLive = frames[frames.length - 1]!.seekSeq;
    await call('replay.close', null);
    const live = frames[frames.length - 1]!;
    // The live twin of this (empty) session, announced as a jump.
    expect(live.view.doors.door!.slamsTotal).toBe(0);
    expect(live.seekSeq).toBeGreaterThan(seekBeforeLive);
    expect(await call<{ ok: boolean }>('replay.seek', { t: start })).toMatchObject({ ok: false });
  }, 30_000);
});
