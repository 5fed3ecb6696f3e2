/**
 * Twin engine throughput: samples/s through `applyInputs` alone (no decoding, no store), on a synthetic hour of the
 * default site: a door IMU at 20 Hz with open/close cycles and slams, two room devices every 5 s, host clock ticks
 * every second. Also prints how many times faster than real time that is, the size of snapshots and views, and the
 * twin runner's figures for late data (engine/late.ts).
 */
import type { TwinInput, TwinState } from '../../electron/common/twin';
import { applyInputs, createTwin, drain, restore, snapshot } from '../../electron/core/twin/engine';
import { twinView } from '../../electron/core/twin/view';
import { backfillBurst, manyDevices, rewindCost, ringMemory } from './engine/late';
import { defaultSite as site, doorStream as synthStream, HOUR_MS } from './engine/streams';

function runOnce(inputs: readonly TwinInput[], batch: number): { ms: number; state: TwinState; events: number } {
  let state = createTwin(site());
  let events = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < inputs.length; i += batch) {
    const r = applyInputs(state, inputs.slice(i, i + batch));
    state = r.state;
    events += r.events.length;
  }
  const d = drain(state);
  events += d.events.length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, state: d.state, events };
}

/** Prints samples/s for two batch sizes, best of three runs each. */
export async function run(): Promise<void> {
  const durationMs = HOUR_MS;
  const { inputs, samples } = synthStream(durationMs);
  const liveRate = samples / (durationMs / 1000);
  console.log(
    `stream: ${samples} samples + ${inputs.length - samples} clock ticks over 1 h (${liveRate.toFixed(1)} samples/s live)`,
  );
  runOnce(inputs.slice(0, 20_000), 100); // warm-up
  for (const batch of [10, 100, 1000]) {
    let best = Number.POSITIVE_INFINITY;
    let last: ReturnType<typeof runOnce> | null = null;
    for (let k = 0; k < 3; k++) {
      last = runOnce(inputs, batch);
      best = Math.min(best, last.ms);
    }
    const rate = samples / (best / 1000);
    const slams = last!.state.doors.door!.slams.total;
    console.log(
      `batch ${String(batch).padStart(4)}: ${Math.round(rate).toLocaleString('en-US')} samples/s ` +
        `(${(rate / liveRate).toFixed(0)}× real time), ${best.toFixed(0)} ms, ${last!.events} events, ${slams} slams`,
    );
  }
  const { state } = runOnce(inputs, 100);
  const json = snapshot(state);
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < 100; k++) restore(snapshot(state));
  const snapUs = Number(process.hrtime.bigint() - t0) / 1e3 / 100;
  const view = JSON.stringify(twinView(state));
  console.log(
    `snapshot: ${json.length} bytes, snapshot+restore ${snapUs.toFixed(0)} µs; view frame: ${view.length} bytes`,
  );
  rewindCost();
  backfillBurst();
  ringMemory();
  manyDevices();
}
