/**
 * How a history file shrinks after retention. A history created by this Twinscope has incremental auto-vacuum
 * (set at creation, the only moment SQLite allows it cheaply): freed pages are returned to the file system a
 * bounded number at a time. An older file (auto-vacuum off) reuses its freed pages, so it stops growing but keeps its
 * size until a full VACUUM rewrites it (which also switches it to incremental; it needs free disk space as large as
 * the file and holds the database meanwhile, so only by hand: `twinscope retention --vacuum`).
 */
import type Database from 'better-sqlite3';

export type VacuumMode = 'incremental' | 'none';

export interface FileSpace {
  /** Pages in use and free, in bytes. */
  bytes: number;
  freeBytes: number;
  mode: VacuumMode;
}

export function fileSpace(db: Database.Database): FileSpace {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const mode = (db.pragma('auto_vacuum', { simple: true }) as number) === 2 ? 'incremental' : 'none';
  return { bytes: pages * pageSize, freeBytes: free * pageSize, mode };
}

/** Returns up to `maxPages` free pages to the file system (all with no limit); nothing without incremental mode. */
export function releaseFreePages(db: Database.Database, maxPages?: number): void {
  if (fileSpace(db).mode !== 'incremental') return;
  db.pragma(maxPages === undefined ? 'incremental_vacuum' : `incremental_vacuum(${Math.max(1, maxPages)})`);
}

/** Rewrites the whole file without its free pages and switches it to incremental auto-vacuum. */
export function vacuumFully(db: Database.Database): void {
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
}
