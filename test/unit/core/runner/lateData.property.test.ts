import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TwinInput } from '../../../../electron/common/twin';
import { streamArb, toInputs } from '../twin/streams';
import { delayed, episodes, feedRunner } from './helpers';

/** The samples of a stream, received when measured: the tidy case. */
function samplesOf(inputs: readonly TwinInput[]): TwinInput[] {
  return inputs
    .filter((i) => i.kind === 'sample')
    .map((i) => (i.kind === 'sample' ? { kind: 'sample' as const, sample: { ...i.sample, tRecv: i.sample.t } } : i));
}

describe('late data (property)', () => {
  it('any arrival order, per-device delays within the horizon and any batching give the alerts of event order', () => {
    fc.assert(
      fc.property(
        streamArb.chain((steps) =>
          fc.tuple(
            fc.constant(steps),
            // Per device a base lag (a slow gateway, an outage's backlog), per message some jitter.
            fc.record({ door: fc.nat(600_000), 'room-a': fc.nat(600_000), 'room-b': fc.nat(20_000) }),
            fc.array(fc.nat(3000), { minLength: steps.length, maxLength: steps.length }),
          ),
        ),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }),
        ([steps, lag, jitter], batches) => {
          const inputs = samplesOf(toInputs(steps));
          const delays = inputs.map(
            (i, k) => (i.kind === 'sample' ? lag[i.sample.dev as keyof typeof lag] : 0) + jitter[k]!,
          );
          const inOrder = feedRunner(inputs);
          const arrived = feedRunner(delayed(inputs, delays), batches);
          expect(episodes(arrived.events)).toEqual(episodes(inOrder.events));
          // The pictures agree too, apart from what only the link knows.
          const a = arrived.runner.view();
          const b = inOrder.runner.view();
          expect(a.t).toBe(b.t);
          expect(JSON.stringify([a.doors, a.rooms, a.sensors])).toBe(JSON.stringify([b.doors, b.rooms, b.sensors]));
        },
      ),
      { numRuns: 150 },
    );
  });
});
