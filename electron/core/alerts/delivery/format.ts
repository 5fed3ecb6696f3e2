/** What an alert notification says: e-mail subject and body, and the webhook's JSON payload. */
import { ALERT_TITLES, type TwinEvent } from '../../../common/twin';
import type { SiteRef } from './types';

export type AlertEvent = Extract<TwinEvent, { kind: 'alert' }>;

/** Version of the webhook payload; bumped on incompatible changes. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

function iso(t: number | null): string {
  return t === null ? '-' : new Date(t).toISOString();
}

/** One line: `[Twinscope] CO2 high raised: a (Two rooms and a door)`. */
export function alertSubject(e: AlertEvent, site?: SiteRef): string {
  const where = site ? ` (${site.name})` : '';
  return `[Twinscope] ${ALERT_TITLES[e.alert.rule]} ${e.change}: ${e.alert.subject}${where}`;
}

/** Plain-text body with the reason, the lifecycle times and the evidence. */
export function alertText(e: AlertEvent, site?: SiteRef): string {
  const a = e.alert;
  const lines = [
    `${ALERT_TITLES[a.rule]} (${a.severity}) ${e.change} at ${iso(e.t)}`,
    '',
    a.reason,
    '',
    `Alert:    ${a.id}`,
    `Subject:  ${a.subject}`,
    `Raised:   ${iso(a.raisedAt)}`,
  ];
  if (a.ackedAt !== null) lines.push(`Acked:    ${iso(a.ackedAt)}`);
  if (a.clearedAt !== null) lines.push(`Cleared:  ${iso(a.clearedAt)}`);
  if (a.occurrences > 1) lines.push(`Repeats:  ${a.occurrences}`);
  if (site) lines.push(`Site:     ${site.name} (${site.id})`);
  if (a.keys.length > 0) lines.push(`Samples:  ${a.keys.map((k) => `${k.dev}/${k.boot}/${k.seq}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The webhook body. */
export function webhookPayload(e: AlertEvent, site?: SiteRef): Record<string, unknown> {
  return {
    source: 'twinscope',
    version: WEBHOOK_PAYLOAD_VERSION,
    change: e.change,
    t: e.t,
    time: iso(e.t),
    title: ALERT_TITLES[e.alert.rule],
    site: site ?? null,
    alert: e.alert,
  };
}
