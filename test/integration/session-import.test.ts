/**
 * Importing a .twinrec from the app while it records: through the WebSocket API (the desktop app's dialog, here a
 * chooser handing over a path as Electron's would) and through browser mode's HTTP upload, into a serve whose live
 * recorder is fed over a real mosquitto. The live samples keep being committed while a 1-hour session is imported; a
 * duplicate, a tampered file and a recording that overlaps one held (found half-way) are refused and leave nothing;
 * uploads without the token, from another Origin, of garbage or over the size limit are refused.
 */
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../electron/common/api';
import type { SessionInfo, TaskProgress } from '../../electron/common/replay';
import { TOKEN_COOKIE } from '../../electron/common/wire';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { uploadsFolder } from '../../electron/core/app/sessionImport';
import { TwinscopeServer } from '../../electron/core/server/TwinscopeServer';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { exportTwinrec } from '../../electron/core/store/twinrec/exportTwinrec';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeSealedHistory, SESSION_START } from '../helpers/sealedHistory';
import { makeTempDir } from '../helpers/tempDir';
import { connectApi, eventually, type WsCaller } from '../helpers/wsCall';

const MAX_UPLOAD = 8 * 2 ** 20;
const HOUR = 3600;

interface Posted {
  status: number;
  body: string;
}

function post(port: number, body: Buffer, headers: Record<string, string>, path = '/imports'): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A sealed session exported as a .twinrec: `seconds` of six devices at 1 Hz, booted `boot`, from `started`. */
async function twinrecOf(dir: string, name: string, seconds: number, boot: number, started: number): Promise<string> {
  const history = makeSealedHistory(join(dir, `${name}.db`), { seconds, seal: 'final', boot, started });
  const out = join(dir, `${name}.twinrec`);
  await exportTwinrec(history, 1, out, { twinscope: 'test' });
  return out;
}

