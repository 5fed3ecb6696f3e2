/**
 * Canonical encoder of protocol v1 (firmware/PROTOCOL.md "Canonical encoding"): fixed key order, no spaces, numbers
 * rounded to each channel's wire decimals. Virtual devices use it; the firmware's encoder must match it byte for byte
 * on the golden vectors.
 */
import type { CommandMessage, DeviceMessage, EnvelopeFields } from '../../common/protocol';
import { CHANNELS, type SampleValues } from '../../common/sample';
import { CHANNEL_SPECS } from './channelSpecs';

export function formatNumber(value: number, decimals: number): string {
  const s = String(Number(value.toFixed(decimals)));
  return s === '-0' ? '0' : s;
}

export function encodeValues(values: SampleValues): string {
  const parts: string[] = [];
  for (const ch of CHANNELS) {
    const v = values[ch];
    if (v === undefined) continue;
    const spec = CHANNEL_SPECS[ch];
    let text: string;
    if (spec.kind === 'number') text = formatNumber(v as number, spec.decimals);
    else if (spec.kind === 'vector') {
      text = `[${(v as readonly number[]).map((x) => formatNumber(x, spec.decimals)).join(',')}]`;
    } else text = JSON.stringify(v);
    parts.push(`"${ch}":${text}`);
  }
  return `{${parts.join(',')}}`;
}

function envelope(m: EnvelopeFields & { t: string }): string {
  const sup = m.sup === undefined ? '' : `,"sup":${m.sup}`;
  return (
    `{"v":${m.v},"t":"${m.t}","dev":${JSON.stringify(m.dev)},"boot":${m.boot},"seq":${m.seq},"up":${m.up},` +
    `"ts":${m.ts === null ? 'null' : m.ts}${sup}`
  );
}

/** One message as its canonical JSON text, without a newline. */
export function encodeMessage(m: DeviceMessage): string {
  const head = envelope(m);
  switch (m.t) {
    case 'tele':
      return `${head},"data":${encodeValues(m.data)}}`;
    case 'evt':
      return `${head},"evt":${JSON.stringify(m.evt)},"data":${encodeValues(m.data)}}`;
    case 'hello':
      return (
        `${head},"fw":${JSON.stringify(m.fw)},"hw":${JSON.stringify(m.hw)},` +
        `"sensors":${JSON.stringify(m.sensors)},"interval_ms":${m.interval_ms}}`
      );
    case 'ack': {
      const err = m.err === undefined ? '' : `,"err":${JSON.stringify(m.err)}`;
      return `${head},"id":${JSON.stringify(m.id)},"ok":${m.ok}${err}}`;
    }
    case 'log':
      return `${head},"level":"${m.level}","msg":${JSON.stringify(m.msg)}}`;
    default: {
      const never: never = m;
      return never;
    }
  }
}

export function encodeCommand(c: CommandMessage): string {
  return JSON.stringify({ v: c.v, t: c.t, id: c.id, op: c.op, ...(c.args ? { args: c.args } : {}) });
}
