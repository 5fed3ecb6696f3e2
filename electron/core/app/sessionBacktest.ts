/**
 * Back-testing a recorded session from the app: its inputs, in arrival order, through a fresh twin with the session's
 * rules plus the user's edits, compared with the alerts recorded. It reads over its own read-only connection and
 * yields to the event loop between chunks, so recording and frames go on while a long session is re-run; a newer
 * back-test makes an older one stop.
 */
import type Database from 'better-sqlite3';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Result } from '../../common/api';
import type { BacktestMarker, SessionBacktest, TaskProgress } from '../../common/replay';
import type { SiteRules, SiteSpec } from '../../common/site';
import type { TwinEvent, TwinInput } from '../../common/twin';
import { alertRecords } from '../runner/backtest';
import { TwinRunner } from '../runner/TwinRunner';
import { AlertStore } from '../store/AlertStore';
import { openDatabase } from '../store/openDatabase';
import { readInputs } from '../store/readInputs';
import { countRecords } from '../store/twinrec/copySession';
import { diffAlerts } from '../twin/alertDiff';
import { overlayRules } from '../twin/rules';
import { parseSite } from '../twin/site/loadSite';
import { sessionSite } from './sessionSite';

/** Inputs between yields: about 20–50 ms of engine work. */
const CHUNK = 4000;
const PROGRESS_EVERY_MS = 250;

export class SessionBacktester {
  private generation = 0;

  constructor(
    private readonly dbPath: string,
    private readonly fallbackSite: SiteSpec,
    private readonly onProgress: (p: TaskProgress) => void,
  ) {}

  async run(session: number, change: SiteRules): Promise<Result<SessionBacktest>> {
    const mine = ++this.generation;
    const started = Date.now();
    let db: Database.Database | undefined;
    try {
      db = openDatabase(this.dbPath, { readonly: true });
      const found = sessionSite(db, session, this.fallbackSite);
      if (!found) return { ok: false, code: 'no-session', error: `there is no session ${session}` };
      const site = { ...found, rules: overlayRules(found.rules, change) };
      const checked = parseSite(site);
      if (!checked.ok) {
        return { ok: false, code: 'invalid-rules', error: `these rules cannot be used: ${checked.errors.join('; ')}` };
      }
      const total = countRecords(db, session);
      const runner = new TwinRunner(checked.site);
      const events: TwinEvent[] = [];
      let batch: TwinInput[] = [];
      let done = 0;
      let reported = 0;
      const keepAlerts = (list: readonly TwinEvent[]): void => {
        for (const e of list) if (e.kind === 'alert') events.push(e);
      };
      for (const input of readInputs(db, {}, 'arrival', session)) {
        batch.push(input);
        if (batch.length < CHUNK) continue;
        keepAlerts(runner.push(batch));
        done += batch.length;
        batch = [];
        await yieldToEventLoop();
        if (mine !== this.generation) return superseded();
        if (Date.now() - reported > PROGRESS_EVERY_MS) {
          reported = Date.now();
          this.onProgress({ task: 'backtest', session, done, total });
        }
      }
      keepAlerts(runner.push(batch));
      done += batch.length;
      keepAlerts(runner.close());
      this.onProgress({ task: 'backtest', session, done, total: done });

      const recorded = new AlertStore(db).list().filter((a) => a.session === session);
      const tested = alertRecords(events);
      const diff = diffAlerts(recorded, tested, { includeUnchanged: true });
      const markers: BacktestMarker[] = diff.map((d) => {
        const a = (d.after ?? d.before)!;
        return {
          id: a.id,
          rule: a.rule,
          subject: a.subject,
          severity: a.severity,
          t: a.raisedAt,
          change: d.change,
          shiftMs: d.raisedShiftMs,
          reason: a.reason,
        };
      });
      markers.sort((x, y) => x.t - y.t);
      const count = (c: BacktestMarker['change']): number => markers.filter((m) => m.change === c).length;
      return {
        ok: true,
        value: {
          session,
          change,
          inputs: done,
          recorded: recorded.length,
          alerts: tested.length,
          appeared: count('appeared'),
          vanished: count('vanished'),
          moved: count('moved'),
          markers,
          elapsedMs: Date.now() - started,
        },
      };
    } finally {
      db?.close();
    }
  }

  /** Stops the back-test under way, if any. */
  cancel(): void {
    this.generation++;
  }
}

function superseded(): Result<SessionBacktest> {
  return { ok: false, code: 'superseded', error: 'a newer back-test replaced this one' };
}
