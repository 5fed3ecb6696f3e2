/**
 * Where a simulation's output goes: an MQTT broker, a serial port, a file, or straight into Twinscope's pipeline.
 * Transports carry the stream; they never change it. Link faults are reported through `onProblem`, never thrown.
 */
import type { Problem } from '../../../common/problem';
import type { SimOutput } from '../output';

/** Carries a simulation's output to where Twinscope listens. */
export interface Transport {
  /** What it sends to, for progress lines: a broker URL without credentials, a port path, a file. */
  readonly target: string;
  /**
   * Connects the devices' links (MQTT clients, serial ports); resolves when they are ready or reported failing, or
   * at once when `signal` aborts.
   */
  open(devices: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Hands over one output in stream order. A returned promise asks the caller to wait (back-pressure). */
  send(o: SimOutput): Promise<void> | void;
  /** Resolves when everything handed over has left (for MQTT QoS 1: acknowledged by the broker). */
  flush(): Promise<void>;
  /** Closes links cleanly (on MQTT: `offline` published for each device, as its last will would). */
  close(): Promise<void>;
  /** Hands every command that reaches a device's link (MQTT `cmd` topic, a serial line) to `handler`. */
  listen?(handler: CommandHandler): void;
}

/** A command line for device `dev`, as received (the device decodes it). */
export type CommandHandler = (dev: string, text: string) => void;

/** Where transports report link faults. */
export type ProblemSink = (p: Problem) => void;

/** Sends every output to several transports (a device with both a serial and an MQTT link, as the firmware has). */
export class FanoutTransport implements Transport {
  readonly target: string;

  constructor(private readonly parts: readonly Transport[]) {
    this.target = parts.map((p) => p.target).join(' + ');
  }

  async open(devices: readonly string[], signal?: AbortSignal): Promise<void> {
    await Promise.all(this.parts.map((p) => p.open(devices, signal)));
  }

  send(o: SimOutput): Promise<void> | void {
    const waits: Promise<void>[] = [];
    for (const p of this.parts) {
      const w = p.send(o);
      if (w) waits.push(w);
    }
    if (waits.length > 0) return Promise.all(waits).then(() => undefined);
  }

  async flush(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.flush()));
  }

  listen(handler: CommandHandler): void {
    for (const p of this.parts) p.listen?.(handler);
  }

  async close(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.close()));
  }
}
