/**
 * Charts: one uPlot per metric for the selected device (or every room sensor of the site), 15 min to 7 days of
 * history downsampled in the core to the chart's pixel width, plus the live tail from frames. During a replay the
 * window ends at the replay's cursor and follows it. The chart is created once per layout and fed with setData,
 * never re-created per update.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series, TwinscopeApi } from '../../../electron/common/api';
import { metric } from '../../../electron/common/metrics';
import { useTwin } from '../state/twinStore';
import { useUi } from '../state/uiStore';
import { alignSeries, appendLive, type Columns } from './chartData';
import { cursorOf, useReplay } from './replayControl';
import { WhatIf } from './WhatIf';

const WINDOWS = [
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 h', ms: 3_600_000 },
  { label: '24 h', ms: 86_400_000 },
  { label: '7 d', ms: 7 * 86_400_000 },
] as const;
const COLOURS = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8'];
const REFRESH_MS = 5000;
/** How long the replay cursor rests before the charts follow it. */
const REPLAY_SETTLE_MS = 250;

/** Where the chart's window ends: the replay's cursor while a session is replayed, else now. */
function chartEnd(): number {
  const replay = useReplay.getState().state;
  return replay ? cursorOf(replay, useTwin.getState().panelView?.t) : Date.now();
}

export function ChartsPanel({ api }: { api: TwinscopeApi }) {
  const site = useTwin((s) => s.site);
  const selected = useUi((s) => s.selected);
  const metricId = useUi((s) => s.metric);
  const [windowMs, setWindowMs] = useState<number>(WINDOWS[0].ms);
  const [error, setError] = useState<string | null>(null);
  const [points, setPoints] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const m = metric(metricId === 'occupancy' ? 'co2' : metricId);
  const channel = m.channel!;
  const devs = (site?.sensors ?? [])
    .filter((s) => (selected ? s.dev === selected : true) && (channel === 'rssi' || s.channels.includes(channel)))
    .map((s) => s.dev);
  const devKey = devs.join(',');
  // What-if applies to the room of the selected device, for CO2.
  const room = selected ? site?.sensors.find((s) => s.dev === selected)?.attachedTo : undefined;
  const whatIfRoom = channel === 'co2' && room && site?.rooms.some((r) => r.id === room) ? room : undefined;
  const [curve, setCurve] = useState<Series | null>(null);
  const onCurve = useCallback((s: Series | null) => setCurve(s), []);
  const shownCurve = whatIfRoom ? curve : null;

  useEffect(() => {
    const el = box.current;
    if (!el || devs.length === 0) return;
    const width = Math.max(300, el.clientWidth);
    const series: uPlot.Series[] = [{}];
    devs.forEach((dev, i) => {
      const stroke = COLOURS[i % COLOURS.length]!;
      series.push({ label: `${dev} min`, stroke, width: 0.5, alpha: 0.4 } as uPlot.Series);
      series.push({ label: dev, stroke, width: 2 });
      series.push({ label: `${dev} max`, stroke, width: 0.5, alpha: 0.4 } as uPlot.Series);
    });
    if (shownCurve) {
      series.push(
        { label: 'what-if min', show: false },
        { label: 'what-if', stroke: '#ffd54f', width: 2, dash: [6, 4] },
      );
      series.push({ label: 'what-if max', show: false });
    }
    const plot = new uPlot(
      {
        width,
        height: 150,
        series,
        legend: { show: true, live: false },
        axes: [
          { stroke: '#aab', grid: { stroke: '#2a3038' } },
          { stroke: '#aab', grid: { stroke: '#2a3038' }, label: m.unit, size: 60 },
        ],
        scales: { x: { time: true } },
      },
      [[]],
      el,
    );
    let cols: Columns = [[]];
    let stopped = false;
    const load = async (): Promise<void> => {
      const to = chartEnd();
      const from = to - windowMs;
      try {
        const got: Series[] = [];
        for (const dev of devs) {
          const r = await api.call('history.series', { dev, channel, from, to: to + 60_000, buckets: width });
          if (!r.ok) throw new Error(r.error);
          got.push(r.value);
        }
        if (stopped) return;
        cols = alignSeries(shownCurve ? [...got, shownCurve] : got);
        plot.setData(cols as uPlot.AlignedData);
        setPoints(cols[0].length);
        setError(null);
      } catch (e) {
        if (!stopped) setError(`history could not be read: ${(e as Error).message}`);
      }
    };
    void load();
    // New history arrives live and while a replay plays; a paused replay's window holds still.
    const timer = setInterval(() => {
      const replay = useReplay.getState().state;
      if (!replay || replay.playing) void load();
    }, REFRESH_MS);
    // A replay opened, seeked or closed: the window moves to its cursor (or back to now) once the cursor rests, so
    // a drag along the timeline paints the scene first and reads history once, not once per step.
    let settle: ReturnType<typeof setTimeout> | undefined;
    const offReplay = useReplay.subscribe((r, prev) => {
      if (r.state?.session === prev.state?.session && r.state?.at === prev.state?.at) return;
      clearTimeout(settle);
      settle = setTimeout(() => void load(), REPLAY_SETTLE_MS);
    });
    // Live tail: readings newer than the last bucket are drawn as they arrive, between history refreshes.
    const off = useTwin.subscribe((s, prev) => {
      if (s.panelView === prev.panelView || !s.panelView || cols[0].length === 0) return;
      devs.forEach((dev, i) => {
        const sv = Object.values(s.panelView!.sensors).find((x) => x.dev === dev && x.channel === channel);
        const value = channel === 'rssi' ? s.panelView!.devices[dev]?.rssi : sv?.value[0];
        const t = channel === 'rssi' ? s.panelView!.devices[dev]?.lastT : sv?.t;
        if (value === undefined || value === null || t === undefined || t === null) return;
        const next = appendLive(cols, i, t, value);
        if (next !== cols) {
          cols = next;
          plot.setData(cols as uPlot.AlignedData);
        }
      });
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      off();
      offReplay();
      clearTimeout(settle);
      plot.destroy();
    };
    // devKey stands for devs: the chart is rebuilt only when the set of devices changes, not on every render.
  }, [api, devKey, channel, windowMs, shownCurve]);

  return (
    <section className="charts" data-testid="charts" aria-label="charts">
      <div className="charts-bar">
        <strong>
          {m.label} ({m.unit}) — {selected ?? 'all sensors'}
        </strong>
        <div role="group" aria-label="chart window">
          {WINDOWS.map((w) => (
            <button key={w.label} type="button" aria-pressed={w.ms === windowMs} onClick={() => setWindowMs(w.ms)}>
              {w.label}
            </button>
          ))}
        </div>
        <span className="muted" data-testid="chart-points">
          {points} points
        </span>
        {whatIfRoom && (
          <WhatIf api={api} room={whatIfRoom} horizonMs={Math.min(windowMs, 86_400_000)} onCurve={onCurve} />
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {devs.length === 0 && <p className="muted">The selection has no {m.label} channel.</p>}
      <div ref={box} className="chart" data-testid="chart" />
    </section>
  );
}
