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
import { AdapterSet } from '../protocol/adapters/AdapterSet';
import type { AdapterOutput, MqttDelivery, Reading } from '../protocol/adapters/types';
import { decodeLine, type Decoded } from '../protocol/decode';
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

const NOT_REDELIVERED: MqttDelivery = { retain: false, dup: false };

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
    /** MQTT conventions and site bindings; protocol v1 alone unless given. */
    private readonly adapters: AdapterSet = new AdapterSet({ conventions: ['v1'] }),
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

  /**
   * One MQTT publish, decoded by the adapter of its convention (protocol v1, Home Assistant, zigbee2mqtt, ...);
   * `delivery` says whether it was retained or a QoS 1 redelivery (third-party readings have no seq to tell).
   */
  mqtt(src: InputOrigin, topic: string, payload: Buffer, delivery: MqttDelivery = NOT_REDELIVERED): void {
    const tRecv = this.now();
    // Only the first bytes of an oversized payload are ever decoded to text: a huge publish costs no more than a small one.
    const tooLong = payload.length > MAX_LINE_BYTES;
    const text = (tooLong ? payload.subarray(0, RAW_KEEP_BYTES) : payload).toString();
    const adapter = this.adapters.find(topic);
    this.counts.inputs++;
    if (!adapter) {
      this.quarantine(src, reject('bad_topic', `no enabled convention owns topic ${topic.slice(0, 80)}`), text, tRecv);
      return;
    }
    if (tooLong) {
      const detail = `payload of ${payload.length} bytes on ${topic.slice(0, 80)} is over ${MAX_LINE_BYTES}`;
      this.quarantine(src, reject('too_long', detail, parseTopic(topic)?.dev), text, tRecv);
      return;
    }
    for (const out of adapter.decode(topic, text, tRecv, delivery)) this.output(src, out, text, tRecv, delivery);
  }

  private output(src: InputOrigin, out: AdapterOutput, raw: string, tRecv: number, delivery: MqttDelivery): void {
    switch (out.kind) {
      case 'message':
        this.message(src, out.message, tRecv);
        return;
      case 'status': {
        const dev = this.adapters.bind(out.dev);
        this.writer.updateDevice({ dev, status: out.online ? 'online' : 'offline', tRecv });
        this.input({ kind: 'status', dev, t: tRecv, online: out.online });
        return;
      }
      case 'reading':
        this.reading(src, out.reading, tRecv, delivery);
        return;
      case 'device': {
        const d = out.device;
        // The convention goes where our firmware puts its hardware: `twinscope devices` reads it back.
        this.writer.updateDevice({
          dev: this.adapters.bind(d.dev),
          hw: d.convention,
          sensors: d.channels,
          ...(d.model ? { fw: d.model } : {}),
          tRecv,
        });
        return;
      }
      case 'reject':
        this.quarantine(src, out.rejection, raw, tRecv);
        return;
      default: {
        const never: never = out;
        return never;
      }
    }
  }

  /** A reading of a device without boot/seq: keyed, deduplicated and timed by ingest, under its bound id. */
  private reading(src: InputOrigin, r: Reading, tRecv: number, delivery: MqttDelivery): void {
    const dev = this.adapters.bind(r.dev);
    const admitted = this.ingest.admitReading({ ...r, dev }, src.via, tRecv, delivery);
    if (!admitted) {
      this.counts.duplicates++;
      return;
    }
    const sample: Sample = {
      dev,
      boot: admitted.boot,
      seq: admitted.seq,
      t: admitted.t,
      up: 0,
      tDev: r.t,
      tRecv,
      timeBasis: admitted.timeBasis,
      via: src.via,
      backfill: false,
      late: admitted.late,
      values: r.values,
    };
    if (r.evt !== undefined) sample.evt = r.evt;
    this.counts.samples++;
    this.input({ kind: 'sample', sample });
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
