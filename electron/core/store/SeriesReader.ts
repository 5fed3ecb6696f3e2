/**
 * A device channel's history downsampled in SQLite: min, max and mean per time bucket, so a chart of 7 days reads a
 * few thousand rows whatever the sampling rate. Only numeric channels; empty buckets are left out.
 *
 * Buckets of a minute or more are whole minutes (the window too starts and ends on one) and are read from the
 * 1-minute tier, kept while recording (MinuteFolder) and by retention; buckets of an hour or more are whole hours,
 * read from the 1-hour tier made of it (once it holds every hour: see hourTier). Raw samples are read only for what
 * is not folded yet (each session's tail, rows without an arrival position) and for discrete events, which stay out
 * of the tier. The result is the one reading the raw samples would give: min of mins, max of maxes, mean weighted by
 * counts (means as the tier stores them, to 5 significant digits). Finer buckets read the raw samples, and 1-minute
 * rows only for minutes whose raw telemetry retention removed (there they hold one point per minute).
 */
import type Database from 'better-sqlite3';
import type { Series, SeriesRequest } from '../../common/api';
import { channelBit } from './channelMask';
import { HOUR_MS } from './retention/hourTier';
import { MINUTE_MS, tierPath } from './retention/minuteStats';

/**
 * A channel of a tier's stored form (see storedStats) as b, lo, hi, mean and n: its slot is `[min, mean, max(, n)]`,
 * or one number for all three (n then the row's, `$[0]`). Sub-paths of the row itself: one parse a row, not five.
 */
const TIER_POINTS = (table: string, at: string, where = 'TRUE'): string =>
  `SELECT CAST((${at} - @from) / @bucket AS INTEGER), lo, hi, mean, n FROM (
     SELECT ${at}, coalesce(stats ->> (@slot || '[0]'), stats ->> @slot) AS lo,
            coalesce(stats ->> (@slot || '[2]'), stats ->> @slot) AS hi,
            coalesce(stats ->> (@slot || '[1]'), stats ->> @slot) AS mean,
            coalesce(stats ->> (@slot || '[3]'), stats ->> '$[0]') AS n
     FROM ${table} WHERE dev = @dev AND ${at} >= @from AND ${at} < @to AND ${where})
   WHERE lo IS NOT NULL`;
/** Raw rows of the device, channel and window (a WHERE to complete). */
const RAW = `dev = @dev AND t >= @from AND t < @to AND (mask & @bit) != 0`;
const AGGREGATE = (parts: string): string =>
  `SELECT b, min(lo) AS lo, max(hi) AS hi, sum(mean * n) / CAST(sum(n) AS REAL) AS mean FROM (${parts})
   GROUP BY b ORDER BY b`;
const RAW_POINTS = (rows: string): string =>
  `SELECT CAST((t - @from) / @bucket AS INTEGER) AS b, v AS lo, v AS hi, v AS mean, 1 AS n
   FROM (SELECT t, json_extract(data, @path) AS v FROM (${rows})) WHERE typeof(v) IN ('integer', 'real')`;

/**
 * Raw rows the tier does not hold: each session's arrivals after what was folded, and before what the folder
 * covers (rows retention kept raw before migration 10), rows without an arrival position or a session, and discrete
 * events. Every one is found by index (samples_arrival per session, samples_evt), never by scanning the window.
 */
const UNFOLDED = `
  WITH folds AS (SELECT s.id AS session, coalesce(f.folded_from, 0) AS lo, coalesce(f.folded_to, 0) AS hi
                 FROM sessions s LEFT JOIN minute_folds f ON f.session = s.id)
  SELECT t, data FROM folds CROSS JOIN samples INDEXED BY samples_arrival
    WHERE samples.session = folds.session AND arrival > folds.hi AND kind = 'tele' AND ${RAW}
  UNION ALL
  SELECT t, data FROM folds CROSS JOIN samples INDEXED BY samples_arrival
    WHERE folds.lo > 0 AND samples.session = folds.session AND arrival <= folds.lo AND kind = 'tele' AND ${RAW}
  UNION ALL
  SELECT t, data FROM folds CROSS JOIN samples INDEXED BY samples_arrival
    WHERE samples.session = folds.session AND arrival IS NULL AND kind = 'tele' AND ${RAW}
  UNION ALL
  SELECT t, data FROM samples INDEXED BY samples_arrival WHERE session IS NULL AND kind = 'tele' AND ${RAW}
  UNION ALL
  SELECT t, data FROM samples INDEXED BY samples_evt WHERE kind = 'evt' AND ${RAW}`;

export class SeriesReader {
  private readonly byHour: Database.Statement;
  private readonly byMinute: Database.Statement;
  private readonly fine: Database.Statement;
  private readonly hoursBuilt: Database.Statement;

  constructor(db: Database.Database) {
    // Parameters bind as REAL, so the bucket number is made an integer explicitly (else every sample would be a
    // bucket of its own).
    const coarse = (table: string, at: string): Database.Statement =>
      db.prepare(AGGREGATE(`${RAW_POINTS(UNFOLDED)} UNION ALL ${TIER_POINTS(table, at)}`));
    this.byHour = coarse('samples_1h', 'hour');
    this.byMinute = coarse('samples_1m', 'minute');
    // The channel mask skips raw rows without the channel before their JSON is parsed.
    this.fine = db.prepare(
      AGGREGATE(`${RAW_POINTS(`SELECT t, data FROM samples WHERE ${RAW}`)}
        UNION ALL
        ${TIER_POINTS(
          'samples_1m',
          'minute',
          `NOT EXISTS (SELECT 1 FROM samples WHERE dev = @dev AND t >= samples_1m.minute
             AND t < samples_1m.minute + ${MINUTE_MS} AND kind = 'tele' AND coalesce(session, 0) = samples_1m.session)`,
        )}`),
    );
    this.hoursBuilt = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM hour_backfill)').pluck();
  }

  series(req: SeriesRequest): Series {
    let from = Math.floor(req.from);
    let to = Math.max(from + 1, Math.ceil(req.to));
    let bucket = Math.max(1, Math.ceil((to - from) / req.buckets));
    let stmt = this.fine;
    if (bucket >= MINUTE_MS) {
      // Whole minutes (hours), so each tier row falls in one bucket, as its samples would.
      const unit = bucket >= HOUR_MS && this.hoursBuilt.get() === 1 ? HOUR_MS : MINUTE_MS;
      stmt = unit === HOUR_MS ? this.byHour : this.byMinute;
      from = Math.floor(from / unit) * unit;
      to = Math.ceil(to / unit) * unit;
      bucket = Math.ceil(bucket / unit) * unit;
    }
    const rows = stmt.all({
      from,
      to,
      bucket,
      dev: req.dev,
      path: `$.${req.channel}`,
      // Every chart channel is in the tier; one that were not would find no rows there.
      slot: tierPath(req.channel) ?? '$[999]',
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
