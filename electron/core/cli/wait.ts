/** Resolves when the signal aborts (Ctrl-C) or after `ms`, whichever comes first. */
export function waitForAbortOrTimeout(signal: AbortSignal, ms?: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = ms === undefined ? undefined : setTimeout(done, ms);
    function done(): void {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
