/** Opens (creating if needed) a history database with the settings every Twinscope process relies on. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, SCHEMA_VERSION } from './schema';

export interface OpenOptions {
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  if (!options.readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (e) {
    throw new Error(`cannot open database ${file}: ${(e as Error).message}`, { cause: e });
  }
  // WAL: readers (export, UI queries) never block the writer. NORMAL: a commit survives a crash of this process;
  // only an OS crash or power loss can lose the last transactions.
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } else {
    db.pragma('busy_timeout = 5000');
    if ((db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION) {
      // Made by an older Twinscope: bring its schema up to date once, then read it as asked.
      db.close();
      openDatabase(file).close();
      return openDatabase(file, options);
    }
  }
  return db;
}
