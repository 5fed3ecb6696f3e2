/**
 * Per-channel ranges and wire precision, from firmware/PROTOCOL.md. The decoder enforces the ranges; the encoder
 * rounds to the decimals. Ranges are what the sensors can physically report.
 */
import type { Channel } from '../../common/sample';

export type ChannelSpec =
  | { kind: 'number'; min: number; max: number; decimals: number }
  | { kind: 'vector'; min: number; max: number; decimals: number }
  | { kind: 'boolean' }
  | { kind: 'door' };

export const CHANNEL_SPECS: Readonly<Record<Channel, ChannelSpec>> = {
  co2: { kind: 'number', min: 0, max: 40000, decimals: 0 },
  temp: { kind: 'number', min: -40, max: 125, decimals: 2 },
  rh: { kind: 'number', min: 0, max: 100, decimals: 1 },
  lux: { kind: 'number', min: 0, max: 200000, decimals: 1 },
  motion: { kind: 'boolean' },
  door: { kind: 'door' },
  gyro: { kind: 'vector', min: -4000, max: 4000, decimals: 2 },
  accel: { kind: 'vector', min: -32, max: 32, decimals: 3 },
  angle: { kind: 'number', min: -180, max: 180, decimals: 1 },
  rssi: { kind: 'number', min: -127, max: 0, decimals: 0 },
  bat: { kind: 'number', min: 0, max: 6, decimals: 2 },
};
