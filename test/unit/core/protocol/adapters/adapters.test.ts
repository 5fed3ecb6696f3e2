import { describe, expect, it } from 'vitest';
import { gatewayAdapter } from '../../../../../electron/core/protocol/adapters/gateway';
import { haAdapter } from '../../../../../electron/core/protocol/adapters/homeAssistant';
import { mappedAdapter } from '../../../../../electron/core/protocol/adapters/mapped';
import { tasmotaAdapter } from '../../../../../electron/core/protocol/adapters/tasmota';
import type { AdapterOutput, MqttAdapter } from '../../../../../electron/core/protocol/adapters/types';
import { topicMatches } from '../../../../../electron/core/protocol/adapters/types';
import { z2mAdapter } from '../../../../../electron/core/protocol/adapters/zigbee2mqtt';

const LIVE = { retain: false, dup: false };
const decode = (a: MqttAdapter, topic: string, payload: unknown): AdapterOutput[] =>
  a.decode(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), 0, LIVE);
const readings = (out: AdapterOutput[]) => out.flatMap((o) => (o.kind === 'reading' ? [o.reading] : []));
const rejects = (out: AdapterOutput[]) => out.flatMap((o) => (o.kind === 'reject' ? [o.rejection] : []));

describe('door-and-rooms gateway', () => {
  const gw = gatewayAdapter();
  it('reads the door and both rooms, null angles and the zero timestamp', () => {
    const out = decode(gw, 'door', {
      local_data: { door_timestamp: '2026-12-01T10:00:00.500Z', angle: null, gyro: null, magnet: true },
      remote_data: {
        device_1: {
          temperature: 21.5,
          humidity: 40,
          light: 300,
          motion: 1,
          co2: 650,
          timestamp: '2026-12-01T09:59:58.000Z',
        },
        device_2: {
          temperature: 20,
          humidity: 45,
          light: 10,
          motion: 0,
          co2: 500,
          timestamp: '0000-00-00T00:00:00.000Z',
        },
      },
    });
    expect(rejects(out)).toEqual([]);
    expect(readings(out)).toEqual([
      { dev: 'gw:door', values: { door: 'closed' }, t: Date.parse('2026-12-01T10:00:00.500Z') },
      {
        dev: 'gw:device_1',
        values: { temp: 21.5, rh: 40, lux: 300, co2: 650, motion: true },
        t: Date.parse('2026-12-01T09:59:58.000Z'),
        repeats: true,
      },
      {
        dev: 'gw:device_2',
        values: { temp: 20, rh: 45, lux: 10, co2: 500, motion: false },
        t: null,
        repeats: true,
        unknownTime: true,
      },
    ]);
  });
  it('puts a scalar gyro rate on the hinge axis and rejects nonsense naming the device', () => {
    const g = gatewayAdapter({ hingeAxis: { axis: 'y', sign: -1 } });
    const [r] = readings(
      decode(g, 'door', {
        local_data: { door_timestamp: '2026-12-01T10:00:00Z', angle: 30, gyro: 100, magnet: false },
      }),
    );
    expect(r!.values).toEqual({ door: 'open', angle: 30, gyro: [0, -100, 0] });
    const bad = rejects(
      decode(g, 'door', { remote_data: { device_1: { co2: 99999, timestamp: '2026-12-01T10:00:00Z' } } }),
    );
    expect(bad[0]).toMatchObject({ code: 'out_of_range', dev: 'gw:device_1' });
    expect(rejects(decode(g, 'door', 'not json'))[0]?.code).toBe('not_json');
  });
});

describe('zigbee2mqtt', () => {
  const z = z2mAdapter();
  it('maps contact, occupancy and climate; availability; ignores the bridge', () => {
    expect(readings(decode(z, 'zigbee2mqtt/hall door', { contact: false, battery: 97, linkquality: 120 }))).toEqual([
      { dev: 'z2m:hall_door', values: { door: 'open' }, t: null },
    ]);
    expect(
      readings(decode(z, 'zigbee2mqtt/pir', { occupancy: true, illuminance_lux: 12, voltage: 3000 }))[0]!.values,
    ).toEqual({
      motion: true,
      lux: 12,
      bat: 3,
    });
    expect(decode(z, 'zigbee2mqtt/pir/availability', { state: 'offline' })).toEqual([
      { kind: 'status', dev: 'z2m:pir', online: false },
    ]);
    expect(decode(z, 'zigbee2mqtt/bridge/state', 'online')).toEqual([]);
    expect(rejects(decode(z, 'zigbee2mqtt/co2', { co2: 'lots' }))[0]).toMatchObject({
      code: 'bad_field',
      dev: 'z2m:co2',
    });
  });
});

