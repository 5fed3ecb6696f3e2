/**
 * Seals a session: chains its records up to the highest arrival stored and writes a seal with the chain's head.
 * Cheap to repeat while recording: only the open (last, partly filled) block and what follows are read, never the
 * whole session. A final seal, when the session ended, also keeps a digest of its alerts. A record of the open block
 * that changed since an earlier seal chained it is refused, not sealed over.
 */
import type Database from 'better-sqlite3';
import { alertsDigest } from './alertsDigest';
import { originDigest, type SqlValue } from './canonical';
import { ChainReader } from './ChainReader';
import { BlockHasher, blockFirst, blockLast, storedPrint } from './chain';

export interface SealOptions {
  /** The session ended: seal what it holds for good, alerts included. */
  final?: boolean;
  now?: number;
  reader?: ChainReader;
}

export interface Seal {
  session: number;
  uptoArrival: number;
  head: Buffer;
  final: boolean;
  sealedAt: number;
}

/** Sealing found a sealed record changed: the history was altered (verify names it). */
export class SealRefusedError extends Error {}

interface BlockRow {
  block: number;
  last_arrival: number;
  digest: Buffer;
  prints: Buffer;
  pruned_at: number | null;
}

interface SealRow {
  upto_arrival: number;
  head: Buffer;
  final: number;
  sealed_at: number;
}

export function sealSession(db: Database.Database, session: number, options: SealOptions = {}): Seal {
  const reader = options.reader ?? new ChainReader(db);
  return db.transaction((): Seal => {
    const row = db.prepare('SELECT started, site, ended FROM sessions WHERE id = ?').safeIntegers(true).get(session) as
      { started: SqlValue; site: SqlValue; ended: SqlValue } | undefined;
    if (!row) throw new Error(`there is no session ${session}`);
    const unpositioned = (table: string): boolean =>
      db.prepare(`SELECT 1 FROM ${table} WHERE session = ? AND arrival IS NULL LIMIT 1`).get(session) !== undefined;
    if (unpositioned('samples') || unpositioned('device_events'))
      throw new Error(
        `session ${session} was recorded before Twinscope kept arrival positions (schema 4), so it cannot be sealed`,
      );
    const final = options.final === true;
    const origin = originDigest(row.started, row.site);
    const upto = reader.maxArrival(session);
    const latest = db
      .prepare(
        'SELECT upto_arrival, head, final, sealed_at FROM session_seals WHERE session = ? ORDER BY id DESC LIMIT 1',
      )
      .get(session) as SealRow | undefined;
    if (latest && latest.upto_arrival === upto && (latest.final === 1 || !final)) {
      return { session, uptoArrival: upto, head: latest.head, final: latest.final === 1, sealedAt: latest.sealed_at };
    }
    const blockRow = db.prepare(
      'SELECT block, last_arrival, digest, prints, pruned_at FROM session_chain WHERE session = ? AND block = ?',
    );
    const last = db
      .prepare(
        'SELECT block, last_arrival, digest, prints, pruned_at FROM session_chain WHERE session = ? ORDER BY block DESC LIMIT 1',
      )
      .get(session) as BlockRow | undefined;
    // Where to go on: after the last block when it is full (or pruned), else from the start of that open block.
    let block = 0;
    let previous = origin;
    let reopened: BlockRow | undefined;
    if (last) {
      if (last.pruned_at !== null || last.last_arrival === blockLast(last.block)) {
        block = last.block + 1;
        previous = last.digest;
      } else {
        block = last.block;
        reopened = last;
        if (block > 0) previous = (blockRow.get(session, block - 1) as BlockRow | undefined)?.digest ?? origin;
      }
    }
    const upsert = db.prepare(
      `INSERT OR REPLACE INTO session_chain (session, block, first_arrival, last_arrival, digest, prints)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (; blockFirst(block) <= upto; block++) {
      const first = blockFirst(block);
      const end = Math.min(blockLast(block), upto);
      const hasher = new BlockHasher(previous);
      reader.forEachArrival(session, first, end, (a) => {
        const print = hasher.add(a.arrival, a.bytes);
        const sealed =
          reopened && a.arrival <= reopened.last_arrival ? storedPrint(reopened.prints, first, a.arrival) : undefined;
        if (sealed && !sealed.equals(print)) {
          throw new SealRefusedError(
            `session ${session}: ${a.label()} changed since it was sealed; not sealing over it (twinscope verify names what changed)`,
          );
        }
      });
      reopened = undefined;
      const { digest, prints } = hasher.finish();
      upsert.run(session, block, first, end, digest, prints);
      previous = digest;
    }
    const sealedAt = options.now ?? Date.now();
    const alerts = final ? alertsDigest(db, session, row.ended) : null;
    db.prepare(
      `INSERT INTO session_seals (session, sealed_at, upto_arrival, origin, head, alerts_digest, final)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(session, sealedAt, upto, origin, previous, alerts, final ? 1 : 0);
    return { session, uptoArrival: upto, head: previous, final, sealedAt };
  })();
}
