import { describe, expect, it } from 'vitest';
import type { Alert, TwinEvent } from '../../../../electron/common/twin';
import {
  createAlertDispatcher,
  deliverAlert,
  targetName,
  wants,
} from '../../../../electron/core/alerts/delivery/deliver';
import {
  alertSubject,
  alertText,
  webhookPayload,
  type AlertEvent,
} from '../../../../electron/core/alerts/delivery/format';
import { backoffDelay, withRetry } from '../../../../electron/core/alerts/delivery/retry';
import type { WebhookTarget } from '../../../../electron/core/alerts/delivery/types';
import { postWebhook, safeUrl } from '../../../../electron/core/alerts/delivery/webhook';

const T = Date.UTC(2026, 0, 5, 9, 30, 0);

export function alertEvent(over: Partial<Alert> = {}, change: AlertEvent['change'] = 'raised'): AlertEvent {
  const alert: Alert = {
    id: 'co2-high:a#1',
    rule: 'co2-high',
    subject: 'a',
    severity: 'warning',
    status: 'raised',
    raisedAt: T,
    ackedAt: null,
    clearedAt: null,
    foundLateMs: null,
    reason: 'Room A: CO2 1034 ppm, threshold 1000 ppm (EN 16798-1 category II)',
    keys: [{ dev: 'room-a', boot: 3, seq: 812 }],
    occurrences: 1,
    ...over,
  };
  return { kind: 'alert', t: T, change, alert };
}

