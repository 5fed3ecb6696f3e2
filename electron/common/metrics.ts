/** What the heatmap and the charts can show, with units and the range the colour map spans. */
import type { SeriesChannel } from './api';

export type MetricId = 'co2' | 'temp' | 'rh' | 'lux' | 'occupancy' | 'rssi';

export interface MetricSpec {
  id: MetricId;
  label: string;
  unit: string;
  /** Values at the two ends of the colour map; outside is clamped. */
  range: readonly [number, number];
  /** The per-sensor channel it reads; occupancy is per room, not per sensor. */
  channel: SeriesChannel | null;
  digits: number;
}

export const METRICS: readonly MetricSpec[] = [
  { id: 'co2', label: 'CO₂', unit: 'ppm', range: [400, 1500], channel: 'co2', digits: 0 },
  { id: 'temp', label: 'Temperature', unit: '°C', range: [15, 30], channel: 'temp', digits: 1 },
  { id: 'rh', label: 'Humidity', unit: '%RH', range: [20, 80], channel: 'rh', digits: 0 },
  { id: 'lux', label: 'Light', unit: 'lx', range: [0, 1000], channel: 'lux', digits: 0 },
  { id: 'occupancy', label: 'Occupancy', unit: 'people', range: [0, 5], channel: null, digits: 1 },
  { id: 'rssi', label: 'Link quality', unit: 'dBm', range: [-90, -30], channel: 'rssi', digits: 0 },
];

export function metric(id: MetricId): MetricSpec {
  return METRICS.find((m) => m.id === id) ?? METRICS[0]!;
}
