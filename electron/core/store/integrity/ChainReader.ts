/**
 * Reads a session's chained records (samples and device events) by arrival position, as canonical bytes: what the
 * sealer chains and verify checks, read the same way by both. Statements are prepared once per database.
 */
import type Database from 'better-sqlite3';
import { CanonicalWriter, EVENT_CHAIN_COLUMNS, RecordTag, SAMPLE_CHAIN_COLUMNS, type SqlValue } from './canonical';

/** One arrival's records as found: their canonical bytes (null when none) and a name for the first. */
export interface ArrivalRecords {
  arrival: number;
  bytes: Buffer | null;
  count: number;
  /** "sample arrival 1207 (dev room-a, t 2026-…)": made only when asked (a problem is being named). */
  label: () => string;
}

type Raw = SqlValue[];

/** An event time as a reader wants it; a value no date can have (tampered) as it is. */
export function isoOf(t: SqlValue): string {
  const ms = Number(t);
  const d = new Date(ms);
  return Number.isFinite(ms) && !Number.isNaN(d.getTime()) ? d.toISOString() : String(t);
}

export function sampleLabel(r: Raw): string {
  return `sample arrival ${String(r[0])} (dev ${String(r[1])}, t ${isoOf(r[4] ?? null)})`;
}

export function eventLabel(r: Raw): string {
  const dev = r[2] ? ` of ${String(r[2])}` : '';
  return `device event arrival ${String(r[0])} (${String(r[3])}${dev}, t ${isoOf(r[1] ?? null)})`;
}

export class ChainReader {
  private readonly samples: Database.Statement;
  private readonly events: Database.Statement;
  private readonly maxSample: Database.Statement;
  private readonly maxEvent: Database.Statement;
  private readonly writer = new CanonicalWriter();

  constructor(db: Database.Database) {
    this.samples = db
      .prepare(
        `SELECT ${SAMPLE_CHAIN_COLUMNS.join(', ')} FROM samples
          WHERE session = ? AND arrival BETWEEN ? AND ? ORDER BY arrival, id`,
      )
      .raw(true)
      .safeIntegers(true);
    this.events = db
      .prepare(
        `SELECT ${EVENT_CHAIN_COLUMNS.join(', ')} FROM device_events
          WHERE session = ? AND arrival BETWEEN ? AND ? ORDER BY arrival, id`,
      )
      .raw(true)
      .safeIntegers(true);
    this.maxSample = db.prepare('SELECT max(arrival) FROM samples WHERE session = ?').pluck();
    this.maxEvent = db.prepare('SELECT max(arrival) FROM device_events WHERE session = ?').pluck();
  }

  /** The highest arrival position stored for the session (0 when none). */
  maxArrival(session: number): number {
    const s = Number(this.maxSample.get(session) ?? 0);
    const e = Number(this.maxEvent.get(session) ?? 0);
    return Math.max(s, e, 0);
  }

  /**
   * Calls `each` for every arrival first..last in order, with the records stored there (samples first). The bytes
   * are a view valid only during the call.
   */
  forEachArrival(session: number, first: number, last: number, each: (a: ArrivalRecords) => void): void {
    const samples = this.samples.all(session, first, last) as Raw[];
    const events = this.events.all(session, first, last) as Raw[];
    const w = this.writer;
    let i = 0;
    let j = 0;
    // A row's arrival counts by its number: a tampered REAL (5.5) joins arrival 5 and its bytes say what it is.
    const at = (r: Raw, arrival: number): boolean => Number(r[0]) < arrival + 1;
    for (let arrival = first; arrival <= last; arrival++) {
      w.reset();
      let count = 0;
      let label = (): string => `arrival ${arrival}`;
      for (; i < samples.length && at(samples[i]!, arrival); i++, count++) {
        const row = samples[i]!;
        if (count === 0) label = () => sampleLabel(row);
        w.tag(RecordTag.sample).values(row);
      }
      for (; j < events.length && at(events[j]!, arrival); j++, count++) {
        const row = events[j]!;
        if (count === 0) label = () => eventLabel(row);
        w.tag(RecordTag.event).values(row);
      }
      each({ arrival, bytes: count > 0 ? w.bytes() : null, count, label });
    }
  }
}
