/**
 * The 1-minute tier kept while recording: each session's raw telemetry is folded into `samples_1m` (the stored form
 * of minuteStats) in arrival order, a bounded batch per `step()`, and the session remembers how far (table
 * `minute_folds`, migration 10). The raw rows and the integrity chain are not touched: folding only adds to the tier.
 *
 * A minute's row holds exactly the samples of the session's arrivals up to `folded_to` in it. A sample arriving late
 * (a gateway flushing an hour after an outage) has a new arrival position, so it is folded in its turn and merged into
 * the minute it was measured in (min of mins, max of maxes, mean weighted by counts): the minute is re-folded, whenever
 * its first samples were folded. Live, only what was received before the current host minute began is folded, so a
 * minute still filling is usually folded once, complete; the unfolded tail is read raw (SeriesReader). The hours of
 * the minutes it writes are re-folded with them (hourTier), and hours of minutes stored before are built first.
 */
import type Database from 'better-sqlite3';
import { HourTier, hourKey } from './hourTier';
import { foldRows, mergeStats, parseStats, storedStats } from './minuteStats';

export interface FoldRange {
  session: number;
  /** Arrivals folded_from+1 .. folded_to of the session are in the tier. */
  foldedFrom: number;
  foldedTo: number;
}

export interface FoldReport {
  /** Raw telemetry samples folded. */
  samples: number;
  /** 1-minute rows created (a minute re-folded later is not counted again). */
  rowsWritten: number;
  /** Minutes that already had a row and took more samples: late data, or a minute folded in two steps. */
  rowsRefolded: number;
}

interface Row {
  dev: string;
  t: number;
  kind: string;
  data: string;
  arrival: number;
  t_recv: number;
}

export class MinuteFolder {
  readonly report: FoldReport = { samples: 0, rowsWritten: 0, rowsRefolded: 0 };
  private readonly pending: Database.Statement;
  private readonly next: Database.Statement;
  private readonly range: Database.Statement;
  private readonly save: Database.Statement;
  private readonly getMinute: Database.Statement;
  private readonly putMinute: Database.Statement;
  private readonly hours: HourTier;

  constructor(
    private readonly db: Database.Database,
    private readonly batchRows = 5000,
  ) {
    // One index probe per session (samples_arrival): histories hold tens or hundreds of sessions, not millions.
    this.pending = db.prepare(
      `SELECT s.id AS session, coalesce(f.folded_from, 0) AS foldedFrom, coalesce(f.folded_to, 0) AS foldedTo
       FROM sessions s LEFT JOIN minute_folds f ON f.session = s.id
       WHERE EXISTS (SELECT 1 FROM samples WHERE session = s.id AND arrival > coalesce(f.folded_to, 0))
       ORDER BY s.id`,
    );
    this.next = db.prepare(
      `SELECT dev, t, kind, data, arrival, t_recv FROM samples WHERE session = ? AND arrival > ?
       ORDER BY arrival LIMIT ?`,
    );
    this.range = db.prepare(
      `SELECT ? AS session, coalesce(folded_from, 0) AS foldedFrom, coalesce(folded_to, 0) AS foldedTo
       FROM (SELECT 1) LEFT JOIN minute_folds ON session = ?`,
    );
    this.save = db.prepare(
      `INSERT INTO minute_folds (session, folded_from, folded_to) VALUES (?, 0, ?)
       ON CONFLICT (session) DO UPDATE SET folded_to = excluded.folded_to`,
    );
    this.getMinute = db.prepare('SELECT stats FROM samples_1m WHERE dev = ? AND minute = ? AND session = ?').pluck();
    this.putMinute = db.prepare('INSERT OR REPLACE INTO samples_1m (dev, minute, session, stats) VALUES (?, ?, ?, ?)');
    this.hours = new HourTier(db);
  }

  /** What of `session` is in the tier. */
  foldRange(session: number): FoldRange {
    return this.range.get(session, session) as FoldRange;
  }

  /**
   * Builds the hours of the next minutes stored before the 1-hour tier while there are any, else folds the next batch
   * of one session with unfolded arrivals, of those received before host time `before` (live: the start of the
   * current minute). Returns how many rows it went through; 0 when nothing is due.
   */
  step(before = Number.POSITIVE_INFINITY): number {
    if (this.db.transaction(() => this.hours.backfillHours(this.batchRows))()) return this.batchRows;
    for (const f of this.pending.all() as FoldRange[]) {
      const n = this.foldNext(f.session, f.foldedTo, before);
      if (n > 0) return n;
    }
    return 0;
  }

  /** Folds every arrival of `session` stored so far, a batch per iteration (retention, before it prunes). */
  *catchUp(session: number): Generator<void, void> {
    for (;;) {
      const { foldedTo } = this.foldRange(session);
      if (this.foldNext(session, foldedTo, Number.POSITIVE_INFINITY) === 0) return;
      yield;
    }
  }

  /** One transaction: the batch after `foldedTo`, up to the first row received at or after `before`. */
  private foldNext(session: number, foldedTo: number, before: number): number {
    return this.db.transaction(() => {
      const read = this.next.all(session, foldedTo, this.batchRows) as Row[];
      const end = read.findIndex((r) => r.t_recv >= before);
      const rows = end < 0 ? read : read.slice(0, end);
      if (rows.length === 0) return 0;
      const tele = rows.filter((r) => r.kind === 'tele');
      const hours: string[] = [];
      for (const [key, stats] of foldRows(tele.map((r) => ({ ...r, session })))) {
        if (Object.keys(stats).length === 0) continue;
        const [dev, minute] = key.split('\t') as [string, string];
        const stored = this.getMinute.get(dev, Number(minute), session) as string | undefined;
        this.putMinute.run(
          dev,
          Number(minute),
          session,
          storedStats(stored ? mergeStats(parseStats(stored), stats) : stats),
        );
        hours.push(hourKey(dev, Number(minute), session));
        if (stored) this.report.rowsRefolded++;
        else this.report.rowsWritten++;
      }
      this.hours.refoldHours(hours);
      this.report.samples += tele.length;
      this.save.run(session, rows[rows.length - 1]!.arrival);
      return rows.length;
    })();
  }
}
