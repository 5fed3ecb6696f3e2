/** What `twinscope record` says about its progress and at the end: stored, lost, duplicated, late, backfilled. */
import type { DeviceCounters } from '../ingest/Ingest';
import type { PipelineCounts } from '../hub/Pipeline';

/** Totals over every device of this session. */
export interface RecordTotals {
  samples: number;
  duplicates: number;
  rejected: number;
  missing: number;
  late: number;
  backfilled: number;
  /** Samples stamped impossibly far in the future, stored with an estimated time. */
  corrected: number;
  logLines: number;
}

export function totals(counts: PipelineCounts, devices: readonly DeviceCounters[]): RecordTotals {
  const sum = (k: 'missing' | 'late' | 'backfilled' | 'corrected'): number => devices.reduce((n, d) => n + d[k], 0);
  return {
    samples: counts.samples,
    duplicates: counts.duplicates,
    rejected: counts.rejected,
    missing: sum('missing'),
    late: sum('late'),
    backfilled: sum('backfilled'),
    corrected: sum('corrected'),
    logLines: counts.logLines,
  };
}

/** The progress line, every few seconds. */
export function progressLine(t: RecordTotals): string {
  return (
    `samples ${t.samples}, missing ${t.missing}, duplicates ${t.duplicates}, late ${t.late}, ` +
    `backfilled ${t.backfilled}, rejected ${t.rejected}, log lines ${t.logLines}`
  );
}

/** The final line. */
export function finalLine(t: RecordTotals): string {
  return (
    `stopped: ${t.samples} samples stored, ${t.duplicates} duplicates dropped, ${t.rejected} rejected; ` +
    `${t.missing} missing, ${t.late} late, ${t.backfilled} backfilled` +
    (t.corrected > 0 ? `, ${t.corrected} with a device time in the future (stored at an estimated time)` : '')
  );
}

/** One line per device that lost messages, worst first: where the loss is. */
export function lossLines(devices: readonly DeviceCounters[]): string[] {
  return devices
    .filter((d) => d.missing > 0)
    .sort((a, b) => b.missing - a.missing)
    .map((d) => {
      const pct = (100 * d.missing) / (d.missing + d.received);
      return `  ${d.dev}: ${d.received} received, ${d.missing} missing (${pct.toFixed(1)} %)`;
    });
}
