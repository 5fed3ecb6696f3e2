/** Recorded sessions and their replay, as the API carries them. */
import type { AlertRule, AlertSeverity, SiteRules } from './site';

export interface SessionInfo {
  id: number;
  /** What its user called it, and their notes (null until they say). */
  name: string | null;
  notes: string | null;
  /** Being recorded into by this app now (it cannot be deleted). */
  recording: boolean;
  started: number;
  ended: number | null;
  sources: string[];
  /** The site the session ran with (id and name), when it was kept. */
  site: { id: string; name: string } | null;
  devices: string[];
  samples: number;
  /** Event-time span of its samples. */
  from: number | null;
  to: number | null;
  alerts: number;
  snapshots: number;
  /**
   * Retention folded the session's raw samples up to this event time into 1-minute rows: charts still answer there,
   * but a replay of that span is not exact. Absent while the session is all raw.
   */
  downsampledTo?: number;
}

/** Where a replay stands: the session's span, the cursor (event time), playing or paused, at what speed. */
export interface ReplayState {
  session: number;
  from: number | null;
  to: number | null;
  at: number;
  playing: boolean;
  speed: number;
  ended: boolean;
}

/** Speeds a replay plays at, × real time. */
export const REPLAY_SPEEDS = { min: 0.25, max: 1000 } as const;

/** A stored alert of a session raised or repeated (a slam again) at event time `t`: a timeline marker. */
export interface SessionAlert {
  id: string;
  rule: AlertRule;
  subject: string;
  severity: AlertSeverity;
  t: number;
}

/**
 * A shaded span of a session's timeline: no data at all (`gap`), some devices silent (`partial`, naming them), or
 * data that arrived afterwards (`backfill`: a gateway's buffer after an outage, a slow link).
 */
export interface CoverageSpan {
  kind: 'gap' | 'partial' | 'backfill';
  from: number;
  to: number;
  devices: string[];
}

/** A session's coverage at the timeline's resolution (`bucketMs`). */
export interface SessionCoverage {
  session: number;
  from: number | null;
  to: number | null;
  bucketMs: number;
  spans: CoverageSpan[];
}

/** How a back-tested alert compares with the recorded one it matches (`vanished`: recorded, not raised any more). */
export type BacktestChange = 'appeared' | 'vanished' | 'moved' | 'unchanged';

/** One alert of a back-test on the timeline: raised at `t` with the edited rules (the recorded time if vanished). */
export interface BacktestMarker {
  id: string;
  rule: AlertRule;
  subject: string;
  severity: AlertSeverity;
  t: number;
  change: BacktestChange;
  /** How much later (+) or earlier (−) than recorded it is raised, for `moved` and `unchanged`. */
  shiftMs: number | null;
  reason: string;
}

/** A recorded session re-run through the twin with edited rules, against what was recorded. The recording is untouched. */
export interface SessionBacktest {
  session: number;
  /** The rule changes tested, over the session's own rules. */
  change: SiteRules;
  inputs: number;
  recorded: number;
  alerts: number;
  appeared: number;
  vanished: number;
  moved: number;
  markers: BacktestMarker[];
  elapsedMs: number;
}

/** The formats a session exports to from the app. */
export type SessionExportFormat = 'twinrec' | 'mcap' | 'ndjson' | 'csv';

/** A session written to a file in the core's exports folder. */
export interface SessionExport {
  session: number;
  format: SessionExportFormat;
  /** File name within the exports folder (browser mode serves it at /exports/NAME). */
  name: string;
  /** Where it is on the machine running the core. */
  path: string;
  bytes: number;
  records: number;
  /** What it holds as to integrity: intact and sealed, or what was left out. */
  note: string;
}

/** Where a recording to import comes from: the desktop app's open-file dialog, or a file uploaded to browser mode. */
export type SessionImportSource =
  | { from: 'dialog' }
  /** `upload`: the name the server gave the file in its uploads folder; `name`: the user's name for it. */
  | { from: 'upload'; upload: string; name?: string };

/** Why an import did not happen; every one leaves the history as it was. */
export type SessionImportError =
  | 'not-twinrec'
  | 'newer-format'
  | 'damaged'
  | 'tampered'
  | 'already-imported'
  | 'overlaps'
  | 'too-large'
  | 'cancelled'
  | 'no-dialog'
  | 'no-upload'
  | 'busy'
  | 'failed';

/** A .twinrec imported into the history as a new session. */
export interface SessionImport {
  session: number;
  /** The file's name, as the user chose it. */
  file: string;
  records: number;
  /** The session's id in the history it was exported from. */
  sourceSession: number;
  /** Its integrity once imported, as `twinscope verify` says it. */
  summary: string;
}

/**
 * Long work in the core (a back-test, an export, an import) says how far it got. An import says `total` 0 while it
 * checks the file, and its session 0 until it has one.
 */
export interface TaskProgress {
  task: 'backtest' | 'export' | 'import';
  session: number;
  done: number;
  total: number;
}
