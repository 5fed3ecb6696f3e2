/**
 * Webhook delivery: HTTP POST of the alert as JSON, a timeout per attempt, retries with backoff on network errors,
 * timeouts, 408, 429 and 5xx (a 4xx other than those will not get better by repeating it). Never throws.
 */
import type { Problem } from '../../../common/problem';
import { webhookPayload, type AlertEvent } from './format';
import { abortableSleep, withRetry, type Attempt } from './retry';
import type { DeliveryOptions, DeliveryResult, WebhookTarget } from './types';

/** The URL without credentials or query (tokens often live there): safe to show in problems. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function problem(name: string, message: string, tip: string): Problem {
  return { severity: 'warn', message: `Webhook ${name}: ${message}`, tip, origin: `alerts:webhook:${name}` };
}

/** Posts one alert event to a webhook. */
export async function postWebhook(
  target: WebhookTarget,
  event: AlertEvent,
  opts: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const name = target.name ?? safeUrl(target.url);
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const p = problem(name, 'the URL is not an http(s) URL', 'Enter a URL such as https://example.com/hook.');
    return { ok: false, target: name, attempts: 0, problem: p };
  }
  const body = JSON.stringify(webhookPayload(event, opts.site));
  const timeoutMs = target.timeoutMs ?? 5000;
  const doFetch = opts.fetch ?? fetch;
  let lastStatus: number | null = null;

  const attempt = async (): Promise<Attempt> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'twinscope', ...target.headers },
        body,
        signal,
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined); // let the connection be reused
      lastStatus = res.status;
      if (res.ok) return { ok: true };
      const retry = res.status >= 500 || res.status === 429 || res.status === 408;
      return {
        ok: false,
        retry,
        error: `HTTP ${res.status}`,
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      };
    } catch (e) {
      lastStatus = null;
      if (opts.signal?.aborted) return { ok: false, retry: false, error: 'cancelled' };
      if (timeout.aborted) return { ok: false, retry: true, error: `no answer within ${timeoutMs} ms` };
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return { ok: false, retry: true, error: cause?.code ?? cause?.message ?? (e as Error).message };
    }
  };

  const out = await withRetry(target, attempt, opts.sleep ?? abortableSleep, opts.signal);
  if (out.ok) return { ok: true, target: name, attempts: out.attempts };
  const refused = lastStatus !== null && lastStatus < 500 && lastStatus !== 429 && lastStatus !== 408;
  const tip = out.cancelled
    ? 'Delivery was stopped (shutting down).'
    : refused
      ? 'The receiver refused the notification: check the URL and any token header.'
      : 'Check that the receiver is running and reachable from this machine.';
  const times = out.attempts === 1 ? '1 attempt' : `${out.attempts} attempts`;
  return {
    ok: false,
    target: name,
    attempts: out.attempts,
    problem: problem(name, `${out.error} after ${times}`, tip),
  };
}
