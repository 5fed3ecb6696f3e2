/**
 * A read-only hook for benchmarks and diagnostics: `window.twinscopeDebug.onFrame(fn)` is told of every frame right
 * after the store applied it. It cannot change anything.
 */
import type { TwinFrame } from '../../../electron/common/frame';

type FrameListener = (frame: TwinFrame) => void;

declare global {
  interface Window {
    twinscopeDebug?: { onFrame(listener: FrameListener): () => void };
  }
}

const listeners = new Set<FrameListener>();

window.twinscopeDebug = {
  onFrame(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Called by the store after each frame. */
export function frameApplied(frame: TwinFrame): void {
  for (const l of listeners) l(frame);
}
