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

const magnitude = (v: readonly number[]): number => Number(Math.hypot(...v).toPrecision(5));

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
  // Magnitudes to 5 significant digits: the sensors resolve less, and full doubles would double the door's rows.
  add('gyro', v.gyro && magnitude(v.gyro));
  add('accel', v.accel && magnitude(v.accel));
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

/**
 * The tier's channels in the order of the stored form. Those every device has come first, so a row of a room ends
 * after its own channels (trailing absent channels are left out) and only a door's row skips the rooms' five.
 */
export const TIER_CHANNELS = ['rssi', 'bat', 'co2', 'temp', 'rh', 'lux', 'motion', 'door', 'gyro', 'accel', 'angle'];

/** Where `channel` is in the stored form (a JSON path), or undefined for a channel the tier does not keep. */
export function tierPath(channel: string): string | undefined {
  const k = TIER_CHANNELS.indexOf(channel);
  return k < 0 ? undefined : `$[${k + 1}]`;
}

/**
 * Stored form, compact because a year of it is most of a history (migration 10): a JSON array, the count `n` first,
 * then each channel of TIER_CHANNELS in turn: `[min, mean, max]`, with the channel's own count as a fourth element
 * only when it differs from `n`, a bare number when min = max (a battery, a closed door, a dark room), null when the
 * row has no such channel. Means to 5 significant digits (finer than any sensor here resolves).
 */
export function storedStats(stats: MinuteStats): string {
  const counts = Object.values(stats).map((s) => s[3]);
  const n = counts.length === 0 ? 0 : Math.max(...counts);
  const out: (number | number[] | null)[] = [n];
  for (const ch of TIER_CHANNELS) {
    const s = stats[ch];
    if (!s) {
      out.push(null);
      continue;
    }
    const [lo, mean, hi, k] = s;
    if (lo === hi) out.push(k === n ? lo : [lo, lo, lo, k]);
    else out.push(k === n ? [lo, Number(mean.toPrecision(5)), hi] : [lo, Number(mean.toPrecision(5)), hi, k]);
  }
  while (out.length > 1 && out[out.length - 1] === null) out.pop();
  return JSON.stringify(out);
}

/** The stored form read back. */
export function parseStats(text: string): MinuteStats {
  const [n, ...channels] = JSON.parse(text) as [number, ...(number | number[] | null)[]];
  const out: MinuteStats = {};
  channels.forEach((v, k) => {
    const ch = TIER_CHANNELS[k]!;
    if (typeof v === 'number') out[ch] = [v, v, v, n];
    else if (v) out[ch] = [v[0]!, v[1]!, v[2]!, v[3] ?? n];
  });
  return out;
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
