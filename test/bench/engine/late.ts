/**
 * Late data through the twin runner: the cost of a rewind, absorbing an hour's backfill in a burst while live data
 * continues, the memory the snapshot ring holds over 24 h, and throughput with 50 devices. Each figure is printed
 * beside the same work done in order in the same run.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { SiteSpec } from '../../../electron/common/site';
import type { TwinInput } from '../../../electron/common/twin';
import { TwinRunner } from '../../../electron/core/runner/TwinRunner';
import { defaultSite, doorStream, HOUR_MS, mulberry32, roomSensors, sampler, siteWith, T0 } from './streams';

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Pushes inputs in batches; returns the wall time, ms. */
function feed(runner: TwinRunner, inputs: readonly TwinInput[], batch = 100): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < inputs.length; i += batch) runner.push(inputs.slice(i, i + batch));
  return ms(start);
}

/** In-order samples/s of the runner on this stream (the yardstick the late figures are compared with). */
function inOrderRate(site: SiteSpec, inputs: readonly TwinInput[]): number {
  const runner = new TwinRunner(site);
  const t = feed(runner, inputs);
  return inputs.filter((i) => i.kind === 'sample').length / (t / 1000);
}

/** One late room-A sample `lagMs` behind the picture, rewinding a door-heavy default site. */
export function rewindCost(): void {
  const site = defaultSite();
  const { inputs, samples } = doorStream(2 * HOUR_MS);
  const rate = inOrderRate(site, inputs);
  const runner = new TwinRunner(site);
  feed(runner, inputs);
  const perSecond = samples / (2 * 3600);
  console.log(
    `rewind (default site, ${perSecond.toFixed(1)} samples/s, 2 h applied; in order ${fmt(rate)} samples/s):`,
  );
  const late = sampler(mulberry32(9));
  for (const lagMs of [60_000, 600_000, HOUR_MS]) {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const now = runner.current.hostT!;
      const at = runner.current.t! - lagMs;
      const start = process.hrtime.bigint();
      runner.push([late('room-a-late', at, { co2: 700 }, now + 1)]);
      times.push(ms(start));
    }
    const reapplied = (lagMs / 1000) * perSecond;
    const inOrderMs = (reapplied / rate) * 1000;
    const m = median(times);
    console.log(
      `  ${String(lagMs / 60_000).padStart(3)} min behind: ${m.toFixed(1)} ms median (${fmt(reapplied)} samples ` +
        `re-applied; applying them in order takes ${inOrderMs.toFixed(1)} ms: ×${(m / inOrderMs).toFixed(2)})`,
    );
  }
}

/** Six devices' buffered hour arriving in a burst while two others report live. */
export function backfillBurst(): void {
  const site = siteWith(6);
  const live = ['room-a', 'room-b'];
  const offline = ['sensor-1', 'sensor-2', 'sensor-3', 'sensor-4', 'sensor-5', 'sensor-6'];
  const runner = new TwinRunner(site);
  feed(runner, roomSensors(live, 1, HOUR_MS));
  const burstAt = T0 + HOUR_MS;
  // Everything the six measured in that hour, received now; live data keeps arriving beside it.
  const buffered = roomSensors(offline, 1, HOUR_MS)
    .filter((i) => i.kind === 'sample')
    .map((i) => (i.kind === 'sample' ? { ...i, sample: { ...i.sample, tRecv: burstAt, backfill: true } } : i));
  const continuing = roomSensors(live, 1, 60_000, burstAt);
  const batch = 1000;
  const start = process.hrtime.bigint();
  let rewinds = runner.current.late.rewinds;
  for (let i = 0, j = 0; i < buffered.length; i += batch) {
    const slice = buffered.slice(i, i + batch);
    // About one frame (33 ms) of live data per batch of the burst.
    runner.push([...slice, ...continuing.slice(j, j + 1)]);
    j += 1;
  }
  const total = ms(start);
  rewinds = runner.current.late.rewinds - rewinds;
  const rate = inOrderRate(site, roomSensors([...live, ...offline], 1, HOUR_MS));
  const inOrderMs = (buffered.length / rate) * 1000;
  console.log(
    `backfill burst: ${fmt(buffered.length)} samples of 6 devices × 1 h in batches of ${batch}, live data beside: ` +
      `${fmt(total)} ms, ${rewinds} rewinds (${fmt(buffered.length / (total / 1000))} samples/s; in order ` +
      `${inOrderMs.toFixed(0)} ms: ×${(total / inOrderMs).toFixed(1)})`,
  );
  const view = runner.view();
  console.log(`  after: late applied ${view.late.applied}, beyond horizon ${view.late.beyondHorizon}`);
}

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The default site at 1 Hz for 24 h: what the runner holds to rewind over its horizon. */
export function ringMemory(): void {
  const before = heapAfterGc();
  const runner = new TwinRunner(defaultSite());
  const door = sampler(mulberry32(3));
  for (let h = 0; h < 24; h++) {
    const start = T0 + h * HOUR_MS;
    const rooms = roomSensors(['room-a', 'room-b'], 1, HOUR_MS, start);
    const doors: TwinInput[] = [];
    for (let t = start; t < start + HOUR_MS; t += 1000)
      doors.push(door('door', t, { door: 'closed', gyro: [0, 0, 0] }));
    feed(runner, rooms, 100);
    feed(runner, doors, 100);
  }
  const after = heapAfterGc();
  const held = runner.held;
  const mb = (after - before) / 2 ** 20;
  console.log(
    `24 h of the default site at 1 Hz: ${held.snapshots} snapshots and ${fmt(held.samples)} samples held, ` +
      `${mb.toFixed(0)} MB of heap (${(((after - before) / held.samples) | 0).toLocaleString('en-US')} B a sample held)`,
  );
}

/** Samples/s through the runner with 50 devices against the default site's 3, same number of samples. */
export function manyDevices(): void {
  const fifty = siteWith(47);
  const devs50 = fifty.sensors.map((s) => s.dev);
  const three = ['room-a', 'room-b', 'door'];
  const stream50 = roomSensors(devs50, 1, 20 * 60_000);
  const stream3 = roomSensors(three, 50 / 3, 20 * 60_000);
  const r50 = inOrderRate(fifty, stream50);
  const r3 = inOrderRate(defaultSite(), stream3);
  console.log(
    `50 devices at 1 Hz: ${fmt(r50)} samples/s (${(r50 / 50).toFixed(0)}× real time); ` +
      `3 devices, same sample count: ${fmt(r3)} samples/s: ×${(r50 / r3).toFixed(2)}`,
  );
}
