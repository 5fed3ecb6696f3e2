/** `--from`/`--to` flags: ISO date-times or epoch ms (as `simulate --start` takes), checked, as a time range. */
import type { TimeRange } from '../store/HistoryReader';
import { UsageError } from './command';

export function parseTime(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = /^\d+$/.test(text.trim()) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(t)) {
    throw new UsageError(`${flag} "${text}" is not an ISO date-time such as 2026-11-21T09:30:00Z, nor epoch ms`);
  }
  return t;
}

export function parseRange(from: string | undefined, to: string | undefined): TimeRange {
  const f = parseTime('--from', from);
  const t = parseTime('--to', to);
  if (f !== undefined && t !== undefined && t <= f) throw new UsageError('--to must be after --from');
  return { ...(f !== undefined ? { from: f } : {}), ...(t !== undefined ? { to: t } : {}) };
}

export const iso = (t: number | null): string => (t === null ? '-' : new Date(t).toISOString());
