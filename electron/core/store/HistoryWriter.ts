/**
 * The one writer of a history database. Everything is batched: rows wait in memory and are written in one
 * transaction per flush, at most `flushMs` after the first of them, or at once when `maxRows` are waiting. A flush
 * that fails (disk full, locked) keeps its rows and is retried; the failure is reported as a Problem, never thrown
 * into a source.
 */
import type Database from 'better-sqlite3';
import type { Problem } from '../../common/problem';
import type { Sample } from '../../common/sample';
import type { TwinInput } from '../../common/twin';
import type { DeviceCounters } from '../ingest/Ingest';
import type { Rejection } from '../protocol/rejection';
import { channelMask } from './channelMask';
import { DICTIONARY_FROM_SNAPSHOT, packSnapshot, SnapshotDictionaries, type SnapshotDictionary } from './snapshotCodec';
import { prepareSummaryUpdate, SummaryDelta } from './sessionSummary';
import { prepareStatements, type Statements } from './statements';

export interface WriterOptions {
  flushMs?: number;
  maxRows?: number;
  /** Rows kept in the quarantine and the device log; older ones are pruned. */
  keepRejects?: number;
  keepLogLines?: number;
  session?: number;
  /** Current ingest counters per device, read at each flush. */
  counters?: () => readonly DeviceCounters[];
  onProblem?: (p: Problem) => void;
}

export interface DeviceMeta {
  dev: string;
  fw?: string;
  hw?: string;
  sensors?: readonly string[];
  intervalMs?: number;
  status?: string;
  tRecv: number;
}

/** Truncation of quarantined input: enough to see what it was, never a way to fill the disk. */
export const RAW_KEEP_BYTES = 256;
const RETRY_MS = 1000;
/** While writing keeps failing the same way, it is said again this often, not at every retry. */
const REPEAT_PROBLEM_MS = 60_000;

type Row = () => void;

