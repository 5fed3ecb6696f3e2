/** Virtual devices answer host commands with acks, over MQTT and over serial, as the firmware does. */
import mqtt from 'mqtt';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCommand } from '../../electron/core/protocol/encode';
import { LineFramer } from '../../electron/core/protocol/LineFramer';
import { runSimulation } from '../../electron/core/sim/Runner';
import { Simulation } from '../../electron/core/sim/Simulation';
import { MqttTransport } from '../../electron/core/sim/transports/MqttTransport';
import { SerialTransport } from '../../electron/core/sim/transports/SerialTransport';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { PtyPair } from '../helpers/ptyPair';
import { makeTempDir } from '../helpers/tempDir';

type Msg = Record<string, unknown>;

describe('commands to virtual devices', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('answers identify, set_interval, time and replay over MQTT', async () => {
    const broker = await Mosquitto.start(dir.path);
    const sim = new Simulation({ scenario: 'normal-day', site: defaultSite(), seed: 3, start: Date.now(), rateHz: 1 });
    const transport = new MqttTransport({ url: broker.url, clientPrefix: 'cmd-test' });
    await transport.open(sim.devices.map((d) => d.dev));
    const host = await mqtt.connectAsync(broker.url, { clientId: 'host', protocolVersion: 4 });
    const seen: Msg[] = [];
    await host.subscribeAsync(['twinscope/v1/room-a/ack', 'twinscope/v1/room-a/tele'], { qos: 1 });
    host.on('message', (_t, p) => seen.push(JSON.parse(p.toString()) as Msg));
    const ac = new AbortController();
    const run = runSimulation(sim, transport, { speed: 1, signal: ac.signal });
    try {
      await waitFor('telemetry', () => seen.some((m) => m.t === 'tele'), 10_000);
      const cmd = (id: string, op: 'identify' | 'set_interval' | 'time' | 'replay', args?: Record<string, number>) =>
        host.publishAsync(
          'twinscope/v1/room-a/cmd',
          encodeCommand({ v: 1, t: 'cmd', id, op, ...(args ? { args } : {}) }),
          {
            qos: 1,
          },
        );
      await cmd('c1', 'identify', { s: 2 });
      await cmd('c2', 'set_interval', { ms: 5 });
      await cmd('c3', 'set_interval', { ms: 200 });
      await cmd('c4', 'time', { ts: Date.now() });
      await host.publishAsync('twinscope/v1/room-a/cmd', '{"v":1,"t":"cmd","id":"c5","op":"dance"}', { qos: 1 });
      const acks = await waitFor('five acks', () => {
        const a = seen.filter((m) => m.t === 'ack');
        return a.length >= 5 ? a : undefined;
      });
      expect(acks.map((a) => [a.id, a.ok, a.err])).toEqual([
        ['c1', true, undefined],
        ['c2', false, 'bad interval'],
        ['c3', true, undefined],
        ['c4', true, undefined],
        ['c5', false, 'unknown op'],
      ]);
      // After `time` the device's messages carry ts; after set_interval 200 ms telemetry comes faster.
      const t0 = Date.now();
      await waitFor(
        'fast synced telemetry',
        () => seen.filter((m) => m.t === 'tele' && typeof m.ts === 'number').length >= 5,
        5_000,
      );
      expect(Date.now() - t0).toBeLessThan(3_000);
      // Replay a range it still holds: resent with `sup`; a range it never had: `not buffered`.
      const tele = seen.filter((m) => m.t === 'tele');
      const from = tele[0]!.seq as number;
      await cmd('c6', 'replay', { from, to: from + 1 });
      await cmd('c7', 'replay', { from: from + 100_000, to: from + 100_001 });
      await waitFor('replay acks', () => seen.filter((m) => m.t === 'ack').length >= 7);
      const resent = seen.filter((m) => m.sup !== undefined);
      expect(resent.map((m) => m.seq)).toContain(from);
      expect(
        seen
          .filter((m) => m.t === 'ack')
          .slice(5)
          .map((a) => [a.id, a.ok, a.err ?? null]),
      ).toEqual([
        ['c6', true, null],
        ['c7', false, 'not buffered'],
      ]);
    } finally {
      ac.abort();
      await run;
      await transport.close();
      await host.endAsync();
      await broker.stop('SIGKILL');
    }
  }, 40_000);

  it('answers over serial', async () => {
    const pty = await PtyPair.start(dir.path);
    const sim = new Simulation({ scenario: 'normal-day', site: defaultSite(), seed: 3, start: Date.now(), rateHz: 1 });
    const transport = new SerialTransport([{ path: pty.a, devices: ['door'] }]);
    await transport.open(['door']);
    const host = new SerialPort({ path: pty.b, baudRate: 115200, hupcl: false });
    const lines: Msg[] = [];
    const framer = new LineFramer({ line: (l) => void lines.push(JSON.parse(l) as Msg), overflow: () => undefined });
    host.on('data', (c: Buffer) => framer.push(c));
    const ac = new AbortController();
    const run = runSimulation(sim, transport, { speed: 1, signal: ac.signal });
    try {
      await waitFor('door hello', () => lines.some((m) => m.dev === 'door'), 10_000);
      host.write(`${encodeCommand({ v: 1, t: 'cmd', id: 's1', op: 'time', args: { ts: Date.now() } })}\n`);
      host.write('{"v":1,"t":"cmd","id":"s2"\n');
      const acks = await waitFor('acks', () => {
        const a = lines.filter((m) => m.t === 'ack');
        return a.length >= 1 ? a : undefined;
      });
      expect(acks[0]).toMatchObject({ dev: 'door', id: 's1', ok: true });
    } finally {
      ac.abort();
      await run;
      await transport.close();
      await new Promise<void>((r) => host.close(() => r()));
      await pty.stop();
    }
  }, 30_000);
});
