/**
 * Retention while recording: a run soon after start and every `everyMs` (an hour) after, each one a sequence of bounded
 * transactions spread over the event loop (one step per `pauseMs`), so ingest and frames never wait for more than
 * one step. The session being recorded is never touched (only ended sessions are pruned). Failures are Problems.
 * Between runs it keeps the 1-minute tier as minutes complete (MinuteFoldTimer), so charts need not read raw samples.
 */
import type Database from 'better-sqlite3';
import type { Problem } from '../../common/problem';
import type { RetentionSettings } from '../../common/retention';
import { MinuteFoldTimer } from './MinuteFoldTimer';
import { releaseFreePages } from '../store/retention/reclaim';
import { Retention, type RetentionReport } from '../store/retention/Retention';
import { RetentionRules } from '../store/retention/settings';

export interface RetentionTimerOptions {
  everyMs?: number;
  /**
   * The first run waits this long (default 5 min): start-up is when devices reconnect with their backlogs and the UI
   * loads, so retention, never urgent, keeps out of its way.
   */
  startDelayMs?: number;
  /** Pause between two steps of a run, ms. */
  pauseMs?: number;
  /** Rows per step. */
  batchRows?: number;
  /** How often what completed minutes received is folded into the 1-minute tier (default 15 s). */
  foldEveryMs?: number;
  /** Free pages given back to the file system after a run (incremental auto-vacuum), at most. */
  releasePages?: number;
  now?: () => number;
  onProblem?: (p: Problem) => void;
  onRun?: (report: RetentionReport) => void;
}

export class RetentionTimer {
  private every: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private readonly rules: RetentionRules;
  readonly folding: MinuteFoldTimer;

  constructor(
    private readonly db: Database.Database,
    settings: RetentionSettings,
    private readonly options: RetentionTimerOptions = {},
  ) {
    this.rules = new RetentionRules(settings);
    this.folding = new MinuteFoldTimer(db, {
      ...(options.foldEveryMs !== undefined ? { everyMs: options.foldEveryMs } : {}),
      ...(options.pauseMs !== undefined ? { pauseMs: options.pauseMs } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    });
  }

  start(): void {
    this.folding.start();
    this.runSoon(this.options.startDelayMs ?? 300_000);
    this.every = setInterval(() => this.runSoon(0), this.options.everyMs ?? 3_600_000);
    this.every.unref();
  }

  stop(): void {
    this.stopped = true;
    this.folding.stop();
    clearInterval(this.every);
    clearTimeout(this.pending);
  }

  private runSoon(ms: number): void {
    if (this.running || this.stopped) return;
    this.running = true;
    let retention: Retention | undefined;
    const step = (): void => {
      this.pending = undefined;
      if (this.stopped || !this.db.open) return;
      let more: boolean;
      try {
        // Ages are measured from when the run starts, not from when it was scheduled.
        retention ??= new Retention(this.db, this.rules, (this.options.now ?? Date.now)(), {
          batchRows: this.options.batchRows ?? 5000,
        });
        more = retention.step();
        if (!more) releaseFreePages(this.db, this.options.releasePages ?? 2560);
      } catch (e) {
        this.running = false;
        this.options.onProblem?.({
          severity: 'warn',
          message: `Retention of ${this.db.name} failed: ${(e as Error).message}`,
          tip: 'Nothing recorded is lost; it is tried again within the hour.',
          origin: 'store',
        });
        return;
      }
      if (more) {
        this.pending = setTimeout(step, this.options.pauseMs ?? 20);
        this.pending.unref();
        return;
      }
      this.running = false;
      this.options.onRun?.(retention.report);
    };
    this.pending = setTimeout(step, ms);
    this.pending.unref();
  }
}
