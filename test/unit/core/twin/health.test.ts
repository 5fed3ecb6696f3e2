import { beforeEach, describe, expect, it } from 'vitest';
import type { TwinInput } from '../../../../electron/common/twin';
import { eventsOf, resetSeqs, run, s, T0, ticks, twin } from './helpers';

beforeEach(resetSeqs);

const alertChanges = (events: ReturnType<typeof twin>['events'], rule: string) =>
  eventsOf(events, 'alert')
    .filter((e) => e.alert.rule === rule)
    .map((e) => [e.change, e.t - T0]);

describe('stale devices', () => {
  it('goes stale after 3 announced intervals without a sample, and recovers on the next one', () => {
    const inputs: TwinInput[] = [
      { kind: 'hello', dev: 'room-a', t: T0, intervalMs: 1000, fw: '1.2.0' },
      s('room-a', T0, { temp: 21 }),
      ...ticks(T0 + 1000, T0 + 5000),
      s('room-a', T0 + 5500, { temp: 21.1 }),
    ];
    const { state, events } = twin(inputs);
    expect(alertChanges(events, 'device-stale')).toEqual([
      ['raised', 4000],
      ['cleared', 5500],
    ]);
    expect(state.devices['room-a']).toMatchObject({
      stale: false,
      intervalMs: 1000,
      intervalSource: 'hello',
      fw: '1.2.0',
    });
  });

  it('learns the interval from sample spacing', () => {
    const inputs: TwinInput[] = [];
    for (let k = 0; k < 6; k++) inputs.push(s('room-a', T0 + 10_000 * k, { temp: 21 + k / 10 }));
    inputs.push(...ticks(T0 + 60_000, T0 + 90_000, 5000));
    const { state, events } = twin(inputs);
    expect(state.devices['room-a']!.intervalMs).toBe(10_000);
    expect(state.devices['room-a']!.intervalSource).toBe('learned');
    expect(alertChanges(events, 'device-stale')).toEqual([['raised', 85_000]]);
  });

  it('is not fooled by a burst of fast samples', () => {
    const inputs: TwinInput[] = [];
    for (let k = 0; k < 6; k++) inputs.push(s('door', T0 + 10_000 * k, { door: 'closed' }));
    for (let k = 1; k <= 40; k++) inputs.push(s('door', T0 + 50_000 + 50 * k, { door: 'open' }));
    inputs.push(...ticks(T0 + 53_000, T0 + 75_000, 1000));
    const { state } = twin(inputs);
    expect(state.devices.door!.intervalMs).toBeGreaterThan(9000);
    expect(state.devices.door!.stale).toBe(false);
  });
});

