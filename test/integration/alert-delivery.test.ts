/**
 * Alert delivery against real servers on 127.0.0.1: an SMTP server (smtp-server) and an HTTP receiver (node:http),
 * both on random ports. Nothing leaves the machine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../electron/common/twin';
import { deliverAlert } from '../../electron/core/alerts/delivery/deliver';
import { sendAlertEmail } from '../../electron/core/alerts/delivery/email';
import type { AlertEvent } from '../../electron/core/alerts/delivery/format';
import type { EmailTarget, WebhookTarget } from '../../electron/core/alerts/delivery/types';
import { postWebhook } from '../../electron/core/alerts/delivery/webhook';
import { startReceiver, startSmtp, type Closers } from '../helpers/alertReceivers';

const T = Date.UTC(2026, 0, 5, 9, 30, 0);

function slamEvent(): AlertEvent {
  const alert: Alert = {
    id: 'door-slammed:door#4',
    rule: 'door-slammed',
    subject: 'door',
    severity: 'info',
    status: 'raised',
    raisedAt: T,
    ackedAt: null,
    clearedAt: null,
    foundLateMs: null,
    reason: 'Door A–B slammed at 412 °/s (3 today); check the door closer',
    keys: [{ dev: 'door', boot: 17, seq: 4521 }],
    occurrences: 1,
  };
  return { kind: 'alert', t: T, change: 'raised', alert };
}

const closers: Closers = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!();
});

const mail = (port: number, over: Partial<EmailTarget> = {}): EmailTarget => ({
  kind: 'email',
  host: '127.0.0.1',
  port,
  from: 'twinscope@lab.example',
  to: ['facilities@lab.example'],
  backoffMs: 20,
  timeoutMs: 5000,
  ...over,
});

describe('e-mail over SMTP', () => {
  it('delivers the alert with subject, reason and evidence', async () => {
    const smtp = await startSmtp(closers);
    const r = await sendAlertEmail(mail(smtp.port), slamEvent(), { site: { id: 'lab', name: 'Lab' } });
    expect(r).toEqual({ ok: true, target: 'facilities@lab.example', attempts: 1 });
    expect(smtp.envelopes).toEqual([['facilities@lab.example']]);
    const msg = smtp.messages[0]!;
    expect(msg).toMatch(/^Subject: \[Twinscope\] Door slammed raised: door \(Lab\)/m);
    expect(msg).toMatch(/^X-Twinscope-Alert: door-slammed:door#4/m);
    expect(msg).toContain('door/17/4521');
  });

  it('logs in when the server requires it, and does not retry a wrong password', async () => {
    const smtp = await startSmtp(closers, {
      authOptional: false,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'alerts' && auth.password === 'hunter2') cb(null, { user: 'alerts' });
        else cb(new Error('Invalid username or password'));
      },
    });
    const ok = await sendAlertEmail(mail(smtp.port, { user: 'alerts', pass: 'hunter2' }), slamEvent());
    expect(ok.ok).toBe(true);
    const bad = await sendAlertEmail(mail(smtp.port, { user: 'alerts', pass: 'wrong', retries: 3 }), slamEvent());
    expect(bad).toMatchObject({ ok: false, attempts: 1 });
    expect(bad.ok === false && bad.problem.tip).toMatch(/user name and password/);
    expect(smtp.messages).toHaveLength(1);
  });

  it('retries a temporary refusal (451) and gives up at once on a permanent one (550)', async () => {
    const temp = await startSmtp(closers, {}, (n) => (n === 1 ? 451 : null));
    const r = await sendAlertEmail(mail(temp.port), slamEvent());
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    expect(temp.messages).toHaveLength(1);
    const perm = await startSmtp(closers, {}, () => 550);
    const p = await sendAlertEmail(mail(perm.port, { retries: 3 }), slamEvent());
    expect(p).toMatchObject({ ok: false, attempts: 1 });
    expect(p.ok === false && p.problem.message).toMatch(/^E-mail to facilities@lab.example: .*mailbox unavailable/);
  });

  it('reports a server that is not there as a problem, without throwing', async () => {
    const smtp = await startSmtp(closers);
    const port = smtp.port;
    await closers.pop()!(); // stop it: the port is now closed
    const r = await sendAlertEmail(mail(port, { retries: 1 }), slamEvent());
    expect(r).toMatchObject({ ok: false, attempts: 2 });
    expect(r.ok === false && r.problem.message).toMatch(/ECONNREFUSED|ECONNECTION/);
  });
});

describe('webhook over HTTP', () => {
  it('posts the alert as JSON with the configured headers', async () => {
    const rx = await startReceiver(closers, (_n, res) => res.writeHead(204).end());
    const target: WebhookTarget = { kind: 'webhook', url: rx.url, headers: { authorization: 'Bearer t0k' } };
    const r = await postWebhook(target, slamEvent());
    expect(r).toMatchObject({ ok: true, attempts: 1 });
    expect(r.target).not.toContain('token');
    expect(rx.bodies[0]).toMatchObject({ source: 'twinscope', change: 'raised', alert: { id: 'door-slammed:door#4' } });
    expect(rx.headers[0]!['content-type']).toBe('application/json');
    expect(rx.headers[0]!.authorization).toBe('Bearer t0k');
  });

  it('retries a 503 and then succeeds', async () => {
    const rx = await startReceiver(closers, (n, res) => res.writeHead(n === 1 ? 503 : 200).end());
    const r = await postWebhook({ kind: 'webhook', url: rx.url, backoffMs: 20 }, slamEvent());
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    expect(rx.bodies).toHaveLength(2);
  });

  it('times out a receiver that never answers, retries, then reports it', async () => {
    const rx = await startReceiver(closers, () => undefined); // holds every request open
    const started = Date.now();
    const target: WebhookTarget = { kind: 'webhook', url: rx.url, timeoutMs: 200, retries: 1, backoffMs: 20 };
    const r = await postWebhook(target, slamEvent());
    expect(r).toMatchObject({ ok: false, attempts: 2 });
    expect(r.ok === false && r.problem.message).toMatch(/no answer within 200 ms after 2 attempts/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports a closed port as a problem', async () => {
    const rx = await startReceiver(closers, (_n, res) => res.end());
    const url = rx.url;
    await closers.pop()!();
    const r = await postWebhook({ kind: 'webhook', url, retries: 1, backoffMs: 10 }, slamEvent());
    expect(r.ok === false && r.problem.message).toMatch(/ECONNREFUSED after 2 attempts/);
  });
});

describe('fan-out', () => {
  it('delivers one event to e-mail and webhook together', async () => {
    const smtp = await startSmtp(closers);
    const rx = await startReceiver(closers, (_n, res) => res.end('ok'));
    const results = await deliverAlert([mail(smtp.port), { kind: 'webhook', url: rx.url }], slamEvent());
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(smtp.messages).toHaveLength(1);
    expect(rx.bodies).toHaveLength(1);
  });
});
