import { describe, expect, it } from 'vitest';
import {
  foldRows,
  mergeStats,
  minuteOf,
  parseStats,
  storedStats,
  tierValues,
  type FoldRow,
  type MinuteStats,
} from '../../../../../electron/core/store/retention/minuteStats';

const row = (t: number, values: object, dev = 'room-a'): FoldRow => ({
  dev,
  t,
  session: 1,
  data: JSON.stringify(values),
});

describe('1-minute tier arithmetic', () => {
  it('keeps min, mean, max and count per device, minute and channel', () => {
    const t0 = Date.UTC(2026, 0, 1, 12, 0);
    const folded = foldRows([
      row(t0, { co2: 500, temp: 20 }),
      row(t0 + 10_000, { co2: 700, temp: 21 }),
      row(t0 + 59_999, { co2: 600 }),
      row(t0 + 60_000, { co2: 900 }),
      row(t0 + 5_000, { co2: 1 }, 'room-b'),
    ]);
    expect(folded.get(`room-a\t${t0}\t1`)).toEqual({ co2: [500, 600, 700, 3], temp: [20, 20.5, 21, 2] });
    expect(folded.get(`room-a\t${t0 + 60_000}\t1`)).toEqual({ co2: [900, 900, 900, 1] });
    expect(folded.get(`room-b\t${t0}\t1`)).toEqual({ co2: [1, 1, 1, 1] });
    expect(folded.size).toBe(3);
  });

  it('counts booleans as 0/1 and vectors by magnitude', () => {
    expect(tierValues({ motion: true, door: 'closed', gyro: [3, 4, 0], accel: [0, 0, 1] })).toEqual([
      ['motion', 1],
      ['door', 0],
      ['gyro', 5],
      ['accel', 1],
    ]);
    expect(tierValues({ co2: Number.NaN })).toEqual([]);
  });

  it('merging two halves of a minute gives what folding it whole gives', () => {
    const t0 = minuteOf(Date.UTC(2026, 0, 1, 12, 0, 30));
    const rows = Array.from({ length: 60 }, (_, i) => row(t0 + i * 1000, { temp: 20 + Math.sin(i) * 3, rh: i }));
    const whole = foldRows(rows).get(`room-a\t${t0}\t1`)!;
    const a = foldRows(rows.slice(0, 17)).get(`room-a\t${t0}\t1`)!;
    const b = foldRows(rows.slice(17)).get(`room-a\t${t0}\t1`)!;
    const merged = mergeStats(a, b);
    for (const ch of ['temp', 'rh']) {
      expect(merged[ch]![0]).toBe(whole[ch]![0]);
      expect(merged[ch]![2]).toBe(whole[ch]![2]);
      expect(merged[ch]![3]).toBe(60);
      expect(merged[ch]![1]).toBeCloseTo(whole[ch]![1], 10);
    }
    expect(mergeStats(a, {})).toEqual(a);
  });

  it('stores compactly and reads back what it stored: one count, a bare number when min = max', () => {
    const stored = storedStats({ co2: [500, 612.345678, 700, 60], bat: [3.9, 3.9, 3.9, 60], angle: [0, 2, 4, 3] });
    // [n, rssi, bat, co2, temp, rh, lux, motion, door, gyro, accel, angle]
    expect(JSON.parse(stored)).toEqual([
      60,
      null,
      3.9,
      [500, 612.35, 700],
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      [0, 2, 4, 3],
    ]);
    expect(parseStats(stored)).toEqual({ co2: [500, 612.35, 700, 60], bat: [3.9, 3.9, 3.9, 60], angle: [0, 2, 4, 3] });
  });

  it('ends a row after its last channel: a room names no door channels, and nothing is one count', () => {
    const room: MinuteStats = { rssi: [-60, -57.5, -55, 60], bat: [3.95, 3.95, 3.95, 60], co2: [640, 650.5, 661, 60] };
    const stored = storedStats({ ...room, motion: [0, 0.25, 1, 60] });
    expect(stored).toBe('[60,[-60,-57.5,-55],3.95,[640,650.5,661],null,null,null,[0,0.25,1]]');
    expect(parseStats(stored)).toEqual({ ...room, motion: [0, 0.25, 1, 60] });
    expect(storedStats({})).toBe('[0]');
    expect(parseStats('[0]')).toEqual({});
  });
});
