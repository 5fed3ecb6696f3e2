/**
 * Acknowledges QoS 1 messages to the broker only once their samples are committed, without committing one message
 * at a time. mqtt.js handles incoming packets strictly one after another and sends a message's PUBACK from its
 * `handleMessage` callback; waiting there for the commit would serialise everything to one transaction per message.
 * Instead `handleMessage` returns at once, the PUBACK it triggers is held back, and it is released when the writer's
 * next flush (which includes the message) has committed. One transaction then covers everything that arrived
 * meanwhile (up to the broker's in-flight window).
 *
 * Holding the PUBACK needs mqtt.js's internal `_sendPacket` (pinned mqtt version; checked by the MQTT tests, which
 * kill Twinscope mid-ingest and count what arrives). If it is missing, this falls back to waiting in
 * `handleMessage`: correct, only slower.
 */
import type { MqttClient, Packet } from 'mqtt';

type SendPacket = (packet: Packet, cb?: (err?: Error) => void, ...rest: unknown[]) => void;
type Internals = { _sendPacket?: SendPacket };

export class AckAfterCommit {
  /** Message ids whose commit is awaited, with the PUBACK once mqtt.js tried to send it. */
  private held = new Map<number, Packet | null>();
  private readonly send: SendPacket | undefined;
  /** Bumped on every (re)connect: acks held for an old connection are never sent on a new one. */
  private connection = 0;

  constructor(
    private readonly client: MqttClient,
    private readonly committed: () => Promise<void>,
  ) {
    const internals = client as unknown as Internals;
    const original = internals._sendPacket;
    if (typeof original === 'function') {
      this.send = original.bind(client);
      internals._sendPacket = (packet, cb, ...rest) => {
        const id = packet.cmd === 'puback' ? packet.messageId : undefined;
        if (id !== undefined && this.held.has(id)) {
          this.held.set(id, packet);
          cb?.();
          return;
        }
        this.send!(packet, cb, ...rest);
      };
    }
    // The broker redelivers whatever we had not acknowledged when the connection dropped.
    client.on('close', () => {
      this.connection++;
      this.held.clear();
    });
  }

  /** True when PUBACKs are batched; false on the slow fallback. */
  get batching(): boolean {
    return this.send !== undefined;
  }

  /** Call from `handleMessage` after handing the message over; `done` is mqtt.js's callback. */
  afterHandOver(messageId: number | undefined, done: (err?: Error) => void): void {
    if (messageId === undefined) return done();
    if (!this.send) {
      void this.committed().then(() => done());
      return;
    }
    const connection = this.connection;
    this.held.set(messageId, null);
    void this.committed().then(() => {
      if (connection !== this.connection) return;
      const ack = this.held.get(messageId);
      this.held.delete(messageId);
      if (ack) this.send!(ack);
    });
    done(); // mqtt.js now "sends" the PUBACK: the override above holds it.
  }
}
