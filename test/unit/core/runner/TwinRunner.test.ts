import { beforeEach, describe, expect, it } from 'vitest';
import type { TwinEvent, TwinInput } from '../../../../electron/common/twin';
import { TwinRunner } from '../../../../electron/core/runner/TwinRunner';
import { defaultSite, resetSeqs, s, T0 } from '../twin/helpers';

beforeEach(resetSeqs);

const alertChanges = (events: TwinEvent[], rule: string) =>
  events.flatMap((e) => (e.kind === 'alert' && e.alert.rule === rule ? [[e.change, e.alert.id]] : []));

/** Room A's temperature every 2 s from `from` to `to`: out of range (60 °C) or normal. */
function temps(from: number, to: number, value: number): TwinInput[] {
  const out: TwinInput[] = [];
  for (let t = from; t <= to; t += 2000) out.push(s('room-a', T0 + t, { temp: value }));
  return out;
}

/** A sample received `recvLag` ms after it was measured (a slow link, a backlog). */
const lateSample = (t: number, values: object, recvLag: number): TwinInput =>
  s('room-a', T0 + t, values, { tRecv: T0 + t + recvLag, backfill: true });

describe('TwinRunner', () => {
  it('retracts an alert that late data shows never happened', () => {
    const runner = new TwinRunner(defaultSite());
    const first = runner.push(temps(0, 12_000, 60));
    const id = `sensor-out-of-range:room-a/temp@${T0 + 10_000}`;
    expect(alertChanges(first, 'sensor-out-of-range')).toEqual([['raised', id]]);
    // A reading in range at 6 s arrives late: the 10 s of continuous out-of-range never happened.
    const late = runner.push([lateSample(6000, { temp: 21 }, 20_000)]);
    expect(alertChanges(late, 'sensor-out-of-range')).toEqual([['retracted', id]]);
    expect(runner.view().alerts).toEqual([]);
    expect(runner.view().late).toMatchObject({ applied: 1, rewinds: 1 });
  });

  it('revises in place an alert whose span late data changes, and keeps its acknowledgement', () => {
    const runner = new TwinRunner(defaultSite());
    const co2 = (from: number, to: number, ppm: number) => {
      const out: TwinInput[] = [];
      for (let t = from; t <= to; t += 10_000) out.push(s('room-a', T0 + t, { co2: ppm }));
      return out;
    };
    runner.push(co2(0, 60_000, 1100));
    const id = `co2-high:a@${T0}`;
    expect(runner.view().alerts.map((a) => a.id)).toEqual([id]);
    runner.push([{ kind: 'ack', alertId: id, t: T0 + 65_000 }]);
    const cleared = runner.push(co2(70_000, 200_000, 900));
    expect(alertChanges(cleared, 'co2-high')).toEqual([['cleared', id]]);
    const before = cleared.find((e) => e.kind === 'alert')!;
    expect(before.kind === 'alert' && before.alert.clearedAt).toBe(T0 + 130_000);
    // A high reading at 100 s arrives late: the episode lasted longer. Same id, revised, still acknowledged.
    const late = runner.push([lateSample(100_000, { co2: 1100 }, 200_000)]);
    const revised = late.filter((e) => e.kind === 'alert');
    expect(alertChanges(late, 'co2-high')).toEqual([['revised', id]]);
    expect(revised[0]).toMatchObject({ alert: { clearedAt: T0 + 170_000, status: 'cleared', ackedAt: T0 + 65_000 } });
  });

  it('keeps an alert raised on time as found on time when a rewind re-applies it', () => {
    const runner = new TwinRunner(defaultSite());
    const co2: TwinInput[] = [];
    for (let t = 0; t <= 90_000; t += 10_000) co2.push(s('room-a', T0 + t, { co2: t < 40_000 ? 900 : 1100 }));
    runner.push(co2);
    const id = `co2-high:a@${T0 + 40_000}`;
    expect(runner.view().alerts).toMatchObject([{ id, foundLateMs: null }]);
    // Five minutes later a reading from before the episode arrives: the rewind starts before the raise and raises it
    // again, with "now" five minutes after. It was still found on time.
    const late = runner.push([lateSample(35_000, { co2: 900 }, 300_000)]);
    expect(runner.view().late.rewinds).toBe(1);
    expect(runner.view().alerts).toMatchObject([{ id, foundLateMs: null }]);
    for (const e of late) if (e.kind === 'alert') expect(e.alert.foundLateMs).toBeNull();
  });

  it('reports an alert found only in late data as raised once, saying how late', () => {
    const runner = new TwinRunner(defaultSite());
    runner.push(temps(0, 30_000, 21));
    // Room B's backlog: over the CO2 threshold a minute before it arrived.
    const backlog: TwinInput[] = [];
    for (let t = 0; t <= 20_000; t += 5000) {
      backlog.push(s('room-b', T0 + t, { co2: 1200 }, { tRecv: T0 + 90_000, backfill: true }));
    }
    const events = runner.push(backlog);
    const raised = events.filter((e) => e.kind === 'alert' && e.alert.rule === 'co2-high');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ change: 'raised', alert: { raisedAt: T0, foundLateMs: 90_000 } });
    // Re-delivered: nothing new.
    expect(runner.push(backlog).filter((e) => e.kind === 'alert')).toEqual([]);
  });

  it('closes what is still active when the recording stops, and starts a new session from nothing', () => {
    const runner = new TwinRunner(defaultSite());
    runner.push([s('room-a', T0, { co2: 1300 }), s('room-a', T0 + 5000, { co2: 1300 })]);
    const closed = runner.close();
    expect(alertChanges(closed, 'co2-high')).toEqual([['closed', `co2-high:a@${T0}`]]);
    expect(closed.find((e) => e.kind === 'alert')).toMatchObject({ alert: { clearedAt: T0 + 5000 } });
    const seek = runner.frame()!.seekSeq;
    runner.restart();
    const frame = runner.frame()!;
    expect(frame.seekSeq).toBe(seek + 1);
    expect(frame.view.t).toBeNull();
    expect(frame.view.alerts).toEqual([]);
  });

  it('frames only when something changed, with the events since the last one, bounded', () => {
    const runner = new TwinRunner(defaultSite(), { maxBacklog: 2 });
    expect(runner.frame()).not.toBeNull();
    expect(runner.frame()).toBeNull();
    const swings: TwinInput[] = [];
    for (let k = 0; k < 6; k++) swings.push(s('door', T0 + k * 1000, { door: k % 2 === 0 ? 'closed' : 'open' }));
    const events = runner.push(swings).filter((e) => e.kind === 'door');
    expect(events.length).toBe(5);
    const f = runner.frame()!;
    // The newest two are kept; the others are counted, never silently lost.
    expect(f.events).toEqual(events.slice(-2));
    expect(f.droppedEvents).toBe(3);
    expect(runner.frame()).toBeNull();
  });
});
