import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CanonicalWriter, originDigest, sha256 } from '../../../../../electron/core/store/integrity/canonical';
import { ChainReader } from '../../../../../electron/core/store/integrity/ChainReader';
import {
  BLOCK_ARRIVALS,
  BlockHasher,
  NO_RECORD,
  PRINT_BYTES,
  printOf,
} from '../../../../../electron/core/store/integrity/chain';
import { sealSession, SealRefusedError } from '../../../../../electron/core/store/integrity/sealSession';
import { openDatabase } from '../../../../../electron/core/store/openDatabase';
import { writeSession } from '../../../../helpers/sealedHistory';
import { makeTempDir } from '../../../../helpers/tempDir';

interface ChainRow {
  block: number;
  first_arrival: number;
  last_arrival: number;
  digest: Buffer;
  prints: Buffer;
}

describe('canonical bytes', () => {
  it('are typed: an integer, its text and a real differ, and null differs from an empty text', () => {
    const enc = (v: null | bigint | number | string): Buffer => Buffer.from(new CanonicalWriter().value(v).bytes());
    const all = [enc(5n), enc('5'), enc(5.5), enc(null), enc('')].map((b) => b.toString('hex'));
    expect(new Set(all).size).toBe(5);
  });

  it('are length-prefixed, so moving text from one column to the next changes them', () => {
    const a = new CanonicalWriter().values(['ab', 'c']).bytes().toString('hex');
    const b = new CanonicalWriter().values(['a', 'bc']).bytes().toString('hex');
    expect(a).not.toBe(b);
  });

  it("bind the session row's start and site into the chain's origin", () => {
    const o = originDigest(1000n, '{"id":"s"}');
    expect(o.equals(originDigest(1000n, '{"id":"s"}'))).toBe(true);
    expect(o.equals(originDigest(1001n, '{"id":"s"}'))).toBe(false);
    expect(o.equals(originDigest(1000n, '{"id":"t"}'))).toBe(false);
  });
});

