/**
 * Writes text lines to a stream in chunks of about 64 KiB, honouring back-pressure and reporting progress, so
 * exporting millions of rows neither fills memory nor looks hung; a stop request is honoured even while waiting for a
 * reader that stopped reading.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const CHUNK_CHARS = 64 * 1024;

export interface ExportProgress {
  done: number;
  total: number;
}

/** Resolves with how many lines were handed to `out` (fewer when `signal` stopped it). `head` is not counted. */
export async function writeChunked(
  lines: Iterable<string>,
  out: Writable,
  total: number,
  onProgress?: (p: ExportProgress) => void,
  progressEveryMs = 1000,
  signal?: AbortSignal,
  head = '',
): Promise<number> {
  let chunk = head;
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
  for (const line of lines) {
    chunk += line;
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
