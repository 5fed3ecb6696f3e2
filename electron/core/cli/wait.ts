/** Waiting in a command: for Ctrl-C or a duration of any length. */

/** Node timers hold at most 2^31 − 1 ms (~24.8 days); longer waits are made of several. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Resolves when the signal aborts (Ctrl-C) or after `ms`, whichever comes first; any `ms`, even years. */
export function waitForAbortOrTimeout(signal: AbortSignal, ms?: number): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const end = ms === undefined ? undefined : Date.now() + ms;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (end === undefined) return;
      const left = end - Date.now();
      if (left <= 0) return done();
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    function done(): void {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
    arm();
  });
}
