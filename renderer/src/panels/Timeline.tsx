/**
 * Replay: pick a recorded session and open it; a timeline over its range with its alerts as markers coloured by
 * severity; click or drag to seek, play/pause, speed, previous/next alert, back to live. Keyboard: space, ←/→, [ ].
 */
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { TwinscopeApi } from '../../../electron/common/api';
import type { SessionInfo } from '../../../electron/common/replay';
import { useTwin } from '../state/twinStore';
import { BacktestForm } from './BacktestForm';
import { typing } from './HelpOverlay';
import { BacktestLane, clock, CoverageShading, CoverageSummary } from './TimelineLanes';
import {
  SPEEDS,
  STEP_MS,
  backToLive,
  cursorOf,
  jumpToAlert,
  openSession,
  seek,
  setSpeed,
  step,
  atEnd,
  togglePlay,
  useReplay,
} from './replayControl';

const LIST_FAILED = 'Could not list the recorded sessions';
const sessionLabel = (s: SessionInfo): string =>
  `#${s.id}${s.name ? ` ${s.name}` : ''} · ${new Date(s.from ?? s.started).toLocaleString()}` +
  `${s.to !== null ? `–${clock(s.to)}` : ''} · ${s.alerts} alert${s.alerts === 1 ? '' : 's'}` +
  `${s.ended === null ? ' · recording' : ''}`;

