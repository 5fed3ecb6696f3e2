/**
 * Imports a .twinrec into the history a live recorder writes, through the recorder's own connection, without holding
 * up its commits: the file is verified a chain block at a time, the records are copied in pages that each commit by
 * themselves with a turn of the event loop between them (the recorder's batches commit there), and the session row is
 * written last, so the sessions list, replay, verify and export only ever see the session whole. An import that
 * fails half-way (an overlap found by the database, an abort, a full disk) removes what it wrote; one whose process
 * died is cleaned up by the next import or recorder (unfinishedImports). The refusals are importTwinrec's.
 */
import type Database from 'better-sqlite3';
import { verifySessionInSteps } from '../integrity/verifySession';
import { deleteSessionRows } from '../SessionsEditor';
import { SummaryDelta } from '../sessionSummary';
import { copySession, copySessionRow } from './copySession';
import {
  checkFileInSteps,
  isUniqueViolation,
  openTwinrec,
  overlapError,
  placeSession,
  refuseIfPresent,
  type ImportOptions,
  type TwinrecImport,
} from './importTwinrec';
import { removeUnfinishedImports } from './unfinishedImports';

/** Rows per transaction: a page commits in a few milliseconds, so a live batch waits no longer than that. */
export const LIVE_PAGE_ROWS = 1000;

export interface LiveImportOptions extends ImportOptions {
  pageRows?: number;
  /** The session's id in the history, once the file is checked and placed. */
  onPlaced?: (session: number) => void;
}

export async function importIntoLive(
  file: string,
  db: Database.Database,
  options: LiveImportOptions = {},
): Promise<TwinrecImport> {
  const rec = openTwinrec(file);
  try {
    const checked = await checkFileInSteps(rec, file);
    options.signal?.throwIfAborted();
    await removeUnfinishedImports(db, checked.header.session);
    refuseIfPresent(db, checked, file, db.name);
    // From here to the first page's commit nothing yields: the sample ids placed are still free when taken.
    const { into, offset } = placeSession(db, rec, checked);
    options.onPlaced?.(into);
    const summary = new SummaryDelta();
    try {
      await copySession(rec, db, {
        summary,
        session: checked.header.session,
        into,
        sampleIdOffset: offset,
        keepRowIds: false,
        live: { pageRows: options.pageRows ?? LIVE_PAGE_ROWS },
        ...(options.onProgress ? { onProgress: (done: number) => options.onProgress!(done, checked.records) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      options.signal?.throwIfAborted();
      db.transaction(() => copySessionRow(rec, db, { session: checked.header.session, into }, summary))();
    } catch (e) {
      await deleteSessionRows(db, into);
      if (isUniqueViolation(e)) throw overlapError(db, rec, checked, db.name);
      throw e;
    }
    const integrity = await verifySessionInSteps(db, into);
    return { header: checked.header, session: into, records: checked.records, integrity };
  } finally {
    rec.close();
  }
}
