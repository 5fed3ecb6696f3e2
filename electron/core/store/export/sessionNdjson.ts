/**
 * NDJSON of a session: one JSON object per line, each with a `type`: `telemetry` and `event` lines are the samples
 * as `twinscope export` writes them, `alert` lines an alert's lifecycle change (raised, acknowledged, repeated,
 * cleared) with its rule, subject, severity and reason.
 */
import type Database from 'better-sqlite3';
import type { Writable } from 'node:stream';
import type { TimeRange } from '../HistoryReader';
import { ndjsonLine } from './formats';
import { sessionRecordCount, sessionRecords } from './sessionRecords';
import { writeChunked, type ExportProgress } from './writeChunked';

export async function exportSessionNdjson(
  db: Database.Database,
  session: number,
  range: TimeRange,
  out: Writable,
  onProgress?: (p: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<number> {
  function* lines(): Generator<string> {
    for (const r of sessionRecords(db, session, range)) {
      if (r.kind === 'alert') {
        yield `${JSON.stringify({ type: 'alert', session, ...r.alert })}\n`;
        continue;
      }
      // The sample's own line with the type in front: `{"dev":...}` becomes `{"type":"telemetry","dev":...}`.
      const type = r.sample.evt === undefined ? 'telemetry' : 'event';
      yield `{"type":"${type}",${ndjsonLine(r.sample).slice(1)}`;
    }
  }
  return writeChunked(lines(), out, sessionRecordCount(db, session, range), onProgress, 1000, signal);
}
