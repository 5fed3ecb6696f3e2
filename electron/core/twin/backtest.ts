/**
 * Running a whole input stream through the engine, for back-tests (`twinscope backtest`), the alert history and the
 * determinism tests: same site + same inputs → same alerts.
 */
import type { SiteRules, SiteSpec } from '../../common/site';
import type { Alert, TwinEvent, TwinEventKind, TwinInput, TwinState } from '../../common/twin';
import { applyInputs, createTwin, drain } from './engine';

/** One alert episode from raise to clear (clearedAt null: still active at the end of the stream). */
export type AlertRecord = Omit<Alert, 'status'>;

export interface RunOptions {
  /** Start from this state (e.g. a restored snapshot) instead of a fresh twin. */
  from?: TwinState;
  /** Inputs handed to `applyInputs` at a time; results do not depend on it. */
  batchSize?: number;
  /** Apply what is still in the reorder window at the end (default true). */
  drain?: boolean;
  /** Called with each batch's events, in order. */
  onEvents?: (events: readonly TwinEvent[]) => void;
}

/** Feeds an iterable of inputs through a twin; returns the final state. */
export function runInputs(site: SiteSpec, inputs: Iterable<TwinInput>, opts: RunOptions = {}): TwinState {
  let state = opts.from ?? createTwin(site);
  const size = Math.max(1, opts.batchSize ?? 1000);
  let batch: TwinInput[] = [];
  const flush = (): void => {
    const r = applyInputs(state, batch);
    state = r.state;
    if (r.events.length > 0) opts.onEvents?.(r.events);
    batch = [];
  };
  for (const input of inputs) {
    batch.push(input);
    if (batch.length >= size) flush();
  }
  if (batch.length > 0) flush();
  if (opts.drain ?? true) {
    const r = drain(state);
    state = r.state;
    if (r.events.length > 0) opts.onEvents?.(r.events);
  }
  return state;
}

/** Folds alert events into one record per alert, ordered by raise time (then id). */
export function alertRecords(events: Iterable<TwinEvent>): AlertRecord[] {
  const byId = new Map<string, AlertRecord>();
  for (const e of events) {
    if (e.kind !== 'alert') continue;
    const a = e.alert;
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
