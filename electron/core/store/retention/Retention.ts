/**
 * Retention of a history: raw records of ENDED sessions that aged out are folded into the 1-minute tier and
 * removed, in arrival order (a prefix of each session, ending on a block of the integrity chain), then 1-minute
 * rows and kept events past their own retention are removed. The work is a sequence of bounded transactions
 * (`step()` runs one), so a live recorder interleaves it with ingest; each transaction folds and deletes the same
 * rows, so an interrupted run leaves nothing counted twice and the next run carries on.
 *
 * A session is first folded to its end (MinuteFolder: what recording left unfolded, or a history recorded before
 * the tier was kept live); its raw rows are then only removed, never merged into the tier a second time. Rows
 * outside what the folder covers (recorded before arrival positions, or pruned before migration 10) are merged.
 *
 * Kept in the pruned span: discrete events (door open/close, slams: samples of kind `evt`) until the device's
 * 1-minute rows expire, rows a longer override still keeps raw, and engine inputs other than clock ticks and
 * sightings. Engine snapshots of the span go: a replay there cannot be exact any more.
 */
import type Database from 'better-sqlite3';
import { keepPrunedPrints, markPruned, wholeBlocksUpTo } from './chainBlocks';
import { HourTier, hourKey, hourOf, HOUR_MS } from './hourTier';
import { MinuteFolder, type FoldRange } from './MinuteFolder';
import { foldRows, mergeStats, parseStats, storedStats, MINUTE_MS } from './minuteStats';
import { prepareRetention, type RawRow, type RetentionStatements } from './retentionStatements';
import { DAY_MS, type RetentionRules } from './settings';

export interface SessionPruned {
  session: number;
  /** Arrival positions 1..prunedTo are pruned. */
  prunedTo: number;
  /** Event time of the newest raw sample folded so far. */
  downsampledTo: number | null;
}

export interface RetentionReport {
  /** Raw samples folded into 1-minute rows and removed. */
  rawFolded: number;
  /** Of those, the ones folded while they were recorded (the rest this run folded first); none was folded twice. */
  rawFoldedLive: number;
  /** Raw samples in pruned spans kept: events and rows a longer override keeps. */
  rawKept: number;
  /** 1-minute rows added (a minute folded in two batches is one row). */
  minuteRowsWritten: number;
  /** Clock ticks and sightings of pruned spans removed. */
  inputsRemoved: number;
  snapshotsRemoved: number;
  minuteRowsExpired: number;
  eventsExpired: number;
  inputsExpired: number;
  sessions: SessionPruned[];
}

export interface RetentionOptions {
  /** Rows read per transaction (default 20,000): bounds how long one step holds the database. */
  batchRows?: number;
}

const emptyReport = (): RetentionReport => ({
  rawFolded: 0,
  rawFoldedLive: 0,
  rawKept: 0,
  minuteRowsWritten: 0,
  inputsRemoved: 0,
  snapshotsRemoved: 0,
  minuteRowsExpired: 0,
  eventsExpired: 0,
  inputsExpired: 0,
  sessions: [],
});

export class Retention {
  readonly report: RetentionReport = emptyReport();
  private readonly st: RetentionStatements;
  private readonly batch: number;
  private readonly work: Generator<void, void>;
  private readonly folder: MinuteFolder;
  private readonly hours: HourTier;
  /** What the folder covers of the session being pruned, and how far it had got before this run. */
  private folded: FoldRange & { live: number } = { session: 0, foldedFrom: 0, foldedTo: 0, live: 0 };

  constructor(
    private readonly db: Database.Database,
    private readonly rules: RetentionRules,
    /** Host time the ages are measured from (ms epoch). */
    private readonly now: number,
    options: RetentionOptions = {},
  ) {
    this.st = prepareRetention(db);
    this.batch = options.batchRows ?? 20_000;
    this.folder = new MinuteFolder(db, this.batch);
    this.hours = new HourTier(db);
    this.work = this.steps();
  }

  /** Runs one bounded transaction; false once everything is done. */
  step(): boolean {
    return !this.work.next().done;
  }

  /** Runs to the end (a command by hand; the live hub steps it between its other work). */
  runAll(): RetentionReport {
    while (this.step());
    return this.report;
  }

