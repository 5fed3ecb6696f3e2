/**
 * Where alert notifications go and what came of sending them. Delivery never throws into its caller: every failure
 * is a `DeliveryResult` carrying a `Problem` the user can act on.
 */
import type { Problem } from '../../../common/problem';
import type { AlertSeverity } from '../../../common/site';
import type { AlertChange } from '../../../common/twin';

/** Which alert events a target wants. */
export interface DeliveryFilter {
  /** Lifecycle changes to send (default: raised, repeated). */
  on?: readonly AlertChange[];
  /** Lowest severity to send (default: info, i.e. everything). */
  minSeverity?: AlertSeverity;
}

/** Retry with exponential backoff: `backoffMs · 2^(n−1)`, capped, or the server's Retry-After when it gives one. */
export interface RetryPolicy {
  /** Attempts after the first (default 3). */
  retries?: number;
  /** First wait, ms (default 500). */
  backoffMs?: number;
  /** Longest wait, ms (default 10 000). */
  maxBackoffMs?: number;
}

export interface EmailTarget extends DeliveryFilter, RetryPolicy {
  kind: 'email';
  /** Shown in problems; defaults to the recipients. */
  name?: string;
  host: string;
  port: number;
  /** TLS from the first byte (port 465). */
  secure?: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTls?: boolean;
  user?: string;
  pass?: string;
  from: string;
  to: readonly string[];
  /** Connection, greeting and socket timeout, ms (default 10 000). */
  timeoutMs?: number;
}

export interface WebhookTarget extends DeliveryFilter, RetryPolicy {
  kind: 'webhook';
  name?: string;
  url: string;
  headers?: Readonly<Record<string, string>>;
  /** Per attempt, ms (default 5000). */
  timeoutMs?: number;
}

export type DeliveryTarget = EmailTarget | WebhookTarget;

export type DeliveryResult =
  { ok: true; target: string; attempts: number } | { ok: false; target: string; attempts: number; problem: Problem };

/** The site an alert belongs to, for subjects and payloads. */
export interface SiteRef {
  id: string;
  name: string;
}

/** Injectable edges, for tests and shutdown. */
export interface DeliveryOptions {
  site?: SiteRef;
  /** Aborting stops waiting and retrying; the result is a "cancelled" problem. */
  signal?: AbortSignal;
  /** Waits between attempts (default: a timer that the signal cancels). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch?: typeof fetch;
}
