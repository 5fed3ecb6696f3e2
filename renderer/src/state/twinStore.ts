/**
 * The twin as the renderer knows it. `frame` changes up to 30 times a second and is read transiently (getState() in
 * useFrame); nothing subscribes to it from React. What React renders changes rarely: the site, the alert list (when
 * an alert comes, goes or changes status), and `panelView`, a copy of the view refreshed at most twice a second for
 * the panels.
 */
import { create } from 'zustand';
import type { IngestStats } from '../../../electron/common/api';
import type { TwinFrame } from '../../../electron/common/frame';
import type { Problem } from '../../../electron/common/problem';
import type { SiteSpec } from '../../../electron/common/site';
import type { SourceInfo } from '../../../electron/common/source';
import type { AlertView, TwinView } from '../../../electron/common/views';
import type { LinkState } from '../api';
import { frameApplied } from './diagnostics';
import { slamStarts } from './slamPulse';

const PANEL_REFRESH_MS = 500;
const PROBLEMS_KEPT = 20;

export interface TwinStore {
  link: LinkState;
  site: SiteSpec | null;
  frame: TwinFrame | null;
  /** performance.now() when each door's slam pulse started (see slamPulse.ts): the scene pulses for a moment. */
  slamAt: Record<string, number>;
  /** Bumps on every discontinuity (a seek, a reconnect): derived state starts over. */
  epoch: number;
  alerts: AlertView[];
  panelView: TwinView | null;
  stats: IngestStats | null;
  sources: SourceInfo[];
  problems: Problem[];
  framesApplied: number;
}

export const useTwin = create<TwinStore>(() => ({
  link: 'connecting',
  site: null,
  frame: null,
  slamAt: {},
  epoch: 0,
  alerts: [],
  panelView: null,
  stats: null,
  sources: [],
  problems: [],
  framesApplied: 0,
}));

let lastPanel = 0;
let trailing: ReturnType<typeof setTimeout> | undefined;
/** What the alert list shows changes: an alert comes or goes, changes status, repeats or is revised. */
const alertKey = (alerts: readonly AlertView[]): string =>
  alerts.map((a) => `${a.id}:${a.status}:${a.occurrences}:${a.keys.length}:${a.reason}`).join('|');

/** Takes in one frame from the core. */
export function applyFrame(frame: TwinFrame): void {
  const s = useTwin.getState();
  const patch: Partial<TwinStore> = { frame, framesApplied: s.framesApplied + 1 };
  const prev = s.frame;
  if (!prev || frame.seq <= prev.seq || frame.seekSeq !== prev.seekSeq) patch.epoch = s.epoch + 1;
  // Across a jump no pulse of the picture before it goes on.
  const jumped = patch.epoch !== undefined;
  const slamAt = slamStarts(frame.events, frame.view.t, performance.now(), jumped ? {} : s.slamAt);
  if (slamAt) patch.slamAt = slamAt;
  else if (jumped && Object.keys(s.slamAt).length > 0) patch.slamAt = {};
  if (alertKey(frame.view.alerts) !== alertKey(s.alerts)) patch.alerts = frame.view.alerts;
  const now = performance.now();
  // A jump (a seek, back to live) shows at once; otherwise at most twice a second, and the last frame of a burst
  // still reaches the panels (a paused replay sends no more).
  if (now - lastPanel >= PANEL_REFRESH_MS || !s.panelView || patch.epoch !== undefined) {
    lastPanel = now;
    patch.panelView = frame.view;
  } else if (!trailing) {
    trailing = setTimeout(
      () => {
        trailing = undefined;
        lastPanel = performance.now();
        useTwin.setState({ panelView: useTwin.getState().frame?.view ?? null });
      },
      PANEL_REFRESH_MS - (now - lastPanel),
    );
  }
  useTwin.setState(patch);
  frameApplied(frame);
}

export function addProblem(p: Problem): void {
  useTwin.setState((s) => ({ problems: [p, ...s.problems].slice(0, PROBLEMS_KEPT) }));
}

export function upsertSource(src: SourceInfo): void {
  useTwin.setState((s) => ({ sources: [...s.sources.filter((x) => x.id !== src.id), src] }));
}
