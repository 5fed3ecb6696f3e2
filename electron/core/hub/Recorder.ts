/**
 * Records live sources into a history database: opens it, wires every source through the pipeline into the single
 * writer, and on stop flushes everything and closes cleanly. The headless heart of `twinscope record`, of
 * `twinscope serve` and of the desktop app.
 */
import type Database from 'better-sqlite3';
import type { Problem } from '../../common/problem';
import type { TwinFrame } from '../../common/frame';
import type { SiteSpec } from '../../common/site';
import type { TwinEvent, TwinInput } from '../../common/twin';
import { AlertStore } from '../store/AlertStore';
import { LiveTwin } from './LiveTwin';
import type { SourceStatus } from '../../common/source';
import { Ingest, type DeviceCounters } from '../ingest/Ingest';
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
  onInput?: (input: TwinInput) => void;
  /** Run the twin engine live over this site; its alerts are stored with the history. */
  site?: SiteSpec;
  onFrame?: (frame: TwinFrame) => void;
  onEvents?: (events: readonly TwinEvent[]) => void;
}

export class Recorder {
  readonly db: Database.Database;
  readonly writer: HistoryWriter;
  readonly pipeline: Pipeline;
  readonly twin: LiveTwin | undefined;
  private readonly sources: Source[] = [];
  private readonly session: number;
  private readonly ingest: Ingest;

  constructor(private readonly options: RecorderOptions) {
    this.db = openDatabase(options.db);
    const reader = new HistoryReader(this.db);
    const ingest = new Ingest((dev, boot) => reader.seqs(dev, boot));
    this.ingest = ingest;
    this.session = Number(
      this.db.prepare('INSERT INTO sessions (started, sources) VALUES (?, ?)').run(Date.now(), '[]').lastInsertRowid,
    );
    this.writer = new HistoryWriter(this.db, {
      flushMs: options.flushMs ?? 100,
      session: this.session,
      counters: () => ingest.counters(),
      ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    });
    const site = options.site;
    this.twin = site
      ? new LiveTwin(site, {
          record: (input) => this.writer.addInput(input),
          alerts: { store: new AlertStore(this.db), session: this.session },
          ...(options.onFrame ? { onFrame: options.onFrame } : {}),
          ...(options.onEvents ? { onEvents: options.onEvents } : {}),
        })
      : undefined;
    this.twin?.start();
    this.pipeline = new Pipeline(ingest, this.writer, {
      onInput: (input) => {
        this.twin?.input(input);
        options.onInput?.(input);
      },
      onHello: (origin, hello) => {
        if (hello.ts === null) void this.syncClock(origin, hello.dev);
      },
    });
  }

  get sessionId(): number {
    return this.session;
  }

  get counts(): PipelineCounts {
    return this.pipeline.counts;
  }

  /** Per device, this session: received, missing, duplicates, late, backfilled. */
  get devices(): DeviceCounters[] {
    return this.ingest.counters();
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
    this.twin?.stop();
    this.writer.close();
    this.db.prepare('UPDATE sessions SET ended = ? WHERE id = ?').run(Date.now(), this.session);
    this.db.close();
  }

  /**
   * A device without a synced clock said hello: send it ours (the `time` command), so its messages carry `ts` and
   * need no estimate. Devices on NTP never ask.
   */
  private async syncClock(origin: string, dev: string): Promise<void> {
    const source = this.sources.find((s) => s.id === origin);
    if (!source?.capabilities.commands) return;
    const sent = await source.send(dev, {
      v: 1,
      t: 'cmd',
      id: `time-${Date.now()}`,
      op: 'time',
      args: { ts: Date.now() },
    });
    if (!sent) this.options.onProblem?.({ severity: 'info', message: `could not send the time to ${dev}`, origin });
  }

  private sink(): SourceSink {
    const p = this.pipeline;
    // Input after stop (a source that was still connecting) is dropped: unacknowledged, the broker keeps it.
    const open = (): boolean => this.db.open;
    return {
      line: (src, line) => open() && p.line(src, line),
      refused: (src, rejection, raw) => open() && p.refused(src, rejection, raw),
      mqtt: (src, topic, payload) => open() && p.mqtt(src, topic, payload),
      committed: () => this.writer.committed(),
      problem: (problem) => this.options.onProblem?.(problem),
      status: (id, status) => this.options.onStatus?.(id, status),
    };
  }
}
