/** Builders of protocol v1 messages for tests, through the real canonical encoder. */
import type { TeleMessage } from '../../electron/common/protocol';
import type { SampleValues } from '../../electron/common/sample';
import { encodeMessage } from '../../electron/core/protocol/encode';

export function tele(
  dev: string,
  seq: number,
  data: SampleValues = { co2: 400 + (seq % 600) },
  extra: Partial<TeleMessage> = {},
): string {
  const m: TeleMessage = { v: 1, t: 'tele', dev, boot: 1, seq, up: 1000 + seq * 1000, ts: null, data, ...extra };
  return encodeMessage(m);
}
