import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { MqttSource } from '../../electron/core/sources/MqttSource';
import { HistoryReader } from '../../electron/core/store/HistoryReader';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { RejectsReader } from '../../electron/core/store/RejectsReader';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeTempDir } from '../helpers/tempDir';

describe('MQTT source against a real mosquitto', () => {
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

  async function recorderOn(db: string, clientId = 'twinscope-test'): Promise<LiveHub> {
    const r = new LiveHub({ db });
    await r.add(new MqttSource({ url: broker.url, clientId, reconnectMs: 200 }));
    await waitFor(
      'connected',
      () => r.counts && (r as unknown as { sources: { status: string }[] }).sources[0]?.status === 'connected',
    );
    return r;
  }

  it('stores late, backfilled and unsynced samples at their event time, and rejects bad input visibly', async () => {
    const db = `${dir.path}/h.db`;
    const rec = await recorderOn(db);
    const dev = await connectPublisher(broker.url, 'dev-room-a');
    const now = Date.now();
    // An unsynced device that booted 100 s ago: its uptime follows the wall clock, as a real one does.
    const bootedAt = now - 100_000;
    const up = (): number => Date.now() - bootedAt;
    const up10 = up();
    await publish(dev, 'room-a', 'tele', tele('room-a', 10, { co2: 500 }, { up: up10 }));
    await new Promise((r) => setTimeout(r, 200));
    const up11 = up();
    await publish(dev, 'room-a', 'tele', tele('room-a', 11, { co2: 510 }, { up: up11 }));
    // Backfill from the offline buffer: measured 60 s before seq 10, sent now.
    await publish(dev, 'room-a', 'tele', tele('room-a', 5, { co2: 450 }, { up: up10 - 60_000, sup: up() }));
    // A synced device, out of order.
    await publish(dev, 'door', 'tele', tele('door', 2, { door: 'open' }, { ts: now - 1000 }));
    await publish(dev, 'door', 'tele', tele('door', 1, { door: 'closed' }, { ts: now - 2000 }));
    // Bad input: wrong device in the topic, a huge payload, not JSON, a bad status.
    await publish(dev, 'room-b', 'tele', tele('room-a', 12));
    await publish(dev, 'room-a', 'tele', Buffer.alloc(64 * 1024, 0x41));
    await publish(dev, 'room-a', 'tele', 'hello?');
    await publish(dev, 'room-a', 'status', 'maybe');
    await publish(dev, 'room-a', 'status', 'online', true);
    await waitFor('5 samples and 4 rejects', () => rec.counts.samples === 5 && rec.counts.rejected === 4);
    await dev.endAsync();
    await rec.stop();

    const h = openDatabase(db, { readonly: true });
    const reader = new HistoryReader(h);
    const samples = [...reader.samples()];
    const a = samples.filter((s) => s.dev === 'room-a');
    expect(a.map((s) => s.seq)).toEqual([5, 10, 11]);
    expect(a.every((s) => s.timeBasis === 'estimated')).toBe(true);
    // The estimate keeps the device's own spacing, within the network latency of a loopback broker.
    expect(Math.abs(a[1]!.t - a[0]!.t - 60_000)).toBeLessThan(50);
    expect(Math.abs(a[2]!.t - a[1]!.t - (up11 - up10))).toBeLessThan(50);
    expect(a[0]!.backfill && a[0]!.late).toBe(true);
    expect(Math.abs(a[2]!.t - now)).toBeLessThan(5_000);
    const d = samples.filter((s) => s.dev === 'door');
    expect(d.map((s) => [s.seq, s.t, s.late])).toEqual([
      [1, now - 2000, true],
      [2, now - 1000, false],
    ]);
    const codes = new RejectsReader(h)
      .counts()
      .map((c) => c.code)
      .sort();
    expect(codes).toEqual(['bad_field', 'not_json', 'too_long', 'topic_mismatch']);
    expect(h.prepare("SELECT status FROM devices WHERE dev = 'room-a'").pluck().get()).toBe('online');
    h.close();
  });

  it('loses no QoS 1 message across a broker restart mid-stream', async () => {
    const db = `${dir.path}/h.db`;
    const rec = await recorderOn(db);
    const dev = await connectPublisher(broker.url, 'gateway-1');
    const total = 3000;
    const sending = (async () => {
      for (let seq = 0; seq < total; seq++) {
        // Not awaited one by one: mqtt.js queues while the broker is away and resends after reconnecting.
        void publish(dev, 'room-b', 'tele', tele('room-b', seq)).catch(() => undefined);
        if (seq % 100 === 0) await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await waitFor('some samples', () => rec.counts.samples > 300);
    await broker.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await broker.restart();
    await sending;
    await waitFor(`${total} samples`, () => rec.counts.samples === total, 20_000);
    await dev.endAsync();
    await rec.stop();
    expectAllOnce(db, 'room-b', total);
  });

  it('gets the queue the broker kept for it after the broker was killed (kill -9) and restarted', async () => {
    const db = `${dir.path}/h.db`;
    // Twinscope subscribes once (creating its persistent session), then is away while a device publishes.
    let rec = await recorderOn(db);
    await rec.stop();
    const dev = await connectPublisher(broker.url, 'gateway-2');
    const total = 2000;
    await Promise.all(Array.from({ length: total }, (_, seq) => publish(dev, 'room-a', 'tele', tele('room-a', seq))));
    await dev.endAsync();
    // mosquitto saves its state every second (autosave_interval 1); a kill -9 before a save loses what it
    // acknowledged since the last one, on the broker's side. Make that save happen now, then kill it.
    await broker.save();
    await broker.stop('SIGKILL');
    await broker.restart();
    rec = await recorderOn(db);
    await waitFor(`${total} samples`, () => rec.counts.samples === total, 20_000);
    await rec.stop();
    expectAllOnce(db, 'room-a', total);
  });
});

function expectAllOnce(db: string, dev: string, total: number): void {
  const h = openDatabase(db, { readonly: true });
  const row = h
    .prepare(
      'SELECT count(*) AS n, count(DISTINCT seq) AS u, min(seq) AS lo, max(seq) AS hi FROM samples WHERE dev = ?',
    )
    .get(dev);
  expect(row).toEqual({ n: total, u: total, lo: 0, hi: total - 1 });
  h.close();
}
