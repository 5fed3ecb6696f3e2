import { beforeEach, describe, expect, it } from 'vitest';
import type { TwinInput } from '../../../../electron/common/twin';
import { applyInputs, createTwin, drain, restore, snapshot } from '../../../../electron/core/twin/engine';
import { twinView } from '../../../../electron/core/twin/view';
import { compareInputs, inputTime } from '../../../../electron/core/twin/order';
import { DEFAULT_RULES } from '../../../../electron/core/twin/rules';
import { clock, defaultSite, resetSeqs, s, sample, T0 } from './helpers';

beforeEach(resetSeqs);

const windowed = () => createTwin(defaultSite({ reorderWindowMs: 1000 }));

describe('createTwin', () => {
  it('starts with every room, door and site device, and rules merged over the defaults', () => {
    const state = createTwin(defaultSite({ co2: { thresholdPpm: 900 } }));
    expect(Object.keys(state.rooms)).toEqual(['a', 'b']);
    expect(Object.keys(state.doors)).toEqual(['door']);
    expect(Object.keys(state.devices)).toEqual(['room-a', 'room-b', 'door']);
    expect(state.rules.co2.thresholdPpm).toBe(900);
    expect(state.rules.co2.outdoorPpm).toBe(DEFAULT_RULES.co2.outdoorPpm);
    expect(state.t).toBeNull();
  });

  it('gives the renderer a view without site, rules or buffers', () => {
    const view = twinView(createTwin(defaultSite()));
    expect(Object.keys(view).sort()).toEqual([
      'alerts',
      'conflicts',
      'devices',
      'devicesNotShown',
      'doors',
      'hostT',
      'late',
      'rooms',
      'sensors',
      't',
    ]);
    // Engine internals stay in the engine.
    expect(Object.keys(view.doors.door!)).not.toContain('gyroT');
    expect(Object.keys(view.doors.door!)).not.toContain('slamCandidate');
    expect(JSON.stringify(view).length).toBeLessThan(8000);
  });
});

