/**
 * What-if for a room's CO2: "open the door" or "+3 people", run forward by the twin's fitted model
 * (`twin.whatIf`), drawn on the room's chart, with the predicted time to the room's threshold.
 */
import { useEffect, useState } from 'react';
import type { Series, TwinscopeApi, WhatIfPoint } from '../../../electron/common/api';
import { useTwin } from '../state/twinStore';

export type Scenario = 'door' | 'people';

const LABELS: Record<Scenario, string> = { door: 'open the door', people: '+3 people' };

/** The predicted curve as a chart series (min = mean = max), at event times. */
export function curveSeries(points: readonly WhatIfPoint[], t0: number): Series {
  const t = points.map((p) => t0 + p.tMs);
  const v = points.map((p) => p.co2);
  return { from: t[0] ?? t0, to: t.at(-1) ?? t0, bucketMs: 60_000, t, min: v, max: v, mean: v };
}

function summary(points: readonly WhatIfPoint[], threshold: number, horizonMs: number): string {
  const hit = points.find((p) => p.co2 >= threshold);
  if (!hit) return `stays below ${threshold} ppm for ${Math.round(horizonMs / 60_000)} min`;
  return hit.tMs === 0 ? `already above ${threshold} ppm` : `${threshold} ppm in ${Math.round(hit.tMs / 60_000)} min`;
}

export function WhatIf({
  api,
  room,
  horizonMs,
  onCurve,
}: {
  api: TwinscopeApi;
  room: string;
  horizonMs: number;
  onCurve: (s: Series | null) => void;
}) {
  const [scenario, setScenario] = useState<Scenario | null>(null);
  const [text, setText] = useState<string | null>(null);

  useEffect(() => {
    if (!scenario) {
      onCurve(null);
      setText(null);
      return;
    }
    let stale = false;
    const req = scenario === 'door' ? { doorOpen: true } : { addOccupants: 3 };
    void (async () => {
      try {
        const r = await api.call('twin.whatIf', { room, horizonMs, ...req });
        if (stale) return;
        if (!r.ok) {
          setText(`what-if: ${r.error}`);
          onCurve(null);
          return;
        }
        const view = useTwin.getState().panelView;
        const threshold = view?.rooms[room]?.co2ThresholdPpm ?? 1000;
        onCurve(curveSeries(r.value, view?.t ?? Date.now()));
        setText(`${LABELS[scenario]}: ${summary(r.value, threshold, horizonMs)}`);
      } catch (e) {
        if (!stale) setText(`what-if: ${(e as Error).message}`);
      }
    })();
    return () => {
      stale = true;
    };
  }, [api, room, horizonMs, scenario, onCurve]);

  return (
    <div role="group" aria-label={`what-if for room ${room}`} className="what-if">
      <span>What if</span>
      {(Object.keys(LABELS) as Scenario[]).map((s) => (
        <button
          key={s}
          type="button"
          aria-pressed={scenario === s}
          onClick={() => setScenario(scenario === s ? null : s)}
        >
          {LABELS[s]}
        </button>
      ))}
      {text && <span data-testid="what-if-result">{text}</span>}
    </div>
  );
}
