/**
 * Per-sensor checks, per (device, channel): out of the plausible range, and flat-lined (a value that does not move
 * for longer than a live sensor ever holds still). Only channels with a configured range or flat-line rule are kept.
 */
import type { Sample } from '../../common/sample';
import type { Rules, ScalarChannel } from '../../common/site';
import type { SensorHealth } from '../../common/twin';
import { keyOf } from './keys';

const CHECKED: readonly ScalarChannel[] = ['co2', 'temp', 'rh', 'lux', 'angle', 'rssi', 'bat', 'gyro', 'accel'];

/** `dev/channel`, the key of `TwinState.sensors` and the subject of sensor alerts. */
export function sensorId(dev: string, channel: string): string {
  return `${dev}/${channel}`;
}

function valuesOf(s: Sample, ch: ScalarChannel): number[] | null {
  const v = s.values[ch];
  if (v === undefined) return null;
  return typeof v === 'number' ? [v] : [...v];
}

function sameWithin(a: readonly number[], b: readonly number[], epsilon: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > epsilon) return false;
  return true;
}

/** Updates range and flat-line state for every checked channel the sample carries. */
export function applySensorSample(
  sensors: Record<string, SensorHealth>,
  flagged: Record<string, true>,
  s: Sample,
  te: number,
  rules: Rules,
): void {
  for (const ch of CHECKED) {
    const range = rules.health.ranges[ch];
    const stuck = rules.health.stuck[ch];
    if (!range && !stuck) continue;
    const value = valuesOf(s, ch);
    if (!value) continue;
    const id = sensorId(s.dev, ch);
    const prev = sensors[id];
    const flat = prev !== undefined && sameWithin(prev.value, value, stuck?.epsilon ?? 0);
    const flatSince = flat ? prev.flatSince : te;
    const flatCount = flat ? prev.flatCount + 1 : 1;
    sensors[id] = {
      dev: s.dev,
      channel: ch,
      value,
      t: te,
      flatSince,
      flatCount,
      stuck: stuck !== undefined && te - flatSince >= stuck.ms && flatCount >= stuck.minSamples,
      outOfRange: range !== undefined && value.some((v) => v < range[0] || v > range[1]),
      lastKey: keyOf(s),
    };
    if (sensors[id]!.stuck || sensors[id]!.outOfRange) flagged[id] = true;
    else delete flagged[id];
  }
}
