/** The attempt loop both transports share: exponential backoff, an optional server-given delay, cancellation. */
import type { RetryPolicy } from './types';

/** What one attempt came to. `retryAfterMs` is the server's own hint (HTTP Retry-After). */
export type Attempt = { ok: true } | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

/** A timer that an abort signal cuts short. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Wait before attempt `n + 1` (n ≥ 1). */
export function backoffDelay(policy: RetryPolicy, n: number, retryAfterMs?: number): number {
  const max = policy.maxBackoffMs ?? 10_000;
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, max);
  return Math.min((policy.backoffMs ?? 500) * 2 ** (n - 1), max);
}

export type RetryOutcome =
  { ok: true; attempts: number } | { ok: false; attempts: number; error: string; cancelled: boolean };

/** Runs `attempt` until it succeeds, says not to retry, runs out of retries, or the signal aborts. Never throws. */
export async function withRetry(
  policy: RetryPolicy,
  attempt: () => Promise<Attempt>,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  signal?: AbortSignal,
): Promise<RetryOutcome> {
  const total = 1 + Math.max(0, policy.retries ?? 3);
  let last = 'not attempted';
  for (let n = 1; n <= total; n++) {
    if (signal?.aborted) return { ok: false, attempts: n - 1, error: 'cancelled', cancelled: true };
    let r: Attempt;
    try {
      r = await attempt();
    } catch (e) {
      r = { ok: false, retry: true, error: (e as Error).message };
    }
    if (r.ok) return { ok: true, attempts: n };
    last = r.error;
    if (!r.retry || n === total) return { ok: false, attempts: n, error: last, cancelled: false };
    await sleep(backoffDelay(policy, n, r.retryAfterMs), signal);
  }
  return { ok: false, attempts: total, error: last, cancelled: false };
}