  private *steps(): Generator<void, void> {
    // Hours of 1-minute rows stored before the 1-hour tier existed (folding nothing else: nothing is received before
    // the dawn of time).
    while (this.folder.step(Number.NEGATIVE_INFINITY) > 0) yield;
    for (const session of this.st.endedSessions.all() as number[]) {
      let prunedTo = (this.st.state.get(session) as number | undefined) ?? 0;
      const before = prunedTo;
      const written = this.folder.report.rowsWritten;
      const live = this.folder.foldRange(session).foldedTo;
      yield* this.folder.catchUp(session);
      // Counted as they are made, so a run stopped halfway reports what it did.
      this.report.minuteRowsWritten += this.folder.report.rowsWritten - written;
      this.folded = { ...this.folder.foldRange(session), live };
      for (;;) {
        const next = this.db.transaction(() => this.prunePrefix(session, prunedTo))();
        if (next <= prunedTo) break;
        prunedTo = next;
        yield;
      }
      if (!this.rules.uniform) yield* this.pruneLeftovers(session, prunedTo);
      const legacy = yield* this.pruneLegacy(session);
      if (prunedTo > before || legacy > 0) {
        const downsampledTo = this.db
          .prepare('SELECT downsampled_to FROM session_retention WHERE session = ?')
          .pluck()
          .get(session) as number | null;
        this.report.sessions.push({ session, prunedTo, downsampledTo });
      }
    }
    yield* this.keepPrunedPrints();
    yield* this.expire();
  }

  /** Chain blocks pruned before kept prints existed get them, a few hundred per transaction. */
  private *keepPrunedPrints(): Generator<void, void> {
    for (;;) {
      const n = this.db.transaction(() => keepPrunedPrints(this.db, 256))();
      if (n === 0) return;
      yield;
    }
  }

  /** Prunes the next window of `session` after `prunedTo`; returns the new pruned position (same: nothing due). */
  private prunePrefix(session: number, prunedTo: number): number {
    const st = this.st;
    const samples = st.nextSamples.all(session, prunedTo, this.batch) as RawRow[];
    const inputs = st.nextInputs.all(session, prunedTo, this.batch) as { t: number; arrival: number }[];
    if (samples.length === 0 && inputs.length === 0) return prunedTo;
    // A full batch may stop short of the other table's rows: look only as far as both were read.
    const lastOf = (rows: { arrival: number }[]): number => rows[rows.length - 1]?.arrival ?? 0;
    let limit = Math.max(lastOf(samples), lastOf(inputs));
    if (samples.length === this.batch) limit = Math.min(limit, lastOf(samples));
    if (inputs.length === this.batch) limit = Math.min(limit, lastOf(inputs));
    // The span ends before the first record young enough that no setting lets it go.
    const young = this.now - this.rules.shortestRawDays() * DAY_MS;
    let end = limit;
    for (const r of [...samples, ...inputs]) if (r.arrival <= end && r.t >= young) end = r.arrival - 1;
    end = wholeBlocksUpTo(this.db, session, prunedTo, end);
    if (end <= prunedTo) return prunedTo;
    this.report.rawKept += this.fold(
      session,
      samples.filter((r) => r.arrival <= end),
    );
    this.report.inputsRemoved += st.deleteInputs.run(session, prunedTo, end).changes;
    this.report.snapshotsRemoved += st.deleteSnapshots.run(session, prunedTo, end).changes;
    st.saveState.run(session, end, null, this.now);
    markPruned(this.db, session, prunedTo + 1, end, this.now);
    return end;
  }

  /** Rows a longer override kept raw in the pruned span, folded once their own time has come. */
  private *pruneLeftovers(session: number, prunedTo: number): Generator<void, void> {
    let cursor = 0;
    for (;;) {
      const rows = this.st.leftoverSamples.all(session, cursor, prunedTo, this.batch) as RawRow[];
      if (rows.length === 0) return;
      cursor = rows[rows.length - 1]!.arrival;
      this.db.transaction(() => this.fold(session, rows))();
      yield;
      if (rows.length < this.batch) return;
    }
  }