describe('event-time progress per device', () => {
  it('holds samples until every active device has reached their time (less the window), then applies in order', () => {
    const r1 = applyInputs(windowed(), [s('door', T0 + 500, { door: 'open' }), s('door', T0, { door: 'closed' })]);
    // One device: its own progress (T0 + 500) less the 1 s window holds both.
    expect(r1.state.t).toBeNull();
    expect(r1.state.pending).toHaveLength(2);
    const r2 = applyInputs(r1.state, [s('door', T0 + 1500, { door: 'open' })]);
    expect(r2.state.t).toBe(T0 + 500);
    expect(r2.state.doors.door!.position).toBe('open');
    // Applied in event-time order: closed first, so this was an opening.
    expect(r2.events.filter((e) => e.kind === 'door').map((e) => e.kind === 'door' && e.change)).toEqual(['opened']);
    expect(r2.state.pending).toHaveLength(1);
    expect(drain(r2.state).state.pending).toEqual([]);
  });

  it('waits for a device whose data arrives 5 s late, and applies both devices in event-time order', () => {
    const inputs: TwinInput[] = [];
    for (let k = 0; k < 20; k++) {
      const t = T0 + k * 1000;
      inputs.push(s('room-a', t, { temp: 20 + k / 10 }));
      // The door's gateway forwards each sample 5 s after it was measured.
      inputs.push(s('door', t - 5000, { door: k === 12 ? 'open' : 'closed' }, { tRecv: t }));
    }
    const r = applyInputs(windowed(), inputs);
    expect(r.late).toEqual([]);
    // The picture is as far as the slow device's data less the window.
    expect(r.state.t).toBe(T0 + 13_000);
    const times = r.applied.map(inputTime);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(r.state.devices.door!.lagMs).toBe(5000);
  });

  it('stops waiting for a device that went silent (host time), and hands its late data back for a rewind', () => {
    const inputs: TwinInput[] = [s('door', T0, { door: 'closed' })];
    for (let k = 1; k <= 10; k++) inputs.push(s('room-a', T0 + k * 1000, { temp: 21 }));
    const r = applyInputs(windowed(), inputs);
    // The door is idle after 5 s of host time: room A's progress alone moves the picture.
    expect(r.state.t).toBe(T0 + 9000);
    const back = applyInputs(r.state, [s('door', T0 + 2000, { door: 'open' }, { tRecv: T0 + 10_500, backfill: true })]);
    expect(back.late).toHaveLength(1);
    expect(back.state.doors.door!.position).toBe('closed');
    expect(back.state.devices.door).toMatchObject({ lateApplied: 1, beyondHorizon: 0, received: 2 });
  });

  it('counts late data older than the horizon, and does not hand it back', () => {
    const rules = { reorderWindowMs: 0, time: { horizonMs: 60_000 } };
    const r = applyInputs(createTwin(defaultSite(rules)), [
      s('room-a', T0, { temp: 21 }),
      s('room-a', T0 + 120_000, { temp: 21 }),
    ]);
    const old = applyInputs(r.state, [s('room-a', T0 + 1000, { temp: 30 }, { tRecv: T0 + 121_000, backfill: true })]);
    expect(old.late).toEqual([]);
    expect(old.state.late).toMatchObject({ applied: 0, beyondHorizon: 1 });
    expect(old.state.devices['room-a']!.beyondHorizon).toBe(1);
  });

  it('lets host clock ticks judge silence but never move the picture', () => {
    const r = applyInputs(windowed(), [s('room-a', T0, { temp: 21 }), clock(T0 + 60_000)]);
    expect(r.state.hostT).toBe(T0 + 60_000);
    expect(r.state.t).toBe(T0);
    const late = applyInputs(r.state, [s('room-a', T0 + 1000, { temp: 22 }, { tRecv: T0 + 60_100 })]);
    expect(late.late).toEqual([]);
    expect(drain(late.state).state.rooms.a!.temp!.value).toBe(22);
  });

  it('drops a second copy of a sample that is still waiting', () => {
    const a = sample('room-a', T0, { co2: 700 });
    const r = applyInputs(windowed(), [
      { kind: 'sample', sample: a },
      { kind: 'sample', sample: { ...a, via: 'serial' } },
    ]);
    expect(r.state.pending).toHaveLength(1);
  });

  it('caps a sample time at its receive time (a device clock running ahead)', () => {
    const ahead: TwinInput = { kind: 'sample', sample: sample('room-a', T0 + 3_600_000, { temp: 21 }, { tRecv: T0 }) };
    expect(inputTime(ahead)).toBe(T0);
    const { state } = drain(applyInputs(windowed(), [ahead]).state);
    expect(state.t).toBe(T0);
    expect(state.devices['room-a']!.lastT).toBe(T0);
  });

  it('ignores inputs whose time is not a finite number', () => {
    const r = applyInputs(windowed(), [clock(Number.NaN), { kind: 'ack', alertId: 'x', t: Number.POSITIVE_INFINITY }]);
    expect(r.state.pending).toEqual([]);
    expect(r.state.hostT).toBeNull();
    expect(r.state.t).toBeNull();
  });

  it('orders equal-time inputs by kind, device and sequence', () => {
    const list: TwinInput[] = [
      { kind: 'ack', alertId: 'a', t: T0 },
      s('room-b', T0, { temp: 1 }, { seq: 1 }),
      s('room-a', T0, { temp: 1 }, { seq: 2 }),
      s('room-a', T0, { temp: 1 }, { seq: 1 }),
      { kind: 'status', dev: 'room-a', t: T0, online: true },
      clock(T0),
    ];
    const sorted = [...list].sort(compareInputs);
    expect(sorted.map((i) => (i.kind === 'sample' ? `${i.sample.dev}/${i.sample.seq}` : i.kind))).toEqual([
      'clock',
      'status',
      'room-a/1',
      'room-a/2',
      'room-b/1',
      'ack',
    ]);
  });
});

describe('snapshot / restore', () => {
  it('round-trips a state through JSON', () => {
    const { state } = applyInputs(windowed(), [s('door', T0, { door: 'closed', gyro: [0, 0, 0] }), clock(T0 + 3000)]);
    const json = snapshot(state);
    expect(restore(json)).toEqual(state);
    expect(snapshot(restore(json))).toBe(json);
  });

  it('refuses something that is not a twin snapshot', () => {
    expect(() => restore('{"format":"other"}')).toThrow(/twinscope-twin\/2/);
    expect(() => restore('null')).toThrow();
  });
});

describe('acknowledging what the picture shows', () => {
  it('keeps an ack for an alert still waiting for event-time progress, and applies it as the world raises it', () => {
    // A slam the door's own 1 s window still holds: the picture (drained) shows its alert, the world has not raised it.
    const slam: TwinInput[] = [
      s('door', T0, { door: 'open', gyro: [0, 0, 0] }),
      s('door', T0 + 100, { door: 'open', gyro: [0, 0, -300] }),
      s('door', T0 + 200, { door: 'open', gyro: [0, 0, -300] }),
      s('door', T0 + 300, { door: 'closed', gyro: [0, 0, 0], accel: [0, 2.5, 1] }),
    ];
    const held = applyInputs(windowed(), slam).state;
    expect(held.pending).toHaveLength(4);
    const shown = twinView(drain(held).state).alerts.find((a) => a.rule === 'door-slammed');
    expect(shown).toMatchObject({ status: 'raised' });
    const acked = applyInputs(held, [{ kind: 'ack', alertId: shown!.id, t: T0 + 400 }]).state;
    const released = applyInputs(acked, [s('door', T0 + 2500, { door: 'closed', gyro: [0, 0, 0] })]).state;
    const raised = twinView(released).alerts.find((a) => a.id === shown!.id);
    expect(raised).toMatchObject({ status: 'acknowledged', ackedAt: T0 + 400 });
  });
});
