/**
 * What every virtual device does the way our firmware does it: boot (a boot counter that only grows, `seq` from 0,
 * `up` from the boot), `hello` first and on every reconnect, `tele` on a timer, `evt` when something happens, and an
 * offline buffer (the firmware's outbox): while the network is down messages wait, and when it is back they go out
 * oldest first with `sup`, a bounded number at a time; overflow drops the oldest and is reported once back online.
 */
import type { CommandMessage, DeviceMessage, EnvelopeFields } from '../../../common/protocol';
import { runCommand, type CommandTarget } from './commands';
import type { SampleValues } from '../../../common/sample';
import { encodeMessage } from '../../protocol/encode';
import type { SimOutput, SimTopic } from '../output';
import { rngFor, smoothNoise, type Rng } from '../random';
import type { Scheduler } from '../Scheduler';

/** Messages the offline buffer holds (a 128 KiB ring of ~120-byte lines). */
const BUFFER_MESSAGES = 1000;
/** Backfill pace: this many buffered messages every `DRAIN_EVERY_MS`. */
const DRAIN_BURST = 16;
const DRAIN_EVERY_MS = 20;
/** From power-on to the first message: Wi-Fi association and sensor start-up, ms. */
const HELLO_AFTER_MS = 800;

/** Who a device is and how it runs. */
export interface DeviceOptions {
  dev: string;
  boot: number;
  /** When the device powers on, simulated ms since the epoch. */
  bootT: number;
  intervalMs: number;
  /** Clock synced (NTP or host time): `ts` set; else `ts: null`. */
  synced: boolean;
  seed: number;
  sensors: string[];
}

/** What a device runs on: the clock, and where its output goes. */
export interface DeviceHost {
  sched: Scheduler;
  emit: (o: SimOutput) => void;
}

/** The firmware's behaviour every virtual device shares; subclasses measure. */
export abstract class VirtualDevice {
  readonly dev: string;
  readonly boot: number;
  readonly rng: Rng;
  protected readonly sched: Scheduler;
  private seq = 0;
  private online = true;
  private booted = false;
  private readonly backlog: { m: DeviceMessage; topic: SimTopic }[] = [];
  private draining = false;
  private dropped: { n: number; first: number; last: number } | null = null;
  /** Recently sent messages of this boot, for `replay` (the firmware's outbox keeps them after sending too). */
  private readonly sent: DeviceMessage[] = [];
  private intervalMs: number;
  /** Host time minus simulated time, once the host sent its time; null while unsynced. */
  private clockOffset: number | null = null;
  private readonly batteryStart: number;
  private readonly rssiBase: number;

  constructor(
    protected readonly opts: DeviceOptions,
    private readonly host: DeviceHost,
  ) {
    this.dev = opts.dev;
    this.boot = opts.boot;
    this.sched = host.sched;
    this.rng = rngFor(opts.seed, `device:${opts.dev}`);
    this.batteryStart = this.rng.uniform(3.95, 4.15);
    this.rssiBase = this.rng.uniform(-72, -50);
    this.intervalMs = opts.intervalMs;
    if (opts.synced) this.clockOffset = 0;
  }

  /** A host command (over MQTT or serial): handled at the next simulated instant, answered with an `ack`. */
  command(c: CommandMessage): void {
    this.sched.at(this.sched.now, () => {
      const target: CommandTarget = {
        setInterval: (ms) => void (this.intervalMs = ms),
        setTime: (ts) => void (this.clockOffset = ts - this.sched.now),
        identify: (s) => this.log('info', `identify: blinking for ${s} s`),
        buffered: () => this.sent,
        resend: (m) => this.send({ ...m, sup: this.up(this.sched.now) }, topicOf(m)),
      };
      const r = runCommand(target, c);
      const ack = { ...this.envelope(this.sched.now), t: 'ack' as const, id: c.id, ok: r.ok };
      this.push(r.ok ? ack : { ...ack, err: r.err }, 'ack');
    });
  }

  /** Answers a command that could not be read (`malformed`, `unknown op`), as the firmware does. */
  refuse(id: string, err: string): void {
    this.sched.at(this.sched.now, () =>
      this.push({ ...this.envelope(this.sched.now), t: 'ack', id, ok: false, err }, 'ack'),
    );
  }

  /** Readings for a `tele` at `t` (the device's channels only). */
  protected abstract readings(t: number): SampleValues;

  /** Called once at power-on, after `hello`: start sensor loops. */
  protected abstract started(): void;

