/**
 * Late data over a real broker: room B reports live for 20 s while a gateway carrying the door and room A is cut
 * off; then the gateway flushes the 5 minutes it buffered in one burst (a slam and a CO2 episode inside). Both
 * alerts must be raised at their event times, marked found late, stored, and notified once each to a real local
 * webhook; QoS 1 redelivery of part of the burst changes nothing; an acknowledgement survives a later rewind.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../electron/common/frame';
import type { SampleValues } from '../../electron/common/sample';
import { createAlertDispatcher } from '../../electron/core/alerts/delivery/deliver';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { MqttSource } from '../../electron/core/sources/MqttSource';
import { AlertStore } from '../../electron/core/store/AlertStore';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { startReceiver, type Closers, type Receiver } from '../helpers/alertReceivers';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeTempDir } from '../helpers/tempDir';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Buffered {
  dev: string;
  seq: number;
  t: number;
  data: SampleValues;
}

/** What the gateway buffered: 5 minutes of room A (CO2 over 1000 ppm for ~100 s) and the door (one slam). */
function backlog(end: number): Buffered[] {
  const out: Buffered[] = [];
  const start = end - 300_000;
  let seqA = 0;
  let seqD = 0;
  for (let t = start; t < end; t += 1000) {
    const k = (t - start) / 1000;
    const co2 = k >= 60 && k < 160 ? 1010 : k < 60 ? 995 : 900;
    out.push({ dev: 'room-a', seq: ++seqA, t, data: { co2, temp: 21.5, rh: 40 } });
    out.push({ dev: 'door', seq: ++seqD, t, data: { door: 'closed', gyro: [0, 0, 0], accel: [0, 0, 1] } });
    if (k === 200) {
      // The leaf opened earlier and is slammed: fast telemetry around the closing, as the firmware sends it.
      const swing: [number, SampleValues][] = [
        [100, { door: 'open', gyro: [0, 0, 0], accel: [0, 0, 1] }],
        [200, { door: 'open', gyro: [0, 0, -320], accel: [0, 0, 1] }],
        [300, { door: 'open', gyro: [0, 0, -320], accel: [0, 0, 1] }],
        [400, { door: 'closed', gyro: [0, 0, 0], accel: [0, 2.4, 1] }],
      ];
      for (const [dt, data] of swing) out.push({ dev: 'door', seq: ++seqD, t: t + dt, data });
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

describe('a burst of buffered data after an outage', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let hub: LiveHub | undefined;
  const closers: Closers = [];

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
  });
  afterEach(async () => {
    await hub?.stop();
    while (closers.length > 0) await closers.pop()!();
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('raises the slam and the CO2 episode at their event times, found late, stored and notified once', async () => {
    const hook: Receiver = await startReceiver(closers, (_n, res) => res.writeHead(204).end());
    const site = defaultSite();
    const dispatcher = createAlertDispatcher([{ kind: 'webhook', url: hook.url }], {
      site: { id: site.id, name: site.name },
    });
    const frames: TwinFrame[] = [];
    const db = `${dir.path}/burst.db`;
    hub = new LiveHub({
      db,
      site,
      onFrame: (f) => frames.push(f),
      onEvents: (events) => dispatcher.push(events),
    });
    await hub.add(new MqttSource({ url: broker.url, clientId: 'ts-burst' }));
    const live = await connectPublisher(broker.url, 'room-b-live');
    const gateway = await connectPublisher(broker.url, 'gateway');

    // Room B live every second, with a synced clock, for the whole test (so nothing else goes silent).
    const t0 = Date.now();
    let seqB = 0;
    const roomB = (): Promise<void> =>
      publish(live, 'room-b', 'tele', tele('room-b', ++seqB, { co2: 650, temp: 22 }, { ts: Date.now() }));
    await roomB();
    const ticker = setInterval(() => void roomB(), 1000);
    await sleep(20_000);
    const before = frames[frames.length - 1]!;
    expect(before.view.t).toBeGreaterThan(t0 + 15_000);
    expect(before.view.doors.door!.position).toBe('unknown');
    expect(before.view.alerts.filter((a) => a.rule === 'door-slammed' || a.rule === 'co2-high')).toEqual([]);
    const seekBefore = before.seekSeq;

    // The gateway is back: its 5-minute backlog in one burst, marked as buffered.
    const end = Date.now();
    const buffered = backlog(end);
    // Uptime: the devices booted 400 s before the flush; `sup` is the uptime when the buffer was sent.
    const booted = end - 400_000;
    const stamp = (b: Buffered) => ({ ts: b.t, up: b.t - booted, sup: end - booted });
    for (const b of buffered) await publish(gateway, b.dev, 'tele', tele(b.dev, b.seq, b.data, stamp(b)));
    const slamAt = buffered.find((b) => b.dev === 'door' && b.data.accel?.[1] === 2.4)!.t;
    const co2At = buffered.find((b) => b.dev === 'room-a' && b.data.co2 === 1010)!.t;

    const after = await waitFor(
      'the slam in the live picture',
      () => {
        const f = frames[frames.length - 1]!;
        return f.view.doors.door!.slamsTotal === 1 && f.view.devices['room-a']!.received >= 300 ? f : undefined;
      },
      15_000,
    );
    // During the burst: whenever the picture went back in time, the frame said so (a new seekSeq), so the renderer
    // drops what it interpolated instead of blending across the jump.
    const during = frames.slice(frames.indexOf(before));
    for (let i = 1; i < during.length; i++) {
      const [a, b] = [during[i - 1]!, during[i]!];
      if ((b.view.t ?? 0) < (a.view.t ?? 0)) expect(b.seekSeq).toBeGreaterThan(a.seekSeq);
      expect(b.seekSeq).toBeGreaterThanOrEqual(a.seekSeq);
    }
    // The picture was rewound and now shows the backfilled past applied.
    expect(after.seekSeq).toBeGreaterThan(seekBefore);
    expect(after.view.late.rewinds).toBeGreaterThan(0);
    expect(after.view.late.applied).toBeGreaterThan(500);
    expect(after.view.doors.door!.position).toBe('closed');
    expect(after.view.doors.door!.lastSlamT).toBe(slamAt);
    const slamAlert = after.view.alerts.find((a) => a.rule === 'door-slammed')!;
    expect(slamAlert.raisedAt).toBe(slamAt);
    expect(slamAlert.foundLateMs).toBeGreaterThan(60_000);
    // Room B kept going meanwhile: the live device is applied as it was.
    expect(after.view.rooms.b!.co2!.value).toBe(650);

    // QoS 1 redelivery of part of the burst: duplicates are dropped, nothing is raised again.
    for (const b of buffered.slice(0, 50)) {
      await publish(gateway, b.dev, 'tele', tele(b.dev, b.seq, b.data, stamp(b)));
    }
    await waitFor('duplicates counted', () => hub!.counts.duplicates >= 50);

    // The user acknowledges the slam; then more old data arrives and rewinds again: it stays acknowledged.
    hub.acknowledge(slamAlert.id);
    const old = { ts: end - 250_000, up: 150_000, sup: 400_000 };
    await publish(live, 'room-b', 'tele', tele('room-b', 1000, { co2: 640 }, old));
    await waitFor('another rewind', () => frames[frames.length - 1]!.view.late.rewinds > after.view.late.rewinds);
    const acked = frames[frames.length - 1]!.view.alerts.find((a) => a.id === slamAlert.id)!;
    expect(acked.status).toBe('acknowledged');

    await waitFor('both notifications', () => hook.bodies.length >= 2, 15_000);
    await sleep(1500);
    clearInterval(ticker);
    await live.endAsync();
    await gateway.endAsync();
    await hub.stop();
    hub = undefined;
    await dispatcher.idle();

    const bodies = hook.bodies as { change: string; late: string | null; alert: { id: string; rule: string } }[];
    const notified = bodies.map((b) => `${b.change} ${b.alert.rule}`).sort();
    expect(notified, JSON.stringify(bodies.map((b) => [b.change, b.alert]))).toEqual([
      'raised co2-high',
      'raised door-slammed',
    ]);
    for (const b of bodies) expect(b.late).toMatch(/^During the outage, at \d\d:\d\d UTC/);

    const h = openDatabase(db, { readonly: true });
    const stored = new AlertStore(h).list();
    h.close();
    const slam = stored.filter((a) => a.rule === 'door-slammed');
    const co2 = stored.filter((a) => a.rule === 'co2-high');
    expect(slam).toHaveLength(1);
    expect(slam[0]).toMatchObject({ raisedAt: slamAt, status: 'cleared', ackedAt: expect.any(Number) });
    expect(slam[0]!.foundLateMs).toBeGreaterThan(60_000);
    expect(co2).toHaveLength(1);
    expect(co2[0]!.raisedAt).toBe(co2At);
    expect(co2[0]!.clearedAt).toBeGreaterThan(co2At + 100_000);
    expect(co2[0]!.clearedAt).toBeLessThan(end);
    expect(co2[0]!.foundLateMs).toBeGreaterThan(100_000);
  }, 60_000);
});