export class HistoryWriter {
  readonly stats = { flushes: 0, rows: 0, failures: 0 };
  /** The failure last said, and when: a locked or full database is one problem, not one a second. */
  private failing: { message: string; since: number; said: number } | undefined;
  private readonly st: Statements;
  private pending: Row[] = [];
  /** Counters as last written: the database accumulates differences, so totals survive restarts of Twinscope. */
  private written = new Map<string, DeviceCounters>();
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly flushMs: number;
  private readonly maxRows: number;
  private readonly flushTx: () => DeviceCounters[];
  /** The session row's summary, added to in each flush's transaction (rolled back with it). */
  private readonly updateSummary: (session: number, d: SummaryDelta) => void;
  private summary = new SummaryDelta();
  /** The session's snapshot dictionary (snapshotCodec.ts), once it has one, and snapshots taken so far. */
  private dictionary: SnapshotDictionary | undefined;
  private snapshotsTaken = 0;
  /** Id of the newest stored sample: other inputs record it to keep their place in arrival order. */
  private lastSampleId: number;
  /** Engine inputs handed over so far: each one's arrival position in the session (the twin runner counts alike). */
  private arrival = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly options: WriterOptions = {},
  ) {
    this.st = prepareStatements(db);
    this.lastSampleId = this.st.lastSampleId.get() as number;
    this.flushMs = options.flushMs ?? 100;
    this.maxRows = options.maxRows ?? 1000;
    this.flushTx = db.transaction(() => this.writePending());
    this.updateSummary = prepareSummaryUpdate(db);
    // A session recorded into again (a restarted recorder) goes on with the dictionary it has.
    if (options.session !== undefined) {
      this.dictionary = new SnapshotDictionaries(db).of(options.session);
    }
  }

  /** Records an engine input: samples in `samples`, everything else in `device_events`, so a replay sees them all. */
  addInput(input: TwinInput): void {
    const arrival = ++this.arrival;
    if (input.kind === 'sample') return this.addSample(input.sample, arrival);
    const { kind, t, ...rest } = input;
    const dev = 'dev' in rest ? rest.dev : '';
    const session = this.options.session ?? null;
    const data = JSON.stringify(rest);
    this.enqueue(() => this.st.insertDeviceEvent.run(t, dev, kind, data, this.lastSampleId, session, arrival));
  }

  /**
   * An engine snapshot after the inputs handed over so far, committed with them (never ahead of the inputs it
   * follows). `state` is the engine's `snapshot()` JSON.
   */
  addSnapshot(t: number | null, hostT: number | null, state: string): void {
    const session = this.options.session;
    if (session === undefined) return;
    const arrival = this.arrival;
    this.snapshotsTaken++;
    if (!this.dictionary && this.snapshotsTaken >= DICTIONARY_FROM_SNAPSHOT) {
      const d = { fromArrival: arrival, dict: Buffer.from(state) };
      this.dictionary = d;
      this.enqueue(() => this.st.insertSnapshotDict.run(session, d.fromArrival, d.dict));
    }
    const d = this.dictionary;
    const packed = packSnapshot(state, d && arrival > d.fromArrival ? d.dict : undefined);
    this.enqueue(() => this.st.insertSnapshot.run(session, arrival, t, hostT, packed));
  }

  /** Engine inputs handed over so far in this session. */
  get arrivals(): number {
    return this.arrival;
  }

  addSample(s: Sample, arrival: number | null = null): void {
    const st = this.st;
    this.enqueue(() => {
      const r = st.insertSample.run(
        s.dev,
        s.boot,
        s.seq,
        s.t,
        s.up,
        s.tDev,
        s.tRecv,
        s.timeBasis,
        s.via,
        (s.backfill ? 1 : 0) | (s.late ? 2 : 0),
        s.evt === undefined ? 'tele' : 'evt',
        s.evt ?? null,
        channelMask(s.values),
        JSON.stringify(s.values),
        this.options.session ?? null,
        arrival,
      );
      if (r.changes === 0) return; // a duplicate
      this.lastSampleId = Number(r.lastInsertRowid);
      this.summary.add(s.dev, s.t);
    });
  }

  addLog(tRecv: number, origin: string, dev: string, level: string, line: string): void {
    this.enqueue(() => this.st.insertLog.run(tRecv, origin, dev, level, line.slice(0, 1024)));
  }

  addReject(tRecv: number, origin: string, rejection: Rejection, raw: string): void {
    const dev = rejection.dev ?? '';
    this.enqueue(() => {
      this.st.insertReject.run(tRecv, origin, dev, rejection.code, rejection.detail, truncate(raw));
      this.st.countReject.run(origin, dev, rejection.code, tRecv, tRecv);
    });
  }

  updateDevice(meta: DeviceMeta): void {
    this.enqueue(() =>
      this.st.upsertDeviceMeta.run({
        dev: meta.dev,
        fw: meta.fw ?? null,
        hw: meta.hw ?? null,
        sensors: meta.sensors ? JSON.stringify(meta.sensors) : null,
        interval_ms: meta.intervalMs ?? null,
        status: meta.status ?? null,
        t: meta.tRecv,
      }),
    );
  }

  /** Resolves once everything added so far is committed. Asks for a prompt flush instead of waiting `flushMs`. */
  committed(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule(0);
    });
  }

  /** Writes everything waiting, now. Returns false if the database refused (rows are kept for a retry). */
  flush(force = false): boolean {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (this.pending.length === 0 && !force) return true;
    const rows = this.pending.length;
    let writtenNow: DeviceCounters[];
    try {
      writtenNow = this.flushTx();
    } catch (e) {
      this.stats.failures++;
      this.lastSampleId = this.st.lastSampleId.get() as number; // the rolled-back rows will be written again
      const message = `Writing history ${this.db.name} failed: ${(e as Error).message}`;
      const now = Date.now();
      const f = this.failing;
      if (!f || f.message !== message || now - f.said >= REPEAT_PROBLEM_MS) {
        const still = f?.message === message ? ` (for ${Math.round((now - f.since) / 1000)} s)` : '';
        this.failing = { message, since: f?.message === message ? f.since : now, said: now };
        this.options.onProblem?.({
          severity: 'error',
          message: `${message}${still}`,
          tip: `Check free disk space and that no other program holds the database; Twinscope retries every second and keeps ${rows} rows meanwhile.`,
          origin: 'store',
        });
      }
      if (!this.closed) this.schedule(RETRY_MS);
      return false;
    }
    this.pending = [];
    if (this.failing) {
      const s = Math.round((Date.now() - this.failing.since) / 1000);
      this.failing = undefined;
      this.options.onProblem?.({
        severity: 'info',
        message: `Writing history ${this.db.name} works again (after ${s} s); nothing was lost`,
        origin: 'store',
      });
    }
    for (const c of writtenNow) this.written.set(c.dev, c);
    this.stats.flushes++;
    this.stats.rows += rows;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    return true;
  }

  /** Flushes and stops the timer. The database stays open (its owner closes it). */
  close(): boolean {
    this.closed = true;
    return this.flush(true);
  }

  private enqueue(row: Row): void {
    this.pending.push(row);
    if (this.pending.length >= this.maxRows) this.flush();
    else this.schedule(this.flushMs);
  }

  /** ms = 0: flush on the next turn of the event loop (someone awaits the commit); else within ms. */
  private schedule(ms: number): void {
    if (this.immediate) return;
    if (ms === 0) {
      this.immediate = setImmediate(() => this.flush());
      return;
    }
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => this.flush(), ms);
  }

  private writePending(): DeviceCounters[] {
    const writtenNow: DeviceCounters[] = [];
    this.summary = new SummaryDelta();
    for (const row of this.pending) row();
    if (this.options.session !== undefined) this.updateSummary(this.options.session, this.summary);
    for (const c of this.options.counters?.() ?? []) {
      const before = this.written.get(c.dev);
      if (before && before.received === c.received && before.duplicates === c.duplicates) continue;
      this.st.upsertDeviceCounters.run(counterDelta(c, before));
      writtenNow.push(c);
    }
    this.st.pruneRejects.run(this.options.keepRejects ?? 10_000);
    this.st.pruneLog.run(this.options.keepLogLines ?? 10_000);
    return writtenNow;
  }
}

function counterDelta(now: DeviceCounters, before: DeviceCounters | undefined) {
  return {
    dev: now.dev,
    lastRecv: now.lastRecv,
    lastBoot: now.lastBoot,
    received: now.received - (before?.received ?? 0),
    duplicates: now.duplicates - (before?.duplicates ?? 0),
    missing: now.missing - (before?.missing ?? 0),
    late: now.late - (before?.late ?? 0),
    backfilled: now.backfilled - (before?.backfilled ?? 0),
  };
}

function truncate(raw: string): string {
  const buf = Buffer.from(raw);
  return buf.length <= RAW_KEEP_BYTES ? raw : `${buf.subarray(0, RAW_KEEP_BYTES).toString()}…`;
}
