/**
 * Exports one session of a history into a new .twinrec file. An unsealed session is sealed first (final when it
 * ended); when the history cannot be written now (read-only, or a `record` holds it), what is sealed is exported and
 * the result says so. The source's chain is verified first and the file's after, so a tampered session is never
 * exported as if it were intact. The file appears only when complete (written beside it, then renamed).
 */
import Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SessionIntegrity } from '../../../common/integrity';
import { ChainReader } from '../integrity/ChainReader';
import { sealSession } from '../integrity/sealSession';
import { verifySession } from '../integrity/verifySession';
import { APPLICATION_ID, HistoryFileError, openDatabase } from '../openDatabase';
import { migrate } from '../schema';
import { copySession, countRecords } from './copySession';
import { TWINREC_FORMAT, writeHeader } from './format';

export interface ExportOptions {
  /** Who writes it, for the header ("twinscope 0.1.0"). */
  twinscope: string;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  now?: number;
}

export interface TwinrecExport {
  session: number;
  records: number;
  uptoArrival: number;
  complete: boolean;
  /** Why only the sealed part was exported (records after it left out), when that was so. */
  partial?: { reason: string; leftOut: number };
  integrity: SessionIntegrity;
}

/** The session cannot be exported as it is (no such session, never sealable, tampered). */
export class ExportRefusedError extends Error {}

interface SealState {
  upto: number;
  final: boolean;
}

function sealState(db: Database.Database, session: number): SealState | undefined {
  const r = db
    .prepare('SELECT upto_arrival, final FROM session_seals WHERE session = ? ORDER BY id DESC LIMIT 1')
    .get(session) as { upto_arrival: number; final: number } | undefined;
  return r && { upto: r.upto_arrival, final: r.final === 1 };
}

/** Seals the session in its history if that is needed and can be done now; returns why not, when it cannot. */
function sealIfNeeded(file: string, session: number, now: number | undefined): string | undefined {
  const db = openDatabase(file, { readonly: true });
  let needed: { final: boolean } | undefined;
  try {
    const row = db.prepare('SELECT ended FROM sessions WHERE id = ?').get(session) as
      { ended: number | null } | undefined;
    if (!row) throw new ExportRefusedError(`${file}: there is no session ${session} (see twinscope sessions)`);
    const unpositioned = db.prepare('SELECT 1 FROM samples WHERE session = ? AND arrival IS NULL LIMIT 1').get(session);
    if (unpositioned)
      throw new ExportRefusedError(
        `session ${session} was recorded before Twinscope kept arrival positions, so it has no hash chain to ` +
          'export with; export it as csv or ndjson',
      );
    const seal = sealState(db, session);
    const upto = new ChainReader(db).maxArrival(session);
    const final = row.ended !== null;
    if (!seal || seal.upto < upto || (final && !seal.final)) needed = { final };
  } finally {
    db.close();
  }
  if (!needed) return undefined;
  let writable: Database.Database;
  try {
    writable = openDatabase(file);
  } catch (e) {
    return (e as Error).message;
  }
  try {
    sealSession(writable, session, { final: needed.final, ...(now !== undefined ? { now } : {}) });
    return undefined;
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_READONLY')) return `${file} is read-only`;
    throw new ExportRefusedError(`session ${session} cannot be sealed: ${(e as Error).message}`);
  } finally {
    writable.close();
  }
}

export async function exportTwinrec(
  file: string,
  session: number,
  out: string,
  options: ExportOptions,
): Promise<TwinrecExport> {
  const unsealable = sealIfNeeded(file, session, options.now);
  const source = openDatabase(file, { readonly: true });
  const partialFile = `${out}.partial`;
  let target: Database.Database | undefined;
  try {
    const seal = sealState(source, session);
    if (!seal)
      throw new ExportRefusedError(
        `session ${session} has no seal yet and cannot be sealed now (${unsealable ?? 'no records'}); nothing exported`,
      );
    const before = verifySession(source, session);
    if (before.status === 'failed')
      throw new ExportRefusedError(
        `${file}: ${before.summary}; nothing exported (twinscope verify lists every problem)`,
      );
    const all = countRecords(source, session);
    const complete = seal.final;
    const upto = seal.upto;
    const total = complete ? all : countRecords(source, session, upto);

    rmSync(partialFile, { force: true });
    try {
      target = new Database(partialFile);
    } catch (e) {
      throw new HistoryFileError(`--out ${out}: cannot be created (${(e as Error).message})`);
    }
    target.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(target);
    target.exec('BEGIN');
    await copySession(source, target, {
      session,
      into: session,
      sampleIdOffset: 0n,
      keepRowIds: true,
      ...(complete ? {} : { uptoArrival: upto }),
      ...(options.onProgress ? { onProgress: (done: number) => options.onProgress!(done, total) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    writeHeader(target, {
      format: TWINREC_FORMAT,
      exportedAt: options.now ?? Date.now(),
      sourceDb: resolve(file),
      sourceSession: session,
      session,
      twinscope: options.twinscope,
      uptoArrival: upto,
      complete,
    });
    target.exec('COMMIT');
    const integrity = verifySession(target, session);
    if (integrity.status === 'failed') throw new Error(`the exported file does not verify: ${integrity.summary}`);
    target.close();
    renameSync(partialFile, out);
    return {
      session,
      records: total,
      uptoArrival: upto,
      complete,
      ...(all > total ? { partial: { reason: unsealable ?? 'it is not sealed yet', leftOut: all - total } } : {}),
      integrity,
    };
  } catch (e) {
    if (target?.open) target.close();
    rmSync(partialFile, { force: true });
    throw e;
  } finally {
    source.close();
  }
}
