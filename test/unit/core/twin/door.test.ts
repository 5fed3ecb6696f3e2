import { beforeEach, describe, expect, it } from 'vitest';
import type { Vector3 } from '../../../../electron/common/sample';
import type { SiteSpec } from '../../../../electron/common/site';
import type { TwinInput } from '../../../../electron/common/twin';
import { createTwin } from '../../../../electron/core/twin/engine';
import { inputTime } from '../../../../electron/core/twin/order';
import { defaultSite, eventsOf, resetSeqs, run, s, T0, ticks, twin } from './helpers';

beforeEach(resetSeqs);

const z = (rate: number): Vector3 => [0.2, -0.1, rate];
const REST: Vector3 = [0, 0, 1];

/** Door at rest and closed, then swung open at `rate` °/s in 100 ms steps until past `until` degrees. */
function openDoor(t: number, rate = 90, steps = 10): TwinInput[] {
  const out: TwinInput[] = [s('door', t, { door: 'closed', gyro: z(0), accel: REST })];
  for (let k = 1; k <= steps; k++) out.push(s('door', t + 100 * k, { door: 'open', gyro: z(rate), accel: REST }));
  out.push(s('door', t + 100 * (steps + 1), { door: 'open', gyro: z(0), accel: REST }));
  return out;
}

describe('door angle and position', () => {
  it('integrates the gyro about the hinge axis and classifies closed / partly open / open', () => {
    const inputs = openDoor(T0);
    const partly = twin(inputs.slice(0, 4)).state.doors.door!;
    // Trapezoid: 4.5° for the first step (from rest), then 9° per step.
    expect(partly.angle).toBeCloseTo(22.5, 9);
    expect(partly.position).toBe('partly-open');
    const { state, events } = twin(inputs);
    const d = state.doors.door!;
    expect(d.angle).toBeCloseTo(85.5 + 4.5, 9);
    expect(d.angleSource).toBe('gyro');
    expect(d.position).toBe('open');
    expect(eventsOf(events, 'door').map((e) => e.change)).toEqual(['opened']);
  });

  it('uses the site hinge axis and sign', () => {
    const base = defaultSite();
    const site: SiteSpec = { ...base, doors: [{ ...base.doors[0]!, hingeAxis: { axis: 'y', sign: -1 } }] };
    const inputs = [
      s('door', T0, { door: 'closed', gyro: [0, 0, 0] }),
      s('door', T0 + 500, { door: 'open', gyro: [0, -40, 500] }),
      s('door', T0 + 1000, { door: 'open', gyro: [0, -40, -500] }),
    ];
    const d = run(createTwin(site), inputs).state.doors.door!;
    expect(d.angle).toBeCloseTo(10 + 20, 9);
  });

  it('lets a device-reported angle win over the gyro', () => {
    const { state } = twin([s('door', T0, { door: 'open', gyro: z(300), angle: 30 })]);
    expect(state.doors.door!.angle).toBe(30);
    expect(state.doors.door!.angleSource).toBe('device');
    expect(state.doors.door!.position).toBe('partly-open');
  });

  it('re-zeroes drift whenever the hall sensor says closed', () => {
    const inputs: TwinInput[] = [s('door', T0, { door: 'closed', gyro: z(0) })];
    // 3 °/s of bias (above the dead band) for one second while the hall still reports closed.
    for (let k = 1; k <= 10; k++) inputs.push(s('door', T0 + 100 * k, { gyro: z(3) }));
    const drifted = twin(inputs).state.doors.door!;
    expect(drifted.angle).toBeGreaterThan(2);
    inputs.push(s('door', T0 + 1100, { door: 'closed', gyro: z(3) }));
    expect(twin(inputs).state.doors.door!.angle).toBe(0);
  });

  it('ignores rates inside the gyro dead band', () => {
    const inputs: TwinInput[] = [s('door', T0, { door: 'closed', gyro: z(0) })];
    for (let k = 1; k <= 50; k++) inputs.push(s('door', T0 + 100 * k, { door: 'open', gyro: z(1) }));
    expect(twin(inputs).state.doors.door!.angle).toBe(0);
  });

  it('treats a hall-only door as open or closed, angle unknown while open', () => {
    const { state, events } = twin([s('door', T0, { door: 'closed' }), s('door', T0 + 1000, { door: 'open' })]);
    expect(state.doors.door!.position).toBe('open');
    expect(state.doors.door!.angle).toBeNull();
    expect(eventsOf(events, 'door')).toHaveLength(1);
  });
});

