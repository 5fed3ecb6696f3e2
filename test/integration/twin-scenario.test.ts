/**
 * A scripted scenario over a real broker, end to end: a door opens, people enter room A, its CO2 climbs far faster
 * than the room model allows, the door slams, and room B's CO2 sensor sticks. Checks the live twin's states and
 * stored alerts, that replaying the recording reproduces the live picture exactly, and the back-test command.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../electron/common/frame';
import type { SampleValues } from '../../electron/common/sample';
import type { TwinState } from '../../electron/common/twin';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { readSite } from '../../electron/core/twin/site/defaultSite';
import { MqttSource } from '../../electron/core/sources/MqttSource';
import { AlertStore, type StoredAlert } from '../../electron/core/store/AlertStore';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { readInputs } from '../../electron/core/store/readInputs';
import { runInputs } from '../../electron/core/runner';
import { twinView } from '../../electron/core/twin';
import defaultSite from '../../assets/sites/door-two-rooms.json';
import { runTwinscope } from '../helpers/cli';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeTempDir } from '../helpers/tempDir';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('twin scenario over real MQTT', () => {
  const dir = makeTempDir();
  const db = `${dir.path}/scenario.db`;
  const siteFile = `${dir.path}/site.json`;
  let broker: Mosquitto;
  let live: TwinState;
  const frames: TwinFrame[] = [];
  let alerts: StoredAlert[];

  beforeAll(async () => {
    // The default site, with rules scaled to a 12-second test (the rules live in the site file).
    const rules = structuredClone(defaultSite.rules) as Record<string, Record<string, unknown>>;
    rules.health = { stuck: { co2: { ms: 4000, epsilon: 0, minSamples: 5 } } };
    rules.alerts = { ...rules.alerts, 'co2-abnormal-rise': { raiseAfterMs: 1000, clearAfterMs: 120000 } };
    writeFileSync(siteFile, JSON.stringify({ ...defaultSite, rules }));
    const site = await readSite(siteFile);

    broker = await Mosquitto.start(dir.path);
    const recorder = new LiveHub({ db, site, onFrame: (f) => frames.push(f) });
    const source = new MqttSource({ url: broker.url, clientId: 'ts-scenario' });
    await recorder.add(source);
    await waitFor('connected', () => source.status === 'connected');
    const dev = await connectPublisher(broker.url, 'scenario-devices');

    const seq: Record<string, number> = { 'room-a': 0, 'room-b': 0, door: 0 };
    const send = (d: string, data: SampleValues): Promise<void> =>
      publish(dev, d, 'tele', tele(d, seq[d]!++, data, { ts: Date.now(), up: 60_000 + seq[d]! * 100 }));
    const rooms = async (co2a: number, motion: boolean): Promise<void> => {
      await send('room-a', { co2: Math.round(co2a), temp: 21.5, rh: 40, lux: 300, motion });
      await send('room-b', { co2: 612, temp: 21, rh: 41, lux: 250, motion: false }); // stuck at 612
    };
    const door = (data: SampleValues): Promise<void> => send('door', { accel: [0, 0, 1], ...data });

    await publish(dev, 'door', 'status', 'online', true);
    // 0-2 s: quiet, door closed.
    for (let i = 0; i < 4; i++) {
      await rooms(450, false);
      await door({ door: 'closed', gyro: [0, 0, 0] });
      await sleep(500);
    }
    // 2-3 s: the door swings open at 90 deg/s.
    for (let i = 0; i < 10; i++) {
      await door({ door: 'open', gyro: [0, 0, 90] });
      await sleep(100);
    }
    await door({ door: 'open', gyro: [0, 0, 0] });
    // 3-8 s: people come in; room A's CO2 climbs 100 ppm a second.
    let co2 = 450;
    for (let i = 0; i < 10; i++) {
      co2 += 50;
      await rooms(co2, true);
      await door({ door: 'open', gyro: [0, 0, 0] });
      await sleep(500);
    }
    // 8 s: the door slams: -300 deg/s for 0.3 s, closed, with a 2.5 g knock.
    for (let i = 0; i < 3; i++) {
      await door({ door: 'open', gyro: [0, 0, -300] });
      await sleep(100);
    }
    await door({ door: 'closed', gyro: [0, 0, -20], accel: [0.4, 2.5, 1] });
    // 8-12 s: CO2 keeps climbing with the door shut.
    for (let i = 0; i < 8; i++) {
      co2 += 50;
      await rooms(co2, i % 2 === 0);
      await door({ door: 'closed', gyro: [0, 0, 0] });
      await sleep(500);
    }
    await sleep(1500); // beyond the reorder window, so the live picture has applied everything
    await dev.endAsync();
    await recorder.stop();
    live = recorder.runner!.current;
    const h = openDatabase(db, { readonly: true });
    alerts = new AlertStore(h).list();
    h.close();
  }, 60_000);

  afterAll(async () => {
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('shows the door closed after one slam, room A occupied and over the CO2 threshold', () => {
    const view = twinView(live);
    expect(view.doors.door!.position).toBe('closed');
    expect(view.doors.door!.slamsToday).toBe(1);
    expect(view.rooms.a!.occupied).toBe(true);
    expect(view.rooms.a!.co2!.value).toBeGreaterThan(1000);
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.flatMap((f) => f.events).filter((e) => e.kind === 'slam')).toHaveLength(1);
  });

  it('stored the alerts the scenario is meant to raise, with their evidence', () => {
    const rules = new Set(alerts.map((a) => `${a.rule}:${a.subject}`));
    expect([...rules]).toEqual(expect.arrayContaining(['door-slammed:door', 'co2-high:a', 'co2-abnormal-rise:a']));
    const stuck = alerts.find((a) => a.rule === 'sensor-stuck');
    expect(stuck?.subject).toContain('room-b');
    for (const a of alerts) expect(a.keys.length).toBeGreaterThan(0);
  });

  it('replays the recording to the same picture and alerts, bit for bit', async () => {
    const site = await readSite(siteFile);
    const h = openDatabase(db, { readonly: true });
    const replayed = runInputs(site, readInputs(h, {}, 'arrival'), { batchSize: 7 });
    h.close();
    expect(JSON.stringify(twinView(replayed))).toBe(JSON.stringify(twinView(live)));
  });

  it('back-tests changed rules: a higher CO2 threshold makes the co2-high alert vanish', async () => {
    const rules = structuredClone(defaultSite.rules) as Record<string, Record<string, unknown>>;
    rules.co2 = { ...rules.co2, thresholdPpm: 5000 };
    const changed = `${dir.path}/higher-threshold.json`;
    writeFileSync(changed, JSON.stringify({ ...defaultSite, rules }));
    const r = await runTwinscope(['backtest', '--db', db, '--site', changed, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { changes: { change: string; rule: string }[] };
    expect(out.changes).toContainEqual(expect.objectContaining({ change: 'vanished', rule: 'co2-high' }));
    const listed = await runTwinscope(['alerts', '--db', db]);
    expect(listed.stdout).toMatch(/door-slammed/);
  });
});