  /** Powers the device on at its boot time. */
  start(): void {
    this.sched.at(this.opts.bootT + HELLO_AFTER_MS, () => {
      this.booted = true;
      this.hello();
      this.started();
      this.sched.after(this.rng.int(150, 400), () => this.teleLoop());
    });
  }

  /** Uptime at simulated time `t`, ms. */
  up(t: number): number {
    return Math.max(0, Math.round(t - this.opts.bootT));
  }

  /** The network goes down or comes back now. */
  setLink(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    this.host.emit({ kind: 'link', t: this.sched.now, dev: this.dev, online });
    if (!online || !this.booted) return;
    // As the firmware does: hello on every reconnect, queued behind what waited.
    this.hello();
    if (this.dropped) {
      const d = this.dropped;
      this.dropped = null;
      this.evt('buffer_overflow', {});
      this.log('warn', `offline buffer overflow: ${d.n} oldest messages dropped (seq ${d.first}..${d.last})`);
    }
    this.drain();
  }

  get isOnline(): boolean {
    return this.online;
  }

  /** Sends an `evt` measured at `t` (default now). */
  protected evt(name: string, data: SampleValues, t = this.sched.now): void {
    this.push({ ...this.envelope(t), t: 'evt', evt: name, data }, 'evt');
  }

  protected log(level: 'info' | 'warn', msg: string): void {
    this.push({ ...this.envelope(this.sched.now), t: 'log', level, msg }, 'log');
  }

  /** Wi-Fi signal: a per-device level, slow fading and a little jitter, dBm. */
  protected rssi(t: number): number {
    const fading = 6 * smoothNoise(this.opts.seed, `rssi:${this.dev}`, t, 120_000);
    return Math.round(Math.min(-30, this.rssiBase + fading + this.rng.normal(0, 1)));
  }

  /** Li-ion cell slowly discharging, V. */
  protected battery(t: number): number {
    const hours = (t - this.opts.bootT) / 3_600_000;
    return Math.max(3.3, this.batteryStart - 0.004 * hours + this.rng.normal(0, 0.004));
  }

  private envelope(t: number): EnvelopeFields {
    return {
      v: 1,
      dev: this.dev,
      boot: this.boot,
      seq: this.seq++,
      up: this.up(t),
      ts: this.clockOffset === null ? null : Math.round(t + this.clockOffset),
    };
  }

  private hello(): void {
    const m: DeviceMessage = {
      ...this.envelope(this.sched.now),
      t: 'hello',
      fw: 'sim-1.0.0',
      hw: 'virtual',
      sensors: this.opts.sensors,
      interval_ms: this.intervalMs,
    };
    this.push(m, 'meta');
  }

  private teleLoop(): void {
    const data = this.readings(this.sched.now);
    if (Object.keys(data).length > 0) this.push({ ...this.envelope(this.sched.now), t: 'tele', data }, 'tele');
    this.sched.after(this.intervalMs, () => this.teleLoop());
  }

  private push(m: DeviceMessage, topic: SimTopic): void {
    if (this.online && this.backlog.length === 0) {
      this.send(m, topic);
      return;
    }
    this.backlog.push({ m, topic });
    // Only a device cut off loses messages: once back, the backlog drains far faster than anything is added.
    if (!this.online && this.backlog.length > BUFFER_MESSAGES) {
      const lost = this.backlog.shift()!.m.seq;
      this.dropped = this.dropped
        ? { ...this.dropped, n: this.dropped.n + 1, last: lost }
        : { n: 1, first: lost, last: lost };
    }
  }

  private send(m: DeviceMessage, topic: SimTopic): void {
    if (m.sup === undefined) {
      this.sent.push(m);
      if (this.sent.length > BUFFER_MESSAGES) this.sent.shift();
    }
    this.host.emit({
      kind: 'message',
      t: this.sched.now,
      dev: this.dev,
      topic,
      boot: m.boot,
      seq: m.seq,
      line: encodeMessage(m),
    });
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    const step = (): void => {
      if (!this.online) {
        this.draining = false;
        return;
      }
      for (let i = 0; i < DRAIN_BURST && this.backlog.length > 0; i++) {
        const { m, topic } = this.backlog.shift()!;
        this.send({ ...m, sup: this.up(this.sched.now) }, topic);
      }
      if (this.backlog.length === 0) {
        this.draining = false;
        return;
      }
      this.sched.after(DRAIN_EVERY_MS, step);
    };
    step();
  }
}

function topicOf(m: DeviceMessage): SimTopic {
  return m.t === 'hello' ? 'meta' : m.t;
}
