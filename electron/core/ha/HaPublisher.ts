/**
 * `record --publish-ha`: publishes the twin's derived state to Home Assistant over MQTT with discovery. Configs and
 * the availability topic are retained (Home Assistant may start later); states go out when they change, at most
 * once a second, so a dashboard follows the twin without a message per frame.
 */
import mqtt, { type MqttClient } from 'mqtt';
import type { SiteSpec } from '../../common/site';
import type { TwinView } from '../../common/views';
import { haEntities, type HaEntityDef } from './haEntities';

export interface HaPublisherOptions {
  url: string;
  /** Discovery prefix (default `homeassistant`). */
  prefix?: string;
  clientId?: string;
  username?: string;
  password?: string;
  /** Least time between two state rounds, ms (default 1000). */
  everyMs?: number;
}

export class HaPublisher {
  private client: MqttClient | undefined;
  private readonly entities: HaEntityDef[];
  private readonly root: string;
  private readonly last = new Map<string, string>();
  private lastRound = -Infinity;

  constructor(
    private readonly site: SiteSpec,
    private readonly o: HaPublisherOptions,
  ) {
    this.root = `twinscope/ha/${site.id}`;
    this.entities = haEntities(site, this.root);
  }

  /** Connects and announces every entity (retained). Resolves once the configs are out or the broker is unreachable. */
  async start(): Promise<void> {
    const opts: mqtt.IClientOptions = {
      clientId: this.o.clientId ?? `twinscope-ha-${this.site.id}`,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      will: { topic: `${this.root}/status`, payload: Buffer.from('offline'), qos: 1, retain: true },
    };
    if (this.o.username !== undefined) opts.username = this.o.username;
    if (this.o.password !== undefined) opts.password = this.o.password;
    const client = (this.client = mqtt.connect(this.o.url, opts));
    // After a broker restart the retained state may be gone: say it all again, and every state anew.
    client.on('connect', () => {
      this.last.clear();
      void this.announce();
    });
    client.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      client.once('connect', () => resolve());
      setTimeout(resolve, 5000).unref();
    });
  }

  /** Publishes the states that changed (at most once per `everyMs`, unless `force`). */
  publish(view: TwinView, force = false): void {
    const client = this.client;
    if (!client?.connected) return;
    const now = Date.now();
    if (!force && now - this.lastRound < (this.o.everyMs ?? 1000)) return;
    this.lastRound = now;
    for (const e of this.entities) {
      const topic = e.config.state_topic as string;
      const s = e.state(view) ?? 'unknown';
      if (this.last.get(topic) === s) continue;
      this.last.set(topic, s);
      void client.publishAsync(topic, s, { qos: 1, retain: true }).catch(() => undefined);
    }
    const alerts = JSON.stringify({
      alerts: view.alerts.map((a) => ({ id: a.id, rule: a.rule, subject: a.subject, severity: a.severity })),
    });
    const at = `${this.root}/active_alerts/attributes`;
    if (this.last.get(at) !== alerts) {
      this.last.set(at, alerts);
      void client.publishAsync(at, alerts, { qos: 1, retain: true }).catch(() => undefined);
    }
  }

  /** Says offline (retained), as the will would, and disconnects. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.connected)
      await client.publishAsync(`${this.root}/status`, 'offline', { qos: 1, retain: true }).catch(() => undefined);
    await client.endAsync();
  }

  private async announce(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const prefix = this.o.prefix ?? 'homeassistant';
    await Promise.all(
      this.entities.map((e) =>
        client.publishAsync(`${prefix}/${e.component}/${this.site.id}/${e.objectId}/config`, JSON.stringify(e.config), {
          qos: 1,
          retain: true,
        }),
      ),
    ).catch(() => undefined);
    await client.publishAsync(`${this.root}/status`, 'online', { qos: 1, retain: true }).catch(() => undefined);
  }
}
