import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TwinEvent, TwinInput, TwinState } from '../../../../electron/common/twin';
import { applyInputs, createTwin, drain, restore, snapshot } from '../../../../electron/core/twin/engine';
import { defaultSite } from './helpers';
import { streamArb, toInputs } from './streams';

const WINDOW = 1000;

/** Feeds inputs in the given chunks; returns the final state (drained or not) and all events in order. */
function feed(inputs: readonly TwinInput[], chunks: readonly number[] = [], doDrain = true) {
  let state = createTwin(defaultSite({ reorderWindowMs: WINDOW }));
  const events: TwinEvent[] = [];
  let i = 0;
  for (const size of [...chunks, inputs.length]) {
    const r = applyInputs(state, inputs.slice(i, i + size));
    state = r.state;
    events.push(...r.events);
    i += size;
    if (i >= inputs.length) break;
  }
  if (doDrain) {
    const d = drain(state);
    state = d.state;
    events.push(...d.events);
  }
  return { state, events, json: snapshot(state), eventsJson: JSON.stringify(events) };
}

describe('determinism (property)', () => {
  it('replaying a stream gives identical states and events, bit for bit', () => {
    fc.assert(
      fc.property(streamArb, (steps) => {
        const inputs = toInputs(steps);
        const a = feed(inputs);
        const b = feed(structuredClone(inputs));
        expect(b.json).toBe(a.json);
        expect(b.eventsJson).toBe(a.eventsJson);
      }),
    );
  });

  it('does not depend on how the stream is split into applyInputs calls', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 10 }), (steps, chunks) => {
        const inputs = toInputs(steps);
        const whole = feed(inputs);
        const split = feed(inputs, chunks);
        expect(split.json).toBe(whole.json);
        expect(split.eventsJson).toBe(whole.eventsJson);
      }),
    );
  });

  it('continues identically from a snapshot taken anywhere', () => {
    fc.assert(
      fc.property(streamArb, fc.nat(), (steps, cut) => {
        const inputs = toInputs(steps);
        const at = cut % (inputs.length + 1);
        const whole = feed(inputs, [at]);
        const first = applyInputs(createTwin(defaultSite({ reorderWindowMs: WINDOW })), inputs.slice(0, at));
        const restored: TwinState = restore(snapshot(first.state));
        expect(restored).toEqual(first.state);
        const rest = applyInputs(restored, inputs.slice(at));
        const end = drain(rest.state);
        expect(snapshot(end.state)).toBe(whole.json);
        expect(JSON.stringify([...first.events, ...rest.events, ...end.events])).toBe(whole.eventsJson);
      }),
    );
  });

  it('never mutates the state it is given', () => {
    fc.assert(
      fc.property(streamArb, (steps) => {
        const inputs = toInputs(steps);
        const half = Math.floor(inputs.length / 2);
        const before = applyInputs(createTwin(defaultSite({ reorderWindowMs: WINDOW })), inputs.slice(0, half)).state;
        const json = snapshot(before);
        applyInputs(before, inputs.slice(half));
        drain(before);
        expect(snapshot(before)).toBe(json);
      }),
    );
  });
});
