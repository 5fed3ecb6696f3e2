import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  co2After,
  co2Category,
  co2Rate,
  estimateOccupants,
  polygonArea,
  predict,
  steadyState,
  timeToThreshold,
  type RoomModel,
} from '../../../../electron/core/twin/co2Model';
import { decayPair, FIT_MIN_PAIRS, fittedLambda, priorFit, updateFit } from '../../../../electron/core/twin/co2Fit';
import { DEFAULT_RULES } from '../../../../electron/core/twin/rules';

const G = 5.2e-6;

function room(over: Partial<RoomModel> = {}): RoomModel {
  return {
    volumeM3: 54,
    qM3s: 0.015, // 1 ACH
    co2Ppm: 600,
    occupants: 2,
    outdoorPpm: 420,
    generationM3s: G,
    doorFlowM3s: 0.05,
    doorOpen: false,
    neighbour: null,
    ...over,
  };
}

/** The textbook solution: C(t) = C_ss + (C0 − C_ss)·e^(−(Q/V)·t). */
function analytic(m: RoomModel, tS: number): number {
  const css = (1e6 * G * m.occupants + m.qM3s * m.outdoorPpm) / m.qM3s;
  return css + (m.co2Ppm - css) * Math.exp((-m.qM3s / m.volumeM3) * tS);
}

/** Independent check: classic RK4 on the ODE with a small step. */
function rk4(f: (c: number[]) => number[], c0: number[], tS: number, h = 1): number[] {
  let c = c0.slice();
  for (let t = 0; t < tS; t += h) {
    const k1 = f(c);
    const k2 = f(c.map((x, i) => x + (h / 2) * k1[i]!));
    const k3 = f(c.map((x, i) => x + (h / 2) * k2[i]!));
    const k4 = f(c.map((x, i) => x + h * k3[i]!));
    c = c.map((x, i) => x + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!));
  }
  return c;
}

describe('geometry', () => {
  it('computes floor areas with the shoelace formula', () => {
    expect(
      polygonArea([
        [0, 0],
        [4, 0],
        [4, 5],
        [0, 5],
      ]),
    ).toBe(20);
    expect(
      polygonArea([
        [0, 0],
        [4, 0],
        [0, 3],
      ]),
    ).toBe(6);
    expect(
      polygonArea([
        [0, 0],
        [0, 3],
        [4, 0],
      ]),
    ).toBe(6); // clockwise too
  });
});

describe('single-room solution', () => {
  it('matches the analytic exponential approach to the steady state', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 500, noNaN: true }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        fc.double({ min: 400, max: 5000, noNaN: true }),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        (volumeM3, qM3s, co2Ppm, occupants, tS) => {
          const m = room({ volumeM3, qM3s, co2Ppm, occupants });
          const got = co2After(m, tS, 0, m.outdoorPpm);
          expect(Math.abs(got - analytic(m, tS))).toBeLessThan(1e-6 * Math.max(1, Math.abs(got)));
        },
      ),
    );
  });

  it('agrees with a numerical integration of the ODE, door open to a fixed other side', () => {
    const m = room({ co2Ppm: 900, occupants: 4, doorOpen: true });
    const other = 1500;
    const [num] = rk4(([c]) => [co2Rate(m, c!, m.doorFlowM3s, other)], [m.co2Ppm], 1800);
    expect(co2After(m, 1800, m.doorFlowM3s, other)).toBeCloseTo(num!, 6);
  });

  it('settles at the steady state', () => {
    const m = room();
    const css = steadyState(m, 0, m.outdoorPpm)!;
    expect(css).toBeCloseTo(420 + (1e6 * G * 2) / 0.015, 9);
    expect(co2After(m, 1e6, 0, m.outdoorPpm)).toBeCloseTo(css, 6);
  });

  it('grows linearly in an unventilated room', () => {
    const m = room({ qM3s: 0, occupants: 1 });
    expect(steadyState(m, 0, 420)).toBeNull();
    expect(co2After(m, 100, 0, 420)).toBeCloseTo(600 + (100 * 1e6 * G) / 54, 9);
  });
});

describe('timeToThreshold', () => {
  it('lands exactly on the threshold', () => {
    const m = room({ occupants: 3 });
    const ms = timeToThreshold(m, 1000)!;
    expect(ms).toBeGreaterThan(0);
    expect(analytic(m, ms / 1000)).toBeCloseTo(1000, 6);
  });

  it('is 0 above the threshold and null when the steady state stays below it', () => {
    expect(timeToThreshold(room({ co2Ppm: 1200 }), 1000)).toBe(0);
    // 1 person at 1 ACH settles at 420 + 347 ppm.
    expect(timeToThreshold(room({ occupants: 1 }), 1000)).toBeNull();
    expect(timeToThreshold(room({ occupants: 0 }), 1000)).toBeNull();
  });
});

