/**
 * The 1-minute tier's arithmetic: per channel [min, mean, max, n] of the samples of one device in one minute, and
 * how two partial aggregates of the same minute combine (a minute can be folded in two batches). Booleans count as
 * 0/1, so motion's mean is the fraction of samples with motion and a door's the fraction open; vectors (gyro,
 * accel) by their magnitude, so a slam's peak survives as a max.
 */
import type { SampleValues } from '../../../common/sample';

export const MINUTE_MS = 60_000;

/** [min, mean, max, n] */
export type ChannelStats = [number, number, number, number];
export type MinuteStats = Record<string, ChannelStats>;

/** The numbers the tier keeps of one sample, by channel. */
export function tierValues(v: SampleValues): [string, number][] {
  const out: [string, number][] = [];
  const add = (ch: string, x: number | undefined): void => {
    if (x !== undefined && Number.isFinite(x)) out.push([ch, x]);
  };
  add('co2', v.co2);
  add('temp', v.temp);
  add('rh', v.rh);
  add('lux', v.lux);
  add('motion', v.motion === undefined ? undefined : v.motion ? 1 : 0);
  add('door', v.door === undefined ? undefined : v.door === 'open' ? 1 : 0);
  add('gyro', v.gyro && Math.hypot(...v.gyro));
  add('accel', v.accel && Math.hypot(...v.accel));
  add('angle', v.angle);
  add('rssi', v.rssi);
  add('bat', v.bat);
  return out;
}

export function minuteOf(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

/** Adds one value to a minute's stats (in place). Means stay exact until stored (see `storedStats`). */
export function addValue(stats: MinuteStats, ch: string, x: number): void {
  const s = stats[ch];
  if (!s) {
    stats[ch] = [x, x, x, 1];
    return;
  }
  const n = s[3] + 1;
  s[0] = Math.min(s[0], x);
  s[1] += (x - s[1]) / n;
  s[2] = Math.max(s[2], x);
  s[3] = n;
}

/** Two aggregates of the same device and minute as one: min of mins, max of maxes, mean weighted by counts. */
export function mergeStats(a: MinuteStats, b: MinuteStats): MinuteStats {
  const out: MinuteStats = {};
  for (const ch of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[ch];
    const y = b[ch];
    if (!x || !y) {
      out[ch] = [...(x ?? y)!];
      continue;
    }
    const n = x[3] + y[3];
    out[ch] = [Math.min(x[0], y[0]), (x[1] * x[3] + y[1] * y[3]) / n, Math.max(x[2], y[2]), n];
  }
  return out;
}

/** Stored form: means to 7 significant digits (the sensors' own resolution is coarser), min and max as measured. */
export function storedStats(stats: MinuteStats): string {
  const out: MinuteStats = {};
  for (const [ch, s] of Object.entries(stats)) out[ch] = [s[0], Number(s[1].toPrecision(7)), s[2], s[3]];
  return JSON.stringify(out);
}

export interface FoldRow {
  dev: string;
  t: number;
  session: number;
  data: string;
}

/** Aggregates raw rows by device, minute and session; the key is `dev\tminute\tsession`. */
export function foldRows(rows: Iterable<FoldRow>): Map<string, MinuteStats> {
  const out = new Map<string, MinuteStats>();
  for (const r of rows) {
    const key = `${r.dev}\t${minuteOf(r.t)}\t${r.session}`;
    let stats = out.get(key);
    if (!stats) out.set(key, (stats = {}));
    for (const [ch, x] of tierValues(JSON.parse(r.data) as SampleValues)) addValue(stats, ch, x);
  }
  return out;
}
