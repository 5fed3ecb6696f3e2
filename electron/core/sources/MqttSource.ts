/**
 * An MQTT broker carrying protocol v1 topics. A fixed client id with a persistent session and QoS 1 means the broker
 * queues messages while Twinscope is away. A message is acknowledged to the broker only after its samples are
 * committed to the history, so a crash of Twinscope loses nothing the broker still holds: it redelivers.
 */
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { deviceTopic, type CommandMessage } from '../../common/protocol';
import { LIVE_CAPABILITIES, type SourceInfo, type SourceStatus } from '../../common/source';
import type { InputOrigin } from './Source';
import { encodeCommand } from '../protocol/encode';
import { INBOUND_SUBSCRIPTIONS } from '../protocol/topics';
import type { AdapterSet } from '../protocol/adapters/AdapterSet';
import { AckAfterCommit } from './AckAfterCommit';
import { brokerUrlProblem } from './brokerUrl';
import { SessionWatch } from './sessionWatch';
import type { Source, SourceSink } from './Source';

export interface MqttOptions {
  url: string;
  /** Fixed, so the broker keeps our session (and queues for us) between runs. */
  clientId?: string;
  username?: string;
  password?: string;
  /** PEM files for TLS (mqtts://). */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  rejectUnauthorized?: boolean;
  reconnectMs?: number;
  /** MQTT conventions to subscribe for (their topic filters, and those they learn); protocol v1 alone by default. */
  adapters?: AdapterSet;
}

/** The URL as shown to users: never with credentials. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** CONNACK codes that retrying cannot fix (3.1.1: 1, 2, 4, 5; 5.0: 128 and up except server busy/unavailable). */
function refusalIsFinal(code: number): boolean {
  return code !== 3 && code !== 136 && code !== 137;
}

/** What to do about a refused connection. */
function refusalTip(code: number): string {
  if (code === 4 || code === 5 || code === 134 || code === 135) return 'Check the MQTT username and password.';
  if (code === 2 || code === 133) return 'The broker refused the client id: give another one with --client-id.';
  return 'Check the broker address and its settings for this client.';
}

export class MqttSource implements Source {
  readonly kind = 'mqtt';
  readonly capabilities = LIVE_CAPABILITIES;
  readonly id: string;
  private current: SourceStatus = 'idle';
  private client: MqttClient | undefined;
  private readonly origin: InputOrigin;
  /** The last warning said since the last connect: a broker that stays down is one warning, not one a second. */
  private lastWarning: string | undefined;

  constructor(private readonly options: MqttOptions) {
    this.id = `mqtt:${displayUrl(options.url)}`;
    this.origin = { origin: this.id, via: 'mqtt' };
  }

  get status(): SourceStatus {
    return this.current;
  }

  info(): SourceInfo {
    return {
      id: this.id,
      kind: this.kind,
      target: displayUrl(this.options.url),
      status: this.current,
      capabilities: this.capabilities,
    };
  }

