import { describe, expect, it } from 'vitest';
import type { SampleValues } from '../../../../electron/common/sample';
import { START, parsed, runScenario } from './helpers';

interface Msg {
  t: string;
  ts: number;
  up: number;
  evt?: string;
  data: SampleValues;
}

const norm = (v: readonly number[]): number => Math.hypot(v[0]!, v[1]!, v[2]!);

describe('virtual door sensor', () => {
  const slams = runScenario('door-slams').out;
  const door = parsed<Msg>(slams, 'door');
  const day = parsed<Msg>(runScenario('normal-day', { seconds: 4 * 3600 }).out, 'door');

  it('hall closed exactly when the angle is zero, in every message that carries both', () => {
    for (const m of [...door, ...day]) {
      if (m.data?.door === undefined || m.data.angle === undefined) continue;
      if (m.data.door === 'closed') expect(m.data.angle).toBe(0);
      // Open: positive but for the firmware's integration lag in the last degrees of a fast close.
      else expect(m.data.angle).toBeGreaterThan(-2);
      // Open and still: the leaf rests where it was pushed, well away from the frame.
      if (m.data.door === 'open' && m.data.gyro && Math.abs(m.data.gyro[2]) < 2)
        expect(m.data.angle).toBeGreaterThan(20);
    }
    expect(day.filter((m) => m.data?.door === 'open').length).toBeGreaterThan(20);
  });

  it('the gyro z axis is the hinge rate: tens to hundreds of °/s, positive opening', () => {
    const rates = [...door, ...day].filter((m) => m.t === 'tele').map((m) => m.data.gyro![2]);
    expect(Math.max(...rates)).toBeGreaterThan(40);
    expect(Math.max(...rates)).toBeLessThan(130);
    expect(Math.min(...rates)).toBeLessThan(-20);
    // Closed, the leaf is still (but for the last degree of a close and the ring of a slam): bias and noise only.
    const closed = door.filter((m) => m.t === 'tele' && m.data.door === 'closed');
    const still = closed.filter((m) => Math.max(...m.data.gyro!.map(Math.abs)) < 2.5);
    expect(still.length / closed.length).toBeGreaterThan(0.95);
  });

  it('a slam is a fast closing swing ending against the frame with an acceleration spike', () => {
    const evts = door.filter((m) => m.evt === 'slam');
    expect(evts.length).toBeGreaterThanOrEqual(5);
    for (const s of evts) {
      expect(s.data.gyro![2]).toBeLessThan(-150);
      expect(s.data.gyro![2]).toBeGreaterThan(-450);
      expect(Math.abs(norm(s.data.accel!) - 1)).toBeGreaterThan(0.6);
      // Measured at the peak, just before the contact: the door_closed event follows it in time.
      const closed = door.find((m) => m.evt === 'door_closed' && m.ts >= s.ts);
      expect(closed!.ts - s.ts).toBeLessThanOrEqual(50);
      expect(closed!.ts - s.ts).toBeGreaterThan(0);
    }
    // At rest the accelerometer reads gravity on the hinge axis.
    const rest = door.find((m) => m.t === 'tele' && m.data.door === 'closed')!;
    expect(rest.data.accel![2]).toBeCloseTo(1, 1);
  });

  it('a hall magnet off the frame reads open while the leaf rests at zero', () => {
    const f = parsed<Msg>(runScenario('sensor-faults').out, 'door', 'tele');
    const after = f.filter((m) => m.ts > START + 21 * 60_000);
    expect(after.every((m) => m.data.door === 'open')).toBe(true);
    const atRest = after.filter((m) => Math.abs(m.data.gyro![2]) < 2);
    expect(atRest.filter((m) => Math.abs(m.data.angle!) < 1).length / atRest.length).toBeGreaterThan(0.5);
  });
});

describe('virtual room sensor over a day', () => {
  // From midnight, a reading a minute.
  const a = parsed<Msg>(
    runScenario('normal-day', { seconds: 86_400, rateHz: 1 / 60, start: START - 9 * 3_600_000 }).out,
    'room-a',
    'tele',
  );
  const hour = (m: Msg): number => (m.ts - (START - 9 * 3_600_000)) / 3_600_000;

  it('light follows the sun and the lamps; nights are dark and still', () => {
    const night = a.filter((m) => hour(m) > 1 && hour(m) < 5);
    expect(Math.max(...night.map((m) => m.data.lux!))).toBeLessThan(5);
    expect(night.some((m) => m.data.motion)).toBe(false);
    const noon = a.filter((m) => hour(m) > 11 && hour(m) < 13);
    expect(Math.max(...noon.map((m) => m.data.lux!))).toBeGreaterThan(200);
    const work = a.filter((m) => hour(m) > 9 && hour(m) < 17);
    expect(work.filter((m) => m.data.motion).length / work.length).toBeGreaterThan(0.5);
  });

  it('CO2 follows the working day and airs out overnight', () => {
    const at = (h: number): number => a.find((m) => hour(m) >= h)!.data.co2!;
    expect(at(11)).toBeGreaterThan(at(6) + 150);
    expect(at(23.9)).toBeLessThan(at(16));
  });

  it('reports plausible RSSI and a slowly discharging battery', () => {
    for (const m of a) {
      expect(m.data.rssi).toBeGreaterThanOrEqual(-90);
      expect(m.data.rssi).toBeLessThanOrEqual(-35);
    }
    expect(a[a.length - 1]!.data.bat!).toBeLessThan(a[0]!.data.bat!);
    expect(a[0]!.data.bat! - a[a.length - 1]!.data.bat!).toBeLessThan(0.2);
  });
});
