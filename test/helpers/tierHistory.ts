/** A session recorded as the live hub writes it, and charts computed from its raw samples, for tests of the tier. */
import type Database from 'better-sqlite3';
import type { Series } from '../../electron/common/api';
import type { Sample, SampleValues } from '../../electron/common/sample';
import { HistoryWriter } from '../../electron/core/store/HistoryWriter';

export const MINUTE = 60_000;

export function tierSample(
  dev: string,
  seq: number,
  t: number,
  values: SampleValues,
  tRecv = t + 40,
  evt?: string,
): Sample {
  const s: Sample = {
    dev,
    boot: 1,
    seq,
    t,
    up: seq * 1000,
    tDev: t,
    tRecv,
    timeBasis: 'device',
    via: 'mqtt',
    backfill: tRecv - t > MINUTE,
    late: tRecv - t > MINUTE,
    values,
  };
  if (evt) s.evt = evt;
  return s;
}

/** room-a's readings at second `i`: CO2 at 1 ppm, temperature at 0.1 °C, motion now and then. */
export const roomValues = (i: number): SampleValues => ({
  co2: 600 + ((i * 37) % 401),
  temp: Math.round(200 + 15 * Math.sin(i / 500)) / 10,
  motion: i % 70 < 9,
});

export interface Seconds {
  from: number;
  to: number;
  /** The first sample's seq (dedupe key); the next one is returned. */
  seq: number;
  /** Host time all of them were received at: a backfill. Default: 40 ms after each was measured. */
  receivedAt?: number;
  /** Which seconds have a reading (default all). */
  keep?: (i: number) => boolean;
}

/**
 * Writes room-a at 1 Hz (a motion event every 10 minutes, a clock input every 5 s) for seconds `from..to` after
 * `t0`, as the live hub hands them to the writer. Returns the next seq.
 */
export function recordSeconds(writer: HistoryWriter, t0: number, o: Seconds): number {
  let seq = o.seq;
  for (let i = o.from; i < o.to; i++) {
    if (o.keep && !o.keep(i)) continue;
    const t = t0 + i * 1000;
    const recv = o.receivedAt ?? t + 40;
    writer.addInput({ kind: 'sample', sample: tierSample('room-a', seq++, t, roomValues(i), recv) });
    if (i % 600 === 0)
      writer.addInput({
        kind: 'sample',
        sample: tierSample('room-a', seq++, t + 500, { motion: true }, recv, 'motion'),
      });
    if (i % 5 === 0) writer.addInput({ kind: 'clock', t: o.receivedAt ?? t + 50 });
  }
  return seq;
}

/** The chart the raw samples alone give (what SeriesReader answered before the tier), computed here in plain code. */
export function rawSeries(db: Database.Database, dev: string, channel: string, series: Series): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const rows = db
    .prepare('SELECT t, data FROM samples WHERE dev = ? AND t >= ? AND t < ?')
    .all(dev, series.from, series.to) as { t: number; data: string }[];
  const acc = new Map<number, { lo: number; hi: number; sum: number; n: number }>();
  for (const r of rows) {
    const v = (JSON.parse(r.data) as Record<string, unknown>)[channel];
    const x = typeof v === 'boolean' ? Number(v) : v;
    if (typeof x !== 'number') continue;
    const b = series.from + Math.floor((r.t - series.from) / series.bucketMs) * series.bucketMs;
    const a = acc.get(b) ?? { lo: x, hi: x, sum: 0, n: 0 };
    acc.set(b, { lo: Math.min(a.lo, x), hi: Math.max(a.hi, x), sum: a.sum + x, n: a.n + 1 });
  }
  for (const [b, a] of [...acc].sort((x, y) => x[0] - y[0])) out.set(b, [a.lo, a.hi, a.sum / a.n]);
  return out;
}

/** A series as the same map: bucket start -> [min, max, mean]. */
export function seriesMap(s: Series): Map<number, number[]> {
  return new Map(s.t.map((t, i) => [t, [s.min[i]!, s.max[i]!, s.mean[i]!]]));
}
