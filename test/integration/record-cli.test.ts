import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTwinscope, startTwinscope } from '../helpers/cli';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { PtyPair } from '../helpers/ptyPair';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeTempDir } from '../helpers/tempDir';

function countRows(db: string, dev: string): number {
  if (!existsSync(db)) return 0;
  try {
    const h = new Database(db, { readonly: true });
    try {
      return (h.prepare('SELECT count(*) AS n FROM samples WHERE dev = ?').get(dev) as { n: number }).n;
    } finally {
      h.close();
    }
  } catch {
    return 0; // not created yet
  }
}

async function waitRows(db: string, dev: string, n: number, ms = 20_000): Promise<void> {
  await waitFor(`${n} rows of ${dev}`, () => countRows(db, dev) >= n, ms);
}

describe('twinscope record as a process', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
  });

  afterEach(async () => {
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('loses nothing the broker still holds when killed with kill -9 mid-ingest, three times, and the database opens cleanly', async () => {
    const db = `${dir.path}/h.db`;
    const args = ['record', '--db', db, '--mqtt', broker.url, '--client-id', 'ts-kill', '--quiet'];
    let rec = startTwinscope(args);
    await waitFor('the database', () => existsSync(db));
    await new Promise((r) => setTimeout(r, 500)); // subscribed
    const dev = await connectPublisher(broker.url, 'dev-kill');
    const total = 5000;
    const sending = (async () => {
      for (let seq = 0; seq < total; seq++) {
        void publish(dev, 'room-a', 'tele', tele('room-a', seq)).catch(() => undefined);
        if (seq % 50 === 0) await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // Crash it three times while messages stream in; each time what was acknowledged must have been committed.
    for (const atLeast of [800, 1800, 2800]) {
      await waitRows(db, 'room-a', atLeast);
      expect(await rec.kill('SIGKILL')).toBe('SIGKILL');
      expect(countRows(db, 'room-a')).toBeLessThan(total);
      rec = startTwinscope(args);
    }
    await sending;
    await rec.kill('SIGKILL');
    rec = startTwinscope(args);
    await waitRows(db, 'room-a', total);
    expect(await rec.kill('SIGINT')).toBe(0);

    const h = new Database(db, { readonly: true });
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    const row = h.prepare("SELECT count(*) AS n, count(DISTINCT seq) AS u FROM samples WHERE dev = 'room-a'").get();
    expect(row).toEqual({ n: total, u: total });
    expect(h.prepare('SELECT count(*) FROM sessions WHERE ended IS NOT NULL').pluck().get()).toBe(1);
    h.close();
    await dev.endAsync();
  });

  it('does not acknowledge what it could not commit: the broker keeps it for the next run', async () => {
    const db = `${dir.path}/locked.db`;
    const args = ['record', '--db', db, '--mqtt', broker.url, '--client-id', 'ts-locked', '--quiet'];
    let rec = startTwinscope(args);
    await waitFor('the database', () => existsSync(db));
    await new Promise((r) => setTimeout(r, 500)); // subscribed
    // Another writer holds the database: every commit of the recorder fails.
    const lock = new Database(db);
    lock.exec('BEGIN IMMEDIATE');
    const dev = await connectPublisher(broker.url, 'dev-locked');
    await Promise.all(Array.from({ length: 200 }, (_, seq) => publish(dev, 'room-b', 'tele', tele('room-b', seq))));
    await new Promise((r) => setTimeout(r, 500)); // delivered to the recorder, which cannot commit
    await rec.kill('SIGKILL');
    lock.exec('ROLLBACK');
    lock.close();
    expect(countRows(db, 'room-b')).toBe(0);
    rec = startTwinscope(args);
    await waitRows(db, 'room-b', 200);
    expect(await rec.kill('SIGINT')).toBe(0);
    expect(countRows(db, 'room-b')).toBe(200);
    await dev.endAsync();
  });

  it('stores a message once when it arrives over both serial and MQTT, and SIGINT flushes and exits 0', async () => {
    const pty = await PtyPair.start(dir.path);
    const db = `${dir.path}/both.db`;
    const rec = startTwinscope([
      'record',
      '--db',
      db,
      '--serial',
      pty.a,
      '--mqtt',
      broker.url,
      '--client-id',
      'ts-both',
    ]);
    await waitFor('both sources connected', () => (rec.output().match(/: connected/g) ?? []).length === 2);
    const port = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path: pty.b, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)));
    });
    const dev = await connectPublisher(broker.url, 'dev-both');
    const n = 300;
    for (let seq = 0; seq < n; seq++) {
      const line = tele('door', seq, { door: seq % 2 ? 'open' : 'closed' });
      port.write(`${line}\n`);
      await publish(dev, 'door', 'tele', line);
    }
    await waitRows(db, 'door', n);
    await new Promise((r) => setTimeout(r, 300)); // let the second copies arrive
    expect(await rec.kill('SIGINT')).toBe(0);
    expect(rec.output()).toMatch(/stopped: 300 samples stored, 300 duplicates dropped/);
    const h = new Database(db, { readonly: true });
    expect(h.prepare("SELECT count(*) FROM samples WHERE dev = 'door'").pluck().get()).toBe(n);
    expect(h.prepare("SELECT received, duplicates FROM devices WHERE dev = 'door'").get()).toEqual({
      received: n,
      duplicates: n,
    });
    h.close();

    // Export what was recorded, in event-time order.
    const nd = await runTwinscope(['export', '--db', db, '--format', 'ndjson']);
    expect(nd.code).toBe(0);
    const lines = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { dev: string; seq: number; t: number; data: object });
    expect(lines).toHaveLength(n);
    expect(lines.map((l) => l.t)).toEqual([...lines.map((l) => l.t)].sort((a, b) => a - b));
    expect(Object.keys(lines[0]!).slice(0, 5)).toEqual(['dev', 'boot', 'seq', 't', 'data']);
    const csv = await runTwinscope(['export', '--db', db, '--format', 'csv', '--out', `${dir.path}/out.csv`]);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toContain('exported 300 samples');

    await new Promise<void>((r) => port.close(() => r()));
    await dev.endAsync();
    await pty.stop();
  });
});

describe('twinscope commands on bad input', () => {
  it('explains usage mistakes with exit code 2', async () => {
    const r = await runTwinscope(['record']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give at least one --serial PATH or --mqtt URL');
    const e = await runTwinscope(['export', '--db', '/nonexistent/x.db', '--format', 'xml']);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('--format must be ndjson, csv or mcap');
    const u = await runTwinscope(['frobnicate']);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('unknown command "frobnicate"');
  });

  it('says which database it cannot open', async () => {
    const r = await runTwinscope(['rejects', '--db', '/nonexistent/x.db']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot open database /nonexistent/x.db');
  });
});
