/**
 * Sessions through the app's API: rename, annotate and delete a recording (never the one being recorded or
 * replayed); the timeline's coverage shading; back-testing a session with edited thresholds, the recording untouched.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type {
  SessionBacktest,
  SessionCoverage,
  SessionExport,
  SessionInfo,
  TaskProgress,
} from '../../electron/common/replay';
import { importTwinrec } from '../../electron/core/store/twinrec/importTwinrec';
import type { Rules } from '../../electron/common/site';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';

describe('sessions through the API', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let service: TwinscopeService | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
    dir.remove();
  });

  async function open(scenario: Parameters<typeof recordScenario>[1]): Promise<{
    db: string;
    call: <T>(name: string, arg: unknown) => Promise<T>;
  }> {
    const db = `${dir.path}/app.db`;
    await recordScenario(db, scenario);
    service = new TwinscopeService(db, defaultSite());
    const call = async <T>(name: string, arg: unknown): Promise<T> => {
      const r = await service!.dispatch(name, arg);
      if (!r.ok) throw new Error(`${r.code}: ${r.error}`);
      return r.value as T;
    };
    return { db, call };
  }

  it('renames, annotates and deletes a session, refusing the one recording and the one replayed', async () => {
    const { db, call } = await open('door-slams');
    const renamed = await call<{ ok: true; value: SessionInfo }>('sessions.update', {
      id: 1,
      name: '  Slam study  ',
      notes: 'door closer removed\nfor the test',
    });
    expect(renamed).toMatchObject({
      ok: true,
      value: { id: 1, name: 'Slam study', notes: 'door closer removed\nfor the test' },
    });
    await call('sessions.update', { id: 1, notes: '' });
    const listed = await call<SessionInfo[]>('sessions.list', null);
    expect(listed[0]).toMatchObject({ id: 1, name: 'Slam study', notes: null });
    expect(await call('sessions.update', { id: 42, name: 'x' })).toMatchObject({ ok: false, code: 'no-session' });
    expect(await service!.dispatch('sessions.update', { id: 1, name: 'x'.repeat(121) })).toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });

    expect(await call('sessions.delete', { id: 2 })).toMatchObject({ ok: false, code: 'recording' });
    await call('replay.open', { session: 1 });
    expect(await call('sessions.delete', { id: 1 })).toMatchObject({ ok: false, code: 'replaying' });
    await call('replay.close', null);
    const deleted = await call<{ ok: true; value: { rows: number } }>('sessions.delete', { id: 1 });
    expect(deleted.ok).toBe(true);
    expect(deleted.value.rows).toBeGreaterThan(1000);
    expect((await call<SessionInfo[]>('sessions.list', null)).map((s) => s.id)).toEqual([2]);
    const check = openDatabase(db, { readonly: true });
    for (const table of [
      'samples',
      'device_events',
      'alerts',
      'alert_events',
      'engine_snapshots',
      'session_chain',
      'session_seals',
    ]) {
      expect(check.prepare(`SELECT count(*) FROM ${table} WHERE session = 1`).pluck().get(), table).toBe(0);
    }
    check.close();
    expect(await call('sessions.delete', { id: 1 })).toMatchObject({ ok: false, code: 'no-session' });
  });

  it('exports a session to a .twinrec in the exports folder, with progress, that imports and verifies elsewhere', async () => {
    const { db, call } = await open('door-slams');
    const progress: TaskProgress[] = [];
    service!.on('progress', (p) => progress.push(p));
    const r = await call<{ ok: true; value: SessionExport }>('sessions.export', { id: 1, format: 'twinrec' });
    expect(r.value).toMatchObject({
      session: 1,
      name: 'session-1.twinrec',
      path: join(dir.path, 'exports', 'session-1.twinrec'),
    });
    expect(r.value.bytes).toBe(statSync(r.value.path).size);
    expect(progress.some((p) => p.task === 'export' && p.session === 1)).toBe(true);
    const elsewhere = join(dir.path, 'other.db');
    const imported = await importTwinrec(r.value.path, elsewhere);
    expect(imported.integrity.status).toBe('intact');
    expect(imported.records).toBe(r.value.records);
    const source = openDatabase(db, { readonly: true });
    const samples = source.prepare('SELECT count(*) FROM samples WHERE session = 1').pluck().get();
    source.close();
    const copy = openDatabase(elsewhere, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(samples);
    copy.close();
    expect(await call('sessions.export', { id: 9, format: 'twinrec' })).toMatchObject({ ok: false, code: 'refused' });
    // The other formats, beside it: MCAP opens in Foxglove, NDJSON and CSV in anything.
    for (const format of ['mcap', 'ndjson', 'csv'] as const) {
      const x = await call<{ ok: true; value: SessionExport }>('sessions.export', { id: 1, format });
      expect(x.value.name).toBe(`session-1.${format}`);
      expect(x.value.records).toBeGreaterThan(1000);
      expect(statSync(x.value.path).size).toBe(x.value.bytes);
    }
    expect(
      readFileSync(join(dir.path, 'exports', 'session-1.mcap'))
        .subarray(0, 8)
        .toString('latin1'),
    ).toBe('\x89MCAP0\r\n');
    expect(readFileSync(join(dir.path, 'exports', 'session-1.csv'), 'utf8').split('\n')[0]).toMatch(/^dev,/);
    expect(await call('sessions.export', { id: 9, format: 'csv' })).toMatchObject({ ok: false, code: 'refused' });
    expect(await service!.dispatch('sessions.export', { id: 1, format: 'zip' })).toMatchObject({
      ok: false,
      code: 'invalid-argument',
    });
  });

  it('shades the span a network outage backfilled', async () => {
    const { call } = await open('network-outage');
    const c = await call<SessionCoverage>('replay.coverage', { session: 1 });
    const backfill = c.spans.filter((s) => s.kind === 'backfill');
    expect(backfill.length).toBeGreaterThan(0);
    // The outage: every device offline from about 3 to 8 minutes into the story, then sending its buffer.
    const first = backfill[0]!.from - c.from!;
    const last = backfill[backfill.length - 1]!.to - c.from!;
    expect(first).toBeGreaterThan(170_000);
    expect(first).toBeLessThan(200_000);
    expect(last).toBeGreaterThan(460_000);
    expect(last).toBeLessThan(510_000);
    // Nothing is missing in event time: the buffers filled the outage.
    expect(c.spans.filter((s) => s.kind === 'gap')).toEqual([]);
  });

  it('back-tests a session with edited thresholds: alerts vanish or appear, progress is told, the recording is kept', async () => {
    const { call } = await open('door-slams');
    const progress: TaskProgress[] = [];
    service!.on('progress', (p) => progress.push(p));
    const rules = await call<{ ok: true; value: Rules }>('replay.rules', { session: 1 });
    expect(rules.value.door.slamRateDps).toBeGreaterThan(0);
    const recorded = (await call<{ rule: string }[]>('replay.alerts', { session: 1 })).length;

    // The same rules: every recorded alert again, unchanged.
    const same = await call<{ ok: true; value: SessionBacktest }>('replay.backtest', { session: 1, rules: {} });
    expect(same.value).toMatchObject({ appeared: 0, vanished: 0, moved: 0 });
    expect(same.value.alerts).toBe(same.value.recorded);
    expect(same.value.markers.every((m) => m.change === 'unchanged')).toBe(true);
    expect(progress[progress.length - 1]).toMatchObject({ task: 'backtest', session: 1 });
    expect(progress[progress.length - 1]!.done).toBe(progress[progress.length - 1]!.total);

    // Slam alerts switched off: they vanish, at their recorded times.
    const quiet = await call<{ ok: true; value: SessionBacktest }>('replay.backtest', {
      session: 1,
      rules: { alerts: { 'door-slammed': { enabled: false } } },
    });
    const slams = same.value.markers.filter((m) => m.rule === 'door-slammed');
    expect(slams.length).toBeGreaterThan(0);
    expect(quiet.value.vanished).toBe(slams.length);
    expect(quiet.value.markers.filter((m) => m.change === 'vanished').map((m) => m.t)).toEqual(slams.map((m) => m.t));
    // A CO2 threshold the rooms' ordinary air exceeds: CO2 alerts appear.
    const strict = await call<{ ok: true; value: SessionBacktest }>('replay.backtest', {
      session: 1,
      rules: { co2: { thresholdPpm: 520 } },
    });
    expect(strict, JSON.stringify(strict).slice(0, 300)).toMatchObject({ ok: true });
    expect(strict.value.appeared).toBeGreaterThan(0);
    expect(strict.value.markers.filter((m) => m.change === 'appeared').every((m) => m.rule === 'co2-high')).toBe(true);
    // The recording is as it was.
    expect((await call<unknown[]>('replay.alerts', { session: 1 })).length).toBe(recorded);

    // Rules the site schema refuses name the field.
    const bad = await call<{ ok: false; code: string; error: string }>('replay.backtest', {
      session: 1,
      rules: { door: { slamRateDps: 'fast' } },
    });
    expect(bad).toMatchObject({ ok: false, code: 'invalid-rules', error: expect.stringContaining('slamRateDps') });
    expect(await call('replay.backtest', { session: 9, rules: {} })).toMatchObject({ ok: false, code: 'no-session' });
  });
});