describe('predict (what-if)', () => {
  it('follows the analytic curve, and more people raise the whole curve', () => {
    const m = room();
    const base = predict(m, {}, 3_600_000, 600_000);
    expect(base.map((p) => p.tMs)).toEqual([0, 600_000, 1_200_000, 1_800_000, 2_400_000, 3_000_000, 3_600_000]);
    for (const p of base) expect(p.co2).toBeCloseTo(analytic(m, p.tMs / 1000), 6);
    const more = predict(m, { addOccupants: 2 }, 3_600_000, 600_000);
    for (const p of more) expect(p.co2).toBeCloseTo(analytic({ ...m, occupants: 4 }, p.tMs / 1000), 6);
    expect(more[6]!.co2).toBeGreaterThan(base[6]!.co2 + 100);
  });

  it('couples two rooms through an open door exactly (vs RK4)', () => {
    const nb = { volumeM3: 54, qM3s: 0.005, co2Ppm: 1800, occupants: 3 };
    const m = room({ co2Ppm: 700, occupants: 0, neighbour: nb });
    const points = predict(m, { doorOpen: true }, 1_800_000, 900_000);
    const qd = m.doorFlowM3s;
    const f = ([c1, c2]: number[]): number[] => [
      (m.qM3s * (420 - c1!) + qd * (c2! - c1!)) / m.volumeM3,
      (1e6 * G * nb.occupants + nb.qM3s * (420 - c2!) + qd * (c1! - c2!)) / nb.volumeM3,
    ];
    const [c1, c2] = rk4(f, [700, 1800], 1800, 0.5);
    expect(points[2]!.co2).toBeCloseTo(c1!, 5);
    expect(points[2]!.neighbourCo2!).toBeCloseTo(c2!, 5);
    // Opening the door brings the richer air in: higher than with the door closed.
    const closed = predict(m, { doorOpen: false }, 1_800_000, 900_000);
    expect(points[2]!.co2).toBeGreaterThan(closed[2]!.co2 + 100);
  });

  it('conserves CO2 between two sealed-off rooms that only exchange through the door', () => {
    const nb = { volumeM3: 30, qM3s: 0, co2Ppm: 2000, occupants: 0 };
    const m = room({ volumeM3: 60, qM3s: 0, co2Ppm: 500, occupants: 0, neighbour: nb });
    const [, mid, end] = predict(m, { doorOpen: true }, 2e7, 1e7);
    const total = 60 * 500 + 30 * 2000;
    expect(60 * mid!.co2 + 30 * mid!.neighbourCo2!).toBeCloseTo(total, 0);
    expect(end!.co2).toBeCloseTo(total / 90, 1);
    expect(end!.neighbourCo2!).toBeCloseTo(total / 90, 1);
  });
});

describe('estimateOccupants', () => {
  it('inverts the mass balance', () => {
    const m = room({ co2Ppm: 800, occupants: 3 });
    const slope = co2Rate(m, 800, 0.05, 1000);
    expect(estimateOccupants(m, 800, slope, 0.05, 1000)).toBeCloseTo(3, 9);
    expect(estimateOccupants(m, 800, -1, 0, 420)).toBe(0);
  });
});

describe('co2Category', () => {
  it('uses EN 16798-1 limits above outdoor', () => {
    const r = DEFAULT_RULES.co2;
    expect(co2Category(420 + 550, r)).toBe('I');
    expect(co2Category(420 + 551, r)).toBe('II');
    expect(co2Category(420 + 800, r)).toBe('II');
    expect(co2Category(420 + 1350, r)).toBe('III');
    expect(co2Category(420 + 1351, r)).toBe('IV');
  });
});

describe('decay fit', () => {
  it('recovers the decay rate of an exact exponential, whatever the prior', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 6, noNaN: true }),
        fc.double({ min: 0.1, max: 6, noNaN: true }),
        fc.double({ min: 800, max: 4000, noNaN: true }),
        (ach, priorAch, c0) => {
          const lambda = ach / 3600;
          let fit = priorFit(priorAch / 3600);
          let prev: [number, number] = [0, c0];
          for (let k = 1; k <= 240; k++) {
            const cur: [number, number] = [60_000 * k, 420 + (c0 - 420) * Math.exp(-lambda * 60 * k)];
            const pair = decayPair(prev, cur, 420, 50, 900_000);
            if (pair) fit = updateFit(fit, pair, 0.99);
            prev = cur;
          }
          expect(fit.pairs).toBeGreaterThanOrEqual(FIT_MIN_PAIRS);
          expect(Math.abs(fittedLambda(fit) - lambda) / lambda).toBeLessThan(0.02);
        },
      ),
    );
  });

  it('forgets per minute of decay data, however long the pairs are', () => {
    const prior = priorFit(1 / 3600);
    const silent = (x: number) => ({ x, y: 0, w: 0 });
    let fine = prior;
    for (let k = 0; k < 60; k++) fine = updateFit(fine, silent(10), 0.9);
    const coarse = updateFit(prior, silent(600), 0.9);
    expect(coarse.sxx).toBeCloseTo(prior.sxx * 0.9 ** 10, 12);
    expect(fine.sxx).toBeCloseTo(coarse.sxx, 12);
    expect(fine.sxy).toBeCloseTo(coarse.sxy, 12);
  });

  it('weighs a pair by the time it covers: a minute of decay counts the same as one pair or six', () => {
    const lambda = 1 / 1800;
    const pair = (x: number) => ({ x, y: lambda * x, w: 4 });
    let six = priorFit(0);
    for (let k = 0; k < 6; k++) six = updateFit(six, pair(10), 1);
    const one = updateFit(priorFit(0), pair(60), 1);
    expect(six.sxx).toBeCloseTo(one.sxx, 9);
    expect(six.sxy).toBeCloseTo(one.sxy, 12);
  });

  it('skips pairs without signal: too close to outdoor, too far apart, rising, or at zero excess', () => {
    expect(decayPair([0, 900], [60_000, 880], 420, 50, 900_000)).not.toBeNull();
    expect(decayPair([0, 460], [60_000, 455], 420, 50, 900_000)).toBeNull();
    expect(decayPair([0, 900], [3_600_000, 600], 420, 50, 900_000)).toBeNull();
    expect(decayPair([0, 900], [60_000, 950], 420, 50, 900_000)).toBeNull();
    expect(decayPair([0, 500], [60_000, 420], 420, 0, 900_000)).toBeNull();
  });
});
