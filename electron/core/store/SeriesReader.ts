/**
 * A device channel's history downsampled in SQLite: min, max and mean per time bucket, so a chart of 7 days reads a
 * few thousand rows whatever the sampling rate. Only numeric channels; empty buckets are left out. Where retention
 * pruned the raw samples, the 1-minute tier answers (buckets finer than a minute then hold one point per minute).
 */
import type Database from 'better-sqlite3';
import type { Series, SeriesRequest } from '../../common/api';
import { channelBit } from './channelMask';

export class SeriesReader {
  private readonly stmt: Database.Statement;

  constructor(db: Database.Database) {
    // Raw samples where they are kept, and the 1-minute tier where retention folded them (its stored form: a channel
    // is [min, mean, max, n?] or one number when min = max; see storedStats) (a sample is in one or
    // the other, never both), combined per bucket: min of mins, max of maxes, mean weighted by counts. The channel
    // mask skips raw rows without the channel before their JSON is parsed. Parameters bind as REAL, so the bucket
    // number is made an integer explicitly (else every sample would be a bucket of its own).
    this.stmt = db.prepare(
      `SELECT b, min(lo) AS lo, max(hi) AS hi, sum(mean * n) / CAST(sum(n) AS REAL) AS mean FROM (
         SELECT CAST((t - @from) / @bucket AS INTEGER) AS b, v AS lo, v AS hi, v AS mean, 1 AS n
         FROM (SELECT t, json_extract(data, @path) AS v FROM samples
               WHERE dev = @dev AND t >= @from AND t < @to AND (mask & @bit) != 0)
         WHERE typeof(v) IN ('integer', 'real')
         UNION ALL
         SELECT CAST((minute - @from) / @bucket AS INTEGER),
                iif(typeof(s) = 'text', s ->> '$[0]', s), iif(typeof(s) = 'text', s ->> '$[2]', s),
                iif(typeof(s) = 'text', s ->> '$[1]', s), coalesce(iif(typeof(s) = 'text', s ->> '$[3]'), n)
         FROM (SELECT minute, json_extract(stats, @path) AS s, stats ->> '$.n' AS n FROM samples_1m
               WHERE dev = @dev AND minute >= @from AND minute < @to)
         WHERE s IS NOT NULL)
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