/** Open to ~90°, pause, then close at `rate` °/s reaching the frame on the last sample. */
function slamInputs(rate: number, closingAccel: Vector3 = [0.4, 2.1, 1.3], sign = 1): TwinInput[] {
  const t = T0;
  const g = (r: number): Vector3 => [0, 0, sign * r];
  const out: TwinInput[] = [s('door', t, { door: 'closed', gyro: g(0), accel: REST })];
  for (let k = 1; k <= 10; k++) out.push(s('door', t + 100 * k, { door: 'open', gyro: g(90), accel: REST }));
  out.push(s('door', t + 2000, { door: 'open', gyro: g(0), accel: REST }));
  // Closing: 90° at `rate` takes 90/rate s; three samples, the last at the frame.
  const dur = Math.round((90 / rate) * 1000);
  out.push(s('door', t + 2000 + dur / 3, { door: 'open', gyro: g(-rate), accel: REST }));
  out.push(s('door', t + 2000 + (2 * dur) / 3, { door: 'open', gyro: g(-rate), accel: REST }));
  out.push(s('door', t + 2000 + dur, { door: 'closed', gyro: g(-rate), accel: closingAccel }));
  return out;
}

describe('slam detection', () => {
  it('detects a fast close confirmed by an acceleration spike, counts it and raises an alert', () => {
    const { state, events } = twin(slamInputs(400));
    const slams = eventsOf(events, 'slam');
    expect(slams).toHaveLength(1);
    expect(slams[0]!.peakRateDps).toBe(400);
    expect(slams[0]!.impactG).toBeGreaterThan(1);
    expect(slams[0]!.keys.length).toBeGreaterThan(0);
    expect(state.doors.door!.slams).toMatchObject({ today: 1, total: 1 });
    expect(eventsOf(events, 'door').map((e) => e.change)).toEqual(['opened', 'closed']);
    expect(state.doors.door!.position).toBe('closed');
    const alert = eventsOf(events, 'alert').find((e) => e.alert.rule === 'door-slammed');
    expect(alert?.change).toBe('raised');
    expect(alert?.alert.reason).toMatch(/slammed at 400/);
  });

  it('detects slams in the other swing direction too', () => {
    expect(eventsOf(twin(slamInputs(400, [0.4, 2.1, 1.3], -1)).events, 'slam')).toHaveLength(1);
  });

  it('does not call a slow close a slam', () => {
    expect(eventsOf(twin(slamInputs(60)).events, 'slam')).toHaveLength(0);
  });

  it('needs the impact when the door reports acceleration', () => {
    const inputs = [...slamInputs(400, REST), ...ticks(T0 + 3000, T0 + 5000)];
    const { state, events } = twin(inputs);
    expect(eventsOf(events, 'slam')).toHaveLength(0);
    expect(state.doors.door!.slamCandidate).toBeNull();
  });

  it('accepts an impact that arrives in the next sample', () => {
    const inputs = slamInputs(400, REST);
    const last = inputs[inputs.length - 1]!;
    const t = last.kind === 'sample' ? last.sample.t : 0;
    inputs.push(s('door', t + 50, { door: 'closed', gyro: z(0), accel: [0, 0, 2.8] }));
    expect(eventsOf(twin(inputs).events, 'slam')).toHaveLength(1);
  });

  it('goes by rate alone for a door without an accelerometer', () => {
    const base = defaultSite();
    const site: SiteSpec = {
      ...base,
      sensors: base.sensors.map((x) => (x.dev === 'door' ? { ...x, channels: ['door', 'gyro'] } : x)),
    };
    const { events } = run(createTwin(site), slamInputs(400, REST));
    expect(eventsOf(events, 'slam')).toHaveLength(1);
  });

  it('counts slams per local day', () => {
    const day1 = slamInputs(400);
    resetSeqs();
    const day2 = slamInputs(400).map((i) =>
      i.kind === 'sample'
        ? {
            ...i,
            sample: {
              ...i.sample,
              seq: i.sample.seq + 100,
              t: i.sample.t + 86_400_000,
              tRecv: i.sample.t + 86_400_000,
            },
          }
        : i,
    );
    const { state } = twin([...day1, ...day2]);
    expect(state.doors.door!.slams).toMatchObject({ today: 1, total: 2 });
  });

  it('clears the slam alert once the door has been quiet long enough', () => {
    const { state, events } = twin([...slamInputs(400), ...ticks(T0 + 3000, T0 + 700_000, 10_000)]);
    const changes = eventsOf(events, 'alert')
      .filter((e) => e.alert.rule === 'door-slammed')
      .map((e) => e.change);
    expect(changes).toEqual(['raised', 'cleared']);
    expect(state.alerts.active['door-slammed:door']).toBeUndefined();
    // The silent door device went stale meanwhile: a different alert, judged on the link (host time).
    expect(Object.keys(state.alerts.active)).toEqual([]);
    expect(Object.keys(state.linkAlerts.active)).toEqual(['device-stale:door']);
  });
});

