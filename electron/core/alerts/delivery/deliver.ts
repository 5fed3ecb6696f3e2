/**
 * Fans alert events out to the configured targets. `deliverAlert` sends one event everywhere it is wanted and
 * resolves with one result per target; `createAlertDispatcher` does that in the background, one queue and sender per
 * target, so the hub never waits for the network and no target waits for another. Neither throws.
 */
import type { AlertSeverity } from '../../../common/site';
import type { TwinEvent } from '../../../common/twin';
import { sendAlertEmail } from './email';
import type { AlertEvent } from './format';
import type { DeliveryOptions, DeliveryResult, DeliveryTarget } from './types';
import { postWebhook, safeUrl } from './webhook';

const SEVERITY_ORDER: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const DEFAULT_CHANGES = ['raised', 'repeated'] as const;
/** How long `close` waits for sends it cancelled to notice. */
const CANCEL_GRACE_MS = 300;

/** The name a target shows in results and problems. */
export function targetName(t: DeliveryTarget): string {
  switch (t.kind) {
    case 'email':
      return t.name ?? t.to.join(', ');
    case 'webhook':
      return t.name ?? safeUrl(t.url);
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Whether a target wants this event (its lifecycle change and severity). */
export function wants(t: DeliveryTarget, e: AlertEvent): boolean {
  const changes: readonly string[] = t.on ?? DEFAULT_CHANGES;
  return changes.includes(e.change) && SEVERITY_ORDER[e.alert.severity] >= SEVERITY_ORDER[t.minSeverity ?? 'info'];
}

/** Sends one alert event to every target that wants it, in parallel. */
export async function deliverAlert(
  targets: readonly DeliveryTarget[],
  event: AlertEvent,
  opts: DeliveryOptions = {},
): Promise<DeliveryResult[]> {
  const chosen = targets.filter((t) => wants(t, event));
  return Promise.all(
    chosen.map(async (t): Promise<DeliveryResult> => {
      try {
        return t.kind === 'email' ? await sendAlertEmail(t, event, opts) : await postWebhook(t, event, opts);
      } catch (e) {
        // The transports do not throw; this guards the promise against a bug all the same.
        const message = `${targetName(t)}: ${(e as Error).message}`;
        return { ok: false, target: targetName(t), attempts: 0, problem: { severity: 'error', message } };
      }
    }),
  );
}

export interface AlertDispatcher {
  /** Queues the alert events among `events`, for each target that wants them. */
  push(events: readonly TwinEvent[]): void;
  /** Resolves when every target's queue is empty and nothing is in flight. */
  idle(): Promise<void>;
  /**
   * Shutting down: lets what is queued go out for at most `ms`, then cancels the rest (retries stop, connections
   * close). Resolves with the events each target did not get, once nothing is in flight any more.
   */
  close(ms: number): Promise<{ target: string; unsent: number }[]>;
}

type DispatcherOptions = DeliveryOptions & { maxQueue?: number; onResult?: (r: DeliveryResult, e: AlertEvent) => void };

/** One target's own queue and sender: a dead target delays nothing but itself. */
function lane(target: DeliveryTarget, opts: DispatcherOptions, signal: AbortSignal) {
  const max = opts.maxQueue ?? 100;
  const queue: AlertEvent[] = [];
  let running: Promise<void> | null = null;
  /** Sends cut short by the shutdown. */
  let cancelled = 0;
  const loop = async (): Promise<void> => {
    while (queue.length > 0 && !signal.aborted) {
      const e = queue.shift()!;
      for (const r of await deliverAlert([target], e, { ...opts, signal })) {
        if (!r.ok && signal.aborted) cancelled++;
        opts.onResult?.(r, e);
      }
    }
  };
  const kick = (): void => {
    if (running || queue.length === 0 || signal.aborted) return;
    // A throwing onResult is the caller's bug; it must not stop later notifications.
    running = loop()
      .catch(() => undefined)
      .then(() => {
        running = null;
        kick();
      });
  };
  return {
    name: targetName(target),
    push(e: AlertEvent): void {
      if (!wants(target, e)) return;
      queue.push(e);
      kick();
      if (queue.length > max) {
        const dropped = queue.shift()!;
        const message = `Alert notifications to ${targetName(target)} are backing up: ${dropped.alert.id} (${dropped.change}) was not sent`;
        const problem = { severity: 'warn' as const, message, tip: 'Check the delivery target; it is slow or down.' };
        opts.onResult?.({ ok: false, target: targetName(target), attempts: 0, problem }, dropped);
      }
    },
    async idle(): Promise<void> {
      while (running) await running;
    },
    /** Queued events, the one in flight if any, and those the shutdown cut short. */
    get unsent(): number {
      return queue.length + (running ? 1 : 0) + cancelled;
    },
  };
}

/**
 * A background sender: each target has its own bounded queue (overflow drops the oldest event and reports it) and
 * its own sender, so a target that never answers does not hold back the others.
 */
export function createAlertDispatcher(
  targets: readonly DeliveryTarget[],
  opts: DispatcherOptions = {},
): AlertDispatcher {
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  const lanes = targets.map((t) => lane(t, opts, signal));
  const idle = async (): Promise<void> => {
    await Promise.all(lanes.map((l) => l.idle()));
  };
  return {
    push(events) {
      for (const e of events) if (e.kind === 'alert') for (const l of lanes) l.push(e);
    },
    idle,
    async close(ms) {
      const timer = setTimeout(() => stop.abort(), ms);
      const aborted = new Promise<void>((r) => stop.signal.addEventListener('abort', () => r(), { once: true }));
      await Promise.race([idle(), aborted]);
      clearTimeout(timer);
      stop.abort();
      // A cancelled send reports at once; an SMTP exchange in progress may not notice: never wait long for it.
      await Promise.race([idle(), new Promise((r) => setTimeout(r, CANCEL_GRACE_MS).unref())]);
      return lanes.filter((l) => l.unsent > 0).map((l) => ({ target: l.name, unsent: l.unsent }));
    },
  };
}