  /** Samples without an arrival position (recorded by older versions): by age, in id order; returns how many went. */
  private *pruneLegacy(session: number): Generator<void, number> {
    const young = this.now - this.rules.shortestRawDays() * DAY_MS;
    let cursor = 0;
    let folded = 0;
    for (;;) {
      const rows = this.st.legacySamples.all(session, cursor, young, this.batch) as RawRow[];
      if (rows.length === 0) return folded;
      cursor = rows[rows.length - 1]!.id;
      const before = this.report.rawFolded;
      this.db.transaction(() => this.fold(session, rows))();
      folded += this.report.rawFolded - before;
      yield;
      if (rows.length < this.batch) return folded;
    }
  }

  /** Folds the due telemetry rows among `rows` into the 1-minute tier and deletes them; returns how many stay. */
  private fold(session: number, rows: readonly RawRow[]): number {
    const due = rows.filter((r) => r.kind === 'tele' && this.rules.rawDue(r.dev, r.mask, r.t, this.now));
    if (due.length === 0) return rows.length;
    const st = this.st;
    const f = this.folded.session === session ? this.folded : { foldedFrom: 0, foldedTo: 0, live: 0 };
    const inTier = (r: RawRow): boolean => r.arrival > f.foldedFrom && r.arrival <= f.foldedTo;
    this.report.rawFoldedLive += due.filter((r) => inTier(r) && r.arrival <= f.live).length;
    const hours: string[] = [];
    for (const [key, stats] of foldRows(due.filter((r) => !inTier(r)).map((r) => ({ ...r, session })))) {
      if (Object.keys(stats).length === 0) continue;
      const [dev, minute] = key.split('\t') as [string, string];
      const stored = st.getMinute.get(dev, Number(minute), session) as string | undefined;
      const merged = stored ? mergeStats(parseStats(stored), stats) : stats;
      st.putMinute.run(dev, Number(minute), session, storedStats(merged));
      hours.push(hourKey(dev, Number(minute), session));
      if (!stored) this.report.minuteRowsWritten++;
    }
    this.hours.refoldHours(hours);
    for (const r of due) st.deleteSample.run(r.id);
    this.report.rawFolded += due.length;
    const newest = due.reduce((m, r) => Math.max(m, r.t), -Infinity);
    st.saveState.run(session, 0, newest, this.now);
    return rows.length - due.length;
  }

  /** 1-minute rows, kept events and engine inputs past the device's 1-minute retention. */
  private *expire(): Generator<void, void> {
    const st = this.st;
    for (
      let dev = st.nextMinuteDev.get('') as string | null;
      dev !== null;
      dev = st.nextMinuteDev.get(dev) as string | null
    ) {
      const cutoff = this.now - this.rules.minuteDays(dev) * DAY_MS;
      for (;;) {
        const first = st.firstMinute.get(dev) as number | null;
        if (first === null || first >= cutoff) break;
        const upTo = Math.min(cutoff, first + this.batch * MINUTE_MS);
        this.db.transaction(() => {
          this.report.minuteRowsExpired += st.expireMinutes.run(dev, upTo).changes;
          // Hours wholly before the cutoff go with their minutes; the one it falls in keeps what is left of it.
          st.expireHours.run(dev, upTo - HOUR_MS);
          const partial = hourOf(upTo);
          const sessions = st.hourSessions.all(dev, partial) as number[];
          this.hours.refoldHours(sessions.map((session) => hourKey(dev, partial, session)));
        })();
        yield;
      }
    }
    for (
      let dev = st.nextSampleDev.get('') as string | null;
      dev !== null;
      dev = st.nextSampleDev.get(dev) as string | null
    ) {
      const cutoff = this.now - this.rules.minuteDays(dev) * DAY_MS;
      for (;;) {
        const n = st.expireEvents.run(dev, cutoff, this.batch).changes;
        this.report.eventsExpired += n;
        if (n < this.batch) break;
        yield;
      }
    }
    const cutoff = this.now - this.rules.settings.minuteDays * DAY_MS;
    for (;;) {
      const n = st.expireInputs.run(cutoff, this.batch).changes;
      this.report.inputsExpired += n;
      if (n < this.batch) break;
      yield;
    }
  }
}
