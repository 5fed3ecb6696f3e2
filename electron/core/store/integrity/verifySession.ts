/**
 * Checks a session against its hash chain: every block's records against their prints and the block's digest
 * against the one before it, the seals' heads, the session row, what lies outside the chain and, once final, the
 * alerts. Each block is checked from its stored predecessor, so one altered record is reported once, by name, and
 * the blocks after it are still checked. Pruned blocks (retention removed their records) are counted and passed
 * through their stored digests.
 */
import type Database from 'better-sqlite3';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { IntegrityProblem, IntegrityProblemKind, SessionIntegrity } from '../../../common/integrity';
import { alertsDigest } from './alertsDigest';
import { originDigest, type SqlValue } from './canonical';
import { ChainReader, eventLabel, isoOf, sampleLabel } from './ChainReader';
import {
  BlockHasher,
  blockFirst,
  blockLast,
  keptPrint,
  keptShapeOk,
  NO_RECORD,
  PRINT_BYTES,
  printOf,
  storedPrint,
} from './chain';
import { describeIntegrity } from './describeIntegrity';

/** Problems listed per session; the count beyond is said. */
const MAX_PROBLEMS = 50;

interface SealRow {
  id: number;
  sealed_at: number;
  upto_arrival: number;
  origin: Buffer;
  head: Buffer;
  alerts_digest: Buffer | null;
  final: number;
}

interface BlockRow {
  block: number;
  first_arrival: number;
  last_arrival: number;
  digest: Buffer;
  prints: Buffer;
  pruned_at: number | null;
  /** 1: a pruned block's prints are only those of the records retention kept (chain.ts keptPrints). */
  kept: number;
}

class Findings {
  readonly list: IntegrityProblem[] = [];
  more = 0;
  add(kind: IntegrityProblemKind, arrival: number | null, message: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ kind, arrival, message });
    else this.more++;
  }
}

function count(db: Database.Database, table: string, session: number): number {
  return db.prepare(`SELECT count(*) FROM ${table} WHERE session = ?`).pluck().get(session) as number;
}

