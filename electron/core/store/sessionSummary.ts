/**
 * What a session recorded — how many samples, their event-time span, which devices — kept on its row as it is
 * written (migration 8). Listing sessions or opening one for replay then reads one row instead of grouping every
 * sample: for a week at 1 Hz that grouping took seconds, with the core waiting.
 *
 * The figures are of what was recorded: retention folding old raw samples into 1-minute rows does not change them
 * (`downsampledTo` says it happened). A copied session (export, import) gets the summary of what was copied,
 * counted as it is copied.
 */
import type Database from 'better-sqlite3';

export interface SessionSummary {
  samples: number;
  /** Event times of its first and last sample (null: none). */
  from: number | null;
  to: number | null;
  devices: string[];
}

/** Samples of one flush, added to the session's row in the flush's own transaction. */
export class SummaryDelta {
  samples = 0;
  from = Number.POSITIVE_INFINITY;
  to = Number.NEGATIVE_INFINITY;
  readonly devices = new Set<string>();

  add(dev: string, t: number): void {
    this.samples++;
    if (t < this.from) this.from = t;
    if (t > this.to) this.to = t;
    this.devices.add(dev);
  }
}

export function prepareSummaryUpdate(db: Database.Database): (session: number, d: SummaryDelta) => void {
  // Devices stay a sorted JSON array without duplicates: the union of what the row held and the flush's.
  const stmt = db.prepare(
    `UPDATE sessions SET
       samples = coalesce(samples, 0) + @n,
       t_min = min(coalesce(t_min, @lo), @lo),
       t_max = max(coalesce(t_max, @hi), @hi),
       devices = (SELECT json_group_array(value) FROM (
                    SELECT value FROM json_each(coalesce(devices, '[]')) UNION SELECT value FROM json_each(@devs)
                    ORDER BY value))
     WHERE id = @session`,
  );
  return (session, d) => {
    if (d.samples === 0) return;
    stmt.run({ session, n: d.samples, lo: d.from, hi: d.to, devs: JSON.stringify([...d.devices]) });
  };
}

/** Sets a session's summary to what a copy of it holds (counted while copying, so nothing is read twice). */
export function setSummary(db: Database.Database, session: number, d: SummaryDelta): void {
  db.prepare('UPDATE sessions SET samples = ?, t_min = ?, t_max = ?, devices = ? WHERE id = ?').run(
    d.samples,
    d.samples > 0 ? d.from : null,
    d.samples > 0 ? d.to : null,
    JSON.stringify([...d.devices].sort()),
    session,
  );
}

interface Row {
  samples: number | null;
  t_min: number | null;
  t_max: number | null;
  devices: string | null;
}

/** A session's summary as its row holds it; undefined when there is no such session. */
export function readSummary(db: Database.Database, session: number): SessionSummary | undefined {
  const r = db.prepare('SELECT samples, t_min, t_max, devices FROM sessions WHERE id = ?').get(session) as
    Row | undefined;
  return r && toSummary(r);
}

export function toSummary(r: Row): SessionSummary {
  return {
    samples: r.samples ?? 0,
    from: r.t_min,
    to: r.t_max,
    // Sorted here: SQLite's json_group_array keeps the order rows were grouped in, which a query plan may change.
    devices: r.devices === null ? [] : (JSON.parse(r.devices) as string[]).sort(),
  };
}
