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
  const late = e.alert.foundLateMs !== null ? ' (found late)' : '';
  return `[Twinscope] ${ALERT_TITLES[e.alert.rule]} ${e.change}${late}: ${e.alert.subject}${where}`;
}

function minutes(ms: number): string {
  return ms >= 5_400_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.max(1, Math.round(ms / 60_000))} min`;
}

/**
 * For an alert found in late data (a device's backlog after an outage, a slow gateway): when it really happened and
 * how late we learnt of it. Empty for a live alert.
 */
export function lateNote(a: AlertEvent['alert']): string {
  if (a.foundLateMs === null) return '';
  const at = new Date(a.raisedAt).toISOString().slice(11, 16);
  return `During the outage, at ${at} UTC (learnt ${minutes(a.foundLateMs)} later, from data that arrived late).`;
}

/** Plain-text body with the reason, the lifecycle times and the evidence. */
export function alertText(e: AlertEvent, site?: SiteRef): string {
  const a = e.alert;
  const late = lateNote(a);
  const lines = [
    `${ALERT_TITLES[a.rule]} (${a.severity}) ${e.change} at ${iso(e.change === 'raised' ? a.raisedAt : e.t)}`,
    '',
    ...(late ? [late, ''] : []),
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
    late: lateNote(e.alert) || null,
    site: site ?? null,
    alert: e.alert,
  };
}
