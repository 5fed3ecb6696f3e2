/**
 * Alert delivery flags of `twinscope record`: `--webhook URL`, and `--smtp URL --mail-from ADDR --mail-to ADDR`,
 * turned into delivery targets, with a usage error naming whatever is missing or malformed.
 */
import type { DeliveryTarget } from '../alerts/delivery/types';
import { UsageError } from './command';

export interface DeliveryFlags {
  webhook?: string[];
  smtp?: string;
  'mail-from'?: string;
  'mail-to'?: string[];
}

export const DELIVERY_USAGE = `  --webhook URL        POST each raised alert as JSON to URL (repeatable)
  --smtp URL           e-mail raised alerts through this server: smtp://[user:pass@]host[:port]
                       (STARTTLS when offered) or smtps://... (TLS from the start, port 465)
  --mail-from ADDR, --mail-to ADDR   sender and recipients (--mail-to repeatable)`;

export function deliveryTargets(flags: DeliveryFlags): DeliveryTarget[] {
  const targets: DeliveryTarget[] = [];
  for (const url of flags.webhook ?? []) {
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--webhook ${url}: must be an http:// or https:// URL`);
    targets.push({ kind: 'webhook', url });
  }
  const to = flags['mail-to'] ?? [];
  if (flags.smtp === undefined) {
    if (to.length > 0 || flags['mail-from']) throw new UsageError('--mail-from and --mail-to need --smtp URL');
    return targets;
  }
  let url: URL;
  try {
    url = new URL(flags.smtp);
  } catch {
    throw new UsageError(`--smtp ${flags.smtp}: not a URL such as smtp://user:pass@mail.example.com:587`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new UsageError('--smtp must start with smtp:// or smtps://');
  if (!flags['mail-from']) throw new UsageError('--smtp needs --mail-from ADDR');
  if (to.length === 0) throw new UsageError('--smtp needs at least one --mail-to ADDR');
  const secure = url.protocol === 'smtps:';
  targets.push({
    kind: 'email',
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : {}),
    from: flags['mail-from'],
    to,
  });
  return targets;
}