/** A door reporting once a second (its own angle), opened, then slammed between two reports: the swing is missed. */
function slowDoor(): TwinInput[] {
  return [
    s('door', T0, { door: 'closed', angle: 0, gyro: z(0), accel: REST }),
    s('door', T0 + 1000, { door: 'open', angle: 85, gyro: z(0), accel: REST }),
    s('door', T0 + 2000, { door: 'open', angle: 85, gyro: z(0), accel: REST }),
    s('door', T0 + 3000, { door: 'closed', angle: 0, gyro: z(0), accel: REST }),
  ];
}

/** The device's own `slam` event: the peak closing rate and the angle it was reached at. */
const slamEvt = (t: number, rate = 320): TwinInput => s('door', t, { gyro: z(-rate), angle: 12 }, { evt: 'slam' });

/** Every arrival order of `inputs` plus `extra` in which `extra` comes no later than the reorder window allows. */
function deliveries(inputs: readonly TwinInput[], extra: TwinInput, windowMs: number): TwinInput[][] {
  const out: TwinInput[][] = [];
  for (let at = 0; at <= inputs.length; at++) {
    if (at > 0 && inputTime(inputs[at - 1]!) > inputTime(extra) + windowMs) break;
    out.push([...inputs.slice(0, at), extra, ...inputs.slice(at)]);
  }
  return out;
}

describe('slams reported by the device', () => {
  const rules = { reorderWindowMs: 1000 };

  it('counts a reported slam the telemetry missed, once, with its alert', () => {
    const inputs = [...slowDoor(), ...ticks(T0 + 4000, T0 + 6000)];
    for (const arrival of deliveries(inputs, slamEvt(T0 + 2900), rules.reorderWindowMs)) {
      const { state, events } = twin(arrival, rules);
      const slams = eventsOf(events, 'slam');
      expect(slams).toHaveLength(1);
      expect(slams[0]).toMatchObject({ t: T0 + 2900, peakRateDps: 320, impactG: null, today: 1 });
      expect(slams[0]!.keys).toHaveLength(1);
      expect(state.doors.door!.slams).toMatchObject({ today: 1, total: 1, lastT: T0 + 2900 });
      const alert = eventsOf(events, 'alert').filter((e) => e.alert.rule === 'door-slammed');
      expect(alert.map((e) => e.change)).toEqual(['raised']);
      // The event describes the swing; it is not a reading of where the leaf is now.
      expect(state.doors.door!.angle).toBe(0);
      expect(state.conflicts).toEqual({});
    }
  });

  it('counts a slam both the telemetry and the device saw once, whichever comes first', () => {
    const own = [...slamInputs(400), ...ticks(T0 + 3000, T0 + 5000)];
    // The closing samples are at +2075, +2150 and +2225 (at the frame); the device stamps its event at the peak
    // before the contact, or when its impact check confirmed it after the contact.
    for (const t of [T0 + 2200, T0 + 2225, T0 + 2350]) {
      for (const arrival of deliveries(own, slamEvt(t, 400), rules.reorderWindowMs)) {
        const { state, events } = twin(arrival, rules);
        expect(eventsOf(events, 'slam'), `event at +${t - T0}`).toHaveLength(1);
        expect(state.doors.door!.slams).toMatchObject({ today: 1, total: 1 });
        const alert = eventsOf(events, 'alert').filter((e) => e.alert.rule === 'door-slammed');
        expect(alert.map((e) => e.change)).toEqual(['raised']);
      }
    }
  });

  it('counts two reported slams further apart than the slam window as two', () => {
    const inputs = [...slowDoor(), slamEvt(T0 + 2900), slamEvt(T0 + 2900 + 1500), ...ticks(T0 + 5000, T0 + 6000)];
    const { state, events } = twin(inputs, rules);
    expect(eventsOf(events, 'slam').map((e) => e.today)).toEqual([1, 2]);
    expect(state.doors.door!.slams).toMatchObject({ today: 2, total: 2 });
    const alert = eventsOf(events, 'alert').filter((e) => e.alert.rule === 'door-slammed');
    expect(alert.map((e) => e.change)).toEqual(['raised', 'repeated']);
  });
});

