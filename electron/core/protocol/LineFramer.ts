/**
 * Splits a serial byte stream into lines. Bytes arrive in arbitrary chunks (a line may span many, a chunk may hold
 * many lines). A line longer than the protocol allows is discarded whole up to its newline and reported once, so a
 * stuck device or wrong baud rate cannot grow memory.
 */
import { MAX_LINE_BYTES } from '../../common/protocol';

export interface FramerSink {
  line(text: string): void;
  /** An over-long line was dropped; `head` holds its first bytes. */
  overflow(head: string, bytes: number): void;
}

const NEWLINE = 0x0a;
const HEAD_BYTES = 256;

export class LineFramer {
  private parts: Buffer[] = [];
  private size = 0;
  /** Inside an over-long line: drop bytes until the next newline. */
  private discarding = false;
  private discarded = 0;
  private discardedHead = '';

  constructor(private readonly sink: FramerSink) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, start);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk.subarray(start, end));
      if (nl === -1) return;
      this.endLine();
      start = nl + 1;
    }
  }

  /** Drops a partial line (the port closed mid-line): it can never be completed. */
  reset(): void {
    this.parts = [];
    this.size = 0;
    this.discarding = false;
    this.discarded = 0;
  }

  private take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.discarding) {
      this.discarded += bytes.length;
      return;
    }
    // The newline counts toward the limit, so a line may hold MAX_LINE_BYTES - 1 bytes.
    if (this.size + bytes.length > MAX_LINE_BYTES - 1) {
      this.discardedHead = Buffer.concat([...this.parts, bytes])
        .subarray(0, HEAD_BYTES)
        .toString();
      this.discarding = true;
      this.discarded = this.size + bytes.length;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private endLine(): void {
    if (this.discarding) {
      this.sink.overflow(this.discardedHead, this.discarded + 1);
      this.discarding = false;
      this.discarded = 0;
      return;
    }
    const line = this.parts.length === 1 ? this.parts[0]!.toString() : Buffer.concat(this.parts, this.size).toString();
    this.parts = [];
    this.size = 0;
    this.sink.line(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}
