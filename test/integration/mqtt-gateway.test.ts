import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as devicesCommand } from '../../electron/core/cli/commands/devices';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { AdapterSet } from '../../electron/core/protocol/adapters/AdapterSet';
import { MqttSource } from '../../electron/core/sources/MqttSource';
import { HistoryReader } from '../../electron/core/store/HistoryReader';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { readSite } from '../../electron/core/twin/site/defaultSite';
import { captureIo } from '../helpers/captureIo';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';

const ZERO = '0000-00-00T00:00:00.000Z';

describe('the door-and-rooms gateway over a real mosquitto, with the default site', () => {
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

  it('stores each room report once and drives a door that opens, closes and slams', async () => {
    const site = await readSite(undefined);
    const adapters = new AdapterSet({ site });
    const db = `${dir.path}/h.db`;
    const hub = new LiveHub({ db, site, adapters, frameHz: 50 });
    const source = new MqttSource({ url: broker.url, clientId: 'twinscope-gw', reconnectMs: 200, adapters });
    await hub.add(source);
    await waitFor('connected', () => source.status === 'connected');
    const gw = await mqtt.connectAsync(broker.url, { clientId: 'pi-gateway', protocolVersion: 4 });

    // 60 payloads, 0.5 s apart in event time, ending about now: the door opens, closes slowly, opens, slams.
    const t0 = Date.now() - 31_000;
    const angles = [0, 0, 0, 0, 0, 20, 45, 70, 80, 80, 80, 60, 40, 20, 5, 0, 0, 0, 0, 0];
    angles.push(0, 0, 30, 60, 80, 80, 80, 80, 0, 0); // 80° to 0 in 0.5 s: 160 deg/s, a slam
    while (angles.length < 60) angles.push(0);
    const iso = (t: number): string => new Date(t).toISOString();
    let roomA = 0;
    let roomB = 0;
    for (let i = 0; i < 60; i++) {
      const t = t0 + i * 500;
      const angle = angles[i]!;
      const prev = angles[i - 1] ?? 0;
      // Room sensors report every 5 s; the gateway repeats their last report in between.
      const reportA = Math.floor(i / 10);
      const reportB = Math.floor(i / 10);
      const payload = {
        local_data: {
          door_timestamp: iso(t),
          // The gateway leaves the angle and rate out now and then.
          angle: i % 7 === 3 ? null : angle,
          gyro: i % 7 === 3 ? null : (angle - prev) / 0.5,
          magnet: angle === 0,
        },
        remote_data: {
          device_1: {
            temperature: 21 + reportA / 10,
            humidity: 40,
            light: 300,
            motion: reportA % 2,
            co2: 600 + reportA * 20,
            timestamp: iso(t0 + reportA * 5000),
          },
          // This sensor never had a time: the zero timestamp.
          device_2: { temperature: 20, humidity: 45, light: 50, motion: 0, co2: 500 + reportB * 10, timestamp: ZERO },
        },
      };
      if (i % 10 === 0) {
        roomA++;
        roomB++;
      }
      await gw.publishAsync('door', JSON.stringify(payload), { qos: 1 });
    }
    // Bad payloads are counted rejections naming the entity.
    await gw.publishAsync('door', '{"local_data":{"door_timestamp":"yesterday","magnet":true}}', { qos: 1 });
    await gw.publishAsync('door', '{"remote_data":{"device_1":{"co2":-5,"timestamp":"2026-12-01T10:00:00Z"}}}', {
      qos: 1,
    });
    await waitFor('all readings', () => hub.counts.samples === 60 + roomA + roomB && hub.counts.rejected === 2, 15_000);
    // Room B's readings are timed by arrival (now), after the others' last event times: they apply once the
    // quiet sensors stop holding the twin back (idle after 5 s of host time), as they would live.
    const view = await waitFor(
      'room B in the twin',
      () => {
        hub.tick();
        const v = hub.runner!.view();
        return v.rooms.b?.co2 ? v : undefined;
      },
      15_000,
    );
    await gw.endAsync();
    await hub.stop();

    expect(view.doors.door!.slamsTotal).toBe(1);
    expect(view.doors.door!.position).toBe('closed');
    // Each room's newest report waits for that sensor's next one (event-time progress); the one before is applied.
    expect([680, 700]).toContain(view.rooms.a!.co2!.value);
    expect([540, 550]).toContain(view.rooms.b!.co2!.value);

    const h = openDatabase(db, { readonly: true });
    const samples = [...new HistoryReader(h).samples()];
    const a = samples.filter((s) => s.dev === 'room-a');
    const b = samples.filter((s) => s.dev === 'room-b');
    expect(a).toHaveLength(roomA);
    expect(b).toHaveLength(roomB);
    expect(a.every((s) => s.timeBasis === 'device')).toBe(true);
    expect(b.every((s) => s.timeBasis === 'estimated')).toBe(true);
    expect(a.map((s) => s.t)).toEqual([0, 1, 2, 3, 4, 5].map((k) => t0 + k * 5000));
    const door = samples.filter((s) => s.dev === 'door');
    expect(door).toHaveLength(60);
    expect(door.some((s) => s.values.door === 'open') && door.some((s) => s.values.angle === undefined)).toBe(true);
    const rejects = h.prepare('SELECT dev, code, detail FROM rejects ORDER BY id').all() as {
      dev: string;
      code: string;
    }[];
    expect(rejects.map((r) => [r.dev, r.code])).toEqual([
      ['gw:door', 'bad_field'],
      ['gw:device_1', 'out_of_range'],
    ]);
    h.close();

    const { io, out } = captureIo();
    expect(await devicesCommand.run(['--db', db], io)).toBe(0);
    const line = (dev: string) => out.find((l) => l.startsWith(`${dev} `)) ?? '';
    expect(line('room-a')).toMatch(/gateway .* a at \(1, 4.5, 1.2\) \(bound from gw:device_1\)/);
    expect(line('door')).toMatch(/gateway .*door,gyro,angle .*bound from gw:door/);
  }, 40_000);
});
