/** `record --publish-ha`: a Home Assistant-style subscriber sees the twin's entities and their states. */
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { command as record } from '../../electron/core/cli/commands/record';
import { captureIo } from '../helpers/captureIo';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';

describe('record --publish-ha', () => {
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

  it('announces the twin with discovery and publishes door, occupancy and alerts', async () => {
    const ha = await mqtt.connectAsync(broker.url, { clientId: 'home-assistant', protocolVersion: 4 });
    const retained = new Map<string, string>();
    const history: string[] = [];
    ha.on('message', (topic, payload) => {
      retained.set(topic, payload.toString());
      history.push(`${topic} ${payload.toString()}`);
    });
    await ha.subscribeAsync(['homeassistant/#', 'twinscope/ha/#'], { qos: 1 });
    const gw = await mqtt.connectAsync(broker.url, { clientId: 'pi-gateway', protocolVersion: 4 });
    const { io } = captureIo();
    const done = record.run(
      [
        '--db',
        `${dir.path}/h.db`,
        '--mqtt',
        broker.url,
        '--client-id',
        'ts-ha',
        '--publish-ha',
        '--duration',
        '9',
        '--quiet',
      ],
      io,
    );
    await waitFor(
      'discovery',
      () => retained.has('homeassistant/binary_sensor/door-two-rooms/a_occupied/config'),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    // The gateway: room A with motion, the door open then slammed shut.
    const t0 = Date.now();
    for (let i = 0; i < 12; i++) {
      const t = new Date(t0 + i * 500).toISOString();
      const angle = i < 4 ? 0 : i < 9 ? 80 : 0;
      await gw.publishAsync(
        'door',
        JSON.stringify({
          local_data: { door_timestamp: t, angle, gyro: null, magnet: angle === 0 },
          remote_data: { device_1: { temperature: 21, humidity: 40, light: 300, motion: 1, co2: 700, timestamp: t } },
        }),
        { qos: 1 },
      );
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await done).toBe(0);
    await waitFor('offline', () => retained.get('twinscope/ha/door-two-rooms/status') === 'offline', 5_000);
    await gw.endAsync();
    await ha.endAsync();

    const config = JSON.parse(retained.get('homeassistant/binary_sensor/door-two-rooms/a_occupied/config')!) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      device_class: 'occupancy',
      state_topic: 'twinscope/ha/door-two-rooms/a_occupied/state',
      availability_topic: 'twinscope/ha/door-two-rooms/status',
    });
    for (const e of [
      'door_position',
      'door_angle',
      'door_slams_today',
      'a_occupants',
      'a_co2_threshold_in',
      'active_alerts',
    ]) {
      expect(retained.has(`homeassistant/sensor/door-two-rooms/${e}/config`)).toBe(true);
    }
    expect(retained.get('twinscope/ha/door-two-rooms/a_occupied/state')).toBe('ON');
    expect(retained.get('twinscope/ha/door-two-rooms/door_position/state')).toBe('closed');
    expect(retained.get('twinscope/ha/door-two-rooms/door_slams_today/state')).toBe('1');
    // The slam alert was active while recording; a stopped recording closes its alerts, and says so.
    const attributes = history.filter((h) => h.startsWith('twinscope/ha/door-two-rooms/active_alerts/attributes '));
    expect(attributes.some((a) => a.includes('"rule":"door-slammed"'))).toBe(true);
    expect(retained.get('twinscope/ha/door-two-rooms/active_alerts/state')).toBe('0');
  }, 40_000);
});
