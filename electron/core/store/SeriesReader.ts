/**
 * A device channel's history downsampled in SQLite: min, max and mean per time bucket, so a chart of 7 days reads a
 * few thousand rows whatever the sampling rate. Only numeric channels; empty buckets are left out.
 *
 * Buckets of a minute or more are whole minutes (the window too starts and ends on one) and are read from the
 * 1-minute tier, kept while recording (MinuteFolder) and by retention: raw samples are read only for what is not
 * folded yet (each session's tail, rows without an arrival position) and for discrete events, which stay out of the
 * tier. The result is the one reading the raw samples would give: min of mins, max of maxes, mean weighted by counts
 * (means as the tier stores them, to 5 significant digits). Finer buckets read the raw samples, and 1-minute rows only
 * for minutes whose raw telemetry retention removed (there they hold one point per minute).
 */
import type Database from 'better-sqlite3';
import type { Series, SeriesRequest } from '../../common/api';
import { channelBit } from './channelMask';
import { MINUTE_MS, tierPath } from './retention/minuteStats';

/** A channel of the tier's stored form (see storedStats) as lo, hi, mean and n: `s` is its slot, `n` the row's count. */
const TIER_STATS = `iif(typeof(s) = 'text', s ->> '$[0]', s), iif(typeof(s) = 'text', s ->> '$[2]', s),
  iif(typeof(s) = 'text', s ->> '$[1]', s), coalesce(iif(typeof(s) = 'text', s ->> '$[3]'), n)`;
const TIER_ROWS = `SELECT minute, session, json_extract(stats, @slot) AS s, stats ->> '$[0]' AS n FROM samples_1m
  WHERE dev = @dev AND minute >= @from AND minute < @to`;
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
 * covers (rows retention kept raw before migration 8), rows without an arrival position or a session, and discrete
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
  private readonly coarse: Database.Statement;
  private readonly fine: Database.Statement;

  constructor(db: Database.Database) {
    // Parameters bind as REAL, so the bucket number is made an integer explicitly (else every sample would be a
    // bucket of its own).
    this.coarse = db.prepare(
      AGGREGATE(`${RAW_POINTS(UNFOLDED)}
        UNION ALL
        SELECT CAST((minute - @from) / @bucket AS INTEGER), ${TIER_STATS} FROM (${TIER_ROWS}) WHERE s IS NOT NULL`),
    );
    // The channel mask skips raw rows without the channel before their JSON is parsed.
    this.fine = db.prepare(
      AGGREGATE(`${RAW_POINTS(`SELECT t, data FROM samples WHERE ${RAW}`)}
        UNION ALL
        SELECT CAST((minute - @from) / @bucket AS INTEGER), ${TIER_STATS} FROM (${TIER_ROWS}) AS m
        WHERE s IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM samples WHERE dev = @dev AND t >= m.minute AND t < m.minute + ${MINUTE_MS}
            AND kind = 'tele' AND coalesce(session, 0) = m.session)`),
    );
  }

  series(req: SeriesRequest): Series {
    let from = Math.floor(req.from);
    let to = Math.max(from + 1, Math.ceil(req.to));
    let bucket = Math.max(1, Math.ceil((to - from) / req.buckets));
    const tier = bucket >= MINUTE_MS;
    if (tier) {
      // Whole minutes, so each 1-minute row falls in one bucket, as its samples would.
      from = Math.floor(from / MINUTE_MS) * MINUTE_MS;
      to = Math.ceil(to / MINUTE_MS) * MINUTE_MS;
      bucket = Math.ceil(bucket / MINUTE_MS) * MINUTE_MS;
    }
    const rows = (tier ? this.coarse : this.fine).all({
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