describe('the chain of a session', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    dir = makeTempDir();
    db = openDatabase(`${dir.path}/h.db`);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  const blocks = (session: number): ChainRow[] =>
    db
      .prepare(
        'SELECT block, first_arrival, last_arrival, digest, prints FROM session_chain WHERE session = ? ORDER BY block',
      )
      .all(session) as ChainRow[];

  it('is made of fixed blocks of arrivals with one 8-byte print each, each digest following the one before', () => {
    const session = writeSession(db, { seconds: 300, seal: 'final' }); // 2,100 arrivals
    const rows = blocks(session);
    expect(rows.map((r) => [r.block, r.first_arrival, r.last_arrival])).toEqual([
      [0, 1, BLOCK_ARRIVALS],
      [1, BLOCK_ARRIVALS + 1, 2 * BLOCK_ARRIVALS],
      [2, 2 * BLOCK_ARRIVALS + 1, 2100],
    ]);
    for (const r of rows) expect(r.prints.length).toBe((r.last_arrival - r.first_arrival + 1) * PRINT_BYTES);

    // Recomputed by hand from the stored records: SHA-256(previous digest || each arrival's canonical bytes).
    const reader = new ChainReader(db);
    const s = db.prepare('SELECT started, site FROM sessions WHERE id = ?').safeIntegers(true).get(session) as {
      started: bigint;
      site: string;
    };
    let previous = originDigest(s.started, s.site);
    for (const r of rows) {
      const parts: Buffer[] = [previous];
      const prints: Buffer[] = [];
      reader.forEachArrival(session, r.first_arrival, r.last_arrival, (a) => {
        expect(a.count).toBe(1);
        parts.push(Buffer.from(a.bytes!));
        prints.push(printOf(a.bytes!));
      });
      expect(sha256(...parts).equals(r.digest)).toBe(true);
      expect(Buffer.concat(prints).equals(r.prints)).toBe(true);
      previous = r.digest;
    }
    const seal = db.prepare('SELECT upto_arrival, head, final FROM session_seals WHERE session = ?').get(session) as {
      upto_arrival: number;
      head: Buffer;
      final: number;
    };
    expect(seal.upto_arrival).toBe(2100);
    expect(seal.final).toBe(1);
    expect(seal.head.equals(rows[2]!.digest)).toBe(true);
  });

  it('does not depend on rowids or the session id: the same records elsewhere give the same digests', () => {
    const first = writeSession(db, { seconds: 200, seal: 'final' });
    db.prepare('INSERT INTO device_events (t, dev, kind, data) VALUES (1, ?, ?, ?)').run('x', 'clock', '{}'); // shifts rowids
    const other = openDatabase(`${dir.path}/other.db`);
    other.prepare('INSERT INTO sessions (started, sources) VALUES (0, ?)').run('[]'); // shifts the session id
    const second = writeSession(other, { seconds: 200, seal: 'final' });
    expect(second).not.toBe(first);
    const digests = (d: Database.Database, s: number): string[] =>
      (d.prepare('SELECT digest FROM session_chain WHERE session = ? ORDER BY block').pluck().all(s) as Buffer[]).map(
        (b) => b.toString('hex'),
      );
    expect(digests(other, second)).toEqual(digests(db, first));
    other.close();
  });

  it('records an arrival where nothing was stored (an ignored duplicate) as a zero print', () => {
    const session = writeSession(db, { seconds: 10 });
    db.prepare('DELETE FROM samples WHERE session = ? AND arrival = 3').run(session); // as if never stored
    sealSession(db, session);
    const row = blocks(session)[0]!;
    expect(row.prints.subarray(2 * PRINT_BYTES, 3 * PRINT_BYTES).equals(NO_RECORD)).toBe(true);
    expect(row.prints.subarray(3 * PRINT_BYTES, 4 * PRINT_BYTES).equals(NO_RECORD)).toBe(false);
    // The hasher binds the absent arrival's position into the digest.
    const a = new BlockHasher(Buffer.alloc(32));
    a.add(1, null);
    const b = new BlockHasher(Buffer.alloc(32));
    b.add(2, null);
    expect(a.finish().digest.equals(b.finish().digest)).toBe(false);
  });

  it('seals again while recording by re-reading only the open block, and never seals over a changed record', () => {
    const session = writeSession(db, { seconds: 200, seal: 'periodic' }); // 1,400 arrivals: block 1 open
    const before = blocks(session);
    expect(before.map((r) => r.last_arrival)).toEqual([1024, 1400]);
    // More records arrive (as the live writer appends them), then the next periodic seal.
    const more = db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival) VALUES (?, '', 'clock', '{}', 0, ?, ?)`,
    );
    for (let a = 1401; a <= 1500; a++) more.run(a, session, a);
    const seal = sealSession(db, session);
    expect(seal.uptoArrival).toBe(1500);
    const after = blocks(session);
    expect(after[0]!.digest.equals(before[0]!.digest)).toBe(true);
    expect(after[1]!.last_arrival).toBe(1500);
    expect(after[1]!.prints.subarray(0, 376 * PRINT_BYTES).equals(before[1]!.prints)).toBe(true);

    db.prepare('UPDATE samples SET data = \'{"co2":5000}\' WHERE session = ? AND arrival = 1100').run(session);
    more.run(1501, session, 1501);
    expect(() => sealSession(db, session)).toThrow(SealRefusedError);
    expect(() => sealSession(db, session)).toThrow(/sample arrival 1100 \(dev .*\) changed since it was sealed/);
  });

  it('refuses to seal a session recorded before arrival positions were kept', () => {
    const id = Number(db.prepare("INSERT INTO sessions (started, sources) VALUES (1, '[]')").run().lastInsertRowid);
    db.prepare(
      `INSERT INTO samples (dev, boot, seq, t, up, t_recv, basis, via, flags, kind, mask, data, session)
       VALUES ('a', 1, 1, 1, 1, 1, 'device', 'mqtt', 0, 'tele', 0, '{}', ?)`,
    ).run(id);
    expect(() => sealSession(db, id)).toThrow(/recorded before Twinscope kept arrival positions/);
  });
});
