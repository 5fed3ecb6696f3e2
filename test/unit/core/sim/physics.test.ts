import { describe, expect, it } from 'vitest';
import type { SampleValues } from '../../../../electron/common/sample';
import { stepAir, relativeHumidity, absoluteHumidity } from '../../../../electron/core/sim/physics/air';
import { DoorLeaf } from '../../../../electron/core/sim/physics/doorLeaf';
import { START, parsed, runScenario, throughTwin } from './helpers';

interface Msg {
  t: string;
  ts: number;
  evt?: string;
  data: SampleValues;
}

const room = {
  volumeM3: 54,
  occupants: 0,
  qM3s: 0.03,
  outdoorPpm: 420,
  generationM3s: 5.2e-6,
  supplyTempC: 19,
  supplyAh: 7.5,
  wallUA: 120,
  baseTempC: 21.5,
  gainsW: 0,
  doorQM3s: 0,
  other: { co2: 420, temp: 21, ah: 8 },
};

describe('room air', () => {
  it('CO2 rises at 1e6·G·n/V with people and decays towards outdoor at Q/V', () => {
    const start = { co2: 420, temp: 21, ah: 8 };
    const after10s = stepAir(start, { ...room, occupants: 6 }, 10);
    expect((after10s.co2 - 420) / 10).toBeCloseTo((1e6 * 5.2e-6 * 6) / 54, 2);
    const decayed = stepAir({ ...start, co2: 1420 }, room, 3600);
    expect((decayed.co2 - 420) / 1000).toBeCloseTo(Math.exp((-0.03 / 54) * 3600), 6);
  });

  it('warms and moistens with people, and relative humidity follows temperature', () => {
    const s = { co2: 420, temp: 21.5, ah: absoluteHumidity(40, 21.5) };
    const full = stepAir(s, { ...room, occupants: 8 }, 3600);
    expect(full.temp - s.temp).toBeGreaterThan(1.5);
    expect(full.temp - s.temp).toBeLessThan(5);
    expect(full.ah - s.ah).toBeGreaterThan(1.5);
    expect(relativeHumidity(full.ah, full.temp)).toBeGreaterThan(42);
    expect(relativeHumidity(absoluteHumidity(50, 20), 25)).toBeLessThan(40);
  });
});

describe('door leaf', () => {
  it('swings with real rates: a push peaks at 2Δ/T, a slam hits the frame at full speed', () => {
    const leaf = new DoorLeaf();
    leaf.plan(0, 80, 100);
    expect(leaf.rateAt(800)).toBeCloseTo(100, 6);
    expect(leaf.angleAt(1600)).toBe(80);
    leaf.plan(5000, 0, 320, 'slam');
    expect(leaf.rateAt(4999.9 + 500)).toBeCloseTo(-320, 0);
    expect(leaf.angleAt(5500)).toBe(0);
    expect(leaf.impactAt(5510)?.speedDps).toBeCloseTo(320, 6);
  });
});

describe('a meeting through the sensors and the twin', () => {
  const { out } = runScenario('meeting');
  const a = parsed<Msg>(out, 'room-a', 'tele');
  const at = (min: number): Msg => a.find((m) => m.ts >= START + min * 60_000)!;

  it('CO2, temperature and humidity climb while the room is full and fall after', () => {
    expect(at(4).data.co2!).toBeLessThan(650);
    expect(at(60).data.co2!).toBeGreaterThan(1500);
    expect(at(118).data.co2!).toBeLessThan(800);
    expect(at(65).data.temp! - at(4).data.temp!).toBeGreaterThan(1.5);
    expect(at(65).data.rh! - at(4).data.rh!).toBeGreaterThan(5);
  });

  it('the PIR sees the crowd and an empty room stays still', () => {
    const motion = (from: number, to: number): number => {
      const w = a.filter((m) => m.ts >= START + from * 60_000 && m.ts < START + to * 60_000);
      return w.filter((m) => m.data.motion).length / w.length;
    };
    expect(motion(15, 60)).toBeGreaterThan(0.7);
    expect(motion(80, 120)).toBe(0);
  });

  it('the empty, shut room airs out at Q/V', () => {
    // Least squares of ln(C − C_out) over the readings once everyone has gone.
    const pts = a
      .filter((m) => m.ts > START + 78 * 60_000)
      .map((m) => [(m.ts - START) / 1000, Math.log(m.data.co2! - 420)]);
    const mx = pts.reduce((s, p) => s + p[0]!, 0) / pts.length;
    const my = pts.reduce((s, p) => s + p[1]!, 0) / pts.length;
    const sxy = pts.reduce((s, p) => s + (p[0]! - mx) * (p[1]! - my), 0);
    const sxx = pts.reduce((s, p) => s + (p[0]! - mx) ** 2, 0);
    const qOverV = 0.03 / 54; // 2 air changes an hour of 4 m × 5 m × 2.7 m
    expect(-sxy / sxx / qOverV).toBeGreaterThan(0.9);
    expect(-sxy / sxx / qOverV).toBeLessThan(1.1);
  });

  it('the twin fits the ventilation of the empty, shut room close to the simulated Q, at any reading rate', () => {
    // A reading a second as mains-powered sensors send, and a reading a minute as a battery sensor sends.
    for (const rateHz of [1, 1 / 60]) {
      const twin = throughTwin(runScenario('meeting', { rateHz }).out);
      const model = twin.state.rooms['a']!.model;
      expect(model.qSource).toBe('fitted');
      // 2 air changes an hour of 54 m³.
      expect(model.qM3s, `${rateHz} Hz`).toBeGreaterThan(0.03 * 0.9);
      expect(model.qM3s, `${rateHz} Hz`).toBeLessThan(0.03 * 1.1);
    }
  });
});
