/** `--from`/`--to` flags: ISO date-times, checked, as a time range. */
import type { TimeRange } from '../store/HistoryReader';
import { UsageError } from './command';

function parseTime(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`${flag} "${text}" is not an ISO date-time such as 2026-11-21T09:30:00Z`);
  return t;
}

export function parseRange(from: string | undefined, to: string | undefined): TimeRange {
  const f = parseTime('--from', from);
  const t = parseTime('--to', to);
  if (f !== undefined && t !== undefined && t <= f) throw new UsageError('--to must be after --from');
  return { ...(f !== undefined ? { from: f } : {}), ...(t !== undefined ? { to: t } : {}) };
}

export const iso = (t: number | null): string => (t === null ? '-' : new Date(t).toISOString());
