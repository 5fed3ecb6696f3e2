/** How a sensor is drawn, from its device's view: live, stale (dimmed) or offline (crossed). */
import { metric, type MetricId } from '../../../electron/common/metrics';
import type { SensorSpec } from '../../../electron/common/site';
import type { TwinView } from '../../../electron/common/views';

export type SensorLook = 'live' | 'stale' | 'offline' | 'unknown';

export function sensorLook(view: TwinView | undefined, dev: string): SensorLook {
  const d = view?.devices[dev];
  if (!d || d.lastRecvT === null) return 'unknown';
  if (d.status === 'offline') return 'offline';
  return d.stale ? 'stale' : 'live';
}

const UNITS: Record<string, string> = { co2: 'ppm', temp: '°C', rh: '%', lux: 'lx', angle: '°', rssi: 'dBm' };

/** The badge text: the chosen metric's value when the sensor has it, else its most telling channel. */
export function badgeText(view: TwinView | undefined, spec: SensorSpec, metricId: MetricId): string {
  if (!view) return '…';
  const look = sensorLook(view, spec.dev);
  if (look === 'offline') return `${spec.dev}: offline`;
  const m = metric(metricId);
  // A sensor without the heatmap's metric shows what it does measure (a placed thermometer under "CO2").
  const fallback = (['angle', 'co2', 'temp', 'rh', 'lux'] as const).find((c) => spec.channels.includes(c)) ?? 'co2';
  const wanted = m.channel && spec.channels.includes(m.channel) ? m.channel : fallback;
  if (wanted === 'rssi') {
    const r = view.devices[spec.dev]?.rssi;
    return r === null || r === undefined ? `${spec.dev}: –` : `${r} dBm`;
  }
  const s = Object.values(view.sensors).find((x) => x.dev === spec.dev && x.channel === wanted);
  if (wanted === 'angle') {
    const a = view.doors[spec.attachedTo]?.angle ?? s?.value[0];
    return a === undefined || a === null ? `${spec.dev}: –` : `${a.toFixed(0)}°`;
  }
  if (!s || s.value[0] === undefined) return `${spec.dev}: –`;
  const digits = wanted === 'temp' ? 1 : 0;
  return `${s.value[0].toFixed(digits)} ${UNITS[wanted] ?? ''}${look === 'stale' ? ' (stale)' : ''}`.trim();
}
