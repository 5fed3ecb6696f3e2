/**
 * Fans alert events out to the configured targets. `deliverAlert` sends one event everywhere it is wanted and
 * resolves with one result per target; `createAlertDispatcher` does that in the background, one event at a time,
 * from a bounded queue, so the hub never waits for the network. Neither throws.
 */
import type { AlertSeverity } from '../../../common/site';
import type { TwinEvent } from '../../../common/twin';
import { sendAlertEmail } from './email';
import type { AlertEvent } from './format';
import type { DeliveryOptions, DeliveryResult, DeliveryTarget } from './types';
import { postWebhook, safeUrl } from './webhook';

const SEVERITY_ORDER: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const DEFAULT_CHANGES = ['raised', 'repeated'] as const;

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
  /** Queues the alert events among `events`. */
  push(events: readonly TwinEvent[]): void;
  /** Resolves when the queue is empty and nothing is in flight. */
  idle(): Promise<void>;
}

/** A background sender with a bounded queue: overflow drops the oldest event and reports it. */
export function createAlertDispatcher(
  targets: readonly DeliveryTarget[],
  opts: DeliveryOptions & { maxQueue?: number; onResult?: (r: DeliveryResult, e: AlertEvent) => void } = {},
): AlertDispatcher {
  const max = opts.maxQueue ?? 100;
  const queue: AlertEvent[] = [];
  let running: Promise<void> | null = null;

  const loop = async (): Promise<void> => {
    while (queue.length > 0) {
      const e = queue.shift()!;
      for (const r of await deliverAlert(targets, e, opts)) opts.onResult?.(r, e);
    }
  };
  const kick = (): void => {
    if (running || queue.length === 0) return;
    // A throwing onResult is the caller's bug; it must not stop later notifications.
    running = loop()
      .catch(() => undefined)
      .then(() => {
        running = null;
        kick();
      });
  };

  return {
    push(events) {
      for (const e of events) {
        if (e.kind !== 'alert' || !targets.some((t) => wants(t, e))) continue;
        queue.push(e);
        kick();
        if (queue.length > max) {
          const dropped = queue.shift()!;
          const message = `Alert notifications are backing up: ${dropped.alert.id} (${dropped.change}) was not sent`;
          const problem = {
            severity: 'warn' as const,
            message,
            tip: 'Check the delivery targets; they are slow or down.',
          };
          opts.onResult?.({ ok: false, target: 'queue', attempts: 0, problem }, dropped);
        }
      }
    },
    async idle() {
      while (running) await running;
    },
  };
}
