/** One subscriber's frame stream: current state first, coalesced frames, bounded events, slow sinks skipped. */
import { afterEach, describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../../../electron/common/frame';
import type { Problem } from '../../../../electron/common/problem';
import type { TwinEvent, TwinView } from '../../../../electron/common/views';
import { FrameSubscription } from '../../../../electron/core/app/FrameSubscription';
import { waitFor } from '../../../helpers/processes';

const view = (t: number): TwinView => ({
  t,
  hostT: t,
  doors: {},
  rooms: {},
  devices: {},
  sensors: {},
  conflicts: [],
  alerts: [],
  late: { applied: 0, beyondHorizon: 0, rewinds: 0, horizonMs: 0 },
  devicesNotShown: 0,
});
const event = (t: number): TwinEvent => ({ kind: 'occupancy', t, room: 'a', occupied: true, reason: 'motion' });
const frame = (t: number, events: TwinEvent[] = []): TwinFrame => ({
  seq: t,
  seekSeq: 0,
  view: view(t),
  events,
  droppedEvents: 0,
});

describe('FrameSubscription', () => {
  let sub: FrameSubscription | undefined;
  afterEach(() => sub?.close());

  it('sends the current picture first, then merges a burst into few frames with every event', async () => {
    const sent: TwinFrame[] = [];
    sub = new FrameSubscription({ sink: { ready: () => true, send: (f) => sent.push(f) }, current: () => view(0) });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ seq: 1, view: { t: 0 }, events: [] });
    for (let i = 1; i <= 100; i++) sub.push(frame(i, [event(i)]));
    await waitFor('the burst delivered', () => sent.at(-1)?.view.t === 100, 2000);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.flatMap((f) => f.events)).toHaveLength(100);
    expect(sent.map((f) => f.seq)).toEqual(sent.map((_, i) => i + 1));
  });

  it('keeps at most 30 frames a second', async () => {
    const sent: number[] = [];
    sub = new FrameSubscription({
      sink: { ready: () => true, send: () => sent.push(Date.now()) },
      current: () => view(0),
    });
    const started = Date.now();
    while (Date.now() - started < 500) {
      sub.push(frame(Date.now()));
      await new Promise((r) => setTimeout(r, 2));
    }
    // 500 ms at 30/s is 15 frames, plus the first.
    expect(sent.length).toBeLessThanOrEqual(17);
    expect(sent.length).toBeGreaterThanOrEqual(8);
  });

  it('drops the oldest events of a subscriber that is not ready, counts them and raises one problem', async () => {
    const sent: TwinFrame[] = [];
    const problems: Problem[] = [];
    let ready = false;
    sub = new FrameSubscription({
      sink: { ready: () => ready, send: (f) => sent.push(f) },
      current: () => view(0),
      maxEvents: 10,
      onProblem: (p) => problems.push(p),
      origin: 'slow client',
    });
    for (let i = 1; i <= 50; i++) sub.push(frame(i, [event(i)]));
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toHaveLength(0);
    ready = true;
    await waitFor('a frame once ready', () => sent.length > 0, 2000);
    expect(sent[0]!.events.map((e) => e.t)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(sent[0]!.droppedEvents).toBe(40);
    expect(sent[0]!.view.t).toBe(50);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toContain('slow client');
  });

  it('sends a frame after a quiet period at once, and what follows within the period at its end', async () => {
    const sent: TwinFrame[] = [];
    sub = new FrameSubscription({
      sink: { ready: () => true, send: (f) => sent.push(f) },
      current: () => view(0),
      hz: 20,
    });
    await new Promise((r) => setTimeout(r, 60));
    sub.push(frame(1));
    // Within push: no timer between the twin's frame and the carrier.
    expect(sent.map((f) => f.view.t)).toEqual([0, 1]);
    const leading = Date.now();
    sub.push(frame(2));
    sub.push(frame(3));
    expect(sent).toHaveLength(2);
    await waitFor('the merged frame', () => sent.length === 3, 1000);
    expect(Date.now() - leading).toBeGreaterThanOrEqual(45);
    expect(sent[2]!.view.t).toBe(3);
  });

  it('sends nothing after close', async () => {
    const sent: TwinFrame[] = [];
    sub = new FrameSubscription({ sink: { ready: () => true, send: (f) => sent.push(f) }, current: () => view(0) });
    sub.close();
    sub.push(frame(1));
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toHaveLength(1);
  });
});
