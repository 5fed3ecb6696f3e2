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

describe('reorder window', () => {
  it('holds inputs until the watermark is a window past them, then applies them in event-time order', () => {
    const r1 = applyInputs(windowed(), [s('door', T0 + 500, { door: 'open' }), s('door', T0, { door: 'closed' })]);
    expect(r1.state.t).toBeNull();
    expect(r1.state.pending).toHaveLength(2);
    const r2 = applyInputs(r1.state, [clock(T0 + 1500)]);
    expect(r2.state.t).toBe(T0 + 500);
    expect(r2.state.doors.door!.position).toBe('open');
    // Applied in event-time order: closed first, so this was an opening.
    expect(r2.events.filter((e) => e.kind === 'door').map((e) => e.kind === 'door' && e.change)).toEqual(['opened']);
    expect(r2.state.pending).toHaveLength(1); // the clock itself waits its turn
    expect(drain(r2.state).state.pending).toEqual([]);
  });

  it('keeps later-than-window samples out of the picture but counts them for health', () => {
    const r = applyInputs(windowed(), [s('door', T0, { door: 'closed' }), clock(T0 + 5000), clock(T0 + 7000)]);
    expect(r.state.t).toBe(T0 + 5000);
    const late = s('door', T0 + 1000, { door: 'open' }, { late: true });
    const after = applyInputs(r.state, [late]).state;
    expect(after.doors.door!.position).toBe('closed');
    expect(after.devices.door).toMatchObject({ tooLate: 1, received: 2 });
  });

  it('drops a second copy of a sample that is still waiting', () => {
    const a = sample('room-a', T0, { co2: 700 });
    const r = applyInputs(windowed(), [
      { kind: 'sample', sample: a },
      { kind: 'sample', sample: { ...a, via: 'serial' } },
    ]);
    expect(r.state.pending).toHaveLength(1);
    expect(drain(r.state).state.devices['room-a']!.received).toBe(1);
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
    expect(r.state.watermark).toBeNull();
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
    expect(() => restore('{"format":"other"}')).toThrow(/twinscope-twin\/1/);
    expect(() => restore('null')).toThrow();
  });
});
