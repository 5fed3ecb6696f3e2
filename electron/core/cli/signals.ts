/**
 * Ctrl-C and SIGTERM for every command: the first asks the command to stop cleanly (its signal aborts); a second one
 * quits at once, after saying what may be lost; and a command that still has not ended long after the first is
 * ended anyway, so no process outlives a stop request by more than `graceMs`.
 */

/** What the signal handling needs from the process around it. */
export interface SignalOptions {
  controller: AbortController;
  err: (text: string) => void;
  /** What a forced exit would lose, as the command last said. */
  atRisk: () => string | undefined;
  exit: (code: number) => void;
  /** Longest a command may take to stop after the first signal (default 15 s: alert delivery alone may take 10 s). */
  graceMs?: number;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Installs the handlers; returns a function that removes them. */
export function handleStopSignals(o: SignalOptions): () => void {
  let count = 0;
  let watchdog: NodeJS.Timeout | undefined;
  const onSignal = (name: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      o.controller.abort(new Error(`stopped by ${name}`));
      watchdog = setTimeout(() => {
        o.err(`twinscope: still not stopped ${((o.graceMs ?? 15_000) / 1000).toFixed(0)} s after ${name}; quitting`);
        o.exit(1);
      }, o.graceMs ?? 15_000);
      watchdog.unref();
      return;
    }
    const risk = o.atRisk();
    o.err(`twinscope: ${name} again, quitting now${risk ? `; ${risk}` : ''}`);
    o.exit(130);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return () => {
    if (watchdog) clearTimeout(watchdog);
    for (const s of SIGNALS) process.off(s, onSignal);
  };
}
