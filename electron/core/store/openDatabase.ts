/**
 * Opens a history database with the settings every Twinscope process relies on. For writing, it takes the database's
 * writer lock, creates or upgrades the schema, and refuses a file that is some other application's. For reading, it
 * opens read-only and changes nothing at all (no schema, no WAL switch, no user_version), so a file on read-only
 * media, or another program's file given by mistake, is left byte for byte as it was. Every error names the file.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate, SCHEMA_VERSION } from './schema';
import { acquireWriterLock } from './writerLock';

export interface OpenOptions {
  readonly?: boolean;
}

// better-sqlite3 reads this when its addon loads (on the first open): URI file names let a read-only history on
// read-only media be opened `immutable` (see openReadOnly). No Twinscope file name starts with "file:".
process.env.SQLITE_USE_URI ??= '1';

/** PRAGMA application_id of a Twinscope history ("TwSc"), so a history is recognised even when empty. */
export const APPLICATION_ID = 0x54775363;

/** Tables every Twinscope history has had since schema 1. */
const OWN_TABLES = ['samples', 'sessions', 'devices', 'rejects'];

/** A file that cannot be used as a history, with a message that names it and says why. */
export class HistoryFileError extends Error {}

/** An SQLite file that is some other application's. */
export class NotAHistoryError extends HistoryFileError {}

/** What an SQLite error means for `file`, in words that name it. */
export function describeDatabaseError(file: string, e: unknown): Error {
  const message = (e as Error).message;
  const code = (e as { code?: string }).code ?? '';
  let why = message;
  if (code === 'SQLITE_NOTADB' || /file is not a database/.test(message)) why = 'file is not a database (not SQLite)';
  else if (code.startsWith('SQLITE_BUSY') || /database is locked/.test(message))
    why = 'database is locked by another program (it held the lock for over 5 s)';
  else if (code.startsWith('SQLITE_READONLY') || /readonly database/.test(message))
    why = 'readonly database: the file or its folder cannot be written (give another --db to record)';
  else if (code.startsWith('SQLITE_CANTOPEN')) why = 'cannot open it (no such file, or no permission)';
  else if (code === 'SQLITE_CORRUPT') why = 'the file is damaged (database disk image is malformed)';
  return new Error(`${file}: ${why}`, { cause: e });
}

/** Whether an open database is a Twinscope history, an empty file, or someone else's. */
function identify(db: Database.Database): 'history' | 'empty' | 'foreign' {
  if ((db.pragma('application_id', { simple: true }) as number) === APPLICATION_ID) return 'history';
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  // No tables: a new file, or one whose schema is all in its version number (kept for the version check).
  if (tables.length === 0) return (db.pragma('user_version', { simple: true }) as number) === 0 ? 'empty' : 'history';
  return OWN_TABLES.every((t) => tables.includes(t)) ? 'history' : 'foreign';
}

function notAHistory(file: string, db: Database.Database): NotAHistoryError {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
  return new NotAHistoryError(
    `${file} is not a Twinscope history (an SQLite file of another application, with tables ${shown}); ` +
      'it was left as it is: give another --db',
  );
}

/**
 * A WAL database needs its -shm beside it even to be read; in a folder nobody may write to (archived, read-only
 * media, a service user's) it cannot be created, and no writer can be at work there either: read it as immutable.
 */
function openFile(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('user_version'); // the first read is where a missing -shm shows
    return db;
  } catch (e) {
    db?.close();
    const code = (e as { code?: string }).code ?? '';
    if (!/^SQLITE_(READONLY|CANTOPEN)/.test(code) || file === ':memory:') throw e;
    return new Database(`${pathToFileURL(resolve(file)).href}?immutable=1`, { readonly: true, fileMustExist: true });
  }
}

/**
 * A history of an older schema, read without changing it: an in-memory copy brought up to date (memory as large as
 * the file; the file itself is upgraded only when Twinscope next records into it).
 */
function upgradedCopy(db: Database.Database): Database.Database {
  const image = db.serialize();
  // Bytes 18 and 19 say WAL; an in-memory database cannot be WAL, and everything committed is in the image.
  image[18] = 1;
  image[19] = 1;
  const copy = new Database(image);
  migrate(copy);
  return copy;
}

function openReadOnly(file: string): Database.Database {
  if (file !== ':memory:' && !existsSync(file))
    throw new HistoryFileError(`cannot open database ${file}: no such file`);
  let db: Database.Database | undefined;
  try {
    db = openFile(file);
    db.pragma('busy_timeout = 5000');
    const kind = identify(db);
    if (kind !== 'history') throw notAHistory(file, db);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new HistoryFileError(
        `${file} has schema version ${version}, newer than this Twinscope understands (${SCHEMA_VERSION}); update Twinscope`,
      );
    }
    if (version < SCHEMA_VERSION) {
      const copy = upgradedCopy(db);
      db.close();
      return copy;
    }
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof HistoryFileError) throw e;
    throw describeDatabaseError(file, e);
  }
}

function openForWriting(file: string): Database.Database {
  const onDisk = file !== ':memory:' && !file.startsWith('file:');
  if (onDisk) {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new HistoryFileError(`cannot create the folder of ${file}: ${code}`, { cause: e });
    }
    if (existsSync(file) && statSync(file).isDirectory())
      throw new HistoryFileError(`${file} is a folder, not a database file`);
  }
  let release: () => void = () => undefined;
  try {
    if (onDisk) release = acquireWriterLock(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new HistoryFileError(
        `${file}: readonly database: its folder cannot be written (${code}), so it cannot be recorded into; ` +
          'give another --db (reading it works)',
        { cause: e },
      );
    }
    throw e;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
    const kind = identify(db);
    if (kind === 'foreign') throw notAHistory(file, db);
    // Set before the first table or never: pages freed by retention are given back to the file system a bounded
    // number at a time (PRAGMA incremental_vacuum) instead of only being reused.
    if (kind === 'empty') db.pragma('auto_vacuum = INCREMENTAL');
    // WAL: readers (export, UI queries) never block the writer. NORMAL: a commit survives a crash of this process;
    // only an OS crash or power loss can lose the last transactions.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID)
      db.pragma(`application_id = ${APPLICATION_ID}`);
  } catch (e) {
    db?.close();
    release();
    if (e instanceof HistoryFileError) throw e;
    throw describeDatabaseError(file, e);
  }
  // The lock lives as long as the connection.
  const close = db.close.bind(db);
  db.close = () => {
    close();
    release();
    return db;
  };
  return db;
}

/** Opens `file` for reading (never changing it) or as its one writer. */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  return options.readonly ? openReadOnly(file) : openForWriting(file);
}
