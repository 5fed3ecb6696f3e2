import { beforeEach, describe, expect, it } from 'vitest';
import type { TwinInput } from '../../../../electron/common/twin';
import { diffAlerts } from '../../../../electron/core/twin/alertDiff';
import { alertRecords, runBacktest, runInputs, type AlertRecord } from '../../../../electron/core/runner/backtest';
import { defaultSite, resetSeqs, s, T0, ticks } from '../twin/helpers';

beforeEach(resetSeqs);

/** CO2 in room a climbing from 800 to 1190 ppm and back, one reading a minute, with clock ticks. */
function co2Stream(): TwinInput[] {
  const out: TwinInput[] = [];
  const values = [800, 850, 900, 960, 1010, 1060, 1100, 1150, 1190, 1150, 1080, 1000, 930, 880, 850, 820, 800];
  values.forEach((co2, k) => out.push(s('room-a', T0 + 60_000 * k, { co2 })));
  out.push(...ticks(T0 + 60_000 * values.length, T0 + 60_000 * (values.length + 3), 30_000));
  return out;
}

describe('runBacktest', () => {
  it('returns alert episodes with raise and clear times', () => {
    const { alerts, eventCounts } = runBacktest(defaultSite(), co2Stream());
    const co2 = alerts.filter((a) => a.rule === 'co2-high');
    expect(co2).toHaveLength(1);
    expect(co2[0]).toMatchObject({ id: `co2-high:a@${T0 + 4 * 60_000}`, subject: 'a', raisedAt: T0 + 4 * 60_000 });
    // 930 ppm at minute 12 is below 1000 − 50; cleared 60 s later, at the next reading.
    expect(co2[0]!.clearedAt).toBe(T0 + 13 * 60_000);
    expect(co2[0]!.reason).toMatch(/CO2 1010 ppm/);
    expect(eventCounts.alert).toBeGreaterThanOrEqual(2);
  });

  it('re-runs the same recording with other rules', () => {
    const strict = runBacktest(defaultSite(), co2Stream(), {
      rules: { reorderWindowMs: 0, co2: { thresholdPpm: 900 } },
    });
    const co2 = strict.alerts.filter((a) => a.rule === 'co2-high');
    expect(co2[0]!.raisedAt).toBe(T0 + 2 * 60_000);
  });

  it('gives the same alerts whatever the batch size', () => {
    const inputs = co2Stream();
    const a = runBacktest(defaultSite({ reorderWindowMs: 2000 }), inputs, { batchSize: 1 });
    const b = runBacktest(defaultSite({ reorderWindowMs: 2000 }), inputs, { batchSize: 1000 });
    expect(b.alerts).toEqual(a.alerts);
  });

  it('can leave what is still waiting unapplied, or apply it and close the alerts at the end', () => {
    const site = defaultSite({ reorderWindowMs: 60_000 });
    const held = runInputs(site, co2Stream(), { close: false });
    expect(held.pending.length).toBeGreaterThan(0);
    const done = runInputs(site, co2Stream());
    expect(done.pending).toEqual([]);
    expect(done.rooms.a!.co2!.value).toBe(800);
    expect(done.alerts.active).toEqual({});
  });
});

describe('alertRecords', () => {
  it('folds lifecycle events into one record per alert', () => {
    const alert = {
      id: 'x#1',
      rule: 'device-stale' as const,
      subject: 'door',
      severity: 'warning' as const,
      raisedAt: 10,
      ackedAt: null,
      clearedAt: null,
      reason: 'first reason',
      keys: [],
      occurrences: 1,
      foundLateMs: null,
    };
    const records = alertRecords([
      { kind: 'alert', t: 10, change: 'raised', alert: { ...alert, status: 'raised' } },
      {
        kind: 'alert',
        t: 20,
        change: 'acknowledged',
        alert: { ...alert, status: 'acknowledged', ackedAt: 20, reason: 'later' },
      },
      { kind: 'alert', t: 30, change: 'cleared', alert: { ...alert, status: 'cleared', ackedAt: 20, clearedAt: 30 } },
    ]);
    expect(records).toEqual([{ ...alert, ackedAt: 20, clearedAt: 30 }]);
  });
});

const rec = (rule: AlertRecord['rule'], subject: string, raisedAt: number, clearedAt: number | null): AlertRecord => ({
  id: `${rule}:${subject}#${raisedAt}`,
  rule,
  subject,
  severity: 'warning',
  raisedAt,
  ackedAt: null,
  clearedAt,
  reason: '',
  keys: [],
  occurrences: 1,
  foundLateMs: null,
});

describe('diffAlerts', () => {
  it('finds alerts that appear, vanish and move', () => {
    const before = [
      rec('co2-high', 'a', 1000, 5000),
      rec('device-stale', 'door', 2000, 3000),
      rec('co2-high', 'b', 9000, null),
    ];
    const after = [
      rec('co2-high', 'a', 1600, 5000),
      rec('co2-high', 'b', 9000, null),
      rec('sensor-stuck', 'room-a/co2', 4000, null),
    ];
    const diff = diffAlerts(before, after);
    expect(diff.map((d) => [d.change, d.rule, d.subject, d.raisedShiftMs])).toEqual([
      ['moved', 'co2-high', 'a', 600],
      ['vanished', 'device-stale', 'door', null],
      ['appeared', 'sensor-stuck', 'room-a/co2', null],
    ]);
    expect(diffAlerts(before, after, { includeUnchanged: true }).map((d) => d.change)).toContain('unchanged');
  });

  it('treats shifts within the tolerance as unchanged, but a different clearing as a move', () => {
    const before = [rec('co2-high', 'a', 1000, 5000)];
    expect(diffAlerts(before, [rec('co2-high', 'a', 1400, 5300)], { toleranceMs: 500 })).toEqual([]);
    const stillActive = diffAlerts(before, [rec('co2-high', 'a', 1000, null)]);
    expect(stillActive.map((d) => [d.change, d.clearedShiftMs])).toEqual([['moved', null]]);
  });

  it('matches nearest alerts first and never across rules or subjects', () => {
    const before = [rec('co2-high', 'a', 0, 100), rec('co2-high', 'a', 10_000, 10_100)];
    const after = [rec('co2-high', 'a', 9_000, 9_100), rec('co2-high', 'b', 0, 100)];
    const diff = diffAlerts(before, after, { maxShiftMs: 5000 });
    expect(diff.map((d) => [d.change, d.subject, d.before?.raisedAt ?? null, d.after?.raisedAt ?? null])).toEqual([
      ['vanished', 'a', 0, null],
      ['appeared', 'b', null, 0],
      ['moved', 'a', 10_000, 9_000],
    ]);
  });

  it('says nothing for identical histories', () => {
    const list = [rec('co2-high', 'a', 0, 100), rec('door-slammed', 'door', 50, 60)];
    expect(diffAlerts(list, list)).toEqual([]);
  });
});
