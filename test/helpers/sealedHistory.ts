/**
 * A history with one recorded session whose inputs carry arrival positions, as the live recorder writes them: six
 * devices at 1 Hz plus a clock tick a second, sealed when it ends. For the integrity and .twinrec tests and bench.
 */
import type Database from 'better-sqlite3';
import { HistoryWriter } from '../../electron/core/store/HistoryWriter';
import { sealSession } from '../../electron/core/store/integrity/sealSession';
import { openDatabase } from '../../electron/core/store/openDatabase';

export const SESSION_START = Date.UTC(2026, 10, 2, 9);
export const DEVICES = ['room-a', 'room-b', 'door', 'hall', 'lab', 'roof'];

export interface SessionSpec {
  /** Seconds recorded: each second six samples and one clock tick (7 arrivals). */
  seconds: number;
  started?: number;
  /** Seal it for good (ended), seal it part way, or leave it unsealed. */
  seal?: 'final' | 'periodic' | 'none';
  /** Boot number of the devices: a second session of the same devices needs another one. */
  boot?: number;
  /** A device status input (kept by retention, unlike samples and clock ticks) every this many seconds. */
  statusEvery?: number;
}

/** Writes one session into an open history; returns its id. */
export function writeSession(db: Database.Database, spec: SessionSpec): number {
  const started = spec.started ?? SESSION_START;
  const ended = started + spec.seconds * 1000;
  const site = JSON.stringify({ id: 'test-site', name: 'Test site', rules: { co2: { threshold: 1000 } } });
  const session = Number(
    db
      .prepare('INSERT INTO sessions (started, ended, sources, site) VALUES (?, ?, ?, ?)')
      .run(started, spec.seal === 'final' ? ended : null, '["test"]', site).lastInsertRowid,
  );
  const w = new HistoryWriter(db, { maxRows: 5000, session });
  const boot = spec.boot ?? 1;
  for (let s = 0; s < spec.seconds; s++) {
    const t = started + s * 1000;
    for (const [k, dev] of DEVICES.entries()) {
      w.addInput({
        kind: 'sample',
        sample: {
          dev,
          boot,
          seq: s,
          t: t + k,
          up: 1000 + s * 1000,
          tDev: t + k,
          tRecv: t + k + 5,
          timeBasis: 'device',
          via: 'mqtt',
          backfill: false,
          late: false,
          values: { co2: 420 + ((s * 7 + k) % 600), temp: 21.5, rh: 40 + k },
        },
      });
    }
    w.addInput({ kind: 'clock', t: t + 500 });
    if (spec.statusEvery !== undefined && s % spec.statusEvery === 0) {
      w.addInput({ kind: 'status', dev: 'room-a', t: t + 600, online: true });
    }
  }
  w.close();
  db.prepare(
    `INSERT INTO alerts (session, id, rule, subject, severity, status, raised_at, reason, occurrences, keys)
     VALUES (?, 'co2-high:room-a@1', 'co2-high', 'room-a', 'warning', 'cleared', ?, 'CO2 over 1000 ppm', 1, '[]')`,
  ).run(session, started + 1000);
  db.prepare(
    `INSERT INTO alert_events (t, session, alert_id, change) VALUES (?, ?, 'co2-high:room-a@1', 'raised')`,
  ).run(started + 1000, session);
  if (spec.seal === 'final') sealSession(db, session, { final: true, now: ended });
  if (spec.seal === 'periodic') sealSession(db, session, { now: ended });
  return session;
}

/** A new history file holding one session (see writeSession); returns the file. */
export function makeSealedHistory(file: string, spec: SessionSpec): string {
  const db = openDatabase(file);
  try {
    writeSession(db, spec);
  } finally {
    db.close();
  }
  return file;
}