describe('importing a .twinrec into a recording app', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let service: TwinscopeService;
  let server: TwinscopeServer;
  let api: WsCaller;
  let device: MqttClient;
  let feeding: NodeJS.Timeout;
  let port: number;
  let token: string;
  let dbPath: string;
  /** What the desktop app's dialog would hand over next (undefined: the user cancelled). */
  let chosen: string | undefined;
  const progress: TaskProgress[] = [];
  let hour: string;

  const browser = (): Record<string, string> => ({
    Origin: `http://127.0.0.1:${port}`,
    Cookie: `${TOKEN_COOKIE}=${token}`,
    'Content-Type': 'application/octet-stream',
  });
  const upload = async (file: string, name = 'office.twinrec'): Promise<{ status: number; result: ImportResult }> => {
    const r = await post(port, readFileSync(file), { ...browser(), 'X-Twinscope-File-Name': encodeURIComponent(name) });
    return { status: r.status, result: JSON.parse(r.body) as ImportResult };
  };
  /** Sessions and samples other than the live one's: what an import may add to, and a refusal must leave alone. */
  const held = (): { sessions: number[]; samples: number } => {
    const db = openDatabase(dbPath, { readonly: true });
    try {
      return {
        sessions: db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all() as number[],
        samples: db.prepare("SELECT count(*) FROM samples WHERE dev <> 'live-1'").pluck().get() as number,
      };
    } finally {
      db.close();
    }
  };
  const liveCommitted = (): number => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare("SELECT count(*) FROM samples WHERE dev = 'live-1'").pluck().get() as number;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = makeTempDir();
    hour = await twinrecOf(dir.path, 'hour', HOUR, 1, SESSION_START);
    broker = await Mosquitto.start(dir.path);
    dbPath = join(dir.path, 'data', 'history.db');
    service = new TwinscopeService(dbPath, defaultSite(), { chooseImportFile: () => Promise.resolve(chosen) });
    service.on('progress', (p) => progress.push(p));
    server = new TwinscopeServer({ service, root: dir.path, port: 0, maxUploadBytes: MAX_UPLOAD });
    // What a server killed mid-upload left: removed before it listens.
    mkdirSync(uploadsFolder(dbPath), { recursive: true });
    writeFileSync(join(uploadsFolder(dbPath), `upload-${'0'.repeat(32)}.twinrec`), 'half an upload');
    writeFileSync(join(uploadsFolder(dbPath), 'keep.txt'), 'not ours');
    const url = new URL(await server.listen());
    port = Number(url.port);
    token = url.searchParams.get('token')!;
    expect(readdirSync(uploadsFolder(dbPath))).toEqual(['keep.txt']);
    rmSync(join(uploadsFolder(dbPath), 'keep.txt'));
    api = await connectApi(`ws://127.0.0.1:${port}/api?token=${token}`);
    const c = await api.call('sources.connect', { kind: 'mqtt', url: broker.url, clientId: 'ts-import' });
    expect(c.ok).toBe(true);
    device = await connectPublisher(broker.url, 'live-1');
    let seq = 0;
    // A live device at 20 Hz for the whole test.
    feeding = setInterval(() => void publish(device, 'live-1', 'tele', tele('live-1', seq++)), 50);
    await eventually('live samples recorded', async () => liveCommitted() > 5);
  }, 120_000);
  afterAll(async () => {
    clearInterval(feeding);
    await device?.endAsync();
    api?.ws.close();
    await server?.close();
    await service?.close();
    await broker?.stop();
    dir.remove();
  });

  it('imports a 1-hour session through the WebSocket API while the live samples go on being committed', async () => {
    chosen = hour;
    const before = held();
    const counts: number[] = [];
    let importing = true;
    const watch = (async () => {
      while (importing) {
        counts.push(liveCommitted());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const r = await api.call('sessions.import', { from: 'dialog' });
    importing = false;
    await watch;
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ file: 'hour.twinrec', records: HOUR * 7, sourceSession: 1 });
    expect(r.value.summary).toMatch(/^session \d+: intact \(25200 records/);
    // The live recorder committed all along: its count grew several times while the import ran.
    const rises = counts.filter((n, i) => i > 0 && n > counts[i - 1]!).length;
    expect(counts.length, 'the import was too quick to watch').toBeGreaterThan(3);
    expect(rises).toBeGreaterThanOrEqual(Math.floor(counts.length / 2));
    const imports = progress.filter((p) => p.task === 'import');
    expect(imports.length).toBeGreaterThan(2);
    expect(imports.at(-1)).toMatchObject({ session: r.value.session, done: HOUR * 7, total: HOUR * 7 });
    const sessions = (await api.call('sessions.list', undefined)) as SessionInfo[];
    expect(sessions.find((s) => s.id === r.value.session)).toMatchObject({ samples: HOUR * 6, recording: false });
    expect(held()).toEqual({ sessions: [...before.sessions, r.value.session].sort(), samples: HOUR * 6 });
    const [v] = await api.call('sessions.verify', { session: r.value.session });
    expect(v!.status).toBe('intact');
    // The live session goes on, itself intact so far.
    const [live] = await api.call('sessions.verify', { session: sessions.find((s) => s.recording)!.id });
    expect(live!.status).not.toBe('failed');
  }, 120_000);

  it('refuses the same recording again, uploaded, and changes nothing', async () => {
    const before = held();
    const r = await upload(hour, 'hour again.twinrec');
    expect(r.status).toBe(200);
    expect(r.result).toMatchObject({ ok: false, code: 'already-imported' });
    if (r.result.ok) return;
    expect(r.result.error).toMatch(/hour again\.twinrec is already imported as session \d+/);
    expect(r.result.error).not.toMatch(/upload-/);
    expect(held()).toEqual(before);
    expect(readdirSync(uploadsFolder(dbPath))).toEqual([]);
  });

  it('refuses a tampered file, naming the record, and changes nothing', async () => {
    const other = await twinrecOf(dir.path, 'other', 600, 2, SESSION_START + 86_400_000);
    const tampered = join(dir.path, 'tampered.twinrec');
    copyFileSync(other, tampered);
    const db = new Database(tampered);
    db.prepare(`UPDATE samples SET data = '{"co2":5000}' WHERE arrival = 100`).run();
    db.close();
    const before = held();
    const r = await upload(tampered, 'tampered.twinrec');
    expect(r.result).toMatchObject({ ok: false, code: 'tampered' });
    if (!r.result.ok) expect(r.result.error).toMatch(/tampered\.twinrec does not verify.*arrival 100.*altered/);
    chosen = tampered;
    expect(await api.call('sessions.import', { from: 'dialog' })).toMatchObject({ ok: false, code: 'tampered' });
    expect(held()).toEqual(before);
  }, 60_000);

  it('imports an upload as a new session', async () => {
    const other = await twinrecOf(dir.path, 'uploaded', 900, 3, SESSION_START + 2 * 86_400_000);
    const before = held();
    const r = await upload(other, 'uploaded.twinrec');
    expect(r.status).toBe(200);
    expect(r.result).toMatchObject({ ok: true, value: { file: 'uploaded.twinrec', records: 900 * 7 } });
    if (!r.result.ok) return;
    expect(held()).toEqual({
      sessions: [...before.sessions, r.result.value.session].sort((a, b) => a - b),
      samples: before.samples + 900 * 6,
    });
    expect(readdirSync(uploadsFolder(dbPath))).toEqual([]);
  }, 60_000);

  it('removes what it wrote when the database refuses a sample half-way (the recording overlaps one held)', async () => {
    // The hour's devices and boot, numbered on past it: newest first, 1,200 s of samples copy before the overlap.
    const longer = await twinrecOf(dir.path, 'longer', HOUR + 1200, 1, SESSION_START - 3_600_000);
    const before = held();
    chosen = longer;
    const seen = progress.length;
    const r = await api.call('sessions.import', { from: 'dialog' });
    expect(r).toMatchObject({ ok: false, code: 'overlaps' });
    if (!r.ok)
      expect(r.error).toMatch(/already holds sample \(dev \S+, boot 1, seq \d+\) of this recording, in session/);
    // It had got under way: pages were committed before the overlap was met.
    expect(progress.slice(seen).some((p) => p.task === 'import' && p.done >= 5000)).toBe(true);
    expect(held()).toEqual(before);
    const db = openDatabase(dbPath, { readonly: true });
    const orphans = db
      .prepare('SELECT count(*) FROM samples WHERE session IS NOT NULL AND session NOT IN (SELECT id FROM sessions)')
      .pluck()
      .get();
    db.close();
    expect(orphans).toBe(0);
  }, 60_000);

  it('says why when the dialog was cancelled, or there is none', async () => {
    chosen = undefined;
    expect(await api.call('sessions.import', { from: 'dialog' })).toMatchObject({ ok: false, code: 'cancelled' });
    const bare = new TwinscopeService(join(dir.path, 'bare', 'h.db'), defaultSite());
    try {
      expect(await bare.dispatch('sessions.import', { from: 'dialog' })).toMatchObject({
        ok: true,
        value: { ok: false, code: 'no-dialog' },
      });
      // A path never crosses the API: only names the server gave its uploads.
      expect(await bare.dispatch('sessions.import', { from: 'upload', upload: '../history.db' })).toMatchObject({
        ok: false,
        code: 'invalid-argument',
      });
    } finally {
      await bare.close();
    }
  });

  it('refuses uploads without the token, from another page, of garbage, or over the limit', async () => {
    const before = held();
    const bytes = readFileSync(hour);
    const noToken = await post(port, bytes, { Origin: `http://127.0.0.1:${port}` });
    expect(noToken.status).toBe(401);
    const wrongToken = await post(port, bytes, { ...browser(), Cookie: `${TOKEN_COOKIE}=nope` });
    expect(wrongToken.status).toBe(401);
    const foreign = await post(port, bytes, { ...browser(), Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    // Not a browser: no Origin, the token in the URL.
    const script = await post(port, Buffer.alloc(0), {}, `/imports?token=${token}`);
    expect(JSON.parse(script.body)).toMatchObject({ ok: false, code: 'not-twinrec' });

    const junk = join(dir.path, 'junk.twinrec');
    writeFileSync(junk, Buffer.alloc(64 * 1024, 7));
    const garbage = await upload(junk, 'junk.twinrec');
    expect(garbage.result).toMatchObject({ ok: false, code: 'not-twinrec' });
    if (!garbage.result.ok) expect(garbage.result.error).toMatch(/junk\.twinrec: file is not a database/);

    const big = join(dir.path, 'big.twinrec');
    writeFileSync(big, Buffer.alloc(MAX_UPLOAD + 1, 1));
    const tooLarge = await upload(big, 'big.twinrec');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.result).toMatchObject({ ok: false, code: 'too-large' });
    if (!tooLarge.result.ok)
      expect(tooLarge.result.error).toMatch(/big\.twinrec is larger than this server takes \(8 MB\)/);
    expect(held()).toEqual(before);
    expect(readdirSync(uploadsFolder(dbPath))).toEqual([]);
  }, 60_000);
});
