/**
 * Running a whole input stream through a twin runner (rewinds for late data included, exactly as live), for
 * back-tests (`twinscope backtest`), the alert history and the determinism tests: same site + same inputs → same
 * alerts.
 */
import type { SiteRules, SiteSpec } from '../../common/site';
import type { TwinEvent, TwinEventKind, TwinInput, TwinState } from '../../common/twin';
import type { AlertRecord } from '../twin/alertDiff';
import { TwinRunner } from './TwinRunner';

export type { AlertRecord } from '../twin/alertDiff';

export interface RunOptions {
  /** Inputs handed to the runner at a time; the alerts do not depend on it. */
  batchSize?: number;
  /** Apply what is still waiting at the end and close the alerts still active (default true). */
  close?: boolean;
  /** Called with each batch's events, in order. */
  onEvents?: (events: readonly TwinEvent[]) => void;
}

/** Feeds an iterable of inputs (in arrival order) through a twin runner; returns the final state. */
export function runInputs(site: SiteSpec, inputs: Iterable<TwinInput>, opts: RunOptions = {}): TwinState {
  const runner = new TwinRunner(site);
  const size = Math.max(1, opts.batchSize ?? 1000);
  let batch: TwinInput[] = [];
  const flush = (): void => {
    const events = runner.push(batch);
    if (events.length > 0) opts.onEvents?.(events);
    batch = [];
  };
  for (const input of inputs) {
    batch.push(input);
    if (batch.length >= size) flush();
  }
  if (batch.length > 0) flush();
  if (opts.close ?? true) {
    const events = runner.close();
    if (events.length > 0) opts.onEvents?.(events);
  }
  return runner.current;
}

/** Folds alert events into one record per alert, ordered by raise time (then id). */
export function alertRecords(events: Iterable<TwinEvent>): AlertRecord[] {
  const byId = new Map<string, AlertRecord>();
  for (const e of events) {
    if (e.kind !== 'alert') continue;
    const a = e.alert;
    if (e.change === 'retracted') {
      byId.delete(a.id);
      continue;
    }
    const rec = byId.get(a.id);
    const next: AlertRecord = {
      id: a.id,
      rule: a.rule,
      subject: a.subject,
      severity: a.severity,
      raisedAt: a.raisedAt,
      ackedAt: a.ackedAt,
      clearedAt: a.clearedAt,
      reason: rec?.reason ?? a.reason,
      keys: a.keys,
      occurrences: a.occurrences,
      foundLateMs: a.foundLateMs,
    };
    byId.set(a.id, next);
  }
  return [...byId.values()].sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface BacktestResult {
  alerts: AlertRecord[];
  state: TwinState;
  eventCounts: Record<TwinEventKind, number>;
}

/**
 * Runs a recorded stream against a site, optionally with other rules (`rules` replaces the site's `rules` section),
 * and returns the alert episodes it produces. Compare two runs with `diffAlerts`.
 */
export function runBacktest(
  site: SiteSpec,
  inputs: Iterable<TwinInput>,
  opts: { rules?: SiteRules } & Omit<RunOptions, 'onEvents'> = {},
): BacktestResult {
  const effective = opts.rules ? { ...site, rules: opts.rules } : site;
  const alertEvents: TwinEvent[] = [];
  const eventCounts: Record<TwinEventKind, number> = { door: 0, slam: 0, occupancy: 0, conflict: 0, alert: 0 };
  const state = runInputs(effective, inputs, {
    ...opts,
    onEvents: (events) => {
      for (const e of events) {
        eventCounts[e.kind] += 1;
        if (e.kind === 'alert') alertEvents.push(e);
      }
    },
  });
  return { alerts: alertRecords(alertEvents), state, eventCounts };
}
