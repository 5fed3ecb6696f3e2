/**
 * Copies one session, with everything that belongs to it (its row, samples, engine inputs, snapshots, alerts, hash
 * chain and seals), from one history to another: export into a new .twinrec, import into a history. Columns are
 * those both schemas have; integers stay BigInt all the way (safe integers), so nothing is rounded. The caller owns
 * the transaction; the copy yields to the event loop every few thousand rows (progress, Ctrl-C). Into a `live`
 * history (one a recorder is writing) each page commits by itself instead, see CopyPlan.live.
 */
import type Database from 'better-sqlite3';
import type { SqlValue } from '../integrity/canonical';
import { setSummary, SummaryDelta } from '../sessionSummary';

export interface CopyPlan {
  session: number;
  /** The session's id in the target. */
  into: number;
  /** Added to sample ids (and to the `after_sample` links that name them), to place them after the target's own. */
  sampleIdOffset: bigint;
  /** Keep the rowids of device events, alert events and seals (a new .twinrec), else let the target number them. */
  keepRowIds: boolean;
  /** Copy only arrivals up to here (what is sealed), and leave the session unended. */
  uptoArrival?: number;
  onProgress?: (copied: number) => void;
  signal?: AbortSignal;
  /** Filled with what the copied samples hold (count, span, devices): the copy's row summary. */
  summary?: SummaryDelta;
  /**
   * The target is being recorded into on the same connection: each page is its own short transaction (the recorder
   * commits between pages), samples go newest first (the top of their id range is taken at once, so the recorder's
   * new samples number after it, never inside), and the session row is not copied: the caller writes it last
   * (copySessionRow), so readers only ever see the session whole. `pageRows` bounds each transaction.
   */
  live?: { pageRows: number };
}

const CHUNK = 5000;

type Mapping = Record<string, (v: SqlValue) => SqlValue>;