describe('online / offline', () => {
  it('raises device-offline from the MQTT status (after 5 s) and clears it when back online', () => {
    const inputs: TwinInput[] = [
      s('room-a', T0, { temp: 21 }),
      { kind: 'status', dev: 'room-a', t: T0 + 1000, online: false },
      ...ticks(T0 + 2000, T0 + 8000),
      { kind: 'status', dev: 'room-a', t: T0 + 9000, online: true },
    ];
    const { state, events } = twin(inputs, { alerts: { 'device-stale': { enabled: false } } });
    expect(alertChanges(events, 'device-offline')).toEqual([
      ['raised', 6000],
      ['cleared', 9000],
    ]);
    expect(state.devices['room-a']!.status).toBe('online');
  });

  it('a status flapping for less than 5 s raises nothing', () => {
    const inputs: TwinInput[] = [
      { kind: 'status', dev: 'room-a', t: T0, online: false },
      ...ticks(T0 + 1000, T0 + 3000),
      { kind: 'status', dev: 'room-a', t: T0 + 3500, online: true },
      ...ticks(T0 + 4000, T0 + 10_000),
    ];
    expect(alertChanges(twin(inputs).events, 'device-offline')).toEqual([]);
  });

  it('treats samples arriving after an offline status as a conflict between sources, not as offline', () => {
    const inputs: TwinInput[] = [
      { kind: 'status', dev: 'room-a', t: T0, online: false },
      s('room-a', T0 + 1000, { temp: 21 }, { via: 'serial' }),
      s('room-a', T0 + 2000, { temp: 21 }, { via: 'serial' }),
      ...ticks(T0 + 3000, T0 + 10_000),
      s('room-a', T0 + 10_500, { temp: 21 }, { via: 'serial' }),
    ];
    const { state, events } = twin(inputs);
    expect(Object.keys(state.linkConflicts)).toEqual(['status-vs-data:room-a']);
    expect(alertChanges(events, 'device-offline')).toEqual([]);
    expect(alertChanges(events, 'sensor-conflict')).toEqual([['raised', 1000]]);
  });

  it('does not count backfilled samples as data while offline: they were measured during the outage', () => {
    // The device reconnects, says online, then empties its offline buffer. The last buffered samples are younger than
    // the reorder window, so they are applied before the `online` status (event time order).
    const back = T0 + 20_000;
    const inputs: TwinInput[] = [
      s('room-a', T0, { temp: 21 }),
      s('room-a', T0 + 1000, { temp: 21 }),
      { kind: 'status', dev: 'room-a', t: T0 + 2000, online: false },
      ...ticks(T0 + 3000, back - 1000),
      { kind: 'status', dev: 'room-a', t: back, online: true },
    ];
    for (let t = T0 + 2500; t < back; t += 1000) {
      inputs.push(s('room-a', t, { temp: 21 }, { tRecv: back + 10, backfill: true }));
    }
    inputs.push(s('room-a', back + 500, { temp: 21 }), ...ticks(back + 1000, back + 15_000));
    const { state, events } = twin(inputs, { reorderWindowMs: 1000, alerts: { 'device-stale': { enabled: false } } });
    expect(eventsOf(events, 'conflict')).toEqual([]);
    expect(alertChanges(events, 'sensor-conflict')).toEqual([]);
    expect(alertChanges(events, 'device-offline')).toEqual([
      ['raised', 7000],
      ['cleared', 20_000],
    ]);
    // Measured while the world had moved on (the pacer): late, handed back for a rewind.
    // (those behind the pacer's last tick less the 1 s window).
    expect(state.devices['room-a']!.lateApplied).toBe(16);
  });

  it('judges live samples by when they arrived: both times are the host clock', () => {
    // Over serial while MQTT says offline: measured 100 ms before the offline status, received 100 ms after it.
    const inputs: TwinInput[] = [
      s('room-a', T0, { temp: 21 }, { via: 'serial' }),
      { kind: 'status', dev: 'room-a', t: T0 + 1000, online: false },
      s('room-a', T0 + 900, { temp: 21 }, { via: 'serial', tRecv: T0 + 1100 }),
      ...ticks(T0 + 2000, T0 + 3000),
    ];
    const { state, events } = twin(inputs, { reorderWindowMs: 1000 });
    expect(Object.keys(state.linkConflicts)).toEqual(['status-vs-data:room-a']);
    // Found when the sample arrived (host time), dated from the status it contradicts.
    expect(eventsOf(events, 'conflict').map((e) => [e.change, e.t - T0, e.conflict.since - T0])).toEqual([
      ['began', 1100, 1000],
    ]);
  });
});

describe('clock', () => {
  it('raises clock-unsynced for estimated times after a minute, clears on a synced sample', () => {
    const inputs: TwinInput[] = [];
    for (let k = 0; k <= 7; k++)
      inputs.push(s('room-a', T0 + 10_000 * k, { temp: 21 }, { timeBasis: 'estimated', tDev: null }));
    inputs.push(s('room-a', T0 + 80_000, { temp: 21 }));
    const { state, events } = twin(inputs);
    expect(alertChanges(events, 'clock-unsynced')).toEqual([
      ['raised', 60_000],
      ['cleared', 80_000],
    ]);
    expect(state.devices['room-a']!.clock).toBe('synced');
  });
});

