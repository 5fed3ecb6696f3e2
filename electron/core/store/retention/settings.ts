/**
 * Retention settings resolved for the rows they apply to. A stored row carries several channels of one device, so
 * it is kept as long as the longest setting of anything it carries: the device's own (or the default), and every
 * channel override that matches a channel in it.
 */
import { DEFAULT_RETENTION, type RetentionSettings, type SiteRetention } from '../../../common/retention';
import { CHANNELS } from '../../../common/sample';
import type { SiteSpec } from '../../../common/site';

export const DAY_MS = 86_400_000;

/** The site's `retention` section over the defaults (raw 7 days, 1-minute rows 365 days). */
export function resolveRetention(site?: { retention?: SiteRetention } | SiteSpec): RetentionSettings {
  const r = site?.retention ?? {};
  return {
    rawDays: r.rawDays ?? DEFAULT_RETENTION.rawDays,
    minuteDays: r.minuteDays ?? DEFAULT_RETENTION.minuteDays,
    overrides: r.overrides ?? [],
  };
}

export class RetentionRules {
  constructor(readonly settings: RetentionSettings) {}

  /** Days a raw row of `dev` carrying the channels of `mask` (channelMask) is kept. */
  rawDays(dev: string, mask: number): number {
    return this.longest(dev, mask, 'rawDays', this.settings.rawDays);
  }

  /** Days the 1-minute rows (and discrete events) of `dev` are kept: a row holds all its channels. */
  minuteDays(dev: string): number {
    return this.longest(dev, -1, 'minuteDays', this.settings.minuteDays);
  }

  /** The shortest raw setting anywhere: no raw row younger than this can be due. */
  shortestRawDays(): number {
    return Math.min(this.settings.rawDays, ...this.settings.overrides.map((o) => o.rawDays ?? Infinity));
  }

  /** Whether a raw telemetry row is past its raw retention at `now`. */
  rawDue(dev: string, mask: number, t: number, now: number): boolean {
    return t < now - this.rawDays(dev, mask) * DAY_MS;
  }

  /** Whether any override can keep a row longer than the shortest raw setting (else every aged row is due). */
  get uniform(): boolean {
    return this.settings.overrides.every((o) => o.rawDays === undefined || o.rawDays === this.settings.rawDays);
  }

  private longest(dev: string, mask: number, key: 'rawDays' | 'minuteDays', fallback: number): number {
    let base = fallback;
    let longest = -Infinity;
    for (const o of this.settings.overrides) {
      const days = o[key];
      if (days === undefined || (o.dev !== undefined && o.dev !== dev)) continue;
      if (o.channel === undefined) base = days;
      else if ((mask & (1 << CHANNELS.indexOf(o.channel))) !== 0) longest = Math.max(longest, days);
    }
    return Math.max(base, longest);
  }
}
