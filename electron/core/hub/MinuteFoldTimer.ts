/**
 * The 1-minute tier kept while recording: every `everyMs` (15 s), what was received before the current host minute
 * began is folded (MinuteFolder), one bounded transaction per `pauseMs`, so ingest never waits for more than one
 * step. At start it also catches up on what earlier recordings left unfolded. Failures are Problems; the raw rows
 * stay, so charts read them until a later run folds them.
 */
import type Database from 'better-sqlite3';
import type { Problem } from '../../common/problem';
import { MinuteFolder } from '../store/retention/MinuteFolder';
import { minuteOf } from '../store/retention/minuteStats';

export interface MinuteFoldTimerOptions {
  everyMs?: number;
  pauseMs?: number;
  /** Arrivals per step. */
  batchRows?: number;
  now?: () => number;
  onProblem?: (p: Problem) => void;
}

export class MinuteFoldTimer {
  private readonly folder: MinuteFolder;
  private every: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  constructor(
    private readonly db: Database.Database,
    private readonly options: MinuteFoldTimerOptions = {},
  ) {
    this.folder = new MinuteFolder(db, options.batchRows ?? 5000);
  }

  get report(): MinuteFolder['report'] {
    return this.folder.report;
  }

  start(): void {
    this.every = setInterval(() => this.run(), this.options.everyMs ?? 15_000);
    this.every.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.every);
    clearTimeout(this.pending);
  }

  /** Folds everything due now, a step at a time (the interval's work; tests call it to not wait). */
  run(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    const step = (): void => {
      this.pending = undefined;
      if (this.stopped || !this.db.open) return;
      let folded: number;
      try {
        folded = this.folder.step(minuteOf((this.options.now ?? Date.now)()));
      } catch (e) {
        this.running = false;
        this.options.onProblem?.({
          severity: 'warn',
          message: `Keeping the 1-minute rows of ${this.db.name} failed: ${(e as Error).message}`,
          tip: 'Nothing recorded is lost: charts read the raw samples, and folding is tried again shortly.',
          origin: 'store',
        });
        return;
      }
      if (folded === 0) {
        this.running = false;
        return;
      }
      this.pending = setTimeout(step, this.options.pauseMs ?? 20);
      this.pending.unref();
    };
    step();
  }
}
