/** Turns downsampled series of several devices into uPlot's aligned columns: x, then min/mean/max per device. */
import type { Series } from '../../../electron/common/api';

export type Columns = [number[], ...(number | null)[][]];

/** x in seconds (uPlot's unit); a device without a bucket at some x gets null there (a gap). */
export function alignSeries(series: readonly Series[]): Columns {
  const xs = [...new Set(series.flatMap((s) => s.t))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const cols: (number | null)[][] = [];
  for (const s of series) {
    const min = new Array<number | null>(xs.length).fill(null);
    const mean = new Array<number | null>(xs.length).fill(null);
    const max = new Array<number | null>(xs.length).fill(null);
    s.t.forEach((t, i) => {
      const j = index.get(t)!;
      min[j] = s.min[i]!;
      mean[j] = s.mean[i]!;
      max[j] = s.max[i]!;
    });
    cols.push(min, mean, max);
  }
  return [xs.map((x) => x / 1000), ...cols];
}

/** Appends a live reading to the columns when it is newer than their last point (the live tail). */
export function appendLive(cols: Columns, device: number, t: number, value: number): Columns {
  const xs = cols[0];
  const x = t / 1000;
  if (xs.length > 0 && x <= xs[xs.length - 1]!) return cols;
  const next: Columns = [[...xs, x]];
  for (let c = 1; c < cols.length; c++) {
    const own = Math.floor((c - 1) / 3) === device;
    next.push([...cols[c]!, own ? value : null]);
  }
  return next;
}