  async start(sink: SourceSink): Promise<void> {
    const o = this.options;
    const urlProblem = brokerUrlProblem(o.url);
    if (urlProblem) {
      this.setStatus(sink, 'error');
      sink.problem({ severity: 'error', message: urlProblem, origin: this.id });
      return;
    }
    const opts: IClientOptions = {
      clientId: o.clientId ?? 'twinscope',
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: o.reconnectMs ?? 1000,
      connectTimeout: 10_000,
      resubscribe: true,
    };
    if (o.username !== undefined) opts.username = o.username;
    if (o.password !== undefined) opts.password = o.password;
    try {
      if (o.caFile) opts.ca = readFileSync(o.caFile);
      if (o.certFile) opts.cert = readFileSync(o.certFile);
      if (o.keyFile) opts.key = readFileSync(o.keyFile);
    } catch (e) {
      this.setStatus(sink, 'error');
      sink.problem({ severity: 'error', message: `cannot read TLS file: ${(e as Error).message}`, origin: this.id });
      return;
    }
    if (o.rejectUnauthorized !== undefined) opts.rejectUnauthorized = o.rejectUnauthorized;
    this.setStatus(sink, 'connecting');
    let client: MqttClient;
    try {
      client = mqtt.connect(o.url, opts);
    } catch (e) {
      this.setStatus(sink, 'error');
      sink.problem({
        severity: 'error',
        message: `bad MQTT URL ${displayUrl(o.url)}: ${(e as Error).message}`,
        origin: this.id,
      });
      return;
    }
    this.client = client;
    const acks = new AckAfterCommit(client, () => sink.committed());
    client.handleMessage = (packet, done) => {
      if (packet.cmd !== 'publish') return done();
      sink.mqtt(
        this.origin,
        packet.topic,
        Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
        { retain: packet.retain, dup: packet.dup },
      );
      acks.afterHandOver(packet.qos === 0 ? undefined : packet.messageId, done);
    };
    const watch = new SessionWatch();
    let failed = false;
    client.on('connect', (connack) => {
      this.lastWarning = undefined;
      failed = false;
      watch.connected();
      // With a persistent session the broker already has our subscriptions; subscribing again is harmless and
      // covers a broker that lost its state.
      const subscribed: Promise<void>[] = [];
      if (!connack.sessionPresent) subscribed.push(subscribe([...INBOUND_SUBSCRIPTIONS]));
      // Third-party conventions live on retained state (discovery configs, availability): subscribing on every
      // connect has the broker send it again, so a restarted Twinscope knows every entity at once.
      const others = (o.adapters?.filters() ?? []).filter((f) => !INBOUND_SUBSCRIPTIONS.includes(f));
      if (others.length > 0) subscribed.push(subscribe(others));
      // "Connected" once the broker has acknowledged the subscriptions: a device publishing at that moment is
      // recorded, not lost in the gap between the CONNACK and the SUBACK.
      void Promise.all(subscribed).then(() => {
        if (this.client === client && client.connected) this.setStatus(sink, 'connected');
      });
    });
    const subscribe = (filters: string[]): Promise<void> =>
      new Promise((resolve) => {
        client.subscribe(filters, { qos: 1 }, (err) => {
          if (err) sink.problem({ severity: 'error', message: `subscribe failed: ${err.message}`, origin: this.id });
          resolve();
        });
      });
    o.adapters?.onFilters((filters) => {
      if (client.connected) void subscribe(filters);
    });
    client.on('close', () => {
      if (this.client !== client || failed) return;
      if (watch.closed()) {
        const id = opts.clientId;
        sink.problem({
          severity: 'warn',
          message:
            `MQTT ${displayUrl(o.url)}: the broker keeps closing the connection right after accepting it; another ` +
            `client is probably connected with the same client id "${id}" (a second recorder?), and the two take ` +
            'the session from each other, splitting the data',
          tip: 'Give each recorder of this broker its own --client-id.',
          origin: this.id,
        });
      }
    });
    client.on('reconnect', () => this.setStatus(sink, 'reconnecting'));
    client.on('offline', () => this.setStatus(sink, 'reconnecting'));
    client.on('error', (err) => {
      failed = true;
      const code = (err as { code?: string | number }).code;
      if (typeof code === 'number' && code > 0 && refusalIsFinal(code)) {
        // Refused by the broker (credentials, client id): retrying cannot help, and mqtt.js stops trying.
        this.setStatus(sink, 'error');
        sink.problem({
          severity: 'error',
          message: `MQTT ${displayUrl(o.url)}: ${err.message}`,
          tip: refusalTip(code),
          origin: this.id,
        });
        client.end(true);
        return;
      }
      const message = `MQTT ${displayUrl(o.url)}: ${err.message}`;
      if (message === this.lastWarning) return;
      this.lastWarning = message;
      const tip =
        code === 'ECONNREFUSED'
          ? 'Is the broker running at that address and port? Twinscope keeps trying.'
          : 'Twinscope keeps trying.';
      sink.problem({ severity: 'warn', message, tip, origin: this.id });
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // A client still connecting (or retrying) has nothing to say goodbye to: end it at once, never wait for it.
    if (client?.connected) {
      await Promise.race([client.endAsync(), new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    client?.end(true);
    this.current = 'idle';
  }

  async send(dev: string, command: CommandMessage): Promise<boolean> {
    const client = this.client;
    if (!client?.connected) return false;
    try {
      await client.publishAsync(deviceTopic(dev, 'cmd'), encodeCommand(command), { qos: 1, retain: false });
      return true;
    } catch {
      return false;
    }
  }

  private setStatus(sink: SourceSink, status: SourceStatus): void {
    if (status === this.current) return;
    this.current = status;
    sink.status(this.id, status);
  }
}
