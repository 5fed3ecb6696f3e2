import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { SerialSource } from '../../electron/core/sources/SerialSource';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { RejectsReader } from '../../electron/core/store/RejectsReader';
import { tele } from '../helpers/messages';
import { waitFor } from '../helpers/processes';
import { PtyPair } from '../helpers/ptyPair';
import { makeTempDir } from '../helpers/tempDir';

function openWriter(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 115200 }, (err) => (err ? reject(err) : resolve(port)));
  });
}

function write(port: SerialPort, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => port.write(data, (err) => (err ? reject(err) : port.drain(() => resolve()))));
}

describe('serial source over a real pty pair', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let pty: PtyPair;
  let recorder: LiveHub;
  let source: SerialSource;
  const problems: string[] = [];

  beforeEach(async () => {
    dir = makeTempDir();
    pty = await PtyPair.start(dir.path);
    recorder = new LiveHub({ db: `${dir.path}/h.db`, onProblem: (p) => problems.push(p.message) });
    source = new SerialSource({ path: pty.a });
    await recorder.add(source);
  });

  afterEach(async () => {
    await recorder.stop().catch(() => undefined);
    await pty.stop().catch(() => undefined);
    dir.remove();
  });

  it('keeps every good line among logs, garbage, split and over-long lines', async () => {
    const port = await openWriter(pty.b);
    const good = Array.from({ length: 50 }, (_, i) => tele('room-a', i));
    // A line split across writes, logs, binary noise and an over-long line between good messages.
    await write(port, 'ESP-ROM:esp32c6-20220919\r\nBuild:Sep 19 2022\n');
    await write(port, `${good[0]}\n${good[1]!.slice(0, 20)}`);
    await write(port, `${good[1]!.slice(20)}\n`);
    await write(port, Buffer.from([0x00, 0xff, 0x13, 0x88, 0x0a]));
    await write(port, `{"v":1,"t":"tele","dev":"room-a","junk":"${'x'.repeat(3000)}"}\n`);
    await write(port, `{"v":1,"t":"tele","dev":"room-a","boot":1,"seq":999,"up":1,"ts":null,"data":{"co2":-1}}\n`);
    for (const line of good.slice(2)) await write(port, `${line}\r\n`);
    await write(port, `${good[5]}\n`); // a duplicate
    await waitFor('50 samples', () => recorder.counts.samples === 50 || undefined);
    await waitFor('the duplicate', () => recorder.counts.duplicates === 1 || undefined);
    await new Promise<void>((r) => port.close(() => r()));
    await recorder.stop();

    const db = openDatabase(`${dir.path}/h.db`, { readonly: true });
    const seqs = db.prepare("SELECT seq FROM samples WHERE dev = 'room-a' ORDER BY seq").pluck().all();
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const codes = new RejectsReader(db).counts().map((c) => [c.code, c.count]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['garbage', 1],
        ['too_long', 1],
        ['out_of_range', 1],
      ]),
    );
    const logs = db.prepare('SELECT line FROM device_log ORDER BY id').pluck().all();
    expect(logs).toEqual(['ESP-ROM:esp32c6-20220919', 'Build:Sep 19 2022']);
    const dev = db.prepare("SELECT received, duplicates, missing FROM devices WHERE dev = 'room-a'").get();
    expect(dev).toEqual({ received: 50, duplicates: 1, missing: 0 });
    db.close();
  });

  it('reconnects when the cable is pulled and plugged back', async () => {
    let port = await openWriter(pty.b);
    await write(port, `${tele('door', 1)}\n`);
    await waitFor('first sample', () => recorder.counts.samples === 1 || undefined);
    await pty.stop(); // cable pulled: the reader sees close
    await waitFor('reconnecting status', () => problems.some((p) => p.includes('disconnected')));
    await pty.start(); // plugged back, same path
    port = await openWriter(pty.b);
    // The source retries with backoff; keep sending until it is back.
    await waitFor(
      'sample after re-plug',
      () => {
        void write(port, `${tele('door', 2)}\n`).catch(() => undefined);
        return recorder.counts.samples >= 2 || undefined;
      },
      15_000,
    );
    await new Promise<void>((r) => port.close(() => r()));
    await recorder.stop();
    const db = openDatabase(`${dir.path}/h.db`, { readonly: true });
    expect(db.prepare("SELECT seq FROM samples WHERE dev = 'door' ORDER BY seq").pluck().all()).toEqual([1, 2]);
    db.close();
  });

  it('sends commands to the device as one NDJSON line', async () => {
    const port = await openWriter(pty.b);
    let received = '';
    port.on('data', (d: Buffer) => (received += d.toString()));
    await waitFor('the port to open', () => source.status === 'connected');
    expect(await source.send('door', { v: 1, t: 'cmd', id: 'c1', op: 'set_interval', args: { ms: 500 } })).toBe(true);
    await waitFor('the command line', () => received.includes('\n'));
    expect(JSON.parse(received)).toEqual({ v: 1, t: 'cmd', id: 'c1', op: 'set_interval', args: { ms: 500 } });
    await new Promise<void>((r) => port.close(() => r()));
  });
});
