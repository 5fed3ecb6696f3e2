/**
 * How long a history keeps what it recorded: raw samples at full rate for `rawDays`, then folded into 1-minute
 * min/mean/max rows kept for `minuteDays`. The `retention` section of a site file; every field optional.
 */
import type { Channel } from './sample';

/** One device's or channel's own retention (a device, a channel of every device, or a channel of one device). */
export interface RetentionOverride {
  dev?: string;
  channel?: Channel;
  rawDays?: number;
  minuteDays?: number;
}

export interface RetentionSettings {
  /** Raw samples of ended sessions are kept this long (event time), days. */
  rawDays: number;
  /** 1-minute min/mean/max rows (and discrete events: door open/close, slams) are kept this long, days. */
  minuteDays: number;
  /**
   * Longer or shorter keeping for a device or channel. A stored row carries several channels, so it is kept as long
   * as the longest setting of anything it carries.
   */
  overrides: readonly RetentionOverride[];
}

/** `retention` as written in a site file. */
export type SiteRetention = Partial<RetentionSettings>;

export const DEFAULT_RETENTION: RetentionSettings = { rawDays: 7, minuteDays: 365, overrides: [] };