describe('loss accounting', () => {
  it('computes the loss rate from sequence gaps per boot; other messages fill gaps', () => {
    const seqs = [1, 2, 3, 5, 6, 10];
    const inputs: TwinInput[] = seqs.map((seq) => s('room-a', T0 + seq * 1000, { temp: 21 }, { seq }));
    const { state } = twin(inputs);
    expect(state.devices['room-a']!.lossRate).toBeCloseTo(0.4, 12);
    const filled = run(state, [
      { kind: 'seen', dev: 'room-a', t: T0 + 11_000, boot: 1, seq: 4 },
      { kind: 'hello', dev: 'room-a', t: T0 + 11_000, boot: 1, seq: 7, intervalMs: 1000, fw: '1' },
      { kind: 'seen', dev: 'room-a', t: T0 + 11_000, boot: 1, seq: 8 },
      { kind: 'seen', dev: 'room-a', t: T0 + 11_000, boot: 1, seq: 9 },
    ]).state;
    expect(filled.devices['room-a']!.lossRate).toBe(0);
    const rebooted = run(filled, [s('room-a', T0 + 12_000, { temp: 21 }, { boot: 2, seq: 0 })]).state;
    expect(rebooted.devices['room-a']).toMatchObject({ boot: 2, seqMin: 0, seqMax: 0, received: 1, lossRate: 0 });
  });

  it('keeps RSSI and battery', () => {
    const { state } = twin([s('room-a', T0, { rssi: -67, bat: 3.91 })]);
    expect(state.devices['room-a']).toMatchObject({ rssi: -67, bat: 3.91 });
  });

  it('tracks devices the site does not name', () => {
    const { state } = twin([s('stray-1', T0, { temp: 20 })]);
    expect(state.devices['stray-1']).toMatchObject({ inSite: false, lastT: T0 });
  });
});

describe('sensor checks', () => {
  it('raises out-of-range when it persists 10 s and clears 30 s after the value is back', () => {
    const inputs: TwinInput[] = [];
    for (let k = 0; k <= 4; k++) inputs.push(s('room-a', T0 + 5000 * k, { temp: 61.5 }));
    for (let k = 5; k <= 12; k++) inputs.push(s('room-a', T0 + 5000 * k, { temp: 22 + k / 100 }));
    const { events } = twin(inputs);
    expect(alertChanges(events, 'sensor-out-of-range')).toEqual([
      ['raised', 10_000],
      ['cleared', 55_000],
    ]);
    expect(eventsOf(events, 'alert')[0]!.alert.reason).toBe('room-a/temp reads 61.5 outside -10..50');
  });

  it('detects a flat-lined CO2 sensor and clears when it moves again', () => {
    const inputs: TwinInput[] = [];
    for (let k = 0; k <= 31; k++) inputs.push(s('room-a', T0 + 60_000 * k, { co2: 812 }));
    inputs.push(s('room-a', T0 + 60_000 * 32, { co2: 815 }));
    const { state, events } = twin(inputs, { alerts: { 'co2-abnormal-rise': { enabled: false } } });
    expect(alertChanges(events, 'sensor-stuck')).toEqual([
      ['raised', 1_800_000],
      ['cleared', 1_920_000],
    ]);
    expect(state.sensors['room-a/co2']).toMatchObject({ stuck: false, flatCount: 1 });
  });

  it('needs enough samples: two equal readings an hour apart are not a flat line', () => {
    const { state } = twin([s('room-a', T0, { co2: 700 }), s('room-a', T0 + 3_600_000, { co2: 700 })]);
    expect(state.sensors['room-a/co2']!.stuck).toBe(false);
  });

  it('checks vector channels component-wise', () => {
    const inputs: TwinInput[] = [];
    for (let k = 0; k <= 30; k++) inputs.push(s('door', T0 + 10_000 * k, { gyro: [0.12, -0.3, 0.05] }));
    const { state } = twin(inputs);
    expect(state.sensors['door/gyro']!.stuck).toBe(true);
    const sat = twin([s('door', T0, { accel: [0, 16, 1] })]).state;
    expect(sat.sensors['door/accel']!.outOfRange).toBe(true);
  });
});
