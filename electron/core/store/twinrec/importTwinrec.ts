/**
 * Imports the session of a .twinrec into a history. The file's chain is verified first (a tampered file is refused,
 * naming the record); a session the history already holds (same start, same chain head) is refused, and so is one
 * whose samples the history holds under another session; nothing is ever overwritten. The session keeps its id
 * when that is free, else gets the next one; sample ids move after the history's own. Canonical bytes do not
 * depend on ids, so the chain stays valid in the target, which is verified once the import is committed. One
 * transaction: an import is all there, or not at all.
 */
import type Database from 'better-sqlite3';
import type { SessionIntegrity } from '../../../common/integrity';
import { verifySession, verifySessionInSteps } from '../integrity/verifySession';
import { HistoryFileError, openDatabase } from '../openDatabase';
import { copySession, countRecords } from './copySession';
import { readHeader, TWINREC_FORMAT, type TwinrecHeader } from './format';

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface TwinrecImport {
  header: TwinrecHeader;
  /** The session's id in the target history. */
  session: number;
  records: number;
  integrity: SessionIntegrity;
}

/** Why a file is refused, for callers that branch on it (the app's messages); the message says it to people. */
export type ImportRefusal = 'not-twinrec' | 'newer-format' | 'damaged' | 'tampered' | 'already-imported' | 'overlaps';

/** The file cannot be imported (not a .twinrec, tampered, already there, overlapping): nothing was written. */
export class ImportRefusedError extends Error {
  constructor(
    readonly code: ImportRefusal,
    message: string,
  ) {
    super(message);
  }
}

export interface Checked {
  header: TwinrecHeader;
  started: number;
  head: Buffer;
  records: number;
}

/** What the file says it is: its header and session, before its chain is checked. */
function checkShape(rec: Database.Database, file: string): { header: TwinrecHeader; started: number } {
  const header = readHeader(rec);
  if (!header)
    throw new ImportRefusedError(
      'not-twinrec',
      `${file} is a Twinscope history, not a .twinrec recording (make one with twinscope export --format twinrec)`,
    );
  if (header.format > TWINREC_FORMAT)
    throw new ImportRefusedError(
      'newer-format',
      `${file} is a .twinrec of format ${header.format}, newer than this Twinscope reads (${TWINREC_FORMAT}); update Twinscope`,
    );
  const ids = rec.prepare('SELECT id FROM sessions').pluck().all() as number[];
  const row = rec.prepare('SELECT started FROM sessions WHERE id = ?').get(header.session) as
    { started: number } | undefined;
  if (ids.length !== 1 || !row)
    throw new ImportRefusedError('damaged', `${file} is damaged: it should hold session ${header.session} alone`);
  return { header, started: row.started };
}

/** What the file holds, once it is known to be a .twinrec whose chain holds. */
function checked(
  rec: Database.Database,
  file: string,
  shape: ReturnType<typeof checkShape>,
  integrity: SessionIntegrity,
): Checked {
  if (integrity.status === 'failed' || integrity.status === 'unsealed' || integrity.head === null)
    throw new ImportRefusedError('tampered', `${file} does not verify, nothing imported: ${integrity.summary}`);
  return {
    ...shape,
    head: Buffer.from(integrity.head, 'hex'),
    records: countRecords(rec, shape.header.session),
  };
}

function checkFile(rec: Database.Database, file: string): Checked {
  const shape = checkShape(rec, file);
  return checked(rec, file, shape, verifySession(rec, shape.header.session));
}

/** checkFile, verifying the chain a block at a time (the event loop gets a turn between blocks). */
export async function checkFileInSteps(rec: Database.Database, file: string): Promise<Checked> {
  const shape = checkShape(rec, file);
  return checked(rec, file, shape, await verifySessionInSteps(rec, shape.header.session));
}