describe('door conflicts', () => {
  it('flags hall closed while the device angle says open, and clears when they agree again', () => {
    const inputs = [
      s('door', T0, { door: 'closed', angle: 20 }),
      s('door', T0 + 1000, { door: 'closed', angle: 20 }),
      s('door', T0 + 3000, { door: 'closed', angle: 20 }),
    ];
    const { state, events } = twin(inputs);
    expect(Object.keys(state.conflicts)).toEqual(['hall-closed-angle-open:door']);
    expect(state.conflicts['hall-closed-angle-open:door']!.reason).toMatch(/20\.0°/);
    expect(eventsOf(events, 'alert')[0]!.alert.rule).toBe('sensor-conflict');
    const later = run(state, [s('door', T0 + 4000, { door: 'closed', angle: 0 }), ...ticks(T0 + 5000, T0 + 20_000)]);
    expect(later.state.conflicts).toEqual({});
    expect(eventsOf(later.events, 'conflict').map((e) => e.change)).toEqual(['ended']);
    const conflictAlerts = eventsOf(later.events, 'alert').filter((e) => e.alert.rule === 'sensor-conflict');
    expect(conflictAlerts.map((e) => e.change)).toEqual(['cleared']);
    expect(conflictAlerts[0]!.t).toBeGreaterThanOrEqual(T0 + 4000 + 10_000);
  });

  it('flags a gyro that saw the leaf swing while the hall kept saying closed', () => {
    const inputs: TwinInput[] = [s('door', T0, { door: 'closed', gyro: z(0) })];
    for (let k = 1; k <= 10; k++) inputs.push(s('door', T0 + 100 * k, { door: 'closed', gyro: z(60) }));
    inputs.push(...ticks(T0 + 2000, T0 + 4000));
    expect(Object.keys(twin(inputs).state.conflicts)).toEqual(['hall-closed-angle-open:door']);
  });

  it('flags hall open while the angle stays at zero for a while', () => {
    const inputs: TwinInput[] = [s('door', T0, { door: 'closed', gyro: z(0) })];
    for (let k = 1; k <= 40; k++) inputs.push(s('door', T0 + 1000 * k, { door: 'open', gyro: z(0) }));
    const early = twin(inputs.slice(0, 20)).state;
    expect(early.conflicts).toEqual({});
    const { state } = twin(inputs);
    expect(Object.keys(state.conflicts)).toEqual(['hall-open-angle-zero:door']);
  });

  it('flags two hall sensors of one door that disagree', () => {
    const base = defaultSite();
    const site: SiteSpec = {
      ...base,
      sensors: [...base.sensors, { dev: 'door-2', channels: ['door'], attachedTo: 'door', position: [4, 2, 1] }],
    };
    const inputs = [
      s('door', T0, { door: 'closed' }),
      s('door-2', T0 + 10, { door: 'closed' }),
      s('door', T0 + 1000, { door: 'open' }),
      s('door-2', T0 + 1500, { door: 'open' }),
      s('door', T0 + 5000, { door: 'closed' }),
      ...ticks(T0 + 6000, T0 + 9000),
    ];
    const { state, events } = run(createTwin(site), inputs);
    expect(Object.keys(state.conflicts)).toEqual(['hall-sources-disagree:door']);
    expect(state.conflicts['hall-sources-disagree:door']!.reason).toMatch(/door closed, door-2 open/);
    // The 500 ms disagreement while opening was not a conflict.
    expect(eventsOf(events, 'conflict')).toHaveLength(1);
  });
});
