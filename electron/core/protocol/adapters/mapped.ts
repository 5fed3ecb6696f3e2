/**
 * Mapped JSON topics from the site file (`mappings`): for devices that follow no convention, a topic filter, the
 * device id (`{1}`, `{2}`... stand for the filter's `+` levels), a JSON path and unit per channel, and an optional
 * time field (ISO 8601, epoch ms or epoch s). Ids are what the mapping says, prefixed `map:` unless bound.
 */
import type { Channel } from '../../../common/sample';
import type { MappedTopic } from '../../../common/site';
import { reject } from '../rejection';
import type { AdapterOutput, MqttAdapter } from './types';
import { celsius, checkValues, idPart, parseObject, parseTime, toNumber, topicMatches } from './values';

function at(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Values of the `+` levels of a filter in a topic. */
function wildcards(filter: string, topic: string): string[] {
  const f = filter.split('/');
  const t = topic.split('/');
  return f.flatMap((level, i) => (level === '+' ? [t[i] ?? ''] : []));
}

export function mappedAdapter(
  mappings: readonly MappedTopic[],
  options: { utcOffsetMinutes?: number } = {},
): MqttAdapter {
  const find = (topic: string): MappedTopic | undefined => mappings.find((m) => topicMatches(m.topic, topic));
  return {
    name: 'mapped',
    filters: mappings.map((m) => m.topic),
    owns: (t) => find(t) !== undefined,
    decode(topic, text): AdapterOutput[] {
      const m = find(topic)!;
      const levels = wildcards(m.topic, topic);
      const dev = `map:${idPart(m.device.replace(/\{(\d)\}/g, (_, i: string) => levels[Number(i) - 1] ?? ''))}`;
      const o = parseObject(text);
      if (!o)
        return [
          { kind: 'reject', rejection: reject('not_json', `${dev} (${topic}): payload is not a JSON object`, dev) },
        ];
      const raw: Partial<Record<Channel, unknown>> = {};
      for (const [ch, spec] of Object.entries(m.channels) as [
        Channel,
        NonNullable<MappedTopic['channels'][Channel]>,
      ][]) {
        let v = at(o, spec.path);
        if (v === undefined || v === null) continue;
        if (ch === 'door' && typeof v === 'boolean') v = v === (spec.closedWhen ?? true) ? 'closed' : 'open';
        else if (ch !== 'motion' && ch !== 'door') {
          const n = toNumber(v);
          if (n !== undefined) v = ch === 'temp' ? (celsius(n, spec.unit) ?? n) : n * (spec.scale ?? 1);
        }
        raw[ch] = v;
      }
      const checked = checkValues(raw, `${dev} (${topic})`, dev);
      if (!checked.ok) return [{ kind: 'reject', rejection: checked.rejection }];
      if (Object.keys(checked.values).length === 0) {
        return [
          {
            kind: 'reject',
            rejection: reject('bad_field', `${dev} (${topic}): none of the mapped fields is present`, dev),
          },
        ];
      }
      let t: number | null = null;
      if (m.time) {
        const v = at(o, m.time.path);
        const parsed =
          m.time.format === 'iso'
            ? parseTime(v, options.utcOffsetMinutes ?? 0)
            : typeof v === 'number'
              ? parseTime(m.time.format === 's' ? v * 1000 : v)
              : undefined;
        if (parsed === undefined) {
          return [
            { kind: 'reject', rejection: reject('bad_field', `${dev} (${topic}): ${m.time.path} is not a time`, dev) },
          ];
        }
        t = parsed;
      }
      return [
        { kind: 'device', device: { dev, convention: 'mapped', channels: Object.keys(checked.values) } },
        { kind: 'reading', reading: { dev, values: checked.values, t } },
      ];
    },
  };
}
