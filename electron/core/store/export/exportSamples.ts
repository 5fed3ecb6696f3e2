/**
 * Streams samples of a time range, in event-time order, to a writable stream. Honours back-pressure and reports
 * progress, so exporting millions of rows neither fills memory nor looks hung; a stop request is honoured even while
 * waiting for a reader that stopped reading.
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

/** Writes the samples; resolves with how many were handed to `out` (fewer when `signal` stopped it). */
export async function exportSamples(
  reader: HistoryReader,
  range: TimeRange,
  format: ExportFormat,
  out: Writable,
  onProgress?: (p: ExportProgress) => void,
  progressEveryMs = 1000,
  signal?: AbortSignal,
): Promise<number> {
  const total = reader.count(range);
  const row = format === 'csv' ? csvRow : ndjsonLine;
  let chunk = format === 'csv' ? CSV_HEADER : '';
  let inChunk = 0;
  let written = 0;
  let lastReport = Date.now();
  // False when stopped; a stream failing without a stop request is an error.
  const flush = async (): Promise<boolean> => {
    if (signal?.aborted) return false;
    const ok = out.write(chunk);
    written += inChunk;
    chunk = '';
    inChunk = 0;
    if (ok) return true;
    try {
      await once(out, 'drain', signal ? { signal } : {});
      return true;
    } catch (e) {
      if (signal?.aborted) return false;
      throw e;
    }
  };
  for (const s of reader.samples(range)) {
    chunk += row(s);
    inChunk++;
    if (chunk.length >= CHUNK_CHARS) {
      if (!(await flush())) return written;
      if (onProgress && Date.now() - lastReport >= progressEveryMs) {
        lastReport = Date.now();
        onProgress({ done: written, total });
      }
    }
  }
  if (chunk.length > 0 && !(await flush())) return written;
  onProgress?.({ done: written, total });
  return written;
}
