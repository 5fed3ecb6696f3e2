/**
 * Files and ownership: commands that only read never change a file (another application's SQLite file stays byte
 * for byte the same, and is refused by name), work on a history in a folder they cannot write to, and every error
 * names the file. One writer per database, enforced; output files that cannot be written fail before any success.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reap, spawnTwinscope, type CliProcess } from '../helpers/cliProcess';
import { migrate } from '../../electron/core/store/schema';
import { makeHistory } from '../helpers/history';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';

const SITE = fileURLToPath(new URL('../../assets/sites/door-two-rooms.json', import.meta.url));
const NOBODY = { uid: 65534, gid: 65534 };

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every command that only reads a history, as a user would call it. */
const READERS = (db: string): string[][] => [
  ['export', '--db', db, '--format', 'csv'],
  ['alerts', '--db', db],
  ['rejects', '--db', db],
  ['devices', '--db', db],
  ['backtest', '--db', db, '--site', SITE],
];

async function run(args: string[], user?: typeof NOBODY): Promise<{ code: number | string; out: string }> {
  const p = spawnTwinscope(args, user ? { user } : {});
  const code = await p.exited;
  return { code, out: p.output() };
}

describe('twinscope and the files it is given', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const procs: CliProcess[] = [];
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    procs.splice(0).forEach(reap);
    chmodSync(dir.path, 0o777);
    for (const d of readdirSync(dir.path)) if (!d.includes('.')) chmodSync(`${dir.path}/${d}`, 0o777);
    dir.remove();
  });

  it("refuses another application's SQLite file, reading or recording, and leaves it byte for byte as it was", async () => {
    const file = `${dir.path}/contacts.db`;
    const raw = new Database(file);
    raw.exec("CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Ada', '555-0100');");
    raw.close();
    const before = sha(file);
    for (const args of [...READERS(file), ['record', '--db', file, '--demo', '--duration', '1']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.out).toContain(`${file} is not a Twinscope history`);
    }
    expect(sha(file)).toBe(before);
    expect(readdirSync(dir.path)).toEqual(['contacts.db']);
  });

  it('reads a history of an older schema without upgrading the file', async () => {
    const file = `${dir.path}/old.db`;
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    migrate(raw, 2);
    raw
      .prepare(
        `INSERT INTO samples (dev, boot, seq, t, up, t_dev, t_recv, basis, via, flags, kind, mask, data)
         VALUES ('room-a', 1, 1, 1764580000000, 1000, NULL, 1764580000005, 'estimated', 'serial', 0, 'tele', 1, '{"co2":600}')`,
      )
      .run();
    raw.close();
    const before = sha(file);
    for (const args of READERS(file)) {
      const r = await run(args);
      expect(r.code, `${args.join(' ')}\n${r.out}`).toBe(0);
    }
    expect((await run(['export', '--db', file, '--format', 'ndjson'])).out).toContain('"co2":600');
    expect(sha(file)).toBe(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    check.close();
  });

  it('names the file that is not a database at all, and leaves it alone', async () => {
    const file = `${dir.path}/notes.db`;
    writeFileSync(file, 'shopping: milk, bread\n'.repeat(100));
    const before = sha(file);
    for (const args of [READERS(file)[0]!, ['record', '--db', file, '--demo', '--duration', '1']]) {
      const r = await run(args);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${file}: file is not a database`);
    }
    expect(sha(file)).toBe(before);
  });

  it('reads a history in a folder it cannot write to, and says why it cannot record there', async () => {
    // The CLI runs as "nobody" here: it must be able to reach the checkout.
    const probe = await run(['--version'], NOBODY);
    expect(probe.code, `nobody cannot run ${process.cwd()}/bin/twinscope.js (open its folders with chmod o+x)`).toBe(0);
    const ro = `${dir.path}/archive`;
    mkdirSync(ro);
    const db = makeHistory(`${ro}/h.db`, 500);
    chmodSync(`${ro}/h.db`, 0o444);
    chmodSync(ro, 0o555);
    const before = sha(db);
    for (const args of READERS(db)) {
      const r = await run(args, NOBODY);
      expect(r.code, `${args.join(' ')}\n${r.out}`).toBe(0);
    }
    const csv = await run(['export', '--db', db, '--format', 'csv'], NOBODY);
    expect(csv.out.trim().split('\n')).toHaveLength(501 + 1); // header, rows, "exported" line
    const rec = await run(['record', '--db', db, '--demo', '--duration', '1'], NOBODY);
    expect(rec.code).toBe(1);
    expect(rec.out).toMatch(new RegExp(`${db}: readonly database`));
    expect(sha(db)).toBe(before);
    expect(readdirSync(ro)).toEqual(['h.db']);
  });

  it('says which file is locked when another program holds it', async () => {
    const db = makeHistory(`${dir.path}/busy.db`, 10);
    const other = new Database(db);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const r = await run(['devices', '--db', db]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`${db}: database is locked`);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
  }, 20_000);

  it('allows one recorder per database, naming the other one; a lock left by a killed recorder is taken over', async () => {
    const broker = await Mosquitto.start(dir.path);
    try {
      const db = `${dir.path}/one.db`;
      const first = spawnTwinscope(['record', '--db', db, '--mqtt', broker.url, '--client-id', 'lock-1']);
      procs.push(first);
      await waitFor('first recording', () => first.output().includes(': connected'));
      const second = await run(['record', '--db', db, '--mqtt', broker.url, '--client-id', 'lock-2']);
      expect(second.code).toBe(1);
      expect(second.out).toMatch(
        new RegExp(`${db} is already being recorded into by process ${first.proc.pid} \\(twinscope record --db`),
      );
      expect(second.out).toContain('one writer per database');
      await first.stop('SIGKILL');
      expect(existsSync(`${db}.lock`)).toBe(true);
      const third = spawnTwinscope(['record', '--db', db, '--mqtt', broker.url, '--client-id', 'lock-3']);
      procs.push(third);
      await waitFor('third recording', () => third.output().includes(': connected'));
      expect((await third.stop('SIGINT')).code).toBe(0);
      expect(existsSync(`${db}.lock`)).toBe(false);
    } finally {
      await broker.stop('SIGKILL');
    }
  });

  it('fails before claiming success when --out is a missing folder or a folder', async () => {
    const db = makeHistory(`${dir.path}/x.db`, 300);
    for (const out of [`${dir.path}/missing/out.ndjson`, dir.path]) {
      const sim = await run(['simulate', '--scenario', 'meeting', '--speed', 'max', '--out', out]);
      expect(sim.code).toBe(1);
      expect(sim.out).toMatch(/--out .*(does not exist|is a folder)/);
      expect(sim.out).not.toMatch(/done:/);
      const exp = await run(['export', '--db', db, '--format', 'csv', '--out', out.replace('ndjson', 'csv')]);
      expect(exp.code).toBe(1);
      expect(exp.out).toMatch(/--out .*(does not exist|is a folder)/);
      expect(exp.out).not.toMatch(/exported/);
    }
  });
});
