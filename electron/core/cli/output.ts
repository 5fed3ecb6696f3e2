/**
 * Standard output and error as a command-line tool needs them: a reader that went away (`| head`, a closed terminal)
 * ends output quietly instead of killing the process with EPIPE, so a recorder keeps recording whoever stops reading.
 */
import type { Writable } from 'node:stream';

/** One standard stream, guarded. */
export interface GuardedStream {
  readonly stream: Writable;
  /** True once the reader went away (or the stream failed): further writes are dropped. */
  readonly closed: boolean;
  /** Writes unless closed; never throws. */
  write(text: string): void;
  /** Resolves when everything written so far has left, the stream closed, or `ms` passed. */
  flushed(ms: number): Promise<void>;
}

/** Guards a standard stream: every error on it (EPIPE, EIO) marks it closed, none is thrown. */
export function guardStream(stream: Writable, onClose?: () => void): GuardedStream {
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    onClose?.();
  };
  stream.on('error', close);
  stream.on('close', close);
  return {
    stream,
    get closed() {
      return closed || stream.destroyed;
    },
    write(text) {
      if (closed || stream.destroyed) return;
      try {
        stream.write(text);
      } catch {
        close();
      }
    },
    flushed(ms) {
      if (closed || stream.destroyed || stream.writableLength === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        timer.unref();
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        stream.write('', done);
        stream.once('error', done);
      });
    },
  };
}
