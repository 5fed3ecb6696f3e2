/**
 * Portable recordings end to end, through the `twinscope` command: export a recorded session to a .twinrec, import it
 * into an empty history and into one that already holds sessions, verify both; a second import is refused, and so
 * are a tampered file, an overlapping recording, a plain history and a file that is not SQLite at all.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwinInput } from '../../electron/common/twin';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { readInputs } from '../../electron/core/store/readInputs';
import { listSessions } from '../../electron/core/store/SessionsReader';
import { SnapshotStore } from '../../electron/core/store/SnapshotStore';
import { readHeader, TWINREC_FORMAT } from '../../electron/core/store/twinrec/format';
import { runTwinscope } from '../helpers/cli';
import { recordScenario } from '../helpers/recordScenario';
import { makeSealedHistory, writeSession } from '../helpers/sealedHistory';
import { makeTempDir } from '../helpers/tempDir';

function inputsOf(file: string, session: number): TwinInput[] {
  const db = openDatabase(file, { readonly: true });
  try {
    return [...readInputs(db, {}, 'arrival', session)];
  } finally {
    db.close();
  }
}

function summaryOf(file: string, session: number): { samples: number; from: unknown; to: unknown; devices: string[] } {
  const db = openDatabase(file, { readonly: true });
  try {
    const s = listSessions(db).find((x) => x.id === session)!;
    return { samples: s.samples, from: s.from, to: s.to, devices: s.devices };
  } finally {
    db.close();
  }
}

/** Every stored engine snapshot of a session, decoded, by arrival position. */
function snapshotsOf(file: string, session: number): [number, string][] {
  const db = openDatabase(file, { readonly: true });
  try {
    const store = new SnapshotStore(db);
    const arrivals = db
      .prepare('SELECT arrival FROM engine_snapshots WHERE session = ? ORDER BY arrival')
      .pluck()
      .all(session) as number[];
    return arrivals.map((a) => [a, store.before(session, Number.MAX_SAFE_INTEGER, a)!.state]);
  } finally {
    db.close();
  }
}

