import { beforeEach, describe, expect, it } from 'vitest';
import type { AckRecord, AlertBook, TwinEvent } from '../../../../electron/common/twin';
import { ackAlert, activeAlerts, initAlertBook, updateAlerts } from '../../../../electron/core/twin/alerts';
import type { Condition } from '../../../../electron/core/twin/conditions';
import { resolveRules } from '../../../../electron/core/twin/rules';
import { eventsOf, resetSeqs, run, s, T0, twin } from './helpers';

const rules = resolveRules({
  alerts: { 'co2-high': { raiseAfterMs: 5000, clearAfterMs: 10_000 }, 'door-slammed': { clearAfterMs: 0 } },
});

const key = (seq: number) => ({ dev: 'room-a', boot: 1, seq });
const co2 = (seq = 1): Condition => ({
  rule: 'co2-high',
  subject: 'a',
  reason: () => 'CO2 1100 ppm',
  keys: [key(seq)],
  mark: null,
});
const slam = (mark: number): Condition => ({
  rule: 'door-slammed',
  subject: 'door',
  reason: () => 'slam',
  keys: [key(mark)],
  mark,
});

/** Runs the book through (time, conditions) steps and returns the alert events. */
function steps(book: AlertBook, list: [number, Condition[]][]): TwinEvent[] {
  const events: TwinEvent[] = [];
  for (const [t, conds] of list) updateAlerts(book, conds, t, { acks, hostT: null, rules }, events);
  return events;
}

let acks: Record<string, AckRecord> = {};
beforeEach(() => {
  acks = {};
});
const ack = (book: AlertBook, id: string, t: number, events: TwinEvent[]) => ackAlert(book, acks, id, t, events);

const changes = (events: TwinEvent[]) => eventsOf(events, 'alert').map((e) => [e.change, e.t]);

describe('alert lifecycle', () => {
  it('raises only after the condition held raiseAfterMs', () => {
    const book = initAlertBook();
    const events = steps(book, [
      [0, [co2()]],
      [4000, [co2()]],
      [5000, [co2(2)]],
    ]);
    expect(changes(events)).toEqual([['raised', 5000]]);
    const a = activeAlerts(book)[0]!;
    expect(a).toMatchObject({ id: 'co2-high:a@5000', status: 'raised', raisedAt: 5000, severity: 'warning' });
    // Evidence: the sample that started the condition and the one that was current when it raised.
    expect(a.keys).toEqual([key(1), key(2)]);
  });

  it('forgets a condition that went away before raising', () => {
    const book = initAlertBook();
    const events = steps(book, [
      [0, [co2()]],
      [3000, []],
      [6000, [co2()]],
      [10_000, [co2()]],
    ]);
    expect(changes(events)).toEqual([]);
    expect(book.pending).toEqual({ 'co2-high:a': { since: 6000, keys: [key(1)] } });
  });

  it('keeps one alert per rule and subject, and clears after clearAfterMs without the condition', () => {
    const book = initAlertBook();
    const events = steps(book, [
      [0, [co2()]],
      [5000, [co2()]],
      [6000, [co2(), co2()]],
      [7000, []],
      [12_000, [co2()]], // back within the clear delay: the same alert continues
      [13_000, []],
      [22_999, []],
      [23_000, []],
    ]);
    expect(changes(events)).toEqual([
      ['raised', 5000],
      ['cleared', 23_000],
    ]);
    expect(book.active).toEqual({});
    const cleared = eventsOf(events, 'alert')[1]!.alert;
    expect(cleared).toMatchObject({ status: 'cleared', clearedAt: 23_000, raisedAt: 5000 });
  });

  it('acknowledges once, and an acknowledged alert still clears (nothing latches)', () => {
    const book = initAlertBook();
    const events = steps(book, [
      [0, [co2()]],
      [5000, [co2()]],
    ]);
    ack(book, 'co2-high:a@5000', 6000, events);
    ack(book, 'co2-high:a@5000', 6500, events);
    ack(book, 'no-such-alert', 6500, events);
    expect(activeAlerts(book)[0]).toMatchObject({ status: 'acknowledged', ackedAt: 6000 });
    events.push(
      ...steps(book, [
        [7000, []],
        [17_000, []],
        [20_000, [co2()]],
        [25_000, [co2()]],
      ]),
    );
    expect(changes(events)).toEqual([
      ['raised', 5000],
      ['acknowledged', 6000],
      ['cleared', 17_000],
      ['raised', 25_000],
    ]);
    expect(activeAlerts(book)[0]!.id).toBe('co2-high:a@25000');
    ack(book, 'co2-high:a@5000', 26_000, events);
    expect(activeAlerts(book)[0]!.status).toBe('raised');
  });

  it('re-raises a repeating condition as "repeated" with the new evidence', () => {
    const book = initAlertBook();
    const events = steps(book, [[0, [slam(1)]]]);
    ack(book, 'door-slammed:door@0', 100, events);
    events.push(
      ...steps(book, [
        [200, [slam(1)]],
        [300, [slam(2)]],
      ]),
    );
    expect(changes(events)).toEqual([
      ['raised', 0],
      ['acknowledged', 100],
      ['repeated', 300],
    ]);
    expect(activeAlerts(book)[0]).toMatchObject({ status: 'raised', occurrences: 2, keys: [key(1), key(2)] });
  });

  it('clears the alerts of a rule that was switched off', () => {
    const book = initAlertBook();
    steps(book, [[0, [slam(1)]]]);
    const off = resolveRules({ alerts: { 'door-slammed': { enabled: false } } });
    const events: TwinEvent[] = [];
    updateAlerts(book, [], 1000, { acks, hostT: null, rules: off }, events);
    expect(changes(events)).toEqual([['cleared', 1000]]);
  });
});

describe('acknowledging through the engine', () => {
  beforeEach(resetSeqs);

  it('takes an ack input and reports the alert acknowledged, then cleared when the condition goes', () => {
    const first = twin([s('room-a', T0, { co2: 1200 })], { alerts: { 'co2-abnormal-rise': { enabled: false } } });
    const id = Object.values(first.state.alerts.active)[0]!.id;
    expect(id).toBe(`co2-high:a@${T0}`);
    const acked = run(first.state, [{ kind: 'ack', alertId: id, t: T0 + 1000 }]);
    expect(changes(acked.events)).toEqual([['acknowledged', T0 + 1000]]);
    const readings = [];
    for (let t = T0 + 2000; t <= T0 + 72_000; t += 5000) readings.push(s('room-a', t, { co2: 800 }));
    const cleared = run(acked.state, readings);
    const co2Changes = changes(cleared.events.filter((e) => e.kind === 'alert' && e.alert.rule === 'co2-high'));
    // Below the band from T0 + 2 s; 60 s (event time) later the reading then clears it.
    expect(co2Changes).toEqual([['cleared', T0 + 62_000]]);
  });
});
