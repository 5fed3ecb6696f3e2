/**
 * Back-test in the replay: edit the thresholds that decide the alerts for the session being replayed, run it, and
 * see on the timeline which alerts would appear, vanish or move. The recording is never changed.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { TwinscopeApi } from '../../../electron/common/api';
import type { Rules, SiteRules } from '../../../electron/common/site';
import { clearBacktest, runBacktest, useReplay } from './replayControl';

/** The thresholds offered, each read from and written into the rules with its unit's scale. */
const FIELDS = [
  {
    id: 'co2',
    label: 'CO₂ threshold',
    unit: 'ppm',
    get: (r: Rules) => r.co2.thresholdPpm,
    set: (v: number): SiteRules => ({ co2: { thresholdPpm: v, thresholdCategory: null } }),
  },
  {
    id: 'co2-after',
    label: 'CO₂ alert after',
    unit: 's',
    get: (r: Rules) => r.alerts['co2-high'].raiseAfterMs / 1000,
    set: (v: number): SiteRules => ({ alerts: { 'co2-high': { raiseAfterMs: v * 1000 } } }),
  },
  {
    id: 'slam',
    label: 'Slam closing rate',
    unit: '°/s',
    get: (r: Rules) => r.door.slamRateDps,
    set: (v: number): SiteRules => ({ door: { slamRateDps: v } }),
  },
  {
    id: 'hold',
    label: 'Occupied after motion',
    unit: 'min',
    get: (r: Rules) => r.occupancy.holdMs / 60_000,
    set: (v: number): SiteRules => ({ occupancy: { holdMs: v * 60_000 } }),
  },
  {
    id: 'stale',
    label: 'Stale after',
    unit: 'intervals',
    get: (r: Rules) => r.health.staleFactor,
    set: (v: number): SiteRules => ({ health: { staleFactor: v } }),
  },
] as const;

type Values = Record<(typeof FIELDS)[number]['id'], string>;

/** A rule's value as the form shows it: a few digits, not 0.6666666666666666 min. */
const shown = (v: number): string => String(Number(v.toPrecision(6)));

/** Only what the user changed goes into the back-test, merged into one rules object. */
function changes(rules: Rules, values: Values): SiteRules {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of FIELDS) {
    const v = Number(values[f.id]);
    if (values[f.id].trim() === '' || !Number.isFinite(v) || values[f.id] === shown(f.get(rules))) continue;
    for (const [k, part] of Object.entries(f.set(v))) out[k] = { ...(out[k] ?? {}), ...(part as object) };
  }
  return out as SiteRules;
}

export function BacktestForm({ api, onClose }: { api: TwinscopeApi; onClose: () => void }) {
  const session = useReplay((s) => s.state?.session);
  const testing = useReplay((s) => s.testing);
  const result = useReplay((s) => s.backtest);
  const [rules, setRules] = useState<Rules | null>(null);
  const [values, setValues] = useState<Values | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (session === undefined) return;
    void api.call('replay.rules', { session }).then(
      (r) => {
        if (!r.ok) return setError(r.error);
        setRules(r.value);
        setValues(Object.fromEntries(FIELDS.map((f) => [f.id, shown(f.get(r.value))])) as Values);
      },
      (e: Error) => setError(`the session’s rules could not be read: ${e.message}`),
    );
  }, [api, session]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (rules && values) void runBacktest(changes(rules, values));
  };
  const percent = testing && testing.total > 0 ? Math.round((100 * testing.done) / testing.total) : 0;

  return (
    <form className="backtest" aria-label="back-test the session" data-testid="backtest-form" onSubmit={submit}>
      {FIELDS.map((f) => (
        <label key={f.id}>
          {f.label}
          <input
            type="number"
            step="any"
            min={0}
            data-testid={`backtest-${f.id}`}
            value={values?.[f.id] ?? ''}
            disabled={!values}
            onChange={(e) => setValues((v) => (v ? { ...v, [f.id]: e.target.value } : v))}
          />
          <span className="muted">{f.unit}</span>
        </label>
      ))}
      <button type="submit" data-testid="backtest-run" disabled={!values || testing !== null}>
        {testing ? `Back-testing… ${percent}%` : 'Back-test'}
      </button>
      {result && (
        <>
          <span data-testid="backtest-summary" role="status">
            {result.alerts} alerts with these rules, {result.recorded} recorded: {result.appeared} appear,{' '}
            {result.vanished} vanish, {result.moved} move ({(result.inputs / 1000).toFixed(0)}k inputs in{' '}
            {(result.elapsedMs / 1000).toFixed(1)} s)
          </span>
          <button type="button" onClick={clearBacktest}>
            Clear
          </button>
        </>
      )}
      <button type="button" aria-label="close the back-test" onClick={onClose}>
        ×
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