/** Opens a file to import from: one that is not a Twinscope SQLite file at all is refused as not a .twinrec. */
export function openTwinrec(file: string): Database.Database {
  try {
    return openDatabase(file, { readonly: true });
  } catch (e) {
    const message = (e as Error).message;
    if (/malformed/.test(message)) throw new ImportRefusedError('damaged', message);
    if (!(e instanceof HistoryFileError) && !/not a database/.test(message)) throw e;
    throw new ImportRefusedError('not-twinrec', message);
  }
}

/** Where the session goes in the target: its own id when free, else the next one; sample ids after the target's. */
export function placeSession(
  db: Database.Database,
  rec: Database.Database,
  c: Checked,
): { into: number; offset: bigint } {
  const wanted = c.header.session;
  const taken = db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(wanted) !== undefined;
  const into = taken ? (db.prepare('SELECT max(id) FROM sessions').pluck().get() as number) + 1 : wanted;
  const maxId = BigInt(db.prepare('SELECT coalesce(max(id), 0) FROM samples').pluck().get() as number);
  const minId = BigInt(
    (rec.prepare('SELECT min(id) FROM samples WHERE session = ?').pluck().get(wanted) as number | null) ?? 1,
  );
  return { into, offset: maxId + 1n - minId };
}

/** Refuses a recording the target holds already. */
export function refuseIfPresent(db: Database.Database, c: Checked, file: string, target: string): void {
  const present = alreadyThere(db, c);
  if (present !== undefined)
    throw new ImportRefusedError(
      'already-imported',
      `${file} is already imported as session ${present} of ${target}; nothing imported`,
    );
}

/** The target's session that is this recording already: same start, same chain head. */
function alreadyThere(db: Database.Database, c: Checked): number | undefined {
  const candidates = db.prepare('SELECT id FROM sessions WHERE started = ?').pluck().all(c.started) as number[];
  const head = db.prepare('SELECT head FROM session_seals WHERE session = ? ORDER BY id DESC LIMIT 1').pluck();
  return candidates.find((id) => (head.get(id) as Buffer | undefined)?.equals(c.head));
}

export function overlapError(
  db: Database.Database,
  rec: Database.Database,
  c: Checked,
  target: string,
): ImportRefusedError {
  // Which sample collided: the first of the file's the target holds.
  const held = db.prepare('SELECT session FROM samples WHERE dev = ? AND boot = ? AND seq = ?').pluck();
  for (const s of rec
    .prepare('SELECT dev, boot, seq FROM samples WHERE session = ? ORDER BY id')
    .iterate(c.header.session) as IterableIterator<{ dev: string; boot: number; seq: number }>) {
    const there = held.get(s.dev, s.boot, s.seq) as number | null | undefined;
    if (there !== undefined)
      return new ImportRefusedError(
        'overlaps',
        `${target} already holds sample (dev ${s.dev}, boot ${s.boot}, seq ${s.seq}) of this recording, in session ` +
          `${there ?? '(none)'}: the recording overlaps one held there; nothing imported`,
      );
  }
  return new ImportRefusedError('overlaps', `${target} already holds samples of this recording; nothing imported`);
}

export async function importTwinrec(file: string, target: string, options: ImportOptions = {}): Promise<TwinrecImport> {
  const rec = openDatabase(file, { readonly: true });
  try {
    const checked = checkFile(rec, file);
    const db = openDatabase(target);
    try {
      refuseIfPresent(db, checked, file, target);
      const { into, offset } = placeSession(db, rec, checked);
      db.exec('BEGIN IMMEDIATE');
      try {
        await copySession(rec, db, {
          session: checked.header.session,
          into,
          sampleIdOffset: offset,
          keepRowIds: false,
          ...(options.onProgress ? { onProgress: (done: number) => options.onProgress!(done, checked.records) } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        db.exec('COMMIT');
      } catch (e) {
        db.exec('ROLLBACK');
        if (isUniqueViolation(e)) throw overlapError(db, rec, checked, target);
        throw e;
      }
      const integrity = verifySession(db, into);
      return { header: checked.header, session: into, records: checked.records, integrity };
    } finally {
      db.close();
    }
  } finally {
    rec.close();
  }
}

export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