describe('.twinrec export and import', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let recorded: string;
  let twinrec: string;
  beforeAll(async () => {
    dir = makeTempDir();
    recorded = `${dir.path}/recorded.db`;
    await recordScenario(recorded);
    twinrec = `${dir.path}/session-1.twinrec`;
  }, 60_000);
  afterAll(() => dir.remove());

  it('exports a session into a .twinrec that verifies on its own and says what it is', async () => {
    const r = await runTwinscope([
      'export',
      '--db',
      recorded,
      '--session',
      '1',
      '--format',
      'twinrec',
      '--out',
      twinrec,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/exported session 1 \(\d+ records\) to .*session-1\.twinrec: session 1: intact/);
    expect(existsSync(`${twinrec}.partial`)).toBe(false);
    const v = await runTwinscope(['verify', '--db', twinrec]);
    expect(v.stdout).toMatch(/^session 1: intact/);
    const db = new Database(twinrec, { readonly: true });
    expect(readHeader(db)).toMatchObject({ format: TWINREC_FORMAT, session: 1, sourceSession: 1, complete: true });
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
    db.close();
  });

  it('imports it into an empty history, with the same inputs in the same order, and refuses it the second time', async () => {
    const target = `${dir.path}/empty.db`;
    const r = await runTwinscope(['import', twinrec, '--db', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^imported .* as session 1 of .*empty\.db: \d+ records\nsession 1: intact/);
    expect((await runTwinscope(['verify', '--db', target])).code).toBe(0);
    expect(inputsOf(target, 1)).toEqual(inputsOf(recorded, 1));
    // Engine snapshots come along with the dictionary they were deflated with.
    const snapshots = snapshotsOf(recorded, 1);
    expect(snapshots.length).toBeGreaterThan(3);
    expect(snapshotsOf(target, 1)).toEqual(snapshots);
    // The session's summary (listing, replay span) is of what was imported.
    expect(summaryOf(target, 1)).toEqual(summaryOf(recorded, 1));
    expect(summaryOf(target, 1).samples).toBeGreaterThan(0);

    const again = await runTwinscope(['import', twinrec, '--db', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is already imported as session 1 of .*empty\.db; nothing imported/);
    const db = new Database(target, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
    db.close();
  });

  it('gives the session the next id where its own is taken, moving sample ids after the history’s own', async () => {
    const target = makeSealedHistory(`${dir.path}/busy.db`, { seconds: 120, seal: 'final', boot: 7 });
    const r = await runTwinscope(['import', twinrec, '--db', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/as session 2 \(session 1 in the file\)/);
    const v = await runTwinscope(['verify', '--db', target]);
    expect(v.stdout).toMatch(/^session 1: intact .*\nsession 2: intact /);
    expect(v.code).toBe(0);
    // The replay of the imported session sees what the original recording saw, in arrival order.
    expect(inputsOf(target, 2)).toEqual(inputsOf(recorded, 1));
    expect(snapshotsOf(target, 2)).toEqual(snapshotsOf(recorded, 1));
  });

  it('refuses a tampered .twinrec, naming the record, and writes nothing', async () => {
    const file = `${dir.path}/tampered.twinrec`;
    copyFileSync(twinrec, file);
    const at = execFileSync('sqlite3', [file, 'SELECT min(arrival) FROM samples WHERE arrival >= 100;'], {
      encoding: 'utf8',
    }).trim();
    execFileSync('sqlite3', [file, `UPDATE samples SET via = 'serial' WHERE arrival = ${at};`]);
    const target = `${dir.path}/from-tampered.db`;
    const r = await runTwinscope(['import', file, '--db', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`does not verify, nothing imported: session 1: FAILED: sample arrival ${at} \\(dev .*\\) altered`),
    );
    expect(existsSync(target)).toBe(false);
    expect((await runTwinscope(['verify', '--db', file])).code).toBe(1);
  });

  it('refuses a recording whose samples the history holds under another session', async () => {
    const source = makeSealedHistory(`${dir.path}/overlap-source.db`, { seconds: 60, seal: 'final' });
    const file = `${dir.path}/overlap.twinrec`;
    expect(
      (await runTwinscope(['export', '--db', source, '--session', '1', '--format', 'twinrec', '--out', file])).code,
    ).toBe(0);
    // The same devices' readings, recorded (say) by another laptop from the same broker, in another session.
    const target = `${dir.path}/overlap-target.db`;
    const db = openDatabase(target);
    writeSession(db, { seconds: 30, seal: 'final', started: Date.UTC(2026, 10, 2, 9, 0, 5) });
    db.close();
    const r = await runTwinscope(['import', file, '--db', target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already holds sample \(dev room-a, boot 1, seq 0\) of this recording, in session 1/);
    const after = new Database(target, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
    after.close();
  });

  it('exports what is sealed from a session being recorded, and says what was left out', async () => {
    const source = makeSealedHistory(`${dir.path}/live.db`, { seconds: 200, seal: 'periodic' });
    // Records after the seal, while a `record` holds the database (its lock), so export cannot seal them.
    const db = openDatabase(source);
    db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival) VALUES (1, '', 'clock', '{}', 0, 1, 1401)`,
    ).run();
    const file = `${dir.path}/live.twinrec`;
    const r = await runTwinscope(['export', '--db', source, '--session', '1', '--format', 'twinrec', '--out', file]);
    db.close();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /already being recorded into .*: exported what is sealed, arrivals 1\.\.1400; 1 later records/,
    );
    const v = await runTwinscope(['verify', '--db', file]);
    expect(v.stdout).toMatch(/^session 1: intact, sealed up to arrival 1400/);
    expect(v.code).toBe(0);
  });

  it('refuses a plain history, another program’s SQLite file and a file that is not SQLite, each by name', async () => {
    const target = `${dir.path}/refusals.db`;
    const plain = await runTwinscope(['import', recorded, '--db', target]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/is a Twinscope history, not a \.twinrec recording/);
    const foreign = `${dir.path}/foreign.sqlite`;
    const f = new Database(foreign);
    f.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)');
    f.close();
    const other = await runTwinscope(['import', foreign, '--db', target]);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(/foreign\.sqlite is not a Twinscope history/);
    const junk = `${dir.path}/junk.twinrec`;
    writeFileSync(junk, Buffer.alloc(4096, 7));
    const bad = await runTwinscope(['import', junk, '--db', target]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/junk\.twinrec: file is not a database/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const usage = await runTwinscope(['export', '--db', recorded, '--format', 'twinrec', '--out', `${dir.path}/x`]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/needs --session ID/);
  });
});
