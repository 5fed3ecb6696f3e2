/**
 * Tamper-evident recordings end to end: a session recorded through the live hub verifies intact; one value changed,
 * a row deleted or inserted with plain SQL (better-sqlite3, and the sqlite3 command) makes `twinscope verify` fail
 * naming the record; a recorder killed mid-session leaves it verifiable up to its last seal.
 */
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionIntegrity } from '../../electron/common/integrity';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { verifySession } from '../../electron/core/store/integrity/verifySession';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { runTwinscope } from '../helpers/cli';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';

describe('twinscope verify on recorded sessions', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let recorded: string;
  let n = 0;
  /** A fresh copy of the recording to tamper with. */
  const copy = (): string => {
    const file = `${dir.path}/copy-${++n}.db`;
    copyFileSync(recorded, file);
    return file;
  };
  const sql = (file: string, statement: string, ...args: unknown[]): void => {
    const db = new Database(file);
    db.prepare(statement).run(...args);
    db.close();
  };
  const sampleAt = (file: string, arrival: number): { dev: string; t: number } => {
    const db = new Database(file, { readonly: true });
    const r = db.prepare('SELECT dev, t FROM samples WHERE session = 1 AND arrival = ?').get(arrival);
    db.close();
    return r as { dev: string; t: number };
  };
  /** An arrival of the session that holds a sample, near the middle. */
  let middle: number;

  beforeAll(async () => {
    dir = makeTempDir();
    recorded = `${dir.path}/recorded.db`;
    await recordScenario(recorded);
    const db = new Database(recorded, { readonly: true });
    const max = db.prepare('SELECT max(arrival) FROM samples WHERE session = 1').pluck().get() as number;
    middle = db
      .prepare('SELECT min(arrival) FROM samples WHERE session = 1 AND arrival >= ?')
      .pluck()
      .get(Math.floor(max / 2)) as number;
    db.close();
  }, 60_000);
  afterAll(() => dir.remove());

  it('finds a session recorded through the live hub intact, sealed when it ended', async () => {
    const r = await runTwinscope(['verify', '--db', recorded]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^session 1: intact \(\d+ records, sealed at \d{4}-.*\)\n$/);
    expect(r.code).toBe(0);
    const json = await runTwinscope(['verify', '--db', recorded, '--session', '1', '--json']);
    const [one] = JSON.parse(json.stdout) as SessionIntegrity[];
    expect(one).toMatchObject({ session: 1, status: 'intact', final: true, unsealed: 0, problems: [] });
    expect(one!.sealedUpto).toBeGreaterThan(1000);
  });

  it('names a stored value changed with SQL', async () => {
    const file = copy();
    const s = sampleAt(file, middle);
    sql(file, "UPDATE samples SET data = json_set(data, '$.temp', 30) WHERE session = 1 AND arrival = ?", middle);
    const r = await runTwinscope(['verify', '--db', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `session 1: FAILED: sample arrival ${middle} (dev ${s.dev}, t ${new Date(s.t).toISOString()}) altered\n`,
    );
  });

  it('names a deleted row as the missing arrival', async () => {
    const file = copy();
    sql(file, 'DELETE FROM samples WHERE session = 1 AND arrival = ?', middle);
    const r = await runTwinscope(['verify', '--db', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`session 1: FAILED: missing arrival ${middle} (a sealed record was deleted)\n`);
  });

  it('finds a row inserted with the sqlite3 command not in the chain', async () => {
    const file = copy();
    execFileSync('sqlite3', [
      file,
      `INSERT INTO samples (dev, boot, seq, t, up, t_recv, basis, via, flags, kind, mask, data, session, arrival)
       SELECT dev, boot + 100, seq, t, up, t_recv, basis, via, flags, kind, mask, data, session, arrival
         FROM samples WHERE session = 1 AND arrival = ${middle};`,
    ]);
    const r = await runTwinscope(['verify', '--db', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`session 1: FAILED: inserted record at arrival ${middle} is not in the chain\n`);
    // And one appended after the session's end.
    const appended = copy();
    execFileSync('sqlite3', [
      appended,
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival)
       VALUES (1790000000000, 'door', 'status', '{"online":false}', 0, 1, 999999);`,
    ]);
    const a = await runTwinscope(['verify', '--db', appended]);
    expect(a.code).toBe(1);
    expect(a.stdout).toMatch(
      /^session 1: FAILED: inserted record device event arrival 999999 \(status of door, t 2026-\S+\) is not in the chain\n$/,
    );
  });

  it('reports a pruned block as pruned, and the rest as intact', async () => {
    const file = copy();
    sql(file, 'DELETE FROM samples WHERE session = 1 AND arrival BETWEEN 1 AND 1024');
    sql(file, 'DELETE FROM device_events WHERE session = 1 AND arrival BETWEEN 1 AND 1024');
    sql(file, 'UPDATE session_chain SET pruned_at = 1790000000000 WHERE session = 1 AND block = 0');
    const r = await runTwinscope(['verify', '--db', file]);
    expect(r.stdout).toMatch(/^session 1: intact \(.*; 1 block \(1024 arrivals\) pruned by retention\)\n$/);
    expect(r.code).toBe(0);
  });

  it('exits 2 for a file it cannot check, and for a session that is not there', async () => {
    expect((await runTwinscope(['verify', '--db', `${dir.path}/none.db`])).code).toBe(2);
    const r = await runTwinscope(['verify', '--db', recorded, '--session', '9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/there is no session 9/);
    expect((await runTwinscope(['verify', '--db', recorded, '--session', 'x'])).code).toBe(2);
  });

  it('keeps a session verifiable up to its last seal when the recorder dies, and the next one seals the rest', async () => {
    const file = `${dir.path}/crashed.db`;
    const script = fileURLToPath(new URL('../helpers/crashingRecorder.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, file], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');
    const sealed = Number(child.stdout.trim());
    expect(sealed).toBeGreaterThanOrEqual(1500);
    const crashed = await runTwinscope(['verify', '--db', file]);
    expect(crashed.code).toBe(0);
    expect(crashed.stdout).toMatch(
      new RegExp(`^session 1: intact, sealed up to arrival ${sealed} at .*; 100 records after it not yet sealed`),
    );
    // The next recorder seals what the dead one committed; the old session stays unended.
    const next = new LiveHub({ db: file, site: defaultSite() });
    await next.stop();
    const db = new Database(file, { readonly: true });
    const r: SessionIntegrity = verifySession(db, 1);
    db.close();
    expect(r).toMatchObject({ status: 'sealed', sealedUpto: sealed + 100, unsealed: 0 });
    const after = await runTwinscope(['verify', '--db', file]);
    expect(after.stdout).toMatch(/^session 1: intact, sealed up to .*\nsession 2: intact \(/);
  });
});
