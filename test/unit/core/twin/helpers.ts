/** Builders for twin-engine tests: samples, inputs, and the default site with chosen rules. */
import { readFileSync } from 'node:fs';
import type { Sample, SampleValues } from '../../../../electron/common/sample';
import type { SiteRules, SiteSpec } from '../../../../electron/common/site';
import type { TwinEvent, TwinInput, TwinState } from '../../../../electron/common/twin';
import { applyInputs, createTwin, drain } from '../../../../electron/core/twin/engine';

/** Monday 2026-01-05 09:00 UTC. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

const siteUrl = new URL('../../../../assets/sites/door-two-rooms.json', import.meta.url);

/** The default site; `rules` replaces its rules section (reorder window 0 unless given: most tests are in order). */
export function defaultSite(rules: SiteRules = {}): SiteSpec {
  const site = JSON.parse(readFileSync(siteUrl, 'utf8')) as SiteSpec;
  return { ...site, rules: { reorderWindowMs: 0, ...rules } };
}

let seqs = new Map<string, number>();

/** Restarts automatic sequence numbers (call in beforeEach). */
export function resetSeqs(): void {
  seqs = new Map();
}

/** A sample with a synced clock, received when measured; seq auto-increments per device unless given. */
export function sample(dev: string, t: number, values: SampleValues, extra: Partial<Sample> = {}): Sample {
  const seq = extra.seq ?? (seqs.get(dev) ?? 0) + 1;
  seqs.set(dev, seq);
  return {
    dev,
    boot: 1,
    seq,
    t,
    up: t - T0 + 1000,
    tDev: t,
    tRecv: t,
    timeBasis: 'device',
    via: 'sim',
    backfill: false,
    late: false,
    ...extra,
    values,
  };
}

/** `sample` wrapped as an input. */
export function s(dev: string, t: number, values: SampleValues, extra: Partial<Sample> = {}): TwinInput {
  return { kind: 'sample', sample: sample(dev, t, values, extra) };
}

export function clock(t: number): TwinInput {
  return { kind: 'clock', t };
}

/** Applies inputs and drains the reorder window; collects every event. */
export function run(state: TwinState, inputs: readonly TwinInput[]): { state: TwinState; events: TwinEvent[] } {
  const a = applyInputs(state, inputs);
  const d = drain(a.state);
  return { state: d.state, events: [...a.events, ...d.events] };
}

/** A fresh twin of the default site and the result of running inputs through it. */
export function twin(inputs: readonly TwinInput[], rules: SiteRules = {}): { state: TwinState; events: TwinEvent[] } {
  return run(createTwin(defaultSite(rules)), inputs);
}

/** A device the site does not place: its empty samples move event time on, as any device's data does. */
export const PACER = 'pacer';

/**
 * Time passing, every `stepMs` from `from` to `to` inclusive: an empty sample from `PACER` (event time comes only
 * from data) and a host clock tick at the same time (host time, for silence and offline).
 */
export function ticks(from: number, to: number, stepMs = 1000): TwinInput[] {
  const out: TwinInput[] = [];
  for (let t = from; t <= to; t += stepMs) out.push(s(PACER, t, {}), clock(t));
  return out;
}

/** Events of one kind. */
export function eventsOf<K extends TwinEvent['kind']>(events: TwinEvent[], kind: K): Extract<TwinEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<TwinEvent, { kind: K }> => e.kind === kind);
}
