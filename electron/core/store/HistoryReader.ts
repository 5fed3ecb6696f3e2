/**
 * Reads a history database: samples in event-time order over a range, the latest value of a channel before a time
 * (what a seek needs), and what the ingest needs to keep deduplicating across restarts. Safe beside a live writer
 * (WAL: readers see the last committed state).
 */
import type Database from 'better-sqlite3';
import type { Channel, Sample, SampleValues, TimeBasis, Via } from '../../common/sample';
import { channelBit, channelMask } from './channelMask';

export interface SampleRow {
  dev: string;
  boot: number;
  seq: number;
  t: number;
  up: number;
  t_dev: number | null;
  t_recv: number;
  basis: string;
  via: string;
  flags: number;
  evt: string | null;
  data: string;
}

export interface TimeRange {
  /** Inclusive, ms epoch. */
  from?: number;
  /** Exclusive, ms epoch. */
  to?: number;
}

export function rowToSample(r: SampleRow): Sample {
  const s: Sample = {
    dev: r.dev,
    boot: r.boot,
    seq: r.seq,
    t: r.t,
    up: r.up,
    tDev: r.t_dev,
    tRecv: r.t_recv,
    timeBasis: r.basis as TimeBasis,
    via: r.via as Via,
    backfill: (r.flags & 1) !== 0,
    late: (r.flags & 2) !== 0,
    values: JSON.parse(r.data) as SampleValues,
  };
  if (r.evt !== null) s.evt = r.evt;
  return s;
}

const COLUMNS = 'dev, boot, seq, t, up, t_dev, t_recv, basis, via, flags, evt, data';

/** A time range, and optionally one recording session. */
export interface SampleFilter extends TimeRange {
  session?: number;
}

const where = (f: SampleFilter): string => `t >= ? AND t < ?${f.session === undefined ? '' : ' AND session = ?'}`;
const params = (f: SampleFilter): number[] => [
  f.from ?? Number.MIN_SAFE_INTEGER,
  f.to ?? Number.MAX_SAFE_INTEGER,
  ...(f.session === undefined ? [] : [f.session]),
];

export class HistoryReader {
  constructor(private readonly db: Database.Database) {}

  /** Samples with from <= t < to (of one session if asked), ordered by event time, ties in the order they were stored. */
  *samples(range: SampleFilter = {}): Generator<Sample> {
    const stmt = this.db.prepare(`SELECT ${COLUMNS} FROM samples WHERE ${where(range)} ORDER BY t, id`);
    for (const row of stmt.iterate(...params(range))) yield rowToSample(row as SampleRow);
  }

  count(range: SampleFilter = {}): number {
    const row = this.db.prepare(`SELECT count(*) AS n FROM samples WHERE ${where(range)}`).get(...params(range)) as {
      n: number;
    };
    return row.n;
  }

  /** Earliest and latest event time stored, or null for an empty history. */
  extent(): { from: number; to: number } | null {
    const row = this.db.prepare('SELECT min(t) AS lo, max(t) AS hi FROM samples').get() as {
      lo: number | null;
      hi: number | null;
    };
    return row.lo === null || row.hi === null ? null : { from: row.lo, to: row.hi };
  }

  /** The newest sample of `dev` carrying `channel` with t <= `at`. */
  latestBefore(dev: string, channel: Channel, at: number): Sample | undefined {
    const row = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM samples WHERE dev = ? AND t <= ? AND (mask & ?) != 0 ORDER BY t DESC, id DESC LIMIT 1`,
      )
      .get(dev, at, channelBit(channel)) as SampleRow | undefined;
    return row && rowToSample(row);
  }

  /** Sequence numbers stored for one (dev, boot). */
  *seqs(dev: string, boot: number): Generator<number> {
    const stmt = this.db.prepare('SELECT seq FROM samples WHERE dev = ? AND boot = ? ORDER BY seq').pluck();
    for (const seq of stmt.iterate(dev, boot)) yield seq as number;
  }

  /** Values of the latest stored reading without boot/seq (boot < 0) of `dev` with exactly these channels. */
  latestReading(dev: string, values: SampleValues): SampleValues | undefined {
    const data = this.db
      .prepare('SELECT data FROM samples WHERE dev = ? AND boot < 0 AND mask = ? ORDER BY t DESC, id DESC LIMIT 1')
      .pluck()
      .get(dev, channelMask(values)) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as SampleValues);
  }

  devices(): DeviceRow[] {
    return this.db.prepare('SELECT * FROM devices ORDER BY dev').all() as DeviceRow[];
  }
}

export interface DeviceRow {
  dev: string;
  fw: string | null;
  hw: string | null;
  sensors: string | null;
  interval_ms: number | null;
  status: string | null;
  first_recv: number;
  last_recv: number;
  last_boot: number;
  received: number;
  duplicates: number;
  missing: number;
  late: number;
  backfilled: number;
}
