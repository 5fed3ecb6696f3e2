/**
 * Streams samples of a time range, in event-time order, to a writable stream. Honours back-pressure and reports
 * progress, so exporting millions of rows neither fills memory nor looks hung.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { HistoryReader, TimeRange } from '../HistoryReader';
import { CSV_HEADER, csvRow, ndjsonLine, type ExportFormat } from './formats';

const CHUNK_CHARS = 64 * 1024;

export interface ExportProgress {
  done: number;
  total: number;
}

export async function exportSamples(
  reader: HistoryReader,
  range: TimeRange,
  format: ExportFormat,
  out: Writable,
  onProgress?: (p: ExportProgress) => void,
  progressEveryMs = 1000,
): Promise<number> {
  const total = reader.count(range);
  const row = format === 'csv' ? csvRow : ndjsonLine;
  let chunk = format === 'csv' ? CSV_HEADER : '';
  let done = 0;
  let lastReport = Date.now();
  for (const s of reader.samples(range)) {
    chunk += row(s);
    done++;
    if (chunk.length >= CHUNK_CHARS) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
      if (onProgress && Date.now() - lastReport >= progressEveryMs) {
        lastReport = Date.now();
        onProgress({ done, total });
      }
    }
  }
  if (chunk.length > 0 && !out.write(chunk)) await once(out, 'drain');
  onProgress?.({ done, total });
  return done;
}
