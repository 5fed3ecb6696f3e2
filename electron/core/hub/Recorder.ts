/**
 * Records into a history database, and only records: opens it, starts a session, and takes everything the pipeline
 * and the twin runner hand over (engine inputs, rejections, device logs and metadata, alert changes) through one
 * batched writer. On close it commits what is pending, marks the session ended, seals it (its hash chain, see
 * store/integrity) and closes the database. `seal()` seals what is committed while it runs (the live hub's timer).
 */
import type Database from 'better-sqlite3';
import type { Problem } from '../../common/problem';
import type { SiteSpec } from '../../common/site';
import type { TwinEvent, TwinInput } from '../../common/twin';
import type { DeviceCounters } from '../ingest/Ingest';
import type { Rejection } from '../protocol/rejection';
import type { AlertPort } from '../runner/TwinRunner';
import { AlertStore } from '../store/AlertStore';
import { HistoryReader } from '../store/HistoryReader';
import { HistoryWriter, type DeviceMeta } from '../store/HistoryWriter';
import { ChainReader } from '../store/integrity/ChainReader';
import { sealSession, type Seal } from '../store/integrity/sealSession';
import { openDatabase } from '../store/openDatabase';
import { removeUnfinishedImportsNow } from '../store/twinrec/unfinishedImports';
import type { PipelineRecords } from './Pipeline';

export interface RecorderOptions {
  db: string;
  /** The site (and rules) the session runs with, kept with it so a replay uses the same. */
  site?: SiteSpec;
  flushMs?: number;
  onProblem?: (p: Problem) => void;
  /** Current ingest counters per device, written with each flush. */
  counters?: () => readonly DeviceCounters[];
}

export class Recorder implements PipelineRecords, AlertPort {
  readonly db: Database.Database;
  readonly writer: HistoryWriter;
  readonly reader: HistoryReader;
  readonly session: number;
  private readonly alertStore: AlertStore;
  private chain: ChainReader | undefined;

  constructor(private readonly options: RecorderOptions) {
    this.db = openDatabase(options.db);
    this.reader = new HistoryReader(this.db);
    this.alertStore = new AlertStore(this.db);
    this.dropUnfinishedImports();
    this.sealUnended();
    this.session = Number(
      this.db
        .prepare('INSERT INTO sessions (started, sources, site) VALUES (?, ?, ?)')
        .run(Date.now(), '[]', options.site ? JSON.stringify(options.site) : null).lastInsertRowid,
    );
    this.writer = new HistoryWriter(this.db, {
      flushMs: options.flushMs ?? 100,
      session: this.session,
      ...(options.counters ? { counters: options.counters } : {}),
      ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    });
    // Sealed at once (its origin: started, site), so even a recorder killed before its first periodic seal leaves
    // a session that verify checks, and that the next recorder seals as far as it got.
    this.trySeal(this.session, false);
  }

  get open(): boolean {
    return this.db.open;
  }

  addInput(input: TwinInput): void {
    this.writer.addInput(input);
  }

  addLog(tRecv: number, origin: string, dev: string, level: string, line: string): void {
    this.writer.addLog(tRecv, origin, dev, level, line);
  }

  addReject(tRecv: number, origin: string, rejection: Rejection, raw: string): void {
    this.writer.addReject(tRecv, origin, rejection, raw);
  }

  updateDevice(meta: DeviceMeta): void {
    this.writer.updateDevice(meta);
  }

  /** Alert changes from the twin runner: upserted by id, so a revision replaces and a retraction removes. */
  record(events: readonly TwinEvent[]): void {
    if (this.db.open) this.alertStore.record(this.session, events);
  }

  /** The session's site changed (a device was placed): a replay of the session uses the site it ended with. */
  setSite(site: SiteSpec): void {
    this.db.prepare('UPDATE sessions SET site = ? WHERE id = ?').run(JSON.stringify(site), this.session);
  }

  /** Names the session's sources. */
  setSources(ids: readonly string[]): void {
    this.db.prepare('UPDATE sessions SET sources = ? WHERE id = ?').run(JSON.stringify(ids), this.session);
  }

  /**
   * Commits what is pending and seals the session up to there (only the chain's open block and what follows are
   * read). Undefined when nothing could be sealed now (the database refused the commit, or sealing was refused).
   */
  seal(): Seal | undefined {
    if (!this.db.open || !this.writer.flush()) return undefined;
    return this.trySeal(this.session, false);
  }

  /** Commits everything pending, marks the session ended, seals it for good and closes the database. */
  close(): void {
    if (!this.db.open) return;
    this.writer.close();
    const end = this.db.prepare('UPDATE sessions SET ended = ? WHERE id = ?');
    const now = Date.now();
    // Ended and sealed in one transaction: a crash between the two must not leave an ended session without its seal.
    // (A seal that is refused is reported; the session is marked ended all the same.)
    this.db.transaction(() => {
      end.run(now, this.session);
      this.trySeal(this.session, true);
    })();
    this.db.close();
  }

  /** Records an import left when its process died: gone before this session takes the id they were written under. */
  private dropUnfinishedImports(): void {
    for (const id of removeUnfinishedImportsNow(this.db))
      this.options.onProblem?.({
        severity: 'info',
        message: `Removed the records of an import into ${this.db.name} that was interrupted (session ${id} never completed)`,
        tip: 'Import the file again.',
        origin: 'store',
      });
  }

  /**
   * Sessions a recorder left without ending them (killed, power lost): their committed records are sealed now (this
   * recorder holds the writer lock, so nobody else writes them), still unended: sealed as far as they got.
   */
  private sealUnended(): void {
    // Only those sealed before: older ones (recorded before sessions were sealed) stay as they were.
    const open = this.db
      .prepare(
        `SELECT id FROM sessions WHERE ended IS NULL AND EXISTS (SELECT 1 FROM session_seals WHERE session = sessions.id)
          ORDER BY id`,
      )
      .pluck()
      .all() as number[];
    for (const id of open) this.trySeal(id, false);
  }

  private trySeal(session: number, final: boolean): Seal | undefined {
    try {
      return sealSession(this.db, session, { final, reader: (this.chain ??= new ChainReader(this.db)) });
    } catch (e) {
      this.options.onProblem?.({
        severity: 'error',
        message: `Sealing session ${session} of ${this.db.name} failed: ${(e as Error).message}`,
        tip: 'Run twinscope verify on this database to see what changed.',
        origin: 'store',
      });
      return undefined;
    }
  }
}
