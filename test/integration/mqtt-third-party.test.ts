import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SiteSpec } from '../../electron/common/site';
import { writeFileSync } from 'node:fs';
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

/** The default site with an ESPHome CO2 sensor in room A, a zigbee contact on the door and a Tasmota PIR in room B. */
async function thirdPartySite(): Promise<SiteSpec> {
  const base = await readSite(undefined);
  return {
    ...base,
    sensors: [
      ...base.sensors,
      { dev: 'office-co2', channels: ['co2', 'temp'], attachedTo: 'a', position: [2, 4, 1.2] },
      { dev: 'door-contact', channels: ['door'], attachedTo: 'door', position: [4, 2.5, 2] },
      { dev: 'pir-b', channels: ['motion'], attachedTo: 'b', position: [6, 4, 2.2] },
    ],
    // The Tasmota's clock is local time, one hour ahead of UTC.
    rules: { ...base.rules, utcOffsetMinutes: 60 },
    bindings: { 'ha:esp-office': 'office-co2', 'z2m:hall_contact': 'door-contact', 'tasmota:pir-b': 'pir-b' },
  };
}

const ESPHOME_CO2 = {
  name: 'Office CO2',
  unique_id: 'esp-office-co2',
  device_class: 'carbon_dioxide',
  state_topic: 'office-air/sensor/co2/state',
  unit_of_measurement: 'ppm',
  availability_topic: 'office-air/status',
  device: { identifiers: ['esp-office'], name: 'office-air', model: 'SCD41', manufacturer: 'espressif' },
};
const ESPHOME_TEMP = {
  name: 'Office temperature',
  uniq_id: 'esp-office-temp',
  dev_cla: 'temperature',
  stat_t: 'office-air/sensor/temperature/state',
  unit_of_meas: '°F',
  dev: { ids: ['esp-office'] },
};

