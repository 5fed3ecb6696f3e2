/**
 * Virtual devices' output as NDJSON on a stream (a file, stdout): exactly the lines a serial link carrying every
 * device would see. The way to look at, diff or replay a scenario's stream.
 */
import type { Writable } from 'node:stream';
import type { SimOutput } from '../output';
import type { Transport } from './Transport';

/** Virtual devices' lines on a stream. */
export class StreamTransport implements Transport {
  private broken = false;
  /** Why writing failed, when it was not just the reader going away (a full disk). */
  failure: string | undefined;

  constructor(
    private readonly out: Writable,
    readonly target: string,
    /** End the stream on close (a file); stdout stays open. */
    private readonly endOnClose: boolean,
  ) {
    // A reader that went away (`| head`) is the end of the line, not a failure.
    out.on('error', (e: NodeJS.ErrnoException) => {
      this.broken = true;
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') this.failure ??= `${target}: ${e.code ?? e.message}`;
    });
  }

  async open(): Promise<void> {}

  send(o: SimOutput): Promise<void> | void {
    if (o.kind !== 'message' || this.broken) return;
    if (!this.out.write(`${o.line}\n`)) return this.drained();
  }

  async flush(): Promise<void> {
    if (this.out.writableNeedDrain && !this.broken) await this.drained();
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.endOnClose || this.broken) return;
    await new Promise<void>((resolve) => this.out.end(() => resolve()));
  }

  /** Resolves when the stream drains or fails (never rejects: a failure only stops further writes). */
  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('error', done);
        resolve();
      };
      this.out.once('drain', done);
      this.out.once('error', done);
    });
  }
}
