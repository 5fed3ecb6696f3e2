/** Chart columns: several devices' buckets on one x axis, gaps as null, the live tail appended in order. */
import { describe, expect, it } from 'vitest';
import type { Series } from '../../../electron/common/api';
import { alignSeries, appendLive } from '../../../renderer/src/panels/chartData';

const series = (t: number[], v: number[]): Series => ({
  from: 0,
  to: 10_000,
  bucketMs: 1000,
  t,
  min: v.map((x) => x - 1),
  max: v.map((x) => x + 1),
  mean: v,
});

describe('chart columns', () => {
  it('aligns devices on the union of their bucket times, in seconds, with gaps', () => {
    const cols = alignSeries([series([1000, 2000], [10, 20]), series([2000, 3000], [5, 6])]);
    expect(cols[0]).toEqual([1, 2, 3]);
    expect(cols.slice(1)).toEqual([
      [9, 19, null],
      [10, 20, null],
      [11, 21, null],
      [null, 4, 5],
      [null, 5, 6],
      [null, 6, 7],
    ]);
  });

  it('appends a live reading only when it is newer than the last point', () => {
    const cols = alignSeries([series([1000], [10]), series([1000], [5])]);
    const next = appendLive(cols, 1, 4000, 7);
    expect(next[0]).toEqual([1, 4]);
    expect(next.slice(1).map((c) => c.at(-1))).toEqual([null, null, null, 7, 7, 7]);
    expect(appendLive(next, 0, 4000, 99)).toBe(next);
  });
});
