import { describe, expect, it } from 'vitest';
import {
  defaultStart,
  parseList,
  parseRate,
  parseScenario,
  parseSpeed,
  parseStart,
} from '../../../../electron/core/sim/options';
import { percentile } from '../../../../electron/core/lab/measure';
import { Scheduler } from '../../../../electron/core/sim/Scheduler';
import { rngFor } from '../../../../electron/core/sim/random';

describe('simulation options', () => {
  it('names the scenarios when one is unknown or missing', () => {
    expect(parseScenario('meeting')).toBe('meeting');
    expect(() => parseScenario('party')).toThrow(/unknown scenario "party"; known: normal-day, meeting/);
    expect(() => parseScenario(undefined)).toThrow(/give --scenario NAME; scenarios:\n {2}normal-day/);
  });

  it('reads rates, speeds, start times and lists within bounds', () => {
    expect(parseRate(undefined)).toBe(1);
    expect(parseRate('0.5')).toBe(0.5);
    expect(() => parseRate('0')).toThrow(/--rate must be a number from/);
    expect(parseSpeed('max')).toBe(Infinity);
    expect(parseSpeed('60')).toBe(60);
    expect(() => parseSpeed('-1')).toThrow(/--speed/);
    expect(parseStart('2026-01-05T09:00:00Z')).toBe(Date.UTC(2026, 0, 5, 9));
    expect(parseStart('now')).toBeUndefined();
    expect(() => parseStart('yesterday')).toThrow(/ISO 8601/);
    expect(parseList('--devices', '50, 200,1000', [], 1, 5000)).toEqual([50, 200, 1000]);
    expect(() => parseList('--devices', '50,x', [], 1, 5000)).toThrow(/--devices must be a number/);
  });

  it('starts a faster-than-real run in the past so that no timestamp lies ahead of the clock', () => {
    const now = Date.UTC(2026, 5, 1);
    expect(defaultStart(now, 1, 3600)).toBe(now);
    expect(defaultStart(now, 60, 3600)).toBe(now - 3_600_000 + 60_000);
    expect(defaultStart(now, Infinity, 3600)).toBe(now - 3_600_000);
    expect(defaultStart(now, 60, null)).toBe(now);
  });
});

describe('simulation building blocks', () => {
  it('the scheduler runs events in time order, ties in the order scheduled, whatever the steps', () => {
    const order: string[] = [];
    const s = new Scheduler(1000);
    s.at(1005, () => order.push('b'));
    s.at(1002, () => {
      order.push('a');
      s.after(3, () => order.push('c')); // also at 1005, after b
    });
    s.at(1001, () => order.push('first'));
    s.runUntil(1004);
    expect(order).toEqual(['first', 'a']);
    expect(s.now).toBe(1004);
    s.runUntil(1010);
    expect(order).toEqual(['first', 'a', 'b', 'c']);
  });

  it('random streams are reproducible per seed and label, and independent between labels', () => {
    const a = rngFor(1, 'device:room-a');
    const draws = [a.next(), a.next(), a.normal()];
    const again = rngFor(1, 'device:room-a');
    expect([again.next(), again.next(), again.normal()]).toEqual(draws);
    expect(rngFor(1, 'device:room-b').next()).not.toBe(draws[0]);
    expect(rngFor(2, 'device:room-a').next()).not.toBe(draws[0]);
  });

  it('percentiles by nearest rank', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(v, 50)).toBe(50);
    expect(percentile(v, 99)).toBe(99);
    expect(percentile([], 50)).toBeNull();
  });
});