describe('third-party devices over a real mosquitto', () => {
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

  it('follows discovery, zigbee2mqtt and Tasmota into the right rooms, once per reading, across a broker restart', async () => {
    const site = await thirdPartySite();
    const adapters = new AdapterSet({ site });
    const db = `${dir.path}/h.db`;
    const hub = new LiveHub({ db, site, adapters, frameHz: 50 });
    const source = new MqttSource({ url: broker.url, clientId: 'twinscope-3p', reconnectMs: 200, adapters });
    const dev: MqttClient = await mqtt.connectAsync(broker.url, {
      clientId: 'devices',
      clean: false,
      reconnectPeriod: 200,
      protocolVersion: 4,
    });
    const pub = (topic: string, payload: unknown, retain = false): Promise<unknown> =>
      dev.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1, retain });
    // Discovery configs and availability are retained before Twinscope is there, as Home Assistant expects.
    await pub('homeassistant/sensor/office-air/co2/config', ESPHOME_CO2, true);
    await pub('homeassistant/sensor/office-air/temperature/config', ESPHOME_TEMP, true);
    await pub(
      'homeassistant/sensor/office-air/fancy/config',
      {
        name: 'Fancy',
        device_class: 'humidity',
        state_topic: 'office-air/sensor/fancy/state',
        value_template: '{{ (value_json.h * 100) | int }}',
        device: { identifiers: ['esp-office'] },
      },
      true,
    );
    await pub('office-air/status', 'online', true);
    await pub('tele/pir-b/LWT', 'Online', true);
    await pub('zigbee2mqtt/hall contact/availability', '{"state":"online"}', true);

    await hub.add(source);
    await waitFor('connected', () => source.status === 'connected');
    await waitFor('discovery', () => adapters.filters().includes('office-air/sensor/co2/state'));
    await new Promise((r) => setTimeout(r, 300)); // the state topics' subscription reaches the broker

    const now = Date.now();
    await pub('office-air/sensor/co2/state', '812', true);
    await pub('office-air/sensor/temperature/state', '71.6');
    await pub('zigbee2mqtt/hall contact', { contact: false, battery: 90, linkquality: 150 });
    const local = (t: number): string => new Date(t + 60 * 60_000).toISOString().slice(0, 19); // UTC+1, no zone
    await pub('tele/pir-b/SENSOR', { Time: local(now - 2000), Switch1: 'ON' });
    // The same Tasmota report again (a QoS 1 redelivery looks just like it): one reading.
    await pub('tele/pir-b/SENSOR', { Time: local(now - 2000), Switch1: 'ON' });
    // A device the site does not bind: stored under its own id, "not placed".
    await pub('zigbee2mqtt/attic', { temperature: 15.5, linkquality: 80 });
    // Bad input, named.
    await pub('zigbee2mqtt/hall contact', { contact: 'ajar' });
    await pub('office-air/sensor/co2/state', 'lots');
    await waitFor('first readings', () => hub.counts.samples === 5 && hub.counts.rejected === 3, 10_000);
    // The zigbee contact opened the door; the PIR occupies room B.
    await waitFor(
      'door open, room B occupied',
      () => {
        hub.tick();
        const v = hub.runner!.view();
        return v.doors.door?.position === 'open' && v.rooms.b?.occupied;
      },
      15_000,
    );

    // A broker restart: the retained CO2 state comes back on re-subscribe and is not stored again.
    await broker.stop('SIGTERM');
    await broker.restart();
    await waitFor('reconnected', () => source.status === 'connected' && dev.connected, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    await pub('zigbee2mqtt/hall contact', { contact: true });
    // Removal of the CO2 entity: its state is no longer followed.
    await pub('homeassistant/sensor/office-air/co2/config', '', true);
    await new Promise((r) => setTimeout(r, 300));
    await pub('office-air/sensor/co2/state', '900');
    await waitFor('after restart', () => hub.counts.samples === 6, 10_000);
    // A retained state: stored once now, and not again when a restarted Twinscope is sent it.
    await pub('office-air/sensor/temperature/state', '72.5', true);
    await waitFor('retained temperature', () => hub.counts.samples === 7, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const view = await waitFor(
      'twin',
      () => {
        hub.tick();
        const v = hub.runner!.view();
        return v.rooms.a?.co2 && v.rooms.a.temp && v.doors.door?.position === 'closed' ? v : undefined;
      },
      15_000,
    );
    await dev.endAsync();
    await hub.stop();

    // Twinscope restarts: the retained CO2 state and availability arrive again, and are not stored again.
    const again = new LiveHub({ db, site, adapters: new AdapterSet({ site }) });
    const source2 = new MqttSource({
      url: broker.url,
      clientId: 'twinscope-3p',
      reconnectMs: 200,
      adapters: again.adapters,
    });
    await again.add(source2);
    await waitFor('reconnected', () => source2.status === 'connected');
    await waitFor('retained state again', () => again.counts.duplicates >= 1, 10_000);
    expect(again.counts.samples).toBe(0);
    await again.stop();

    expect(view.rooms.a!.co2!.value).toBe(812);
    expect(view.rooms.a!.temp!.value).toBe(22.5);
    expect(view.doors.door!.position).toBe('closed');
    const h = openDatabase(db, { readonly: true });
    const samples = [...new HistoryReader(h).samples()];
    const byDev = (d: string) => samples.filter((s) => s.dev === d).map((s) => s.values);
    expect(byDev('office-co2')).toEqual([{ co2: 812 }, { temp: 22 }, { temp: 22.5 }]);
    expect(byDev('door-contact')).toEqual([{ door: 'open' }, { door: 'closed' }]);
    expect(byDev('pir-b')).toEqual([{ motion: true }]);
    const pir = samples.find((s) => s.dev === 'pir-b')!;
    expect(pir.timeBasis).toBe('device');
    expect(pir.t).toBe(Math.floor((now - 2000) / 1000) * 1000);
    const rejects = h.prepare('SELECT dev, code FROM rejects ORDER BY id').all() as { dev: string; code: string }[];
    expect(rejects).toEqual([
      { dev: '', code: 'unsupported' },
      { dev: 'z2m:hall_contact', code: 'bad_field' },
      { dev: 'ha:esp-office', code: 'bad_field' },
      // Each session that is sent the retained config it cannot follow says so.
      { dev: '', code: 'unsupported' },
    ]);
    const devices = h.prepare('SELECT dev, hw, status FROM devices ORDER BY dev').all();
    expect(devices).toEqual(
      expect.arrayContaining([
        { dev: 'office-co2', hw: 'ha', status: 'online' },
        { dev: 'pir-b', hw: 'tasmota', status: 'online' },
        { dev: 'door-contact', hw: 'z2m', status: 'online' },
      ]),
    );
    h.close();

    const { io, out } = captureIo();
    const siteFile = `${dir.path}/site.json`;
    writeFileSync(siteFile, JSON.stringify(site));
    expect(await devicesCommand.run(['--db', db, '--site', siteFile], io)).toBe(0);
    const line = (dev: string) => out.find((l) => l.startsWith(`${dev} `)) ?? '';
    expect(line('z2m:attic')).toMatch(/z2m .*temp .*not placed/);
    expect(line('office-co2')).toMatch(/ha .*co2,temp .*a at .*bound from ha:esp-office/);
    expect(line('pir-b')).toMatch(/tasmota .*motion .*b at/);
  }, 50_000);
});
