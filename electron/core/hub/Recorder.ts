/**
 * Records live sources into a history database: opens it, wires every source through the pipeline into the single
 * writer, and on stop flushes everything and closes cleanly. The headless heart of `twinscope record`, of
 * `twinscope serve` and of the desktop app.
 */
import type Database from 'better-sqlite3';
import type { Problem } from '../../common/problem';
import type { Sample } from '../../common/sample';
import type { SourceStatus } from '../../common/source';
import { Ingest } from '../ingest/Ingest';
import type { Source, SourceSink } from '../sources/Source';
import { HistoryReader } from '../store/HistoryReader';
import { HistoryWriter } from '../store/HistoryWriter';
import { openDatabase } from '../store/openDatabase';
import { Pipeline, type PipelineCounts } from './Pipeline';

export interface RecorderOptions {
  db: string;
  flushMs?: number;
  onProblem?: (p: Problem) => void;
  onStatus?: (sourceId: string, status: SourceStatus) => void;
  onSample?: (s: Sample) => void;
}

export class Recorder {
  readonly db: Database.Database;
  readonly writer: HistoryWriter;
  readonly pipeline: Pipeline;
  private readonly sources: Source[] = [];
  private readonly session: number;

  constructor(private readonly options: RecorderOptions) {
    this.db = openDatabase(options.db);
    const reader = new HistoryReader(this.db);
    const ingest = new Ingest((dev, boot) => reader.seqs(dev, boot));
    this.session = Number(
      this.db.prepare('INSERT INTO sessions (started, sources) VALUES (?, ?)').run(Date.now(), '[]').lastInsertRowid,
    );
    this.writer = new HistoryWriter(this.db, {
      flushMs: options.flushMs ?? 100,
      session: this.session,
      counters: () => ingest.counters(),
      ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    });
    this.pipeline = new Pipeline(ingest, this.writer, options.onSample ? { onSample: options.onSample } : {});
  }

  get counts(): PipelineCounts {
    return this.pipeline.counts;
  }

  async add(source: Source): Promise<void> {
    this.sources.push(source);
    this.db
      .prepare('UPDATE sessions SET sources = ? WHERE id = ?')
      .run(JSON.stringify(this.sources.map((s) => s.id)), this.session);
    await source.start(this.sink());
  }

  /** Stops every source, commits what is pending, marks the session ended and closes the database. */
  async stop(): Promise<void> {
    if (!this.db.open) return;
    await Promise.allSettled(this.sources.map((s) => s.stop()));
    this.writer.close();
    this.db.prepare('UPDATE sessions SET ended = ? WHERE id = ?').run(Date.now(), this.session);
    this.db.close();
  }

  private sink(): SourceSink {
    const p = this.pipeline;
    return {
      line: (src, line) => p.line(src, line),
      refused: (src, rejection, raw) => p.refused(src, rejection, raw),
      mqtt: (src, topic, payload) => p.mqtt(src, topic, payload),
      committed: () => this.writer.committed(),
      problem: (problem) => this.options.onProblem?.(problem),
      status: (id, status) => this.options.onStatus?.(id, status),
    };
  }
}