interface TableCopy {
  table: string;
  where: string;
  order: string;
  /** The table holds chained records: limited by arrival, and counted as progress. */
  records?: boolean;
  drop?: string[];
  set: Mapping;
  /** Read in rowid order without the session's indexes, which would sort the whole session for every page. */
  byRowid?: boolean;
  /** Newest first (by the order column). */
  descending?: boolean;
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

/** Rows of the session's records (what progress counts). */
export function countRecords(db: Database.Database, session: number, uptoArrival?: number): number {
  const upto = uptoArrival === undefined ? '' : ' AND arrival <= ?';
  const args = uptoArrival === undefined ? [session] : [session, uptoArrival];
  const n = (t: string): number =>
    db
      .prepare(`SELECT count(*) FROM ${t} WHERE session = ?${upto}`)
      .pluck()
      .get(...args) as number;
  return n('samples') + n('device_events');
}

function sessionRowCopy(plan: Pick<CopyPlan, 'into' | 'uptoArrival'>): TableCopy {
  const into = (): bigint => BigInt(plan.into);
  const set: Mapping = { id: into };
  if (plan.uptoArrival !== undefined) set.ended = () => null;
  return { table: 'sessions', where: 'id = ?', order: 'id', set };
}

/** The session's row alone, after a `live` copy of its records: one statement, in the caller's transaction. */
export function copySessionRow(
  from: Database.Database,
  to: Database.Database,
  plan: Pick<CopyPlan, 'session' | 'into'>,
  /** What the copy of its records counted (CopyPlan.summary). */
  summary: SummaryDelta,
): void {
  const theirs = new Set(columns(from, 'sessions'));
  const cols = columns(to, 'sessions').filter((c) => theirs.has(c));
  const row = from
    .prepare(`SELECT ${cols.join(', ')} FROM sessions WHERE id = ?`)
    .raw(true)
    .safeIntegers(true)
    .get(plan.session) as SqlValue[] | undefined;
  if (!row) throw new Error(`session ${plan.session} is not in ${from.name}`);
  row[cols.indexOf('id')] = BigInt(plan.into);
  to.prepare(`INSERT INTO sessions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...row);
  setSummary(to, plan.into, summary);
}

export async function copySession(from: Database.Database, to: Database.Database, plan: CopyPlan): Promise<number> {
  const into = (): bigint => BigInt(plan.into);
  const offset = plan.sampleIdOffset;
  const rowIds = plan.keepRowIds ? [] : ['id'];
  const tables: TableCopy[] = [
    ...(plan.live ? [] : [sessionRowCopy(plan)]),
    {
      table: 'samples',
      where: 'session = ?',
      order: 'id',
      records: true,
      descending: plan.live !== undefined,
      set: { id: (v) => BigInt(v as bigint) + offset, session: into },
    },
    {
      table: 'device_events',
      where: 'session = ?',
      order: 'id',
      records: true,
      drop: rowIds,
      byRowid: true,
      set: {
        session: into,
        after_sample: (v) => {
          const moved = BigInt(v as bigint) + offset;
          return moved < 0n ? 0n : moved;
        },
      },
    },
    {
      table: 'engine_snapshots',
      where: 'session = ?',
      order: 'arrival',
      records: false,
      drop: ['id'],
      set: { session: into },
    },
    { table: 'snapshot_dicts', where: 'session = ?', order: 'session', set: { session: into } },
    { table: 'alerts', where: 'session = ?', order: 'id', set: { session: into } },
    { table: 'alert_events', where: 'session = ?', order: 'id', drop: rowIds, set: { session: into } },
    { table: 'session_chain', where: 'session = ?', order: 'block', set: { session: into } },
    { table: 'session_seals', where: 'session = ?', order: 'id', drop: rowIds, set: { session: into } },
  ];
  return copyTables(from, to, tables, plan);
}

async function copyTables(
  from: Database.Database,
  to: Database.Database,
  tables: readonly TableCopy[],
  plan: CopyPlan,
): Promise<number> {
  const partial = plan.uptoArrival !== undefined;
  const pageRows = plan.live?.pageRows ?? CHUNK;
  const summary = plan.summary ?? new SummaryDelta();
  let copied = 0;
  for (const t of tables) {
    const theirs = new Set(columns(from, t.table));
    const cols = columns(to, t.table).filter((c) => theirs.has(c) && !(t.drop ?? []).includes(c));
    if (cols.length === 0) continue; // a table one side's schema does not have (an older .twinrec)
    const limited = partial && (t.records === true || t.table === 'engine_snapshots');
    const where = limited ? `${t.where} AND arrival <= ?` : t.where;
    const args = limited ? [plan.session, plan.uptoArrival] : [plan.session];
    // A page at a time, by the order column (keyset): a 7-day session never sits in memory whole, and no iterator
    // keeps `from` busy across the pauses.
    const select = (after: boolean): Database.Statement =>
      from
        .prepare(
          `SELECT ${cols.join(', ')}, ${t.order} FROM ${t.table}${t.byRowid ? ' NOT INDEXED' : ''} WHERE ${where}${after ? ` AND ${t.order} ${t.descending ? '<' : '>'} ?` : ''}
            ORDER BY ${t.order}${t.descending ? ' DESC' : ''} LIMIT ${pageRows}`,
        )
        .raw(true)
        .safeIntegers(true);
    const first = select(false);
    const next = select(true);
    const write = to.prepare(`INSERT INTO ${t.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    const maps = cols.map((c) => t.set[c]);
    const [devAt, tAt] = t.table === 'samples' ? [cols.indexOf('dev'), cols.indexOf('t')] : [-1, -1];
    let key: SqlValue | undefined;
    const writePage = (rows: SqlValue[][]): void => {
      for (const row of rows) {
        key = row.pop()!;
        if (devAt >= 0) summary.add(String(row[devAt]), Number(row[tAt]));
        for (let k = 0; k < row.length; k++) {
          const map = maps[k];
          if (map) row[k] = map(row[k]!);
        }
        write.run(...row);
        if (t.records) copied++;
      }
    };
    const commitPage = plan.live ? to.transaction(writePage) : writePage;
    for (;;) {
      const rows = (key === undefined ? first.all(...args) : next.all(...args, key)) as SqlValue[][];
      commitPage(rows);
      if (rows.length < pageRows) break;
      plan.onProgress?.(copied);
      await new Promise((r) => setImmediate(r));
      plan.signal?.throwIfAborted();
    }
  }
  // The row's summary is of what the copy holds (a partial export holds less than the session recorded); a live
  // copy writes its row last, with the summary (copySessionRow).
  if (!plan.live) setSummary(to, plan.into, summary);
  plan.onProgress?.(copied);
  return copied;
}
