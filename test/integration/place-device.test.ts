/**
 * Placing a third-party device from the app, over the browser mode's WebSocket API with a real mosquitto: a
 * zigbee2mqtt sensor publishes, is listed as not placed, is placed in room B, and from then on its readings are room
 * B's, live, while the site file on disk has gained it (and kept everything else). Refusals come back with codes.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceResult } from '../../electron/common/api';
import type { SiteSpec } from '../../electron/common/site';
import type { SourceInfo } from '../../electron/common/source';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { TwinscopeService } from '../../electron/core/app/TwinscopeService';
import { TwinscopeServer } from '../../electron/core/server/TwinscopeServer';
import { siteInForce } from '../../electron/core/twin/site/defaultSite';
import { Mosquitto } from '../helpers/mosquitto';
import { makeTempDir } from '../helpers/tempDir';
import { connectApi, eventually, type WsCaller } from '../helpers/wsCall';

const DEFAULT_SITE = join(process.cwd(), 'assets/sites/door-two-rooms.json');

describe('placing a device from the app', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let service: TwinscopeService;
  let server: TwinscopeServer;
  let api: WsCaller;
  let device: MqttClient;
  let siteFile: string;

  beforeAll(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
    mkdirSync(join(dir.path, 'ui'));
    writeFileSync(join(dir.path, 'ui', 'index.html'), '<!doctype html>');
    siteFile = join(dir.path, 'my-site.json');
    copyFileSync(DEFAULT_SITE, siteFile);
    service = new TwinscopeService(join(dir.path, 'h.db'), await siteInForce(siteFile, join(dir.path, 'data')));
    server = new TwinscopeServer({ service, root: join(dir.path, 'ui'), port: 0 });
    const url = new URL(await server.listen());
    api = await connectApi(`ws://${url.host}/api?token=${server.token}`);
    device = await mqtt.connectAsync(broker.url, { clientId: 'z2m-bridge', protocolVersion: 4 });
  });
  afterAll(async () => {
    await device?.endAsync();
    api?.ws.close();
    await server?.close();
    await service?.close();
    await broker?.stop('SIGKILL');
    dir.remove();
  });

  const publish = (name: string, payload: object): Promise<unknown> =>
    device.publishAsync(`zigbee2mqtt/${name}`, JSON.stringify(payload), { qos: 1 });

  it('lists a zigbee2mqtt sensor as not placed, places it in room B, and room B shows its readings', async () => {
    const connected = await api.call('sources.connect', { kind: 'mqtt', url: broker.url });
    expect(connected.ok).toBe(true);
    const id = (connected as { value: SourceInfo }).value.id;
    await eventually(
      'connected',
      async () => (await api.call('sources.list', undefined)).find((s) => s.id === id)?.status === 'connected',
    );

    await publish('desk sensor', { temperature: 23.4, humidity: 41, linkquality: 120, battery: 80 });
    const listed = await eventually('the sensor listed as not placed', async () =>
      (await api.call('devices.notPlaced', undefined)).find((d) => d.dev === 'z2m:desk_sensor'),
    );
    expect(listed).toMatchObject({ convention: 'z2m', channels: ['temp', 'rh'] });
    expect(listed.lastRecv).toBeGreaterThan(Date.now() - 60_000);
    // Not placed, its readings are nobody's room's.
    expect((await api.call('twin.view', undefined)).rooms.b?.temp).toBeNull();

    const placed = await api.call('site.placeDevice', {
      dev: 'z2m:desk_sensor',
      channels: listed.channels,
      to: { kind: 'room', room: 'b', x: 6.5, y: 1 },
    });
    expect(placed).toMatchObject({ ok: true, value: { sensor: 'z2m:desk_sensor', file: siteFile, copied: false } });

    // The file on disk has the sensor, and everything it had before.
    const onDisk = JSON.parse(readFileSync(siteFile, 'utf8'));
    const before = JSON.parse(readFileSync(DEFAULT_SITE, 'utf8'));
    expect(onDisk.sensors.at(-1)).toEqual({
      dev: 'z2m:desk_sensor',
      channels: ['temp', 'rh'],
      attachedTo: 'b',
      position: [6.5, 1, 1.2],
    });
    expect({ ...onDisk, sensors: onDisk.sensors.slice(0, -1) }).toEqual(before);
    expect((await api.call('site.get', undefined)).sensors.map((s) => s.dev)).toContain('z2m:desk_sensor');

    // The live twin took it without a restart: the next reading is room B's.
    await publish('desk sensor', { temperature: 24.8, humidity: 43, linkquality: 118, battery: 80 });
    const temp = await eventually('room B shows the sensor', async () => {
      const t = (await api.call('twin.view', undefined)).rooms.b?.temp;
      return t?.value === 24.8 ? t : undefined;
    });
    expect(temp.dev).toBe('z2m:desk_sensor');
    expect((await api.call('twin.view', undefined)).rooms.b?.rh?.value).toBe(43);
    expect((await api.call('twin.view', undefined)).devices['z2m:desk_sensor']?.inSite).toBe(true);
    expect((await api.call('devices.notPlaced', undefined)).map((d) => d.dev)).not.toContain('z2m:desk_sensor');
    // The session keeps the site it now runs with, so replaying it places the sensor too.
    const db = openDatabase(join(dir.path, 'h.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT site FROM sessions ORDER BY id DESC LIMIT 1').get() as { site: string };
      expect((JSON.parse(row.site) as SiteSpec).sensors.map((x) => x.dev)).toContain('z2m:desk_sensor');
    } finally {
      db.close();
    }
  });

  it('refuses what cannot be placed, with a code, and changes nothing', async () => {
    const text = readFileSync(siteFile, 'utf8');
    const place = (arg: unknown) => api.reply('site.placeDevice', arg);
    const code = async (arg: unknown): Promise<string> => {
      const r = await place(arg);
      if (!r.ok) return r.code;
      const result = r.value as PlaceResult;
      return result.ok ? 'ok' : result.code;
    };
    const channels = ['temp', 'rh'];
    expect(await code({ dev: 'z2m:desk_sensor', channels, to: { kind: 'room', room: 'a' } })).toBe('already-placed');
    expect(await code({ dev: 'z2m:lamp', channels, to: { kind: 'room', room: 'cellar' } })).toBe('unknown-room');
    expect(await code({ dev: 'z2m:lamp', channels, to: { kind: 'room', room: 'b', x: 1, y: 1 } })).toBe('outside-room');
    expect(await code({ dev: 'z2m:lamp', channels, to: { kind: 'door', door: 'door' } })).toBe('no-channels');
    expect(await code({ dev: 'z2m:lamp', channels, to: { kind: 'attic' } })).toBe('invalid-argument');
    expect(await code({ dev: 'z2m:lamp', channels: ['smell'], to: { kind: 'room', room: 'b' } })).toBe(
      'invalid-argument',
    );
    expect(readFileSync(siteFile, 'utf8')).toBe(text);
  });

  it('a read-only site file is a clear error, and the twin keeps its site', async () => {
    const sensorsBefore = (await api.call('site.get', undefined)).sensors.length;
    chmodSync(siteFile, 0o444);
    try {
      const r = await api.call('site.placeDevice', {
        dev: 'z2m:window',
        channels: ['door'],
        to: { kind: 'door', door: 'door' },
      });
      expect(r).toMatchObject({ ok: false, code: 'read-only', error: expect.stringContaining('is read-only') });
      expect((await api.call('site.get', undefined)).sensors).toHaveLength(sensorsBefore);
    } finally {
      chmodSync(siteFile, 0o644);
    }
  });

  it('binds a device to an existing sensor: its readings arrive as that sensor', async () => {
    const r = await api.call('site.placeDevice', {
      dev: 'z2m:other_desk',
      channels: ['temp'],
      to: { kind: 'sensor', sensor: 'room-a' },
    });
    expect(r).toMatchObject({ ok: true, value: { sensor: 'room-a' } });
    expect(JSON.parse(readFileSync(siteFile, 'utf8')).bindings['z2m:other_desk']).toBe('room-a');
    await publish('other desk', { temperature: 19.5 });
    await eventually('room A shows it as room-a', async () => {
      const t = (await api.call('twin.view', undefined)).rooms.a?.temp;
      return t?.value === 19.5 && t.dev === 'room-a';
    });
  });
});

describe('placing a device over the built-in site', () => {
  it('writes a copy in the data folder, says where, and the next start uses it', async () => {
    const dir = makeTempDir();
    const data = join(dir.path, 'data');
    const service = new TwinscopeService(join(dir.path, 'h.db'), await siteInForce(undefined, data));
    try {
      const r = await service.dispatch('site.placeDevice', {
        dev: 'tasmota:plug',
        channels: ['temp'],
        to: { kind: 'room', room: 'a' },
      });
      const copy = join(data, 'site.json');
      expect(r).toMatchObject({ ok: true, value: { ok: true, value: { file: copy, copied: true } } });
      expect(existsSync(copy)).toBe(true);
      const next = await siteInForce(undefined, data);
      expect(next.file).toBe(copy);
      expect(next.site.sensors.at(-1)).toMatchObject({ dev: 'tasmota:plug', attachedTo: 'a', position: [2, 2.5, 1.2] });
      // Later placements edit the copy; two at once both land (one after the other).
      const place = (dev: string) =>
        service.dispatch('site.placeDevice', { dev, channels: ['temp'], to: { kind: 'room', room: 'b' } });
      const [fan, heater] = await Promise.all([place('tasmota:fan'), place('tasmota:heater')]);
      expect(fan).toMatchObject({ ok: true, value: { ok: true, value: { file: copy, copied: false } } });
      expect(heater).toMatchObject({ ok: true, value: { ok: true, value: { file: copy, copied: false } } });
      const devs = (JSON.parse(readFileSync(copy, 'utf8')) as { sensors: { dev: string }[] }).sensors.map((x) => x.dev);
      expect(devs.slice(3)).toEqual(['tasmota:plug', 'tasmota:fan', 'tasmota:heater']);
      expect(service.site.sensors).toHaveLength(6);
    } finally {
      await service.close();
      dir.remove();
    }
  });
});
