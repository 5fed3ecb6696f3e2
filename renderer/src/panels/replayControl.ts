/**
 * The replay as the renderer drives it: which session is open, where its cursor is, its alerts (the timeline's
 * markers), and the calls that move it. The panel and the keyboard shortcuts share this one store.
 */
import { create } from 'zustand';
import type { Result, TwinscopeApi } from '../../../electron/common/api';
import type {
  ReplayState,
  SessionAlert,
  SessionBacktest,
  SessionCoverage,
  TaskProgress,
} from '../../../electron/common/replay';
import type { SiteRules } from '../../../electron/common/site';
import { REPLAY_SPEEDS } from '../../../electron/common/replay';

export const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 5, 10, 60, 100, 300, 1000].filter(
  (s) => s >= REPLAY_SPEEDS.min && s <= REPLAY_SPEEDS.max,
);
/** What ←/→ move the cursor by, ms (with Shift: a minute). */
export const STEP_MS = 10_000;

export interface ReplayStore {
  api: TwinscopeApi | null;
  /** The open replay, or null when the page shows live. */
  state: ReplayState | null;
  alerts: SessionAlert[];
  speed: number;
  busy: boolean;
  error: string | null;
  /** Where the open session's data is missing or arrived late: the timeline's shading. */
  coverage: SessionCoverage | null;
  /** The last back-test of the open session with edited rules, while it is shown. */
  backtest: SessionBacktest | null;
  /** A back-test under way: how far it got. */
  testing: TaskProgress | null;
  /** An export under way: how far it got. */
  exporting: TaskProgress | null;
  /** Bumps when a session is renamed or deleted, so every list of sessions reloads. */
  sessionsChanged: number;
}

export const useReplay = create<ReplayStore>(() => ({
  api: null,
  state: null,
  alerts: [],
  speed: 1,
  busy: false,
  error: null,
  coverage: null,
  backtest: null,
  testing: null,
  sessionsChanged: 0,
  exporting: null,
}));

export function sessionsChanged(): void {
  useReplay.setState((s) => ({ sessionsChanged: s.sessionsChanged + 1 }));
}

const fail = (what: string, message: string): void => useReplay.setState({ error: `${what}: ${message}` });

/** Runs a replay call; a refusal or a lost link becomes the panel's message, never a throw. */
async function run(what: string, call: (api: TwinscopeApi) => Promise<Result<ReplayState>>): Promise<boolean> {
  const api = useReplay.getState().api;
  if (!api) return false;
  try {
    const r = await call(api);
    if (!r.ok) {
      fail(what, r.tip ? `${r.error} (${r.tip})` : r.error);
      return false;
    }
    useReplay.setState({ state: r.value, error: null });
    return true;
  } catch (e) {
    fail(what, (e as Error).message);
    return false;
  }
}

export async function openSession(session: number): Promise<void> {
  useReplay.setState({ busy: true });
  const ok = await run(`Could not open session ${session}`, (api) => api.call('replay.open', { session }));
  useReplay.setState({ busy: false });
  if (!ok) return;
  const api = useReplay.getState().api!;
  useReplay.setState({ backtest: null, coverage: null });
  try {
    const [alerts, coverage] = await Promise.all([
      api.call('replay.alerts', { session }),
      api.call('replay.coverage', { session }),
    ]);
    useReplay.setState({ alerts, coverage });
  } catch (e) {
    fail('Could not load the session’s alerts', (e as Error).message);
  }
}

/** Re-runs the open session with `rules` over its own; the result is drawn on the timeline until cleared. */
export async function runBacktest(rules: SiteRules): Promise<void> {
  const { api, state } = useReplay.getState();
  if (!api || !state) return;
  useReplay.setState({ testing: { task: 'backtest', session: state.session, done: 0, total: 0 } });
  try {
    const r = await api.call('replay.backtest', { session: state.session, rules });
    // A newer back-test replaced this one: its answer is the one to show.
    if (!r.ok && r.code === 'superseded') return;
    if (!r.ok) fail('The back-test could not run', r.error);
    else if (useReplay.getState().state?.session === state.session) {
      useReplay.setState({ backtest: r.value, error: null });
    }
  } catch (e) {
    fail('The back-test could not run', (e as Error).message);
  }
  useReplay.setState({ testing: null });
}

