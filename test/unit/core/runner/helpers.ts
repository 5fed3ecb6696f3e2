/** Helpers for twin-runner tests: feeding arrival orders and folding reported alerts into their final form. */
import type { SiteRules } from '../../../../electron/common/site';
import type { Alert, TwinEvent, TwinInput } from '../../../../electron/common/twin';
import { TwinRunner } from '../../../../electron/core/runner/TwinRunner';
import { isLinkAlert } from '../../../../electron/core/twin/conditions';
import { defaultSite } from '../twin/helpers';

/** Every alert as last reported (raised, revised, cleared ...), minus retracted ones, by id. */
export function finalAlerts(events: readonly TwinEvent[]): Map<string, Alert> {
  const out = new Map<string, Alert>();
  for (const e of events) {
    if (e.kind !== 'alert') continue;
    if (e.change === 'retracted') out.delete(e.alert.id);
    else out.set(e.alert.id, e.alert);
  }
  return out;
}

/** The world's alert episodes in a comparable form: what happened, not when we learnt of it. */
export function episodes(events: readonly TwinEvent[]): string[] {
  return [...finalAlerts(events).values()]
    .filter((a) => !isLinkAlert(a))
    .map((a) => JSON.stringify([a.rule, a.subject, a.raisedAt, a.clearedAt, a.occurrences, a.reason, a.keys]))
    .sort();
}

/** Runs inputs through a fresh runner in the given batches, then closes it; returns the runner and every event. */
export function feedRunner(
  inputs: readonly TwinInput[],
  batches: readonly number[] = [],
  rules: SiteRules = {},
): { runner: TwinRunner; events: TwinEvent[] } {
  const runner = new TwinRunner(defaultSite(rules));
  const events: TwinEvent[] = [];
  let i = 0;
  for (const size of [...batches, inputs.length]) {
    events.push(...runner.push(inputs.slice(i, i + size)));
    i += size;
    if (i >= inputs.length) break;
  }
  events.push(...runner.close());
  return { runner, events };
}

/** The same samples received `delays[i]` ms after they were measured, in the order they would arrive. */
export function delayed(inputs: readonly TwinInput[], delays: readonly number[]): TwinInput[] {
  return inputs
    .map((input, i) => {
      if (input.kind !== 'sample') return { input, at: input.t, i };
      const at = input.sample.t + (delays[i] ?? 0);
      return { input: { kind: 'sample' as const, sample: { ...input.sample, tRecv: at } }, at, i };
    })
    .sort((x, y) => x.at - y.at || x.i - y.i)
    .map((x) => x.input);
}
