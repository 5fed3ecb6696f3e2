/** Helpers for simulation tests: the default site, whole runs, and a run fed through the real pipeline and engine. */
import { readFileSync } from 'node:fs';
import type { SiteSpec } from '../../../../electron/common/site';
import type { TwinInput } from '../../../../electron/common/twin';
import { Pipeline, type PipelineCounts } from '../../../../electron/core/hub/Pipeline';
import { Ingest } from '../../../../electron/core/ingest/Ingest';
import type { SimMessage, SimOutput } from '../../../../electron/core/sim/output';
import { Simulation, type SimConfig } from '../../../../electron/core/sim/Simulation';
import type { ScenarioName } from '../../../../electron/core/sim/scenarios/types';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { runBacktest, type BacktestResult } from '../../../../electron/core/runner';

/** Monday 2026-01-05 09:00 UTC: a working morning. */
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function defaultSite(): SiteSpec {
  const url = new URL('../../../../assets/sites/door-two-rooms.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as SiteSpec;
}

/** A whole run (the story's length, or `seconds`) as one output list. */
export function runScenario(
  scenario: ScenarioName,
  extra: Partial<SimConfig> & { seconds?: number } = {},
): { sim: Simulation; out: SimOutput[] } {
  const { seconds, ...cfg } = extra;
  const sim = new Simulation({ scenario, site: defaultSite(), seed: 1, start: START, rateHz: 1, ...cfg });
  const until = seconds !== undefined ? sim.config.start + seconds * 1000 : (sim.end ?? START + 3_600_000);
  return { sim, out: sim.runUntil(until) };
}

export function messages(out: readonly SimOutput[]): SimMessage[] {
  return out.filter((o): o is SimMessage => o.kind === 'message');
}

/** Parsed lines of one device and topic. */
export function parsed<T = Record<string, unknown>>(out: readonly SimOutput[], dev: string, topic?: string): T[] {
  return messages(out)
    .filter((m) => m.dev === dev && (topic === undefined || m.topic === topic))
    .map((m) => JSON.parse(m.line) as T);
}

export interface TwinRun extends BacktestResult {
  counts: PipelineCounts;
  inputs: TwinInput[];
}

/**
 * Feeds a run through the real pipeline as the MQTT transport delivers it (status `online` at connect, the broker's
 * last will `offline` when a link drops, every message on its topic, 5 ms after it was sent), then the twin runner,
 * with a host clock tick every second as the live hub sends.
 */
export function throughTwin(out: readonly SimOutput[], site: SiteSpec = defaultSite()): TwinRun {
  const db = openDatabase(':memory:');
  const writer = new HistoryWriter(db, { flushMs: 3_600_000, maxRows: 10_000_000 });
  const inputs: TwinInput[] = [];
  let now = 0;
  const pipeline = new Pipeline(new Ingest(), writer, { onInput: (i) => inputs.push(i) }, () => now);
  const src = { origin: 'mqtt:test', via: 'mqtt' as const };
  const seen = new Set<string>();
  let nextTick: number | null = null;
  for (const o of out) {
    for (nextTick ??= o.t; nextTick <= o.t + 5; nextTick += 1000) inputs.push({ kind: 'clock', t: nextTick });
    now = o.t + 5;
    if (!seen.has(o.dev)) {
      seen.add(o.dev);
      pipeline.mqtt(src, `twinscope/v1/${o.dev}/status`, Buffer.from('online'));
    }
    if (o.kind === 'link') {
      pipeline.mqtt(src, `twinscope/v1/${o.dev}/status`, Buffer.from(o.online ? 'online' : 'offline'));
    } else if (o.topic !== 'log') {
      pipeline.mqtt(src, `twinscope/v1/${o.dev}/${o.topic}`, Buffer.from(o.line));
    }
  }
  writer.close();
  db.close();
  return { ...runBacktest(site, inputs), counts: pipeline.counts, inputs };
}
