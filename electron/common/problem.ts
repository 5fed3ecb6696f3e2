/**
 * Expected failures are data, not exceptions: a cable pulled, a broker down, a malformed line. Sources and the hub
 * report them as `Problem`s that a user can read and act on.
 */
export type ProblemSeverity = 'info' | 'warn' | 'error';

export interface Problem {
  severity: ProblemSeverity;
  /** What happened, in the user's terms. */
  message: string;
  /** What the user can do about it, when there is something. */
  tip?: string;
  /** Which source or part raised it, e.g. `serial:/dev/ttyACM0`. */
  origin?: string;
}