/** A fetch that answers from a script and records what it was asked. */
function scriptedFetch(script: (Response | Error)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const f = (async (url: URL | string, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const next = script.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
  return { f, calls };
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const hook: WebhookTarget = { kind: 'webhook', url: 'http://127.0.0.1:9/hook?token=secret', retries: 3 };

describe('retry', () => {
  it('backs off exponentially up to the cap, or follows the server', () => {
    const p = { backoffMs: 100, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(p, n))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(p, 1, 700)).toBe(700);
    expect(backoffDelay(p, 1, 60_000)).toBe(1000);
  });

  it('stops at a non-retryable failure, and turns a throwing attempt into a retryable failure', async () => {
    const { sleep, waits } = recordingSleep();
    let n = 0;
    const out = await withRetry(
      { retries: 5 },
      async () => {
        n++;
        if (n === 1) throw new Error('boom');
        return { ok: false, retry: false, error: 'no' };
      },
      sleep,
    );
    expect(out).toEqual({ ok: false, attempts: 2, error: 'no', cancelled: false });
    expect(waits).toEqual([500]);
  });

  it('reports cancellation', async () => {
    const ac = new AbortController();
    ac.abort();
    const out = await withRetry({}, async () => ({ ok: true }), recordingSleep().sleep, ac.signal);
    expect(out).toMatchObject({ ok: false, cancelled: true, attempts: 0 });
  });
});

describe('postWebhook', () => {
  it('retries 5xx with backoff and succeeds', async () => {
    const { f, calls } = scriptedFetch([
      new Response('', { status: 503 }),
      new Response('', { status: 500 }),
      new Response('ok'),
    ]);
    const { sleep, waits } = recordingSleep();
    const r = await postWebhook(hook, alertEvent(), { fetch: f, sleep, site: { id: 's', name: 'Site' } });
    expect(r).toEqual({ ok: true, target: 'http://127.0.0.1:9/hook', attempts: 3 });
    expect(waits).toEqual([500, 1000]);
    const body = JSON.parse(String(calls[0]!.init.body)) as Record<string, unknown>;
    expect(body).toMatchObject({ source: 'twinscope', version: 1, change: 'raised', site: { id: 's' } });
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('does not retry a refusal (4xx) and says so', async () => {
    const { f, calls } = scriptedFetch([new Response('', { status: 404 })]);
    const r = await postWebhook(hook, alertEvent(), { fetch: f, sleep: recordingSleep().sleep });
    expect(calls).toHaveLength(1);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.message).toBe('Webhook http://127.0.0.1:9/hook: HTTP 404 after 1 attempt');
      expect(r.problem.tip).toMatch(/refused/);
      expect(r.problem.message).not.toMatch(/secret/);
    }
  });

  it('honours Retry-After on 429', async () => {
    const busy = new Response('', { status: 429, headers: { 'retry-after': '2' } });
    const { f } = scriptedFetch([busy, new Response('ok')]);
    const { sleep, waits } = recordingSleep();
    expect((await postWebhook(hook, alertEvent(), { fetch: f, sleep })).ok).toBe(true);
    expect(waits).toEqual([2000]);
  });

  it('turns network errors into a problem after the retries', async () => {
    const refused = () => new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const { f, calls } = scriptedFetch([refused(), refused(), refused(), refused()]);
    const r = await postWebhook(hook, alertEvent(), { fetch: f, sleep: recordingSleep().sleep });
    expect(calls).toHaveLength(4);
    expect(r.ok === false && r.problem.message).toBe('Webhook http://127.0.0.1:9/hook: ECONNREFUSED after 4 attempts');
  });

  it('refuses a URL that is not http(s) without sending', async () => {
    const { f, calls } = scriptedFetch([]);
    const r = await postWebhook({ ...hook, url: 'ftp://x/y' }, alertEvent(), { fetch: f });
    expect(calls).toHaveLength(0);
    expect(r).toMatchObject({ ok: false, attempts: 0 });
  });

  it('shows URLs without credentials or query', () => {
    expect(safeUrl('https://user:pw@example.com:8443/a/b?token=x#f')).toBe('https://example.com:8443/a/b');
    expect(safeUrl('nonsense')).toBe('(invalid URL)');
  });
});

describe('format', () => {
  it('writes a subject and a body with reason, times and evidence', () => {
    const e = alertEvent({ ackedAt: T + 60_000, occurrences: 3 });
    expect(alertSubject(e, { id: 'x', name: 'Lab' })).toBe('[Twinscope] CO2 high raised: a (Lab)');
    const text = alertText(e);
    expect(text).toContain('Room A: CO2 1034 ppm');
    expect(text).toContain('Raised:   2026-01-05T09:30:00.000Z');
    expect(text).toContain('Acked:    2026-01-05T09:31:00.000Z');
    expect(text).toContain('Repeats:  3');
    expect(text).toContain('Samples:  room-a/3/812');
    expect(webhookPayload(e)).toMatchObject({ title: 'CO2 high', alert: { id: 'co2-high:a#1' }, site: null });
  });
});

describe('targets', () => {
  it('filter by lifecycle change and severity', () => {
    const t: WebhookTarget = { kind: 'webhook', url: 'http://h/' };
    expect(wants(t, alertEvent())).toBe(true);
    expect(wants(t, alertEvent({}, 'cleared'))).toBe(false);
    expect(wants({ ...t, on: ['cleared'] }, alertEvent({}, 'cleared'))).toBe(true);
    expect(wants({ ...t, minSeverity: 'critical' }, alertEvent())).toBe(false);
    expect(wants({ ...t, minSeverity: 'warning' }, alertEvent({ severity: 'critical' }))).toBe(true);
    expect(targetName({ kind: 'email', host: 'h', port: 25, from: 'a@b', to: ['x@y', 'z@y'] })).toBe('x@y, z@y');
  });

  it('deliverAlert sends only to targets that want the event', async () => {
    const { f, calls } = scriptedFetch([new Response('ok')]);
    const targets: WebhookTarget[] = [
      { kind: 'webhook', url: 'http://127.0.0.1:9/all' },
      { kind: 'webhook', url: 'http://127.0.0.1:9/critical', minSeverity: 'critical' },
    ];
    const results = await deliverAlert(targets, alertEvent(), { fetch: f });
    expect(results).toEqual([{ ok: true, target: 'http://127.0.0.1:9/all', attempts: 1 }]);
    expect(calls.map((c) => c.url)).toEqual(['http://127.0.0.1:9/all']);
  });
});

describe('createAlertDispatcher', () => {
  it('sends queued alert events in order and ignores other events', async () => {
    const { f, calls } = scriptedFetch([new Response('ok'), new Response('ok')]);
    const results: string[] = [];
    const d = createAlertDispatcher([{ kind: 'webhook', url: 'http://127.0.0.1:9/h' }], {
      fetch: f,
      onResult: (r, e) => results.push(`${e.alert.id}:${r.ok}`),
    });
    const other: TwinEvent = { kind: 'door', t: T, door: 'door', change: 'opened', keys: [] };
    d.push([other, alertEvent({ id: 'x#1' })]);
    d.push([alertEvent({ id: 'x#2' })]);
    await d.idle();
    expect(results).toEqual(['x#1:true', 'x#2:true']);
    expect(calls).toHaveLength(2);
  });

  it('drops the oldest event when the queue overflows, and reports it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const f = (async () => {
      await gate;
      return new Response('ok');
    }) as unknown as typeof fetch;
    const results: string[] = [];
    const d = createAlertDispatcher([{ kind: 'webhook', url: 'http://127.0.0.1:9/h' }], {
      fetch: f,
      maxQueue: 2,
      onResult: (r, e) => results.push(`${e.alert.id}:${r.ok ? 'sent' : r.problem.message}`),
    });
    d.push([1, 2, 3, 4].map((n) => alertEvent({ id: `x#${n}` })));
    release();
    await d.idle();
    // x#1 went out at once; x#2 fell off the queue of two when x#4 arrived.
    expect(results).toEqual([
      'x#2:Alert notifications to http://127.0.0.1:9/h are backing up: x#2 (raised) was not sent',
      'x#1:sent',
      'x#3:sent',
      'x#4:sent',
    ]);
  });
});

describe('createAlertDispatcher with a dead target', () => {
  it('keeps each target independent, and close() gives up on the dead one after its cap', async () => {
    // The dead receiver never answers; only the abort (shutdown) ends its request.
    const f = ((url: URL, init: RequestInit) =>
      url.pathname === '/dead'
        ? new Promise<Response>((_resolve, reject) =>
            init.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
          )
        : Promise.resolve(new Response('ok'))) as unknown as typeof fetch;
    const sent: number[] = [];
    const t0 = Date.now();
    const d = createAlertDispatcher(
      [
        { kind: 'webhook', url: 'http://127.0.0.1:9/dead', timeoutMs: 60_000 },
        { kind: 'webhook', url: 'http://127.0.0.1:9/live' },
      ],
      { fetch: f, onResult: (r) => r.ok && sent.push(Date.now() - t0) },
    );
    d.push([1, 2, 3].map((n) => alertEvent({ id: `x#${n}` })));
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toHaveLength(3);
    expect(Math.max(...sent)).toBeLessThan(50);
    const c0 = Date.now();
    expect(await d.close(200)).toEqual([{ target: 'http://127.0.0.1:9/dead', unsent: 3 }]);
    expect(Date.now() - c0).toBeLessThan(700);
  });
});