describe('Tasmota', () => {
  const t = tasmotaAdapter({ utcOffsetMinutes: 60 });
  it('reads sensors in local time, converts °F, follows LWT and switches', () => {
    const [r] = readings(
      decode(t, 'tele/office/SENSOR', {
        Time: '2026-12-01T11:00:00',
        SCD30: { CarbonDioxide: 812, eCO2: 790, Temperature: 71.6, Humidity: 38.1 },
        BH1750: { Illuminance: 420 },
        TempUnit: 'F',
      }),
    );
    expect(r).toEqual({
      dev: 'tasmota:office',
      values: { co2: 812, temp: 22, rh: 38.1, lux: 420 },
      t: Date.parse('2026-12-01T10:00:00Z'),
    });
    expect(decode(t, 'tele/office/LWT', 'Offline')).toEqual([{ kind: 'status', dev: 'tasmota:office', online: false }]);
    expect(readings(decode(t, 'stat/office/RESULT', { Switch1: { Action: 'ON' } }))[0]!.values).toEqual({
      motion: true,
    });
    expect(rejects(decode(t, 'tele/office/SENSOR', { Time: 'yesterday' }))[0]).toMatchObject({ dev: 'tasmota:office' });
  });
});

describe('Home Assistant discovery', () => {
  it('follows configs, templates, units, payloads, availability and removal', () => {
    const ha = haAdapter();
    const learned: string[][] = [];
    ha.watchFilters!((f) => learned.push(f));
    const device = { identifiers: ['esp-office'], name: 'Office air', model: 'SCD41' };
    decode(ha, 'homeassistant/sensor/office/co2/config', {
      name: 'CO2',
      device_class: 'carbon_dioxide',
      state_topic: 'office/sensor/co2/state',
      unit_of_measurement: 'ppm',
      availability_topic: 'office/status',
      device,
    });
    decode(ha, 'homeassistant/sensor/office/temp/config', {
      name: 'Temperature',
      dev_cla: 'temperature',
      '~': 'office/sensor/temp',
      stat_t: '~/state',
      val_tpl: "{{ value_json['t'] | float | round(1) }}",
      unit_of_meas: '°F',
      dev: { ids: 'esp-office' },
    });
    decode(ha, 'homeassistant/binary_sensor/door/config', {
      name: 'Door',
      device_class: 'door',
      state_topic: 'zigbee2mqtt/front',
      value_template: '{{ value_json.contact }}',
      payload_on: false,
      payload_off: true,
      unique_id: 'front_contact',
    });
    expect(learned.flat()).toEqual([
      'office/sensor/co2/state',
      'office/status',
      'office/sensor/temp/state',
      'zigbee2mqtt/front',
    ]);
    expect(readings(decode(ha, 'office/sensor/co2/state', '640'))).toEqual([
      { dev: 'ha:esp-office', values: { co2: 640 }, t: null },
    ]);
    expect(readings(decode(ha, 'office/sensor/temp/state', '{"t": 68.04}'))[0]!.values).toEqual({ temp: 20 });
    expect(decode(ha, 'office/status', 'offline')).toEqual([{ kind: 'status', dev: 'ha:esp-office', online: false }]);
    expect(rejects(decode(ha, 'office/sensor/co2/state', 'high'))[0]).toMatchObject({
      code: 'bad_field',
      dev: 'ha:esp-office',
    });
    expect(decode(ha, 'office/sensor/co2/state', 'unavailable')).toEqual([]);
    expect(readings(decode(ha, 'zigbee2mqtt/front', { contact: false }))).toEqual([
      { dev: 'ha:front_contact', values: { door: 'open' }, t: null },
    ]);
    // A boolean payload_on/off given as JSON booleans works against value_json booleans.
    const unsupported = decode(ha, 'homeassistant/sensor/x/config', {
      device_class: 'humidity',
      state_topic: 'x/state',
      value_template: '{{ value_json.h if value_json.ok else 0 }}',
    });
    expect(rejects(unsupported)[0]).toMatchObject({ code: 'unsupported' });
    expect(rejects(unsupported)[0]!.detail).toContain('homeassistant/sensor/x/config');
    expect(
      decode(ha, 'homeassistant/sensor/x/config', {
        device_class: 'humidity',
        state_topic: 'x/state',
        value_template: '{{ value_json.h if value_json.ok else 0 }}',
      }),
    ).toEqual([]);
    // Removal: an empty config, and the state topic is no longer followed.
    decode(ha, 'homeassistant/sensor/office/co2/config', '');
    expect(decode(ha, 'office/sensor/co2/state', '700')).toEqual([]);
  });
});

describe('mapped JSON topics', () => {
  it('turns a user payload into a reading with its own time', () => {
    const m = mappedAdapter([
      {
        topic: 'acme/+/air',
        device: 'acme-{1}',
        channels: { co2: { path: 'air.co2' }, temp: { path: 'air.t', unit: '°F' } },
        time: { path: 'ts', format: 's' },
      },
    ]);
    expect(readings(decode(m, 'acme/lab/air', { air: { co2: 700, t: 50 }, ts: 1_780_000_000 }))).toEqual([
      { dev: 'map:acme-lab', values: { co2: 700, temp: 10 }, t: 1_780_000_000_000 },
    ]);
    expect(rejects(decode(m, 'acme/lab/air', { nothing: 1 }))[0]).toMatchObject({ dev: 'map:acme-lab' });
  });
  it('matches MQTT filters', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+', 'a/b/c')).toBe(false);
  });
});
