/** A device-side MQTT client for tests: publishes protocol messages as a device (or a buffering gateway) would. */
import mqtt, { type MqttClient } from 'mqtt';

export async function connectPublisher(url: string, clientId: string): Promise<MqttClient> {
  // A persistent session and QoS 1: mqtt.js keeps unacknowledged publishes and resends them after a reconnect.
  const client = mqtt.connect(url, { clientId, clean: false, reconnectPeriod: 200, protocolVersion: 4 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

export function publish(
  client: MqttClient,
  dev: string,
  kind: string,
  payload: string | Buffer,
  retain = false,
): Promise<void> {
  return client.publishAsync(`twinscope/v1/${dev}/${kind}`, payload, { qos: 1, retain }).then(() => undefined);
}
