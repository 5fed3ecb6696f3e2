import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealSession } from '../../../../../electron/core/store/integrity/sealSession';
import { verifyHistory } from '../../../../../electron/core/store/integrity/verifyHistory';
import { verifySession } from '../../../../../electron/core/store/integrity/verifySession';
import { openDatabase } from '../../../../../electron/core/store/openDatabase';
import { writeSession } from '../../../../helpers/sealedHistory';
import { makeTempDir } from '../../../../helpers/tempDir';

describe('verifySession', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  let session: number;
  beforeEach(() => {
    dir = makeTempDir();
    db = openDatabase(`${dir.path}/h.db`);
    session = writeSession(db, { seconds: 400, seal: 'final' }); // 2,800 arrivals, 3 blocks
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('finds an untouched, finally sealed session intact', () => {
    const r = verifySession(db, session);
    expect(r).toMatchObject({ status: 'intact', sealedUpto: 2800, final: true, records: 2800, unsealed: 0 });
    expect(r.problems).toEqual([]);
    expect(r.head).toMatch(/^[0-9a-f]{64}$/);
    expect(r.summary).toBe(`session ${session}: intact (2800 records, sealed at 2026-11-02T09:06:40.000Z)`);
  });

  it('names an altered sample by arrival, device and time', () => {
    db.prepare('UPDATE samples SET data = \'{"co2":420}\' WHERE session = ? AND arrival = 1207').run(session);
    const r = verifySession(db, session);
    expect(r.status).toBe('failed');
    expect(r.problems[0]).toMatchObject({ kind: 'altered', arrival: 1207 });
    expect(r.summary).toMatch(
      /^session \d+: FAILED: sample arrival 1207 \(dev door, t 2026-11-02T09:02:52\.002Z\) altered$/,
    );
  });

  it('names a deleted record as a missing arrival, and an inserted one as not in the chain', () => {
    db.prepare('DELETE FROM device_events WHERE session = ? AND arrival = 1211').run(session);
    db.prepare(
      `INSERT INTO samples (dev, boot, seq, t, up, t_recv, basis, via, flags, kind, mask, data, session, arrival)
       VALUES ('room-a', 9, 1, 1, 1, 1, 'device', 'mqtt', 0, 'tele', 0, '{}', ?, 2000)`,
    ).run(session);
    const r = verifySession(db, session);
    expect(r.problems.map((p) => [p.kind, p.arrival])).toEqual([
      ['missing', 1211],
      ['inserted', 2000],
    ]);
    expect(r.problems[0]!.message).toBe('missing arrival 1211 (a sealed record was deleted)');
    expect(r.problems[1]!.message).toMatch(/^inserted record at arrival 2000 is not in the chain$/);
  });

  it('finds records appended after a final seal, or without an arrival position, inserted', () => {
    db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival) VALUES (5, '', 'clock', '{}', 0, ?, 2801)`,
    ).run(session);
    expect(verifySession(db, session).summary).toMatch(
      /FAILED: inserted record device event arrival 2801 \(clock, t 1970-01-01T00:00:00\.005Z\) is not in the chain$/,
    );
    db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session) VALUES (5, 'door', 'status', '{}', 0, ?)`,
    ).run(session);
    expect(verifySession(db, session).problems[0]!.message).toMatch(/device event arrival null \(status of door/);
  });

  it("finds the session row, the chain's blocks, the seals and the alerts altered", () => {
    const fresh = (): void => {
      db.close();
      dir.remove();
      dir = makeTempDir();
      db = openDatabase(`${dir.path}/h.db`);
      session = writeSession(db, { seconds: 400, seal: 'final' });
    };
    const expectFirst = (kind: string, message: RegExp): void => {
      const r = verifySession(db, session);
      expect(r.status).toBe('failed');
      expect(r.problems[0]).toMatchObject({ kind });
      expect(r.problems[0]!.message).toMatch(message);
    };
    db.prepare('UPDATE sessions SET started = started + 1 WHERE id = ?').run(session);
    expectFirst('session', /session row \(started, site\) was altered/);
    fresh();
    db.prepare('UPDATE session_chain SET digest = zeroblob(32) WHERE session = ? AND block = 1').run(session);
    expectFirst('chain', /chain block 1 .* digest does not follow/);
    fresh();
    db.prepare('DELETE FROM session_chain WHERE session = ? AND block = 2').run(session);
    expectFirst('seal', /chain ends at arrival 2048 but the last seal at 2800/);
    fresh();
    db.prepare("UPDATE alerts SET severity = 'info' WHERE session = ?").run(session);
    expectFirst('alerts', /alerts, alert events or end time were altered/);
    fresh();
    db.prepare('DELETE FROM session_seals WHERE session = ?').run(session);
    expectFirst('seal', /its seals were removed/);
  });

  it('treats a pruned block as pruned: its records may be gone, the chain goes on through its digest', () => {
    db.prepare('DELETE FROM samples WHERE session = ? AND arrival BETWEEN 1025 AND 2048').run(session);
    db.prepare('DELETE FROM device_events WHERE session = ? AND arrival BETWEEN 1025 AND 2048').run(session);
    db.prepare('UPDATE session_chain SET pruned_at = 1 WHERE session = ? AND block = 1').run(session);
    const r = verifySession(db, session);
    expect(r).toMatchObject({ status: 'intact', pruned: { blocks: 1, arrivals: 1024 }, records: 2800 - 1024 });
    expect(r.summary).toMatch(/intact .*; 1 block \(1024 arrivals\) pruned by retention\)$/);
    // What is left of the others is still checked.
    db.prepare("UPDATE samples SET via = 'serial' WHERE session = ? AND arrival = 2101").run(session);
    expect(verifySession(db, session).problems[0]).toMatchObject({ kind: 'altered', arrival: 2101 });
  });

  it('reports a session killed while recording as sealed up to its last seal, the rest not yet sealed', () => {
    const crashed = writeSession(db, { seconds: 200, seal: 'periodic', boot: 2, started: Date.UTC(2026, 10, 3) });
    db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival) VALUES (5, '', 'clock', '{}', 0, ?, 1401)`,
    ).run(crashed);
    const r = verifySession(db, crashed);
    expect(r).toMatchObject({ status: 'sealed', sealedUpto: 1400, final: false, unsealed: 1 });
    expect(r.summary).toMatch(/intact, sealed up to arrival 1400 at .*; 1 record after it not yet sealed/);
    // Sealing it later covers the rest; ending it without a final seal would not verify.
    sealSession(db, crashed);
    expect(verifySession(db, crashed)).toMatchObject({ status: 'sealed', sealedUpto: 1401, unsealed: 0 });
    db.prepare('UPDATE sessions SET ended = 1 WHERE id = ?').run(crashed);
    expect(verifySession(db, crashed).problems[0]!.message).toMatch(/ended .* but its final seal is missing/);
  });

  it('reports older sessions without integrity data as not sealed; a later one without, or a chain without its row, fails', () => {
    db.close();
    db = openDatabase(`${dir.path}/mixed.db`);
    // Recorded before sessions were sealed: records without a chain.
    const old = Number(db.prepare("INSERT INTO sessions (started, sources) VALUES (1, '[]')").run().lastInsertRowid);
    db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival) VALUES (1, '', 'clock', '{}', 0, ?, 1)`,
    ).run(old);
    const rowless = writeSession(db, { seconds: 10, seal: 'final' });
    const stripped = writeSession(db, { seconds: 10, seal: 'final', boot: 2 });
    db.prepare('DELETE FROM sessions WHERE id = ?').run(rowless);
    db.prepare('DELETE FROM session_seals WHERE session = ?').run(stripped);
    db.prepare('DELETE FROM session_chain WHERE session = ?').run(stripped);
    const all = verifyHistory(db);
    expect(all.map((r) => [r.session, r.status])).toEqual([
      [old, 'unsealed'],
      [rowless, 'failed'],
      [stripped, 'failed'],
    ]);
    expect(all[0]!.summary).toMatch(/not sealed \(1 record; recorded before sessions were sealed/);
    expect(all[1]!.summary).toMatch(/session row was deleted/);
    expect(all[2]!.summary).toMatch(/its seals and chain were removed \(the sessions before it are sealed\)/);
  });
});
