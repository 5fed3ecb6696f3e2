/**
 * The 1-hour tier (`samples_1h`, migration 10): per device, hour and session, the 1-minute rows of that hour merged
 * into one row of the same stored form, so a chart of months or a year reads 24 rows a day instead of 1,440. It is
 * derived data: whoever changes 1-minute rows re-folds the hours they are in (`refoldHours`, in the same
 * transaction), so an hour row always equals its minute rows merged. Hours of minute rows stored before the tier
 * existed are built in bounded steps (`backfillHours`); until that is done charts do not use it.
 */
import type Database from 'better-sqlite3';
import { mergeStats, parseStats, storedStats, type MinuteStats } from './minuteStats';

export const HOUR_MS = 3_600_000;

export const hourOf = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS;

/** `dev\thour\tsession` */
export type HourKey = string;

export const hourKey = (dev: string, minute: number, session: number): HourKey =>
  `${dev}\t${hourOf(minute)}\t${session}`;

export class HourTier {
  private readonly minutes: Database.Statement;
  private readonly put: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly cursor: Database.Statement;
  private readonly nextMinutes: Database.Statement;
  private readonly advance: Database.Statement;
  private readonly finish: Database.Statement;

  constructor(db: Database.Database) {
    this.minutes = db
      .prepare('SELECT stats FROM samples_1m WHERE dev = ? AND minute >= ? AND minute < ? AND session = ?')
      .pluck();
    this.put = db.prepare('INSERT OR REPLACE INTO samples_1h (dev, hour, session, stats) VALUES (?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM samples_1h WHERE dev = ? AND hour = ? AND session = ?');
    this.cursor = db.prepare('SELECT dev, minute FROM hour_backfill');
    this.nextMinutes = db.prepare(
      `SELECT dev, minute, session FROM samples_1m WHERE (dev, minute) > (?, ?) ORDER BY dev, minute LIMIT ?`,
    );
    this.advance = db.prepare('UPDATE hour_backfill SET dev = ?, minute = ?');
    this.finish = db.prepare('DELETE FROM hour_backfill');
  }

  /** Rebuilds each hour from its minute rows (removing it when none are left). */
  refoldHours(keys: Iterable<HourKey>): void {
    for (const key of new Set(keys)) {
      const [dev, h, s] = key.split('\t') as [string, string, string];
      const hour = Number(h);
      const session = Number(s);
      let merged: MinuteStats | undefined;
      for (const text of this.minutes.iterate(dev, hour, hour + HOUR_MS, session) as Iterable<string>) {
        const stats = parseStats(text);
        merged = merged ? mergeStats(merged, stats) : stats;
      }
      if (merged) this.put.run(dev, hour, session, storedStats(merged));
      else this.remove.run(dev, hour, session);
    }
  }

  /** Builds the hours of the next `rows` minute rows stored before the tier; false when there are none left. */
  backfillHours(rows: number): boolean {
    const at = this.cursor.get() as { dev: string; minute: number } | undefined;
    if (!at) return false;
    const next = this.nextMinutes.all(at.dev, at.minute, rows) as { dev: string; minute: number; session: number }[];
    this.refoldHours(next.map((r) => hourKey(r.dev, r.minute, r.session)));
    const last = next[next.length - 1];
    if (last && next.length === rows) this.advance.run(last.dev, last.minute);
    else this.finish.run();
    return true;
  }
}
