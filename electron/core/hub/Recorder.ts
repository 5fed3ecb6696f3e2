/**
 * Records into a history database, and only records: opens it, starts a session, and takes everything the pipeline
 * and the twin runner hand over (engine inputs, rejections, device logs and metadata, alert changes) through one
 * batched writer. On close it commits what is pending, marks the session ended and closes the database.
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
import { openDatabase } from '../store/openDatabase';
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

  constructor(options: RecorderOptions) {
    this.db = openDatabase(options.db);
    this.reader = new HistoryReader(this.db);
    this.alertStore = new AlertStore(this.db);
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

  /** Commits everything pending, marks the session ended and closes the database. */
  close(): void {
    if (!this.db.open) return;
    this.writer.close();
    this.db.prepare('UPDATE sessions SET ended = ? WHERE id = ?').run(Date.now(), this.session);
    this.db.close();
  }
}
