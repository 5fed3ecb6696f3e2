/** The `--db` flag of the commands that read a history: the same default as `record`, opened read-only. */
import type Database from 'better-sqlite3';
import { defaultDatabase } from '../store/defaultPaths';
import { describeDatabaseError, openDatabase } from '../store/openDatabase';

export const DB_USAGE = `  --db FILE            history database (default: ${defaultDatabase()}, as for record)`;

/** Opens the history read-only (it is never changed) and runs `use` on it; errors name the file. */
export async function readHistory<T>(
  file: string | undefined,
  use: (db: Database.Database, file: string) => T | Promise<T>,
): Promise<T> {
  const path = file ?? defaultDatabase();
  const db = openDatabase(path, { readonly: true });
  try {
    return await use(db, path);
  } catch (e) {
    // SQLite's own errors do not say which file; ours do.
    if ((e as { code?: unknown }).code !== undefined && String((e as { code?: unknown }).code).startsWith('SQLITE'))
      throw describeDatabaseError(path, e);
    throw e;
  } finally {
    db.close();
  }
}
