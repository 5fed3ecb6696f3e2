/**
 * A `.twinrec` file: one recorded session, portable. It is an SQLite file with the history schema (so every reader,
 * and `twinscope verify`, opens it as it opens a history) holding that one session with its site and rules, records,
 * snapshots, alerts, hash chain and seals, plus a one-row header saying what it is and where it came from.
 */
import type Database from 'better-sqlite3';

/** Version of the file layout; a file of a newer one is refused by name, never misread. */
export const TWINREC_FORMAT = 1;

export const HEADER_TABLE = 'twinrec_header';

export interface TwinrecHeader {
  format: number;
  exportedAt: number;
  /** The history it was exported from (a path on the exporting machine) and the session's id there. */
  sourceDb: string;
  sourceSession: number;
  /** The session's id in this file. */
  session: number;
  /** The Twinscope that wrote it ("twinscope 0.1.0"). */
  twinscope: string;
  /** Arrivals the file holds (1..uptoArrival); when the source could not be sealed, only what was sealed. */
  uptoArrival: number;
  /** The session's whole recording (ended and finally sealed), or only what was sealed when exported. */
  complete: boolean;
}

export function writeHeader(db: Database.Database, h: TwinrecHeader): void {
  db.exec(`CREATE TABLE ${HEADER_TABLE} (
    format INTEGER NOT NULL, exported_at INTEGER NOT NULL, source_db TEXT NOT NULL, source_session INTEGER NOT NULL,
    session INTEGER NOT NULL, twinscope TEXT NOT NULL, upto_arrival INTEGER NOT NULL, complete INTEGER NOT NULL)`);
  db.prepare(`INSERT INTO ${HEADER_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    h.format,
    h.exportedAt,
    h.sourceDb,
    h.sourceSession,
    h.session,
    h.twinscope,
    h.uptoArrival,
    h.complete ? 1 : 0,
  );
}

/** The header of a .twinrec; undefined when the file is a plain history. */
export function readHeader(db: Database.Database): TwinrecHeader | undefined {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(HEADER_TABLE);
  if (!has) return undefined;
  const r = db.prepare(`SELECT * FROM ${HEADER_TABLE} LIMIT 1`).get() as
    | {
        format: number;
        exported_at: number;
        source_db: string;
        source_session: number;
        session: number;
        twinscope: string;
        upto_arrival: number;
        complete: number;
      }
    | undefined;
  if (!r) return undefined;
  return {
    format: r.format,
    exportedAt: r.exported_at,
    sourceDb: r.source_db,
    sourceSession: r.source_session,
    session: r.session,
    twinscope: r.twinscope,
    uptoArrival: r.upto_arrival,
    complete: r.complete === 1,
  };
}
