/** Synthetic, seeded input streams for the engine benchmarks: the same stream every run. */
import { readFileSync } from 'node:fs';
import type { Sample, SampleValues } from '../../../electron/common/sample';
import type { SiteSpec } from '../../../electron/common/site';
import type { TwinInput } from '../../../electron/common/twin';

export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
export const HOUR_MS = 3_600_000;

/** Small seeded PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function defaultSite(): SiteSpec {
  return JSON.parse(
    readFileSync(new URL('../../../assets/sites/door-two-rooms.json', import.meta.url), 'utf8'),
  ) as SiteSpec;
}

/** The default site with `extra` more room sensors, alternating between the rooms. */
export function siteWith(extra: number): SiteSpec {
  const site = defaultSite();
  const more = Array.from({ length: extra }, (_, i) => ({
    dev: `sensor-${i + 1}`,
    channels: ['co2', 'temp', 'rh'] as const,
    attachedTo: i % 2 === 0 ? 'a' : 'b',
    position: [1 + (i % 5), 1 + Math.floor(i / 5) * 0.3, 1.2] as const,
  }));
  return { ...site, sensors: [...site.sensors, ...more] };
}

/** Makes samples with per-device sequence numbers. */
export function sampler(rnd: () => number) {
  const seq = new Map<string, number>();
  return (dev: string, t: number, values: SampleValues, tRecv = t + Math.floor(rnd() * 300)): TwinInput => {
    const n = (seq.get(dev) ?? 0) + 1;
    seq.set(dev, n);
    const s: Sample = {
      dev,
      boot: 1,
      seq: n,
      t,
      up: t - T0,
      tDev: t,
      tRecv,
      timeBasis: 'device',
      via: 'mqtt',
      backfill: tRecv - t > 60_000,
      late: false,
      values,
    };
    return { kind: 'sample', sample: s };
  };
}

/** By receive time (host time), as they arrive. */
export function arrivalOrder(inputs: TwinInput[]): TwinInput[] {
  const at = (i: TwinInput) => (i.kind === 'sample' ? i.sample.tRecv : i.t);
  return inputs
    .map((input, k) => ({ input, k }))
    .sort((a, b) => at(a.input) - at(b.input) || a.k - b.k)
    .map((x) => x.input);
}

/**
 * The default site living `durationMs`: a door IMU at 20 Hz with open/close cycles and slams, two room devices every
 * 5 s, host clock ticks every second; arrival jitter up to 300 ms.
 */
export function doorStream(durationMs: number, start = T0): { inputs: TwinInput[]; samples: number } {
  const rnd = mulberry32(42);
  const sample = sampler(rnd);
  const out: TwinInput[] = [];
  // Door: a cycle every 30 s: open at 120 °/s for 0.75 s, stay, close at 120 or (every 4th) 400 °/s.
  let angle = 0;
  for (let t = start; t < start + durationMs; t += 50) {
    const phase = (t - start) % 30_000;
    const cycle = Math.floor((t - start) / 30_000);
    const closeRate = cycle % 4 === 0 ? 400 : 120;
    let rate = 0;
    if (phase < 750) rate = 120;
    else if (phase >= 10_000 && angle > 0) rate = -closeRate;
    angle = Math.max(0, Math.min(90, angle + (rate * 50) / 1000));
    const closed = angle < 1;
    const impact = closed && rate < -300;
    out.push(
      sample('door', t, {
        door: closed ? 'closed' : 'open',
        gyro: [rnd() * 0.4 - 0.2, rnd() * 0.4 - 0.2, rate + rnd() * 0.4 - 0.2],
        accel: impact ? [0.4, 1.8, 1.6] : [rnd() * 0.02, rnd() * 0.02, 1 + rnd() * 0.02],
      }),
    );
  }
  for (let t = start; t < start + durationMs; t += 5000) {
    const k = (t - start) / HOUR_MS;
    out.push(
      sample('room-a', t, { co2: Math.round(600 + 400 * k + rnd() * 6), temp: 21.5, rh: 40, motion: rnd() < 0.3 }),
    );
    out.push(sample('room-b', t + 1000, { co2: Math.round(900 - 200 * k + rnd() * 6), temp: 22, rh: 42, lux: 300 }));
  }
  for (let t = start; t < start + durationMs; t += 1000) out.push({ kind: 'clock', t });
  const inputs = arrivalOrder(out);
  return { inputs, samples: inputs.filter((i) => i.kind === 'sample').length };
}

/**
 * `devs` devices at `hz` from `start` for `durationMs`, each a room sensor with slowly varying values, with a clock
 * tick a second, in arrival order. A stream built piece by piece (an hour at a time) passes one `sample` across the
 * pieces, so sequence numbers go on instead of starting over (which a history would store as duplicates, once).
 */
export function roomSensors(
  devs: readonly string[],
  hz: number,
  durationMs: number,
  start = T0,
  sample: ReturnType<typeof sampler> = sampler(mulberry32(7)),
): TwinInput[] {
  const rnd = mulberry32(7);
  const out: TwinInput[] = [];
  const step = 1000 / hz;
  for (let t = start; t < start + durationMs; t += step) {
    for (const [i, dev] of devs.entries()) {
      const c = 600 + 200 * Math.sin((t - start) / 600_000 + i) + rnd() * 5;
      out.push(sample(dev, Math.round(t + i), { co2: Math.round(c), temp: 21 + i / 10, rh: 40 }));
    }
  }
  for (let t = start; t < start + durationMs; t += 1000) out.push({ kind: 'clock', t });
  return arrivalOrder(out);
}
