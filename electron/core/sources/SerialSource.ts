/**
 * A USB serial connection to one device speaking NDJSON. Opens without resetting the board (HUPCL off, DTR and RTS
 * low: toggling them is how USB-serial bridges reset an ESP32), survives garbage and partial lines, and when the
 * cable is pulled keeps trying to reopen the same path with backoff until it is plugged back.
 */
import { SerialPort } from 'serialport';
import type { CommandMessage } from '../../common/protocol';
import { LIVE_CAPABILITIES, type SourceInfo, type SourceStatus } from '../../common/source';
import type { InputOrigin } from './Source';
import { encodeCommand } from '../protocol/encode';
import { LineFramer } from '../protocol/LineFramer';
import { reject } from '../protocol/rejection';
import { Backoff } from './Backoff';
import type { Source, SourceSink } from './Source';

export interface SerialOptions {
  path: string;
  baudRate?: number;
}

export class SerialSource implements Source {
  readonly kind = 'serial';
  readonly capabilities = LIVE_CAPABILITIES;
  readonly id: string;
  private current: SourceStatus = 'idle';
  private port: SerialPort | undefined;
  private sink: SourceSink | undefined;
  private readonly origin: InputOrigin;
  private readonly backoff = new Backoff();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private failuresReported = 0;

  constructor(private readonly options: SerialOptions) {
    this.id = `serial:${options.path}`;
    this.origin = { origin: this.id, via: 'serial' };
  }

  get status(): SourceStatus {
    return this.current;
  }

  info(): SourceInfo {
    return {
      id: this.id,
      kind: this.kind,
      target: this.options.path,
      status: this.current,
      capabilities: this.capabilities,
    };
  }

  async start(sink: SourceSink): Promise<void> {
    this.sink = sink;
    this.stopped = false;
    this.setStatus('connecting');
    await this.open();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.setStatus('idle');
  }

  async send(_dev: string, command: CommandMessage): Promise<boolean> {
    const port = this.port;
    if (!port?.isOpen) return false;
    return new Promise((resolve) => {
      port.write(`${encodeCommand(command)}\n`, (err) => resolve(!err));
    });
  }

  private open(): Promise<void> {
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate ?? 115200,
      autoOpen: false,
      hupcl: false,
    });
    const framer = new LineFramer({
      line: (text) => this.sink?.line(this.origin, text),
      overflow: (head, bytes) =>
        this.sink?.refused(this.origin, reject('too_long', `line of ${bytes} bytes is over 1024`), head),
    });
    return new Promise((resolve) => {
      port.open((err) => {
        if (err) {
          this.onFailure(`cannot open ${this.options.path}: ${err.message}`);
          resolve();
          return;
        }
        if (this.stopped) {
          port.close();
          resolve();
          return;
        }
        this.port = port;
        // Not every port supports modem lines (a pseudo-terminal does not): a refusal is harmless.
        port.set({ dtr: false, rts: false }, () => undefined);
        let closed = false;
        port.on('data', (chunk: Buffer) => framer.push(chunk));
        port.on('error', (e: Error) => this.problem('warn', `serial error on ${this.options.path}: ${e.message}`));
        // A writer whose device vanished gets 'close' twice; only the first one counts.
        port.on('close', () => {
          if (closed) return;
          closed = true;
          framer.reset();
          if (this.port === port) this.port = undefined;
          if (!this.stopped) this.onFailure(`${this.options.path} was disconnected`);
        });
        this.backoff.reset();
        this.failuresReported = 0;
        this.setStatus('connected');
        resolve();
      });
    });
  }

  private onFailure(message: string): void {
    if (this.stopped) return;
    // Report the first failure of a series and then every tenth, not one line per retry.
    if (this.failuresReported++ % 10 === 0) {
      this.problem('warn', message, 'Check the cable and that no other program (a serial monitor) holds the port.');
    }
    this.setStatus('reconnecting');
    this.retry = setTimeout(() => void this.open(), this.backoff.delay());
  }

  private problem(severity: 'warn' | 'error', message: string, tip?: string): void {
    this.sink?.problem({ severity, message, ...(tip ? { tip } : {}), origin: this.id });
  }

  private setStatus(status: SourceStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.sink?.status(this.id, status);
  }
}
