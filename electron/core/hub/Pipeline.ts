/**
 * Where every source's input goes: decode, then ingest (dedupe, event time); out come twin inputs and side records
 * (rejections, device logs, device metadata) through a port, so nothing a device sends is silently lost. It knows no
 * database: the recorder implements the port for live sources; tests and tools can keep records anywhere. Never
 * throws on input.
 */
import { MAX_LINE_BYTES, type AckMessage, type DeviceMessage, type HelloMessage } from '../../common/protocol';
import type { Sample } from '../../common/sample';
import type { TwinInput } from '../../common/twin';
import type { Ingest } from '../ingest/Ingest';
import { decodeJson, decodeLine, type Decoded } from '../protocol/decode';
import { reject, type Rejection } from '../protocol/rejection';
import { parseTopic } from '../protocol/topics';
import type { InputOrigin } from '../sources/Source';
import { RAW_KEEP_BYTES, type DeviceMeta } from '../store/HistoryWriter';

export type { InputOrigin } from '../sources/Source';

/** What the pipeline hands on besides being decoded: every twin input, and the side records. */
export interface PipelineRecords {
  addInput(input: TwinInput): void;
  addLog(tRecv: number, origin: string, dev: string, level: string, line: string): void;
  addReject(tRecv: number, origin: string, rejection: Rejection, raw: string): void;
  updateDevice(meta: DeviceMeta): void;
}

export interface PipelineCounts {
  inputs: number;
  samples: number;
  duplicates: number;
  rejected: number;
  logLines: number;
}

export interface PipelineListeners {
  /** Every engine input the input produced (samples, device status, hello, other sequenced messages), once. */
  onInput?: (input: TwinInput) => void;
  onAck?: (origin: string, ack: AckMessage) => void;
  /** A device said hello; `origin` is where it is connected (to answer it, e.g. with the time). */
  onHello?: (origin: string, hello: HelloMessage) => void;
}

export class Pipeline {
  readonly counts: PipelineCounts = { inputs: 0, samples: 0, duplicates: 0, rejected: 0, logLines: 0 };
  /** Last device seen on each origin: a serial log line belongs to the board on that port. */
  private readonly lastDev = new Map<string, string>();

  constructor(
    private readonly ingest: Ingest,
    private readonly writer: PipelineRecords,
    private readonly listeners: PipelineListeners = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** One serial line (without its newline). */
  line(src: InputOrigin, line: string): void {
    this.handle(src, decodeLine(line), line, this.now());
  }

  /** A line the framer refused (over-long): counted and quarantined, not decoded. */
  refused(src: InputOrigin, rejection: Rejection, raw: string): void {
    this.counts.inputs++;
    this.quarantine(src, rejection, raw, this.now());
  }

  /** One MQTT publish. */
  mqtt(src: InputOrigin, topic: string, payload: Buffer): void {
    const tRecv = this.now();
    const parsed = parseTopic(topic);
    // Only the first bytes of an oversized payload are ever decoded to text: a huge publish costs no more than a small one.
    const tooLong = payload.length > MAX_LINE_BYTES;
    const text = (tooLong ? payload.subarray(0, RAW_KEEP_BYTES) : payload).toString();
    if (!parsed) {
      this.counts.inputs++;
      this.quarantine(
        src,
        reject('bad_topic', `not a twinscope/v1/<dev>/<kind> topic: ${topic.slice(0, 80)}`),
        text,
        tRecv,
      );
      return;
    }
    if (parsed.kind === 'status') {
      this.counts.inputs++;
      const status = text.trim();
      if (status !== 'online' && status !== 'offline') {
        this.quarantine(src, reject('bad_field', 'status must be online or offline', parsed.dev), text, tRecv);
        return;
      }
      this.writer.updateDevice({ dev: parsed.dev, status, tRecv });
      this.input({ kind: 'status', dev: parsed.dev, t: tRecv, online: status === 'online' });
      return;
    }
    const decoded: Decoded = tooLong
      ? {
          kind: 'reject',
          rejection: reject('too_long', `payload of ${payload.length} bytes is over ${MAX_LINE_BYTES}`, parsed.dev),
        }
      : decodeJson(text);
    if (decoded.kind === 'message' && decoded.message.dev !== parsed.dev) {
      const detail = `topic names device ${parsed.dev} but the message says ${decoded.message.dev}`;
      this.counts.inputs++;
      this.quarantine(src, reject('topic_mismatch', detail, parsed.dev), text, tRecv);
      return;
    }
    this.handle(src, decoded, text, tRecv);
  }

  private handle(src: InputOrigin, d: Decoded, raw: string, tRecv: number): void {
    this.counts.inputs++;
    switch (d.kind) {
      case 'message':
        this.message(src, d.message, tRecv);
        return;
      case 'log':
        if (d.line.length === 0) return;
        this.counts.logLines++;
        this.writer.addLog(tRecv, src.origin, this.lastDev.get(src.origin) ?? '', 'info', d.line);
        return;
      case 'reject':
        this.quarantine(src, d.rejection, raw, tRecv);
        return;
      default: {
        const never: never = d;
        return never;
      }
    }
  }

  private message(src: InputOrigin, m: DeviceMessage, tRecv: number): void {
    this.lastDev.set(src.origin, m.dev);
    const admitted = this.ingest.admit(m, src.via, tRecv);
    if (!admitted) {
      this.counts.duplicates++;
      return;
    }
    switch (m.t) {
      case 'tele':
      case 'evt': {
        const sample: Sample = {
          dev: m.dev,
          boot: m.boot,
          seq: m.seq,
          t: admitted.t,
          up: m.up,
          tDev: m.ts,
          tRecv,
          timeBasis: admitted.timeBasis,
          via: src.via,
          backfill: admitted.backfill,
          late: admitted.late,
          values: m.data,
        };
        if (m.t === 'evt') sample.evt = m.evt;
        this.counts.samples++;
        this.input({ kind: 'sample', sample });
        break;
      }
      case 'hello':
        this.listeners.onHello?.(src.origin, m);
        this.input({
          kind: 'hello',
          dev: m.dev,
          t: admitted.t,
          intervalMs: m.interval_ms,
          fw: m.fw,
          boot: m.boot,
          seq: m.seq,
          tRecv,
        });
        this.writer.updateDevice({
          dev: m.dev,
          fw: m.fw,
          hw: m.hw,
          sensors: m.sensors,
          intervalMs: m.interval_ms,
          tRecv,
        });
        break;
      case 'ack':
        this.input({ kind: 'seen', dev: m.dev, t: admitted.t, boot: m.boot, seq: m.seq, tRecv });
        this.listeners.onAck?.(src.origin, m);
        break;
      case 'log':
        this.counts.logLines++;
        this.writer.addLog(tRecv, src.origin, m.dev, m.level, m.msg);
        this.input({ kind: 'seen', dev: m.dev, t: admitted.t, boot: m.boot, seq: m.seq, tRecv });
        break;
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  /** Records an engine input (samples in their table, the rest beside them) and hands it on. */
  private input(input: TwinInput): void {
    this.writer.addInput(input);
    this.listeners.onInput?.(input);
  }

  private quarantine(src: InputOrigin, rejection: Rejection, raw: string, tRecv: number): void {
    this.counts.rejected++;
    this.writer.addReject(tRecv, src.origin, rejection, raw);
  }
}
