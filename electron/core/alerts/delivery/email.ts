/**
 * E-mail delivery over SMTP (nodemailer): one message per alert event, retried with backoff on connection problems
 * and on temporary (4xx) SMTP replies; permanent (5xx) replies and authentication failures are not retried. Never
 * throws.
 */
import nodemailer from 'nodemailer';
import type { Problem } from '../../../common/problem';
import { alertSubject, alertText, type AlertEvent } from './format';
import { abortableSleep, withRetry, type Attempt } from './retry';
import type { DeliveryOptions, DeliveryResult, EmailTarget } from './types';

/** nodemailer's error shape: `code` (ECONNECTION, EAUTH, ...) and the SMTP reply code when there was one. */
interface SmtpError {
  message: string;
  code?: string;
  responseCode?: number;
}

const NOT_RETRIED = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'ETLS']);

function classify(e: SmtpError): Attempt {
  if (e.responseCode !== undefined) {
    return { ok: false, retry: e.responseCode >= 400 && e.responseCode < 500, error: e.message };
  }
  return { ok: false, retry: !NOT_RETRIED.has(e.code ?? ''), error: e.code ? `${e.code}: ${e.message}` : e.message };
}

function tipFor(e: SmtpError | null, cancelled: boolean): string {
  if (cancelled) return 'Delivery was stopped (shutting down).';
  if (e?.code === 'EAUTH') return 'Check the SMTP user name and password.';
  if (e?.responseCode !== undefined && e.responseCode >= 500) return 'The mail server refused it: check the addresses.';
  return 'Check the SMTP host and port, and that this machine can reach the mail server.';
}

/** Sends one alert event as an e-mail. */
export async function sendAlertEmail(
  target: EmailTarget,
  event: AlertEvent,
  opts: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const name = target.name ?? target.to.join(', ');
  const timeout = target.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: target.secure ?? false,
    requireTLS: target.requireTls ?? false,
    auth: target.user !== undefined ? { user: target.user, pass: target.pass ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  let lastError: SmtpError | null = null;
  // Shutting down: drop the connection so an exchange with a server that stopped answering ends now.
  const abandon = (): void => transport.close();
  opts.signal?.addEventListener('abort', abandon, { once: true });
  const attempt = async (): Promise<Attempt> => {
    try {
      await transport.sendMail({
        from: target.from,
        to: [...target.to],
        subject: alertSubject(event, opts.site),
        text: alertText(event, opts.site),
        headers: { 'X-Twinscope-Alert': event.alert.id, 'X-Twinscope-Change': event.change },
      });
      return { ok: true };
    } catch (e) {
      lastError = e as SmtpError;
      return classify(lastError);
    }
  };
  try {
    const out = await withRetry(target, attempt, opts.sleep ?? abortableSleep, opts.signal);
    if (out.ok) return { ok: true, target: name, attempts: out.attempts };
    const times = out.attempts === 1 ? '1 attempt' : `${out.attempts} attempts`;
    const problem: Problem = {
      severity: 'warn',
      message: `E-mail to ${name}: ${out.error} after ${times}`,
      tip: tipFor(lastError, out.cancelled),
      origin: `alerts:email:${name}`,
    };
    return { ok: false, target: name, attempts: out.attempts, problem };
  } finally {
    opts.signal?.removeEventListener('abort', abandon);
    transport.close();
  }
}
