/** A bit per channel, stored with each sample so "latest co2 before t" skips rows without co2 cheaply. */
import { CHANNELS, type Channel, type SampleValues } from '../../common/sample';

export function channelBit(ch: Channel): number {
  return 1 << CHANNELS.indexOf(ch);
}

export function channelMask(values: SampleValues): number {
  let mask = 0;
  for (let i = 0; i < CHANNELS.length; i++) if (values[CHANNELS[i]!] !== undefined) mask |= 1 << i;
  return mask;
}
