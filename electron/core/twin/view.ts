/**
 * The engine's state turned into the small view types the renderer and the API carry (electron/common/views.ts).
 * Built once per frame, never per sample; engine internals never leave through here.
 */
import type { DeviceHealth, DoorState, Reading, RoomState, SensorHealth, TwinState } from '../../common/twin';
import type { AlertView, DeviceView, DoorView, ReadingView, RoomView, SensorView, TwinView } from '../../common/views';
import { activeAlerts } from './alerts';
import { roomThresholdPpm } from './rules';

/** Devices the site does not name that a view lists at most: a busy shared broker cannot grow every frame. */
export const MAX_UNPLACED_DEVICES = 32;

function doorView(d: DoorState, state: TwinState): DoorView {
  const conflict = Object.values(state.conflicts).find((c) => c.subject === d.id);
  return {
    id: d.id,
    position: d.position,
    angle: d.angle,
    angleSource: d.angleSource,
    rateDps: d.rateDps,
    since: d.since,
    slamsToday: d.slams.today,
    slamsTotal: d.slams.total,
    lastSlamT: d.slams.lastT,
    lastSlamPeakDps: d.slams.lastPeakDps,
    conflict: conflict?.kind ?? null,
  };
}

function readingView(r: Reading | null): ReadingView | null {
  return r ? { value: r.value, t: r.t, dev: r.key.dev } : null;
}

function roomView(r: RoomState, state: TwinState): RoomView {
  const m = r.model;
  return {
    id: r.id,
    co2: readingView(r.co2),
    temp: readingView(r.temp),
    rh: readingView(r.rh),
    lux: readingView(r.lux),
    occupied: r.occupancy.occupied,
    occupancyReason: r.occupancy.reason,
    occupants: m.occupants,
    ventilationAch: (m.qM3s / r.volumeM3) * 3600,
    ventilationSource: m.qSource,
    co2SlopePpmPerMin: m.slopePpmPerMin,
    co2Abnormal: m.abnormal,
    co2Category: m.category,
    co2ThresholdPpm: roomThresholdPpm(state.rules, r.id),
    timeToThresholdMs: m.timeToThresholdMs,
  };
}

function deviceView(d: DeviceHealth, hostT: number | null): DeviceView {
  return {
    dev: d.dev,
    inSite: d.inSite,
    status: d.status,
    stale: d.stale,
    silentForMs: hostT !== null && d.lastRecvT !== null ? Math.max(0, hostT - d.lastRecvT) : null,
    lastT: d.lastT,
    lastRecvT: d.lastRecvT,
    lagMs: d.lagMs,
    intervalMs: d.intervalMs,
    intervalSource: d.intervalSource,
    clock: d.clock,
    fw: d.fw,
    received: d.received,
    lossRate: d.lossRate,
    lateApplied: d.lateApplied,
    beyondHorizon: d.beyondHorizon,
    rssi: d.rssi,
    bat: d.bat,
  };
}

function sensorView(s: SensorHealth): SensorView {
  return { dev: s.dev, channel: s.channel, value: s.value, t: s.t, stuck: s.stuck, outOfRange: s.outOfRange };
}

function mapValues<A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> {
  const out: Record<string, B> = {};
  for (const [k, v] of Object.entries(o)) out[k] = f(v);
  return out;
}

function byRaise(a: AlertView, b: AlertView): number {
  return a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** What the renderer needs: no site, no rules, no buffers; unplaced devices capped. */
export function twinView(state: TwinState): TwinView {
  const hostT = state.hostT;
  const devices: Record<string, DeviceView> = {};
  let unplaced = 0;
  let hidden = 0;
  for (const d of Object.values(state.devices)) {
    if (!d.inSite && unplaced++ >= MAX_UNPLACED_DEVICES) {
      hidden++;
      continue;
    }
    devices[d.dev] = deviceView(d, hostT);
  }
  return {
    t: state.t,
    hostT,
    doors: mapValues(state.doors, (d) => doorView(d, state)),
    rooms: mapValues(state.rooms, (r) => roomView(r, state)),
    devices,
    sensors: mapValues(state.sensors, sensorView),
    conflicts: [...Object.values(state.conflicts), ...Object.values(state.linkConflicts)],
    alerts: [...activeAlerts(state.alerts), ...activeAlerts(state.linkAlerts)].sort(byRaise),
    late: { ...state.late, horizonMs: state.rules.time.horizonMs },
    devicesNotShown: hidden,
  };
}