/** Space, ←/→ (Shift: a minute), [ and ] while a replay is open. */
function useReplayShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || !useReplay.getState().state) return;
      const viewT = useTwin.getState().frame?.view.t;
      const act = (p: Promise<void>): void => {
        e.preventDefault();
        void p;
      };
      switch (e.key) {
        case ' ':
          // A focused button takes space as its own click.
          if ((e.target as HTMLElement | null)?.tagName === 'BUTTON') return;
          return act(togglePlay(viewT));
        case 'ArrowLeft':
          return act(step(viewT, -(e.shiftKey ? 6 : 1) * STEP_MS));
        case 'ArrowRight':
          return act(step(viewT, (e.shiftKey ? 6 : 1) * STEP_MS));
        case '[':
          return act(jumpToAlert(viewT, -1));
        case ']':
          return act(jumpToAlert(viewT, 1));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function Timeline({ api }: { api: TwinscopeApi }) {
  const state = useReplay((s) => s.state);
  const alerts = useReplay((s) => s.alerts);
  const speed = useReplay((s) => s.speed);
  const busy = useReplay((s) => s.busy);
  const error = useReplay((s) => s.error);
  const coverage = useReplay((s) => s.coverage);
  const backtest = useReplay((s) => s.backtest);
  const [testOpen, setTestOpen] = useState(false);
  const view = useTwin((s) => s.panelView);
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const bar = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  useReplayShortcuts();

  useEffect(() => {
    useReplay.setState({ api });
  }, [api]);

  async function loadSessions(): Promise<void> {
    try {
      const list = (await api.call('sessions.list', undefined)).filter((s) => s.from !== null);
      setSessions(list);
      if (useReplay.getState().error?.startsWith(LIST_FAILED)) useReplay.setState({ error: null });
      setPicked((p) => (p !== null && list.some((s) => s.id === p) ? p : (list[0]?.id ?? null)));
    } catch (e) {
      useReplay.setState({ error: `${LIST_FAILED}: ${(e as Error).message}` });
    }
  }
  const link = useTwin((s) => s.link);
  const changed = useReplay((s) => s.sessionsChanged);
  useEffect(() => {
    if (link === 'open') void loadSessions();
  }, [api, link, changed]);

  const from = state?.from ?? null;
  const to = state?.to ?? null;
  const span = from !== null && to !== null ? Math.max(1, to - from) : null;
  const at = state ? cursorOf(state, view?.t) : null;
  const ended = state ? atEnd(state, view?.t) : false;
  const playing = !!state?.playing && !ended;
  const share = (t: number): number => (span !== null ? Math.min(1, Math.max(0, (t - from!) / span)) : 0);

  const timeAt = (clientX: number): number => {
    const r = bar.current!.getBoundingClientRect();
    return from! + ((clientX - r.left) / r.width) * span!;
  };
  const onDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (span === null) return;
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    void seek(timeAt(e.clientX));
  };
  const onMove = (e: PointerEvent<HTMLDivElement>): void => {
    if (dragging.current && span !== null) void seek(timeAt(e.clientX));
  };
  const onUp = (): void => {
    dragging.current = false;
  };

  const doors = Object.values(view?.doors ?? {});

  return (
    <section
      className="timeline"
      data-testid="timeline"
      aria-label="replay timeline"
      data-mode={state ? 'replay' : 'live'}
    >
      {!state ? (
        <div className="timeline-row">
          <strong>Live</strong>
          <label>
            Recorded session
            <select
              aria-label="recorded session"
              data-testid="replay-session"
              value={picked ?? ''}
              onChange={(e) => setPicked(Number(e.target.value))}
              onFocus={() => void loadSessions()}
            >
              {sessions?.length === 0 && <option value="">none recorded yet</option>}
              {sessions?.map((s) => (
                <option key={s.id} value={s.id}>
                  {sessionLabel(s)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="replay-open"
            disabled={picked === null || busy}
            onClick={() => picked !== null && void openSession(picked)}
          >
            {busy ? 'Opening…' : 'Replay'}
          </button>
          <DoorSlams doors={doors} />
        </div>
      ) : (
        <div className="timeline-row">
          <strong data-testid="replay-session-open">Replay #{state.session}</strong>
          <button
            type="button"
            data-testid="replay-play"
            aria-label={playing ? 'pause (space)' : ended ? 'play again from the start (space)' : 'play (space)'}
            onClick={() => void togglePlay(view?.t)}
          >
            {playing ? '❚❚ Pause' : '▶ Play'}
          </button>
          <label>
            Speed
            <select
              aria-label="replay speed"
              data-testid="replay-speed"
              value={speed}
              onChange={(e) => void setSpeed(Number(e.target.value))}
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
          <button type="button" aria-label="previous alert ([)" onClick={() => void jumpToAlert(view?.t, -1)}>
            ‹ Alert
          </button>
          <button type="button" aria-label="next alert (])" onClick={() => void jumpToAlert(view?.t, 1)}>
            Alert ›
          </button>
          <div
            ref={bar}
            className="timeline-bar"
            data-testid="timeline-bar"
            role="slider"
            tabIndex={0}
            aria-label="replay position (← → to step, [ ] for alerts)"
            aria-valuemin={from ?? 0}
            aria-valuemax={to ?? 0}
            aria-valuenow={at ?? 0}
            aria-valuetext={at !== null ? clock(at) : 'unknown'}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
            onKeyDown={(e) => {
              if (e.key === 'Home' && from !== null) void seek(from);
              if (e.key === 'End' && to !== null) void seek(to);
            }}
          >
            <CoverageShading coverage={coverage} share={share} />
            {alerts.map((a, i) => (
              <span
                key={`${a.id}@${a.t}#${i}`}
                className={`marker ${a.severity}`}
                data-testid="timeline-marker"
                data-severity={a.severity}
                style={{ left: `${share(a.t) * 100}%` }}
                title={`${clock(a.t)} ${a.rule} · ${a.subject} (${a.severity})`}
              />
            ))}
            {backtest && <BacktestLane markers={backtest.markers} share={share} />}
            {at !== null && <span className="cursor" style={{ left: `${share(at) * 100}%` }} />}
          </div>
          <span className="timeline-time" data-testid="replay-at" data-t={at ?? ''}>
            {at !== null ? clock(at) : '–'}
            {ended ? ' · end' : ''}
          </span>
          <CoverageSummary coverage={coverage} />
          <DoorSlams doors={doors} />
          <button
            type="button"
            data-testid="backtest-open"
            aria-expanded={testOpen}
            onClick={() => setTestOpen((o) => !o)}
          >
            Back-test…
          </button>
          <button
            type="button"
            data-testid="replay-live"
            onClick={() => {
              setTestOpen(false);
              void backToLive();
            }}
          >
            Back to live
          </button>
        </div>
      )}
      {state && testOpen && <BacktestForm api={api} onClose={() => setTestOpen(false)} />}
      {error && (
        <p role="alert" className="error timeline-error">
          {error}
        </p>
      )}
    </section>
  );
}

function DoorSlams({ doors }: { doors: { id: string; slamsTotal: number; lastSlamT: number | null }[] }) {
  return (
    <span className="muted timeline-slams">
      {doors.map((d) => (
        <span key={d.id} data-testid={`slams-${d.id}`} data-total={d.slamsTotal} data-last={d.lastSlamT ?? ''}>
          {d.id}: {d.slamsTotal} slam{d.slamsTotal === 1 ? '' : 's'}
          {d.lastSlamT !== null ? ` (last ${clock(d.lastSlamT)})` : ''}
        </span>
      ))}
    </span>
  );
}
