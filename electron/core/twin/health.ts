/**
 * Device health, judged in processing time and arrival order (never rewound): online/offline from MQTT status (and
 * its last will), stale when nothing was received for `staleFactor` intervals of host time (interval from `hello`,
 * else learned from sample spacing), clock basis, data lag, loss rate from sequence gaps per (dev, boot), RSSI and
 * battery. Functions mutate the engine's working copy.
 */
import type { Sample } from '../../common/sample';
import type { Rules } from '../../common/site';
import type { DeviceHealth } from '../../common/twin';
import { keyOf } from './keys';

/** How fast a learned interval forgets a long gap, ms: a burst of fast samples must not make a device "stale". */
const INTERVAL_DECAY_MS = 600_000;
/** Gaps longer than this are outages, not the device's rhythm. */
const MAX_LEARNED_INTERVAL_MS = 600_000;

/** A device nothing is known about yet. */
export function initDevice(dev: string, inSite: boolean): DeviceHealth {
  return {
    dev,
    inSite,
    status: 'unknown',
    statusT: null,
    lastT: null,
    lastRecvT: null,
    lagMs: null,
    liveRecvT: null,
    lastKey: null,
    intervalMs: null,
    intervalSource: null,
    stale: false,
    clock: null,
    fw: null,
    boot: null,
    seqMin: null,
    seqMax: null,
    received: 0,
    lossRate: 0,
    lateApplied: 0,
    beyondHorizon: 0,
    rssi: null,
    bat: null,
  };
}

/**
 * Counts one message of (boot, seq) towards the newest boot's loss rate. Each (dev, boot, seq) reaches the engine
 * once, so loss = 1 − received / (seqMax − seqMin + 1). Messages of older boots no longer count.
 */
export function accountSeq(d: DeviceHealth, boot: number, seq: number): void {
  // Synthetic keys (devices without boot/seq, boot < 0) are hashes, not a sequence: there is no loss to count.
  if (boot < 0) return;
  if (d.boot === null || boot > d.boot) {
    d.boot = boot;
    d.seqMin = seq;
    d.seqMax = seq;
    d.received = 1;
  } else if (boot === d.boot) {
    d.seqMin = Math.min(d.seqMin!, seq);
    d.seqMax = Math.max(d.seqMax!, seq);
    d.received += 1;
  } else {
    return;
  }
  const span = d.seqMax! - d.seqMin! + 1;
  const loss = 1 - d.received / span;
  d.lossRate = loss > 0 ? loss : 0;
}

/** Something arrived from the device (host time): it is not silent. */
export function heardFrom(d: DeviceHealth, tRecv: number): void {
  if (d.lastRecvT === null || tRecv > d.lastRecvT) d.lastRecvT = tRecv;
  d.stale = false;
}

/** A sample, in arrival order. */
export function applyDeviceSample(d: DeviceHealth, s: Sample, te: number): void {
  if (d.lastT !== null && te > d.lastT && d.intervalSource !== 'hello') {
    const dt = Math.min(te - d.lastT, MAX_LEARNED_INTERVAL_MS);
    // Slowly decaying maximum of the spacing: follows a slower rhythm at once, a faster one over minutes.
    const decayed = d.intervalMs === null ? 0 : d.intervalMs * Math.exp(-dt / INTERVAL_DECAY_MS);
    d.intervalMs = Math.max(dt, decayed);
    d.intervalSource = 'learned';
  }
  if (d.lastT === null || te >= d.lastT) {
    d.lastT = te;
    d.lagMs = Math.max(0, s.tRecv - te);
  }
  heardFrom(d, s.tRecv);
  if (!s.backfill && (d.liveRecvT === null || s.tRecv > d.liveRecvT)) d.liveRecvT = s.tRecv;
  d.lastKey = keyOf(s);
  d.clock = s.timeBasis === 'estimated' ? 'estimated' : 'synced';
  if (s.values.rssi !== undefined) d.rssi = s.values.rssi;
  if (s.values.bat !== undefined) d.bat = s.values.bat;
}

/** MQTT status; an older status than the one already known is ignored. */
export function applyStatus(d: DeviceHealth, online: boolean, t: number): void {
  if (d.statusT !== null && t < d.statusT) return;
  d.status = online ? 'online' : 'offline';
  d.statusT = t;
}

/** `hello`: the announced interval replaces any learned one. */
export function applyHello(d: DeviceHealth, intervalMs: number, fw: string): void {
  d.intervalMs = intervalMs;
  d.intervalSource = 'hello';
  d.fw = fw;
}

/**
 * Samples keep arriving after the status said offline (e.g. over serial while Wi-Fi is down). Judged by receive time:
 * the status time is the host's too, while a sample's event time is the device's clock and says when it was measured,
 * not when the host heard from the device. Backfilled samples do not count: they arrive after the device is back.
 */
export function dataAfterOffline(d: DeviceHealth): boolean {
  return d.status === 'offline' && d.statusT !== null && d.liveRecvT !== null && d.liveRecvT > d.statusT;
}

/** Host time passing: stale when nothing was received for `staleFactor` intervals. */
export function tickDevice(d: DeviceHealth, rules: Rules, hostNow: number): void {
  d.stale =
    d.intervalMs !== null && d.lastRecvT !== null && hostNow - d.lastRecvT > rules.health.staleFactor * d.intervalMs;
}
