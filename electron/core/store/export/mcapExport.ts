/**
 * A session as an MCAP file (https://mcap.dev), written with @mcap/core, that Foxglove and Lichtblick open: one
 * topic per device and message type (`/room-a/telemetry`, `/door/events`) plus `/twin/alerts`, JSON messages with a
 * JSON schema each; log time = event time, publish time = receive time. Chunks are zstd-compressed where this Node
 * has zstd (22.15+), else stored as they are. Indexed, so readers seek by time.
 */
import { McapWriter, type IWritable } from '@mcap/core';
import type Database from 'better-sqlite3';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { Sample } from '../../../common/sample';
import type { TimeRange } from '../HistoryReader';
import { ALERT_SCHEMA, EVENT_SCHEMA, TELEMETRY_SCHEMA } from './mcapSchemas';
import { sessionRecordCount, sessionRecords } from './sessionRecords';
import type { ExportProgress } from './writeChunked';

const encoder = new TextEncoder();
const ms = (t: number): bigint => BigInt(Math.round(t)) * 1_000_000n;

/** MCAP's writer over a Node stream: counts the bytes written, waits for drain, stops on `signal`. */
class StreamWritable implements IWritable {
  private written = 0n;
  constructor(
    private readonly out: Writable,
    private readonly signal?: AbortSignal,
  ) {}
  position(): bigint {
    return this.written;
  }
  async write(buffer: Uint8Array): Promise<void> {
    this.written += BigInt(buffer.byteLength);
    // A copy: the writer reuses its buffers once this resolves, the stream may still hold this one. Once stopped,
    // nothing waits for a drain any more: the summary is written and the file ends readable.
    if (!this.out.write(Buffer.from(buffer)) && !this.signal?.aborted)
      await once(this.out, 'drain', this.signal ? { signal: this.signal } : {}).catch(() => undefined);
  }
}

type Zstd = (data: Uint8Array) => Buffer;
const zstd = (zlib as { zstdCompressSync?: Zstd }).zstdCompressSync;

function sampleMessage(s: Sample): Record<string, unknown> {
  const m: Record<string, unknown> = {
    dev: s.dev,
    boot: s.boot,
    seq: s.seq,
    t: s.t,
    tRecv: s.tRecv,
    via: s.via,
    basis: s.timeBasis,
    backfill: s.backfill,
    late: s.late,
    ...s.values,
  };
  if (s.evt !== undefined) m.evt = s.evt;
  return m;
}

export interface McapSummary {
  messages: number;
  topics: string[];
}

/** Writes session `session` (within `range`) to `out` as MCAP; resolves when the file is complete (or stopped). */
export async function exportSessionMcap(
  db: Database.Database,
  session: number,
  range: TimeRange,
  out: Writable,
  onProgress?: (p: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<McapSummary> {
  const writer = new McapWriter({
    writable: new StreamWritable(out, signal),
    chunkSize: 1024 * 1024,
    ...(zstd ? { compressChunk: (data: Uint8Array) => ({ compression: 'zstd', compressedData: zstd(data) }) } : {}),
  });
  await writer.start({ profile: '', library: 'twinscope' });
  const info = db.prepare('SELECT started, ended, sources, site FROM sessions WHERE id = ?').get(session) as {
    started: number;
    ended: number | null;
    sources: string;
    site: string | null;
  };
  const site = info.site ? (JSON.parse(info.site) as { id?: string; name?: string }) : {};
  await writer.addMetadata({
    name: 'twinscope.session',
    metadata: new Map([
      ['session', String(session)],
      ['started', new Date(info.started).toISOString()],
      ['ended', info.ended === null ? '' : new Date(info.ended).toISOString()],
      ['sources', info.sources],
      ['site', site.name ?? ''],
    ]),
  });
  const schemaIds = new Map<object, number>();
  const schema = async (s: { title: string }): Promise<number> => {
    let id = schemaIds.get(s);
    if (id === undefined) {
      id = await writer.registerSchema({
        name: s.title,
        encoding: 'jsonschema',
        data: encoder.encode(JSON.stringify(s)),
      });
      schemaIds.set(s, id);
    }
    return id;
  };
  const channels = new Map<string, { id: number; seq: number }>();
  const channel = async (topic: string, s: { title: string }): Promise<{ id: number; seq: number }> => {
    let c = channels.get(topic);
    if (!c) {
      const schemaId = await schema(s);
      c = {
        id: await writer.registerChannel({ topic, schemaId, messageEncoding: 'json', metadata: new Map() }),
        seq: 0,
      };
      channels.set(topic, c);
    }
    return c;
  };

  const total = sessionRecordCount(db, session, range);
  let done = 0;
  let lastReport = Date.now();
  for (const r of sessionRecords(db, session, range)) {
    if (signal?.aborted) break;
    let c: { id: number; seq: number };
    let body: Record<string, unknown>;
    let logTime: bigint;
    let publishTime: bigint;
    if (r.kind === 'alert') {
      c = await channel('/twin/alerts', ALERT_SCHEMA);
      body = { session, ...r.alert };
      logTime = publishTime = ms(r.alert.t);
    } else {
      const s = r.sample;
      c =
        s.evt === undefined
          ? await channel(`/${s.dev}/telemetry`, TELEMETRY_SCHEMA)
          : await channel(`/${s.dev}/events`, EVENT_SCHEMA);
      body = sampleMessage(s);
      logTime = ms(s.t);
      publishTime = ms(s.tRecv);
    }
    await writer.addMessage({
      channelId: c.id,
      sequence: ++c.seq,
      logTime,
      publishTime,
      data: encoder.encode(JSON.stringify(body)),
    });
    done++;
    if (onProgress && Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      onProgress({ done, total });
    }
  }
  await writer.end();
  onProgress?.({ done, total });
  return { messages: done, topics: [...channels.keys()].sort() };
}
