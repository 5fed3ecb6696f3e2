/**
 * Virtual devices of the default site for browser tests: protocol v1 messages published to a real broker. Like real
 * devices they report steadily (a heartbeat repeating their latest readings), because the twin applies data once
 * every active device has reached its time.
 */
import type { MqttClient } from 'mqtt';
import type { SampleValues } from '../../electron/common/sample';
import { encodeMessage } from '../../electron/core/protocol/encode';
import { tele } from '../helpers/messages';
import { connectPublisher, publish } from '../helpers/publisher';

export class TestDevice {
  private seq = 0;
  private latest: SampleValues | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly dev: string,
    private readonly client: MqttClient,
  ) {}

  static async connect(url: string, dev: string): Promise<TestDevice> {
    return new TestDevice(dev, await connectPublisher(url, `e2e-${dev}-${process.pid}`));
  }

  /** A reading measured at `t` (a synced clock), now by default; the heartbeat repeats it (less any impact). */
  async send(data: SampleValues, t = Date.now()): Promise<void> {
    const { accel: _impact, ...steady } = data;
    this.latest = steady;
    await this.publish(data, t);
  }

  /** Repeats the latest reading every `periodMs` until paused. */
  beat(periodMs: number): void {
    this.pause();
    this.timer = setInterval(() => {
      if (this.latest) void this.publish(this.latest, Date.now());
    }, periodMs);
  }

  /** Falls silent (the way to make it stale). */
  pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async publish(data: SampleValues, t: number): Promise<void> {
    const seq = this.seq++;
    await publish(this.client, this.dev, 'tele', tele(this.dev, seq, data, { ts: t, up: 1000 + seq * 100 }));
  }

  /** Announces the device with its reporting interval (what makes it stale after three missed intervals). */
  async hello(intervalMs: number): Promise<void> {
    const seq = this.seq++;
    const msg = encodeMessage({
      v: 1,
      t: 'hello',
      dev: this.dev,
      boot: 1,
      seq,
      up: 1000 + seq * 100,
      ts: Date.now(),
      fw: 'e2e',
      hw: 'virtual',
      sensors: [],
      interval_ms: intervalMs,
    });
    await publish(this.client, this.dev, 'meta', msg);
  }

  async close(): Promise<void> {
    this.pause();
    await this.client.endAsync();
  }
}
