/**
 * Virtual devices on an MQTT broker, with the topics, QoS and retained messages of protocol v1: `status` (retained,
 * `online` on connect, `offline` as the last will and on a clean stop), `meta` (the retained `hello`), `tele` and
 * `evt`; `log` has no MQTT topic and stays on serial, as on the firmware. A client per device by default, so each
 * device has its own last will; a gateway client can carry many devices (`perClient`), as a hub in the field does. A network outage of a device destroys its socket (the broker
 * publishes the will) and reconnects when the scenario says the network is back.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { deviceTopic } from '../../../common/protocol';
import { displayUrl } from '../../sources/MqttSource';
import type { SimMessage, SimOutput } from '../output';
import type { CommandHandler, ProblemSink, Transport } from './Transport';

/** Broker, QoS and client layout. */
export interface MqttTransportOptions {
  url: string;
  qos?: 0 | 1;
  /** Devices per MQTT client: 1 gives each device its own client and last will; more makes gateways. */
  perClient?: number;
  /** Client ids are `<prefix>-<first device>`. */
  clientPrefix?: string;
  username?: string;
  password?: string;
  /** Published but not yet acknowledged messages before `send` asks the caller to wait, per client. */
  window?: number;
  /** Remove the retained `status` and `meta` of the devices on close (a lab run leaves no trace on a broker). */
  clearRetained?: boolean;
  onProblem?: ProblemSink;
  /** Called when a message was handed to the client, with `performance.now()`. */
  onPublished?: (m: SimMessage, at: number) => void;
}

interface Link {
  client: MqttClient;
  devices: string[];
  inflight: number;
  connects: number;
  /** The next connect is ours (the network came back): `online` was already queued. */
  rejoining: boolean;
  /** Devices of this client whose network is down. */
  down: Set<string>;
}

const RECONNECT_MS = 1000;

/** Virtual devices as MQTT clients. */
export class MqttTransport implements Transport {
  readonly target: string;
  private readonly links = new Map<string, Link>();
  private waiters: (() => void)[] = [];
  private readonly reported = new Set<string>();
  private commands: CommandHandler | undefined;

  constructor(private readonly o: MqttTransportOptions) {
    this.target = displayUrl(o.url);
  }

  listen(handler: CommandHandler): void {
    this.commands = handler;
  }

