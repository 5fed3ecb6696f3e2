/**
 * A device channel's history downsampled in SQLite: min, max and mean per time bucket, so a chart of 7 days reads a
 * few thousand rows whatever the sampling rate. Only numeric channels; empty buckets are left out.
 */
import type Database from 'better-sqlite3';
import type { Series, SeriesRequest } from '../../common/api';
import { channelBit } from './channelMask';

export class SeriesReader {
  private readonly stmt: Database.Statement;

  constructor(db: Database.Database) {
    // The channel mask skips rows without the channel before the JSON is parsed.
    this.stmt = db.prepare(
      `SELECT (t - @from) / @bucket AS b, min(v) AS lo, max(v) AS hi, avg(v) AS mean
       FROM (SELECT t, json_extract(data, @path) AS v FROM samples
             WHERE dev = @dev AND t >= @from AND t < @to AND (mask & @bit) != 0)
       WHERE typeof(v) IN ('integer', 'real')
       GROUP BY b ORDER BY b`,
    );
  }

  series(req: SeriesRequest): Series {
    const from = Math.floor(req.from);
    const to = Math.max(from + 1, Math.ceil(req.to));
    const bucket = Math.max(1, Math.ceil((to - from) / req.buckets));
    const rows = this.stmt.all({
      from,
      to,
      bucket,
      dev: req.dev,
      path: `$.${req.channel}`,
      bit: channelBit(req.channel),
    }) as { b: number; lo: number; hi: number; mean: number }[];
    const out: Series = { from, to, bucketMs: bucket, t: [], min: [], max: [], mean: [] };
    for (const r of rows) {
      out.t.push(from + r.b * bucket);
      out.min.push(r.lo);
      out.max.push(r.hi);
      out.mean.push(r.mean);
    }
    return out;
  }
}
