/** Protocol v1 (firmware/PROTOCOL.md) as an adapter: `twinscope/v1/<dev>/<kind>`. */
import { reject } from '../rejection';
import { decodeJson } from '../decode';
import { INBOUND_SUBSCRIPTIONS, parseTopic } from '../topics';
import { TOPIC_ROOT } from '../../../common/protocol';
import type { AdapterOutput, MqttAdapter } from './types';

export function v1Adapter(): MqttAdapter {
  return {
    name: 'v1',
    filters: INBOUND_SUBSCRIPTIONS,
    owns: (topic) => topic.startsWith(`${TOPIC_ROOT}/`),
    decode(topic, text): AdapterOutput[] {
      const parsed = parseTopic(topic);
      if (!parsed) {
        return [
          {
            kind: 'reject',
            rejection: reject('bad_topic', `not a ${TOPIC_ROOT}/<dev>/<kind> topic: ${topic.slice(0, 80)}`),
          },
        ];
      }
      if (parsed.kind === 'status') {
        const status = text.trim();
        if (status !== 'online' && status !== 'offline') {
          return [{ kind: 'reject', rejection: reject('bad_field', 'status must be online or offline', parsed.dev) }];
        }
        return [{ kind: 'status', dev: parsed.dev, online: status === 'online' }];
      }
      const d = decodeJson(text);
      switch (d.kind) {
        case 'message':
          if (d.message.dev !== parsed.dev) {
            const detail = `topic names device ${parsed.dev} but the message says ${d.message.dev}`;
            return [{ kind: 'reject', rejection: reject('topic_mismatch', detail, parsed.dev) }];
          }
          return [{ kind: 'message', message: d.message, topicDev: parsed.dev }];
        case 'reject':
          return [{ kind: 'reject', rejection: d.rejection }];
        case 'log':
          return [{ kind: 'reject', rejection: reject('not_json', 'payload is not a JSON message', parsed.dev) }];
        default: {
          const never: never = d;
          return never;
        }
      }
    },
  };
}
