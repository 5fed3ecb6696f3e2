/** Reads the quarantine: counts of rejected input per source, device and reason, and the latest rejected inputs. */
import type Database from 'better-sqlite3';

export interface RejectCount {
  origin: string;
  dev: string;
  code: string;
  count: number;
  firstRecv: number;
  lastRecv: number;
}

export interface RejectedInput {
  tRecv: number;
  origin: string;
  dev: string;
  code: string;
  detail: string;
  raw: string;
}

export class RejectsReader {
  constructor(private readonly db: Database.Database) {}

  counts(): RejectCount[] {
    return this.db
      .prepare(
        `SELECT origin, dev, code, count, first_recv AS firstRecv, last_recv AS lastRecv
         FROM reject_counts ORDER BY count DESC, origin, dev, code`,
      )
      .all() as RejectCount[];
  }

  total(): number {
    return (this.db.prepare('SELECT coalesce(sum(count), 0) AS n FROM reject_counts').get() as { n: number }).n;
  }

  latest(limit: number): RejectedInput[] {
    return this.db
      .prepare('SELECT t_recv AS tRecv, origin, dev, code, detail, raw FROM rejects ORDER BY id DESC LIMIT ?')
      .all(limit) as RejectedInput[];
  }
}
