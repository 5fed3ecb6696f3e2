/**
 * Virtual devices on serial ports: NDJSON lines written to a device path (one end of a pty pair, a USB-serial
 * adapter looped to the host). A port carries one device, as a real one does, or every device multiplexed onto one
 * port for tests. Opened without touching the modem lines, as Twinscope opens the other end.
 */
import { SerialPort } from 'serialport';
import type { SimOutput } from '../output';
import { LineFramer } from '../../protocol/LineFramer';
import type { CommandHandler, ProblemSink, Transport } from './Transport';

/** A serial port and the devices it carries. */
export interface SerialRoute {
  path: string;
  /** Devices on this port; null: every device. */
  devices: readonly string[] | null;
}

/** Virtual devices on serial ports. */
export class SerialTransport implements Transport {
  readonly target: string;
  private readonly ports = new Map<string, SerialPort>();
  private readonly byDev = new Map<string, SerialPort>();
  private all: SerialPort | undefined;
  private commands: CommandHandler | undefined;
  private readonly devicesOf = new Map<string, readonly string[] | null>();

  constructor(
    private readonly routes: readonly SerialRoute[],
    private readonly onProblem?: ProblemSink,
  ) {
    this.target = routes.map((r) => (r.devices ? `${r.devices.join(',')}=${r.path}` : r.path)).join(' ');
  }

  listen(handler: CommandHandler): void {
    this.commands = handler;
  }

  async open(devices: readonly string[] = []): Promise<void> {
    for (const r of this.routes) {
      this.devicesOf.set(r.path, r.devices ?? devices);
      const port = await this.openPort(r.path);
      if (r.devices === null) this.all = port;
      else for (const d of r.devices) this.byDev.set(d, port);
    }
  }

  send(o: SimOutput): Promise<void> | void {
    if (o.kind !== 'message') return; // a serial cable has no network to lose
    const port = this.byDev.get(o.dev) ?? this.all;
    if (!port?.isOpen) return;
    if (!port.write(`${o.line}\n`)) return new Promise((resolve) => port.once('drain', () => resolve()));
  }

  async flush(): Promise<void> {
    await Promise.all(
      [...this.ports.values()].map(
        (p) => new Promise<void>((resolve) => (p.isOpen ? p.drain(() => resolve()) : resolve())),
      ),
    );
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all(
      [...this.ports.values()].map(
        (p) => new Promise<void>((resolve) => (p.isOpen ? p.close(() => resolve()) : resolve())),
      ),
    );
    this.ports.clear();
  }

  private openPort(path: string): Promise<SerialPort> {
    const existing = this.ports.get(path);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 115200, autoOpen: false, hupcl: false });
      port.open((err) => {
        if (err) return reject(new Error(`cannot open ${path}: ${err.message}`));
        port.on('error', (e: Error) => this.onProblem?.({ severity: 'warn', message: `serial ${path}: ${e.message}` }));
        // The host writes commands as lines; each device on the port reads them, as a board reads its UART.
        const framer = new LineFramer({
          line: (text) => {
            if (!text.trim().startsWith('{')) return;
            for (const d of this.devicesOf.get(path) ?? []) this.commands?.(d, text);
          },
          overflow: () => undefined,
        });
        port.on('data', (chunk: Buffer) => framer.push(chunk));
        this.ports.set(path, port);
        resolve(port);
      });
    });
  }
}