export function verifySession(db: Database.Database, session: number, reader = new ChainReader(db)): SessionIntegrity {
  const steps = verifySteps(db, session, reader);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * verifySession a chain block at a time, giving the event loop a turn between blocks: a live recorder sharing the
 * connection goes on committing while a long session (an import's) is checked.
 */
export async function verifySessionInSteps(
  db: Database.Database,
  session: number,
  reader = new ChainReader(db),
): Promise<SessionIntegrity> {
  const steps = verifySteps(db, session, reader);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldToEventLoop();
  }
}

/** The check itself; it yields after each chain block (no transaction is open then). */
function* verifySteps(db: Database.Database, session: number, reader: ChainReader): Generator<void, SessionIntegrity> {
  const found = new Findings();
  const row = db.prepare('SELECT started, site, ended FROM sessions WHERE id = ?').safeIntegers(true).get(session) as
    { started: SqlValue; site: SqlValue; ended: SqlValue } | undefined;
  const seals = db
    .prepare(
      'SELECT id, sealed_at, upto_arrival, origin, head, alerts_digest, final FROM session_seals WHERE session = ? ORDER BY id',
    )
    .all(session) as SealRow[];
  const blocks = db
    .prepare(
      'SELECT block, first_arrival, last_arrival, digest, prints, pruned_at, kept FROM session_chain WHERE session = ? ORDER BY block',
    )
    .all(session) as BlockRow[];
  const records = count(db, 'samples', session) + count(db, 'device_events', session);
  const result = (over: Partial<SessionIntegrity>): SessionIntegrity => {
    const r: SessionIntegrity = {
      session,
      status: 'unsealed',
      sealedUpto: 0,
      sealedAt: null,
      final: false,
      records,
      unsealed: 0,
      pruned: { blocks: 0, arrivals: 0 },
      head: null,
      problems: found.list,
      summary: '',
      ...over,
    };
    return { ...r, summary: describeIntegrity(r, found.more) };
  };

  const last = seals.at(-1);
  if (!last) {
    if (blocks.length > 0) found.add('seal', null, `its seals were removed (${blocks.length} chain blocks remain)`);
    // Every session is sealed as it starts since sessions are sealed at all: one without, after a sealed one, had
    // its integrity data deleted (older sessions, recorded before, are merely unsealed).
    else if (records > 0 && db.prepare('SELECT 1 FROM session_seals WHERE session < ? LIMIT 1').get(session))
      found.add('seal', null, 'its seals and chain were removed (the sessions before it are sealed)');
    return result({ status: found.list.length > 0 ? 'failed' : 'unsealed', unsealed: records });
  }
  if (!row) found.add('session', null, 'its session row was deleted (its chain remains)');
  else if (!originDigest(row.started, row.site).equals(last.origin))
    found.add('session', null, 'its session row (started, site) was altered');

  // Seals within the chain, by the arrival they end at: their heads are checked on the way.
  const sealsAt = new Map<number, SealRow[]>();
  let previousUpto = 0;
  for (const s of seals) {
    if (s.upto_arrival < previousUpto)
      found.add('seal', s.upto_arrival, `seal ${s.id} goes back to arrival ${s.upto_arrival} from ${previousUpto}`);
    previousUpto = Math.max(previousUpto, s.upto_arrival);
    sealsAt.set(s.upto_arrival, [...(sealsAt.get(s.upto_arrival) ?? []), s]);
  }
  const checkHeads = (upto: number, digest: Buffer): void => {
    for (const s of sealsAt.get(upto) ?? [])
      if (!s.head.equals(digest)) found.add('seal', upto, `seal ${s.id} (up to arrival ${upto}) was altered`);
  };
  checkHeads(0, last.origin);

  let previous: Buffer | undefined = last.origin;
  let chainEnd = 0;
  let prunedBlocks = 0;
  let prunedArrivals = 0;
  let expected = 0;
  for (const [i, b] of blocks.entries()) {
    const first = blockFirst(b.block);
    const span = `chain block ${b.block} (arrivals ${first}..${blockLast(b.block)})`;
    if (b.block !== expected) {
      found.add('chain', chainEnd + 1, `chain blocks before ${span} were removed`);
      previous = undefined;
    }
    expected = b.block + 1;
    const isLast = i === blocks.length - 1;
    const shapeOk =
      b.first_arrival === first &&
      b.last_arrival >= first &&
      b.last_arrival <= blockLast(b.block) &&
      (isLast || b.last_arrival === blockLast(b.block)) &&
      (b.kept === 1
        ? b.pruned_at !== null && keptShapeOk(b.prints, first, b.last_arrival)
        : b.prints.length === (b.last_arrival - first + 1) * PRINT_BYTES);
    chainEnd = b.last_arrival;
    if (!shapeOk) {
      found.add('chain', first, `${span} was altered (its range or prints do not fit)`);
      previous = b.digest;
      continue;
    }
    if (b.pruned_at !== null) {
      prunedBlocks++;
      prunedArrivals += b.last_arrival - first + 1;
    }
    const before = found.list.length + found.more;
    // First the block's digest alone, one running hash: when it holds, every record of the block is as sealed.
    let holds = false;
    if (previous && b.pruned_at === null) {
      const hasher = new BlockHasher(previous, { prints: false });
      const heads: [number, Buffer][] = [];
      reader.forEachArrival(session, first, b.last_arrival, (a) => {
        hasher.add(a.arrival, a.bytes);
        if (sealsAt.has(a.arrival)) heads.push([a.arrival, hasher.current()]);
      });
      holds = hasher.finish().digest.equals(b.digest);
      if (holds) for (const [at, digest] of heads) checkHeads(at, digest);
    }
    if (!holds) {
      // Only then each record against its print, to name what changed (and what a pruned block still holds).
      reader.forEachArrival(session, first, b.last_arrival, (a) => {
        const sealed =
          (b.kept === 1 ? keptPrint(b.prints, first, a.arrival) : storedPrint(b.prints, first, a.arrival)) ?? NO_RECORD;
        if (a.bytes === null) {
          // Retention removed this block's records: their absence is what pruning means.
          if (!sealed.equals(NO_RECORD) && b.pruned_at === null)
            found.add('missing', a.arrival, `missing arrival ${a.arrival} (a sealed record was deleted)`);
        } else if (sealed.equals(NO_RECORD)) {
          found.add('inserted', a.arrival, `inserted record ${a.label()} is not in the chain`);
        } else if (!sealed.equals(printOf(a.bytes))) {
          if (a.count > 1)
            found.add('inserted', a.arrival, `inserted record at arrival ${a.arrival} is not in the chain`);
          else found.add('altered', a.arrival, `${a.label()} altered`);
        }
      });
      if (previous && b.pruned_at === null && found.list.length + found.more === before)
        found.add('chain', first, `${span} was altered (its digest does not follow from its records)`);
    }
    // A pruned block is passed through on its stored digest; the seals at its end are checked against that.
    if (b.pruned_at !== null) checkHeads(b.last_arrival, b.digest);
    previous = b.digest;
    yield;
  }
  if (chainEnd !== last.upto_arrival)
    found.add(
      'seal',
      Math.min(chainEnd, last.upto_arrival) + 1,
      `the chain ends at arrival ${chainEnd} but the last seal at ${last.upto_arrival} (a seal or chain block was removed)`,
    );
  else if (blocks.length > 0 && !blocks.at(-1)!.digest.equals(last.head))
    found.add('seal', chainEnd, `the last seal's head does not match the chain`);

  const final = last.final === 1;
  const outside = outsideChain(db, session, chainEnd);
  if (outside.first && (outside.first.noPosition || final))
    found.add('inserted', null, `inserted record ${outside.first.label} is not in the chain`);
  if (row) {
    if (final) {
      if (!last.alerts_digest || !alertsDigest(db, session, row.ended).equals(last.alerts_digest))
        found.add('alerts', null, 'its alerts, alert events or end time were altered since its final seal');
    } else if (row.ended !== null) {
      found.add('seal', null, `it ended (${isoOf(row.ended)}) but its final seal is missing`);
    }
  }
  const failed = found.list.length > 0;
  return result({
    status: failed ? 'failed' : final && outside.count === 0 ? 'intact' : 'sealed',
    sealedUpto: last.upto_arrival,
    sealedAt: last.sealed_at,
    final,
    unsealed: final ? 0 : outside.count,
    pruned: { blocks: prunedBlocks, arrivals: prunedArrivals },
    head: last.head.toString('hex'),
  });
}

interface Outside {
  /** Records after the chain's end (not yet sealed, unless the session's seal is final). */
  count: number;
  /** The first record outside the chain: one without a usable arrival position first, else the earliest after it. */
  first: { label: string; noPosition: boolean } | undefined;
}

const NO_POSITION = "(arrival IS NULL OR typeof(arrival) <> 'integer' OR arrival < 1)";

/** Records of the session past the chain's end, or without a usable arrival position (never chained). */
function outsideChain(db: Database.Database, session: number, chainEnd: number): Outside {
  const where = `session = ? AND (${NO_POSITION} OR arrival > ?)`;
  const first = (table: 'samples' | 'device_events'): SqlValue[] | undefined =>
    db
      .prepare(
        `SELECT ${table === 'samples' ? 'arrival, dev, boot, seq, t' : 'arrival, t, dev, kind'}, ${NO_POSITION} AS bad
           FROM ${table} WHERE ${where} ORDER BY bad DESC, arrival, id LIMIT 1`,
      )
      .raw(true)
      .safeIntegers(true)
      .get(session, chainEnd) as SqlValue[] | undefined;
  const after = (table: string): number =>
    db
      .prepare(`SELECT count(*) FROM ${table} WHERE session = ? AND typeof(arrival) = 'integer' AND arrival > ?`)
      .pluck()
      .get(session, chainEnd) as number;
  const s = first('samples');
  const e = first('device_events');
  if (!s && !e) return { count: 0, first: undefined };
  const bad = (r: SqlValue[] | undefined): boolean => r !== undefined && r.at(-1) === 1n;
  const sampleFirst = s !== undefined && (bad(s) || (!bad(e) && (!e || Number(s[0]) <= Number(e[0]))));
  const r = (sampleFirst ? s : e)!;
  return {
    count: after('samples') + after('device_events'),
    first: { label: sampleFirst ? sampleLabel(r) : eventLabel(r), noPosition: bad(r) },
  };
}
