/** Streams samples of a time range (and session), in event-time order, to a writable stream as NDJSON or CSV. */
import type { Writable } from 'node:stream';
import type { HistoryReader, SampleFilter } from '../HistoryReader';
import { CSV_HEADER, csvRow, ndjsonLine, type ExportFormat } from './formats';
import { writeChunked, type ExportProgress } from './writeChunked';

export type { ExportProgress } from './writeChunked';

/** Writes the samples; resolves with how many were handed to `out` (fewer when `signal` stopped it). */
export async function exportSamples(
  reader: HistoryReader,
  range: SampleFilter,
  format: ExportFormat,
  out: Writable,
  onProgress?: (p: ExportProgress) => void,
  progressEveryMs = 1000,
  signal?: AbortSignal,
): Promise<number> {
  const row = format === 'csv' ? csvRow : ndjsonLine;
  function* lines(): Generator<string> {
    for (const s of reader.samples(range)) yield row(s);
  }
  const head = format === 'csv' ? CSV_HEADER : '';
  return writeChunked(lines(), out, reader.count(range), onProgress, progressEveryMs, signal, head);
}