  /**
   * Connects every client; throws when none reached the broker within 10 s (nothing could be delivered), at once
   * when the broker refused them (credentials), and stops waiting when `signal` aborts (Ctrl-C).
   */
  async open(devices: readonly string[], signal?: AbortSignal): Promise<void> {
    const per = Math.max(1, this.o.perClient ?? 1);
    const connecting: Promise<boolean>[] = [];
    let refused: string | undefined;
    const refusedNow = new Promise<void>((resolve) => (this.onRefused = resolve));
    for (let i = 0; i < devices.length; i += per) {
      const group = devices.slice(i, i + per);
      const link = this.connect(group, (why) => {
        refused ??= why;
        this.onRefused?.();
      });
      for (const d of group) this.links.set(d, link);
      connecting.push(
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), 10_000);
          link.client.once('connect', () => {
            clearTimeout(timer);
            resolve(true);
          });
        }),
      );
    }
    const aborted = new Promise<void>((resolve) => {
      if (signal?.aborted) resolve();
      signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    const settled = await Promise.race([
      Promise.all(connecting).then((c) => c),
      refusedNow.then(() => 'refused' as const),
      aborted.then(() => 'aborted' as const),
    ]);
    if (settled === 'aborted' || settled === 'refused' || !settled.some(Boolean)) {
      for (const link of new Set(this.links.values())) link.client.end(true);
      this.links.clear();
      if (settled === 'aborted') return;
      if (settled === 'refused') throw new Error(`the MQTT broker at ${this.target} refused the devices: ${refused}`);
      throw new Error(`cannot reach the MQTT broker at ${this.target}: is it running, and is the URL right?`);
    }
  }

  private onRefused: (() => void) | undefined;

  send(o: SimOutput): Promise<void> | void {
    const link = this.links.get(o.dev);
    if (!link) return;
    if (o.kind === 'link') return this.setLink(link, o.dev, o.online);
    // As on the firmware, `log` has no MQTT topic: it stays on serial.
    if (o.topic === 'log') return;
    const retain = o.topic === 'meta';
    const qos = retain ? 1 : (this.o.qos ?? 1);
    link.inflight++;
    link.client.publish(deviceTopic(o.dev, o.topic), o.line, { qos, retain }, () => this.settled(link));
    this.o.onPublished?.(o, performance.now());
    if (link.inflight >= (this.o.window ?? 1000)) return new Promise((r) => this.waiters.push(r));
  }

  async flush(): Promise<void> {
    while ([...this.links.values()].some((l) => l.inflight > 0 && l.client.connected)) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    const clients = new Set(this.links.values());
    await Promise.all(
      [...clients].map(async (link) => {
        if (link.client.connected) {
          const final = this.o.clearRetained ? '' : 'offline';
          await Promise.allSettled(
            link.devices.flatMap((d) => [
              link.client.publishAsync(deviceTopic(d, 'status'), final, { qos: 1, retain: true }),
              ...(this.o.clearRetained
                ? [link.client.publishAsync(deviceTopic(d, 'meta'), '', { qos: 1, retain: true })]
                : []),
            ]),
          );
        }
        // A clean DISCONNECT, so the broker drops the will; never hang on a broker that went away.
        if (link.client.connected) {
          await Promise.race([link.client.endAsync(), new Promise((r) => setTimeout(r, 2000).unref())]);
        }
        link.client.end(true);
      }),
    );
    this.links.clear();
    this.release();
  }

  private connect(devices: string[], onRefused: (why: string) => void): Link {
    const gateway = devices.length > 1;
    const first = devices[0]!;
    const opts: IClientOptions = {
      clientId: `${this.o.clientPrefix ?? 'twinscope-sim'}-${first}`,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: RECONNECT_MS,
      connectTimeout: 10_000,
    };
    // A gateway has no per-device will: it reports its devices' status itself.
    if (!gateway)
      opts.will = { topic: deviceTopic(first, 'status'), payload: Buffer.from('offline'), qos: 1, retain: true };
    if (this.o.username !== undefined) opts.username = this.o.username;
    if (this.o.password !== undefined) opts.password = this.o.password;
    const client = mqtt.connect(this.o.url, opts);
    const link: Link = { client, devices, inflight: 0, connects: 0, rejoining: false, down: new Set() };
    const online = (): void => {
      for (const d of devices) {
        if (!link.down.has(d))
          void client.publishAsync(deviceTopic(d, 'status'), 'online', { qos: 1, retain: true }).catch(() => undefined);
      }
    };
    // Queued by mqtt.js until connected: `online` goes out before anything else the devices send.
    online();
    // Commands: each device listens on its own `cmd` topic (QoS 1, as the firmware subscribes).
    client.subscribe(
      devices.map((d) => deviceTopic(d, 'cmd')),
      { qos: 1 },
      () => undefined,
    );
    client.on('message', (topic, payload) => {
      const dev = devices.find((d) => topic === deviceTopic(d, 'cmd'));
      if (dev !== undefined && !link.down.has(dev)) this.commands?.(dev, payload.toString());
    });
    client.on('connect', () => {
      // After a reconnect of mqtt.js itself (the broker restarted) the will may have fired: say online again.
      if (link.connects++ > 0 && !link.rejoining) online();
      link.rejoining = false;
    });
    client.on('error', (err) => {
      const code = (err as { code?: unknown }).code;
      // A CONNACK refusal (4, 5: credentials; 134, 135 in MQTT 5): mqtt.js stops trying, and so do we.
      if (typeof code === 'number' && code > 0) {
        const tip = [4, 5, 134, 135].includes(code) ? ' (check --username and --password)' : '';
        onRefused(`${err.message.replace(/^Connection refused: /, '')}${tip}`);
        return;
      }
      this.problem(`MQTT ${this.target}: ${err.message}`);
    });
    return link;
  }

  /** A device's network goes down (the socket dies; the broker publishes the will) or comes back. */
  private setLink(link: Link, dev: string, up: boolean): void {
    if (up) link.down.delete(dev);
    else link.down.add(dev);
    const c = link.client;
    if (link.devices.length > 1) {
      void c
        .publishAsync(deviceTopic(dev, 'status'), up ? 'online' : 'offline', { qos: 1, retain: true })
        .catch(() => undefined);
      return;
    }
    if (!up) {
      c.options.reconnectPeriod = 0;
      c.stream?.destroy();
      return;
    }
    c.options.reconnectPeriod = RECONNECT_MS;
    link.rejoining = true;
    // Keep the stores: what was in flight when the network went goes out again, in order.
    c.reconnect({ incomingStore: c.incomingStore, outgoingStore: c.outgoingStore });
    void c.publishAsync(deviceTopic(dev, 'status'), 'online', { qos: 1, retain: true }).catch(() => undefined);
  }

  private settled(link: Link): void {
    link.inflight--;
    if (link.inflight < (this.o.window ?? 1000) / 2) this.release();
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }

  private problem(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.o.onProblem?.({ severity: 'warn', message, origin: `sim:${this.target}` });
  }
}