/** A progress event: an export's, or a back-test's while it concerns the open session. */
export function onProgress(p: TaskProgress): void {
  if (p.task === 'export') return useReplay.setState({ exporting: p.done >= p.total ? null : p });
  const { state, testing } = useReplay.getState();
  if (p.task === 'backtest' && testing && state?.session === p.session) useReplay.setState({ testing: p });
}

export function clearBacktest(): void {
  useReplay.setState({ backtest: null });
}

/** The cursor: where the last call left it, or where the picture is while playing; within the session. */
export function cursorOf(state: ReplayState, viewT: number | null | undefined): number {
  const t = state.playing && typeof viewT === 'number' ? viewT : state.at;
  return Math.min(Math.max(t, state.from ?? t), state.to ?? t);
}

let seekInFlight = false;
let seekNext: number | null = null;

/** Seeks to `t` (clamped to the session); while a seek is under way only the latest wish waits (a drag). */
export async function seek(t: number): Promise<void> {
  const s = useReplay.getState().state;
  if (!s) return;
  const clamped = Math.round(Math.min(Math.max(t, s.from ?? t), s.to ?? t));
  if (seekInFlight) {
    seekNext = clamped;
    return;
  }
  seekInFlight = true;
  await run('Could not seek', (api) => api.call('replay.seek', { t: clamped }));
  seekInFlight = false;
  if (seekNext !== null) {
    const next = seekNext;
    seekNext = null;
    await seek(next);
  }
}

export async function play(speed = useReplay.getState().speed): Promise<void> {
  useReplay.setState({ speed });
  await run('Could not play', (api) => api.call('replay.play', { speed }));
}

export async function pause(): Promise<void> {
  await run('Could not pause', (api) => api.call('replay.pause', undefined));
}

/** The replay has run to the end of its session (the core says so, or the picture got there while playing). */
export function atEnd(state: ReplayState, viewT: number | null | undefined): boolean {
  return state.ended || (state.playing && state.to !== null && typeof viewT === 'number' && viewT >= state.to);
}

/** Pauses a playing replay; plays a paused one, from the start again when it had run to the end. */
export async function togglePlay(viewT: number | null | undefined): Promise<void> {
  const s = useReplay.getState().state;
  if (!s) return;
  const ended = atEnd(s, viewT);
  if (s.playing && !ended) return pause();
  if (ended && s.from !== null) await seek(s.from);
  await play();
}

/** Changes the speed; a playing replay goes on at the new one. */
export async function setSpeed(speed: number): Promise<void> {
  useReplay.setState({ speed });
  if (useReplay.getState().state?.playing) await play(speed);
}

export async function step(viewT: number | null | undefined, ms: number): Promise<void> {
  const s = useReplay.getState().state;
  if (s) await seek(cursorOf(s, viewT) + ms);
}

/** Seeks to the previous (-1) or next (+1) alert of the session from the cursor. */
export async function jumpToAlert(viewT: number | null | undefined, dir: -1 | 1): Promise<void> {
  const { state, alerts } = useReplay.getState();
  if (!state) return;
  const at = cursorOf(state, viewT);
  const target = dir > 0 ? alerts.find((a) => a.t > at + 1) : [...alerts].reverse().find((a) => a.t < at - 1);
  if (!target) return fail(dir > 0 ? 'No next alert' : 'No previous alert', 'none in this session from here');
  await seek(target.t);
}

export async function backToLive(): Promise<void> {
  const api = useReplay.getState().api;
  if (!api) return;
  try {
    const r = await api.call('replay.close', undefined);
    if (!r.ok) return fail('Could not go back to live', r.error);
    useReplay.setState({ state: null, alerts: [], error: null, coverage: null, backtest: null, testing: null });
  } catch (e) {
    fail('Could not go back to live', (e as Error).message);
  }
}
