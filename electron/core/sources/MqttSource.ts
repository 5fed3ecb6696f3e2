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
import { AckAfterCommit } from './AckAfterCommit';
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

export class MqttSource implements Source {
  readonly kind = 'mqtt';
  readonly capabilities = LIVE_CAPABILITIES;
  readonly id: string;
  private current: SourceStatus = 'idle';
  private client: MqttClient | undefined;
  private readonly origin: InputOrigin;

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
      );
      acks.afterHandOver(packet.qos === 0 ? undefined : packet.messageId, done);
    };
    client.on('connect', (connack) => {
      this.setStatus(sink, 'connected');
      // With a persistent session the broker already has our subscriptions; subscribing again is harmless and
      // covers a broker that lost its state.
      if (!connack.sessionPresent) {
        client.subscribe([...INBOUND_SUBSCRIPTIONS], { qos: 1 }, (err) => {
          if (err) sink.problem({ severity: 'error', message: `subscribe failed: ${err.message}`, origin: this.id });
        });
      }
    });
    client.on('reconnect', () => this.setStatus(sink, 'reconnecting'));
    client.on('offline', () => this.setStatus(sink, 'reconnecting'));
    client.on('error', (err) => {
      const code = (err as { code?: string | number }).code;
      const tip =
        code === 'ECONNREFUSED'
          ? 'Is the broker running at that address and port?'
          : code === 5 || code === 4 || code === 135 || code === 134
            ? 'Check the MQTT username and password.'
            : undefined;
      sink.problem({
        severity: 'warn',
        message: `MQTT ${displayUrl(o.url)}: ${err.message}`,
        ...(tip ? { tip } : {}),
        origin: this.id,
      });
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
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
