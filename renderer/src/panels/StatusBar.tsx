/** Status bar: link, sources, samples/s, data lag, rejects (click: the latest), history size, frames/s. */
import { useEffect, useRef, useState } from 'react';
import type { HistoryExtent, RejectView, TwinscopeApi } from '../../../electron/common/api';
import { useTwin } from '../state/twinStore';

export function StatusBar({ api }: { api: TwinscopeApi }) {
  const link = useTwin((s) => s.link);
  const stats = useTwin((s) => s.stats);
  const sources = useTwin((s) => s.sources);
  const view = useTwin((s) => s.panelView);
  const [rate, setRate] = useState(0);
  const [fps, setFps] = useState(0);
  const [extent, setExtent] = useState<HistoryExtent | null>(null);
  const [rejects, setRejects] = useState<RejectView[] | null>(null);
  const last = useRef<{ samples: number; frames: number; t: number } | null>(null);

  useEffect(() => {
    const timer = setInterval(() => {
      const s = useTwin.getState();
      const now = performance.now();
      const samples = s.stats?.samples ?? 0;
      if (last.current) {
        const dt = (now - last.current.t) / 1000;
        setRate(Math.max(0, (samples - last.current.samples) / dt));
        setFps((s.framesApplied - last.current.frames) / dt);
      }
      last.current = { samples, frames: s.framesApplied, t: now };
    }, 2000);
    const ext = setInterval(() => void api.call('history.extent', undefined).then(setExtent, () => undefined), 10_000);
    void api.call('history.extent', undefined).then(setExtent, () => undefined);
    return () => {
      clearInterval(timer);
      clearInterval(ext);
    };
  }, [api]);

  const lags = Object.values(view?.devices ?? {})
    .map((d) => d.lagMs)
    .filter((x): x is number => x !== null);
  const lag = lags.length ? Math.max(...lags) : null;

  async function showRejects(): Promise<void> {
    if (rejects) return setRejects(null);
    try {
      setRejects(await api.call('rejects.latest', { limit: 20 }));
    } catch {
      setRejects([]);
    }
  }

  return (
    <footer className="statusbar" data-testid="statusbar">
      <span data-testid="link" data-link={link} className={`link-${link}`}>
        {link === 'open'
          ? 'connected'
          : link === 'connecting'
            ? 'connecting…'
            : 'disconnected — retrying (if twinscope serve was restarted, open the new URL it printed)'}
      </span>
      <span>sources: {sources.length === 0 ? 'none' : sources.map((s) => `${s.kind} ${s.status}`).join(', ')}</span>
      <span>{rate.toFixed(1)} samples/s</span>
      <span>lag {lag === null ? '–' : `${(lag / 1000).toFixed(1)} s`}</span>
      <button type="button" className="link" onClick={() => void showRejects()} aria-expanded={rejects !== null}>
        {stats?.rejected ?? 0} rejected
      </button>
      <span data-testid="history-size">
        {extent
          ? `${extent.samples.toLocaleString()} samples stored` +
            (extent.bytes === undefined ? '' : `, ${(extent.bytes / 1e6).toFixed(1)} MB`)
          : ''}
      </span>
      <span>{fps.toFixed(0)} frames/s</span>
      {rejects && (
        <div className="rejects" role="dialog" aria-label="latest rejected inputs">
          {rejects.length === 0 && <p>Nothing rejected.</p>}
          <ul>
            {rejects.map((r, i) => (
              <li key={i}>
                {new Date(r.tRecv).toLocaleTimeString()} {r.origin} {r.dev || '?'}: {r.code} — {r.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
    </footer>
  );
}
