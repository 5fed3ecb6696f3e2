/** Recorded sessions and their replay, as the API carries them. */
import type { AlertRule, AlertSeverity } from './site';

export interface SessionInfo {
  id: number;
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
