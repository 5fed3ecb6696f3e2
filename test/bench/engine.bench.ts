/**
 * Twin engine throughput: samples/s through `applyInputs` alone (no decoding, no store), on a synthetic hour of the
 * default site: a door IMU at 20 Hz with open/close cycles and slams, two room devices every 5 s, host clock ticks
 * every second. Also prints how many times faster than real time that is, and the size of snapshots and views.
 */
import { readFileSync } from 'node:fs';
import type { Sample, SampleValues } from '../../electron/common/sample';
import type { SiteSpec } from '../../electron/common/site';
import type { TwinInput, TwinState } from '../../electron/common/twin';
import { applyInputs, createTwin, drain, restore, snapshot } from '../../electron/core/twin/engine';
import { twinView } from '../../electron/core/twin/view';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const HOUR_MS = 3_600_000;

/** Small seeded PRNG: the same stream every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthStream(durationMs: number): { inputs: TwinInput[]; samples: number } {
  const rnd = mulberry32(42);
  const seq = new Map<string, number>();
  const out: { t: number; input: TwinInput }[] = [];
  const sample = (dev: string, t: number, values: SampleValues): void => {
    const n = (seq.get(dev) ?? 0) + 1;
    seq.set(dev, n);
    const s: Sample = {
      dev,
      boot: 1,
      seq: n,
      t,
      up: t - T0,
      tDev: t,
      tRecv: t + Math.floor(rnd() * 300), // arrival jitter, inside the reorder window
      timeBasis: 'device',
      via: 'mqtt',
      backfill: false,
      late: false,
      values,
    };
    out.push({ t: s.tRecv, input: { kind: 'sample', sample: s } });
  };
  // Door: a cycle every 30 s: open at 120 °/s for 0.75 s, stay, close at 120 or (every 4th) 400 °/s.
  let angle = 0;
  for (let t = T0; t < T0 + durationMs; t += 50) {
    const phase = (t - T0) % 30_000;
    const cycle = Math.floor((t - T0) / 30_000);
    const closeRate = cycle % 4 === 0 ? 400 : 120;
    let rate = 0;
    if (phase < 750) rate = 120;
    else if (phase >= 10_000 && angle > 0) rate = -closeRate;
    angle = Math.max(0, Math.min(90, angle + (rate * 50) / 1000));
    const closed = angle < 1;
    const impact = closed && rate < -300;
    sample('door', t, {
      door: closed ? 'closed' : 'open',
      gyro: [rnd() * 0.4 - 0.2, rnd() * 0.4 - 0.2, rate + rnd() * 0.4 - 0.2],
      accel: impact ? [0.4, 1.8, 1.6] : [rnd() * 0.02, rnd() * 0.02, 1 + rnd() * 0.02],
    });
  }
  for (let t = T0; t < T0 + durationMs; t += 5000) {
    const k = (t - T0) / HOUR_MS;
    sample('room-a', t, { co2: Math.round(600 + 400 * k + rnd() * 6), temp: 21.5, rh: 40, motion: rnd() < 0.3 });
    sample('room-b', t + 1000, { co2: Math.round(900 - 200 * k + rnd() * 6), temp: 22, rh: 42, lux: 300 });
  }
  for (let t = T0; t < T0 + durationMs; t += 1000) out.push({ t, input: { kind: 'clock', t } });
  out.sort((a, b) => a.t - b.t); // arrival order: by receive time
  return { inputs: out.map((o) => o.input), samples: out.filter((o) => o.input.kind === 'sample').length };
}

function site(): SiteSpec {
  return JSON.parse(
    readFileSync(new URL('../../assets/sites/door-two-rooms.json', import.meta.url), 'utf8'),
  ) as SiteSpec;
}

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
}
