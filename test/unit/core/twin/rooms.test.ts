import { beforeEach, describe, expect, it } from 'vitest';
import type { TwinInput } from '../../../../electron/common/twin';
import { predict } from '../../../../electron/core/twin/co2Model';
import { doorExchange, roomModelOf } from '../../../../electron/core/twin/rooms';
import { eventsOf, resetSeqs, s, T0, twin } from './helpers';

beforeEach(resetSeqs);

const V = 54; // room a: 4 m × 5 m × 2.7 m
const G = 5.2e-6;

/** Exact CO2 of a closed room with `n` people and ventilation `q`, `tS` seconds after c0. */
function exact(c0: number, n: number, q: number, tS: number): number {
  const css = 420 + (1e6 * G * n) / q;
  return css + (c0 - css) * Math.exp((-q / V) * tS);
}

/** Seeded normal noise with standard deviation `sd` (mulberry32 and Box–Muller). */
function gaussian(seed: number, sd: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe('room readings', () => {
  it('keeps the latest temperature, humidity, light and CO2 with their sample keys', () => {
    const { state } = twin([s('room-a', T0, { co2: 640, temp: 21.5, rh: 40.2, lux: 310 })]);
    const a = state.rooms.a!;
    expect(a.volumeM3).toBeCloseTo(V, 9);
    expect(a.temp).toEqual({ value: 21.5, t: T0, key: { dev: 'room-a', boot: 1, seq: 1 } });
    expect([a.co2?.value, a.rh?.value, a.lux?.value]).toEqual([640, 40.2, 310]);
    expect(state.rooms.b!.temp).toBeNull();
  });
});

describe('CO2 model in the engine', () => {
  it('fits the ventilation rate from a decay in the empty closed room', () => {
    const q = (1.2 * V) / 3600; // 1.2 air changes per hour
    const inputs: TwinInput[] = [s('door', T0, { door: 'closed' }), s('room-a', T0, { motion: false })];
    for (let k = 1; k <= 60; k++) {
      inputs.push(s('room-a', T0 + 60_000 * k, { co2: Math.round(exact(1500, 0, q, 60 * (k - 1))), motion: false }));
    }
    const m = twin(inputs).state.rooms.a!.model;
    expect(m.qSource).toBe('fitted');
    // Readings are rounded to 1 ppm as on the wire: within 3 %.
    expect(Math.abs(m.qM3s - q) / q).toBeLessThan(0.03);
    expect(m.occupants).toBeLessThan(0.3);
  });

  it('fits as well from a reading a second with sensor noise as from a reading a minute', () => {
    // 2 air changes an hour, 90 min of decay from 1500 ppm, readings with ±5 ppm of noise (seeded) rounded to 1 ppm.
    const q = 0.03;
    const fitted = (stepS: number, seed: number): number => {
      resetSeqs();
      const noise = gaussian(seed, 5);
      const inputs: TwinInput[] = [s('door', T0, { door: 'closed' }), s('room-a', T0, { motion: false })];
      for (let tS = stepS; tS <= 5400; tS += stepS) {
        const co2 = Math.round(exact(1500, 0, q, tS) + noise());
        inputs.push(s('room-a', T0 + tS * 1000, { co2, motion: false }));
      }
      const m = twin(inputs).state.rooms.a!.model;
      expect(m.qSource).toBe('fitted');
      return m.qM3s;
    };
    for (const seed of [1, 2, 3]) {
      for (const stepS of [1, 60]) {
        const err = Math.abs(fitted(stepS, seed) - q) / q;
        expect(err, `seed ${seed}, a reading every ${stepS} s`).toBeLessThan(0.1);
      }
    }
  });

  it('does not fit while the room is occupied or the door is open', () => {
    const q = (1.2 * V) / 3600;
    const inputs: TwinInput[] = [s('door', T0, { door: 'open' })];
    for (let k = 1; k <= 30; k++)
      inputs.push(s('room-a', T0 + 60_000 * k, { co2: Math.round(exact(1500, 0, q, 60 * k)) }));
    const m = twin(inputs).state.rooms.a!.model;
    expect(m.qSource).toBe('prior');
    expect(m.fit.pairs).toBe(0);
    expect(m.qM3s).toBeCloseTo((0.5 * V) / 3600, 12);
  });

  it('estimates occupants from the rise and predicts the time to the threshold', () => {
    const q = (0.5 * V) / 3600; // the prior, so no fit is needed
    const inputs: TwinInput[] = [s('door', T0, { door: 'closed' })];
    for (let k = 0; k <= 10; k++) {
      inputs.push(s('room-a', T0 + 30_000 * k, { co2: exact(600, 3, q, 30 * k), motion: true }));
    }
    const { state } = twin(inputs);
    const m = state.rooms.a!.model;
    expect(m.occupants!).toBeGreaterThan(2.8);
    expect(m.occupants!).toBeLessThan(3.2);
    expect(m.slopePpmPerMin!).toBeGreaterThan(0);
    expect(m.category).toBe('I');
    // From the last reading (t = 300 s) the exact curve reaches 1000 ppm at t*.
    const css = 420 + (1e6 * G * 3) / q;
    const tStar = (-V / q) * Math.log((1000 - css) / (600 - css));
    const expectedMs = (tStar - 300) * 1000;
    expect(Math.abs(m.timeToThresholdMs! - expectedMs) / expectedMs).toBeLessThan(0.05);
  });

  it('raises co2-high at the threshold, holds it within the hysteresis band, clears below it', () => {
    const values = [990, 1005, 970, 960, 940, 930, 930, 930];
    const inputs = values.map((co2, k) => s('room-a', T0 + 30_000 * k, { co2 }));
    const { events } = twin(inputs, { alerts: { 'co2-abnormal-rise': { enabled: false } } });
    const changes = eventsOf(events, 'alert')
      .filter((e) => e.alert.rule === 'co2-high')
      .map((e) => [e.change, (e.t - T0) / 30_000]);
    // Raised at 1005; 970 and 960 are above 1000 − 50; 940 starts the 60 s clear timer.
    expect(changes).toEqual([
      ['raised', 1],
      ['cleared', 6],
    ]);
  });

  it('can set the threshold as an EN 16798-1 category above outdoor, site-wide or per room', () => {
    const off = { 'co2-abnormal-rise': { enabled: false } };
    const catII = { co2: { thresholdCategory: 'II' as const }, alerts: off };
    expect(twin([s('room-a', T0, { co2: 1100 })], catII).state.alerts.active).toEqual({});
    expect(Object.keys(twin([s('room-a', T0, { co2: 1230 })], catII).state.alerts.active)).toEqual(['co2-high:a']);
    const roomI = { rooms: { a: { thresholdCategory: 'I' as const } }, alerts: off };
    expect(Object.keys(twin([s('room-a', T0, { co2: 980 })], roomI).state.alerts.active)).toEqual(['co2-high:a']);
  });

  it('uses per-room thresholds from the rules', () => {
    const { state } = twin([s('room-a', T0, { co2: 900 })], { rooms: { a: { thresholdPpm: 850 } } });
    expect(Object.keys(state.alerts.active)).toContain('co2-high:a');
  });

  it('flags CO2 rising faster than a full room could make it', () => {
    const inputs: TwinInput[] = [];
    // 200 ppm/min in 54 m³: a full room (10 people) manages under 60 ppm/min.
    for (let k = 0; k <= 12; k++) inputs.push(s('room-a', T0 + 15_000 * k, { co2: 500 + 50 * k }));
    const { state, events } = twin(inputs, { alerts: { 'co2-high': { enabled: false } } });
    expect(state.rooms.a!.model.abnormal).toBe(true);
    expect(state.rooms.a!.model.maxRisePpmPerMin!).toBeLessThan(60);
    const raised = eventsOf(events, 'alert').filter((e) => e.alert.rule === 'co2-abnormal-rise');
    expect(raised.map((e) => e.change)).toEqual(['raised']);
    expect(raised[0]!.alert.reason).toMatch(/faster than/);
  });

  it('couples rooms through the open door only', () => {
    const closed = twin([s('door', T0, { door: 'closed' }), s('room-b', T0, { co2: 1400 })]).state;
    expect(doorExchange(closed, 'a').qDoor).toBe(0);
    const open = twin([s('door', T0, { door: 'open' }), s('room-b', T0, { co2: 1400 })]).state;
    expect(doorExchange(open, 'a')).toEqual({ qDoor: 0.05, otherPpm: 1400 });
    const model = roomModelOf(open, 'a')!;
    expect(model).toMatchObject({ doorOpen: true, co2Ppm: 420, neighbour: { co2Ppm: 1400 } });
    const curve = predict(model, {}, 600_000, 600_000);
    expect(curve[1]!.co2).toBeGreaterThan(420);
    expect(curve[1]!.neighbourCo2!).toBeLessThan(1400);
  });
});
