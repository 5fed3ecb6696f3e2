/** The lab's results as an aligned text table. */
import type { LabResult } from './labRun';

const fmt = (n: number | null, digits = 0): string =>
  n === null ? '–' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** One row per configuration, columns right-aligned; a configuration cut short is marked and explained below. */
export function labTable(rows: readonly LabResult[]): string {
  const head = [
    'devices',
    'rate Hz',
    'QoS',
    'offered/s',
    'delivered/s',
    'loss %',
    'p50 ms',
    'p99 ms',
    'CPU %',
    'broker CPU %',
  ];
  const body = rows.map((r) => [
    `${r.interrupted ? '*' : ''}${fmt(r.devices)}`,
    fmt(r.rateHz, r.rateHz < 1 ? 2 : 0),
    String(r.qos),
    fmt(r.offeredRate),
    fmt(r.deliveredRate),
    fmt(r.loss * 100, 2),
    fmt(r.p50Ms, 1),
    fmt(r.p99Ms, 1),
    fmt(r.cpuPct),
    fmt(r.brokerCpuPct),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  const note = rows.some((r) => r.interrupted)
    ? ['', '* interrupted (Ctrl-C) before its duration: partial figures, not a measurement of that configuration']
    : [];
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), ...note].join('\n');
}
