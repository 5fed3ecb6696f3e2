/** MQTT topic names of protocol v1: `twinscope/v1/<dev>/<kind>`. */
import { DEV_ID_PATTERN, TOPIC_ROOT } from '../../common/protocol';

/** Kinds a device publishes and Twinscope subscribes to. */
export type InboundTopicKind = 'status' | 'meta' | 'tele' | 'evt' | 'ack';

const INBOUND = new Set<string>(['status', 'meta', 'tele', 'evt', 'ack']);

export const INBOUND_SUBSCRIPTIONS: readonly string[] = [...INBOUND].map((k) => `${TOPIC_ROOT}/+/${k}`);

export function parseTopic(topic: string): { dev: string; kind: InboundTopicKind } | null {
  if (!topic.startsWith(`${TOPIC_ROOT}/`)) return null;
  const parts = topic.slice(TOPIC_ROOT.length + 1).split('/');
  if (parts.length !== 2) return null;
  const [dev, kind] = parts as [string, string];
  if (!DEV_ID_PATTERN.test(dev) || !INBOUND.has(kind)) return null;
  return { dev, kind: kind as InboundTopicKind };
}
