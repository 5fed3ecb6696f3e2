/**
 * The link part of the twin, in processing time and arrival order: device health from every message, MQTT status,
 * hello, clock ticks, and the link rules' conflicts and alerts judged at host time. Never rewound: it says what
 * reached us and when.
 */
import type { TwinEvent, TwinInput, TwinState } from '../../common/twin';
import { updateAlerts } from './alerts';
import { linkConditions } from './conditions';
import { updateLinkConflicts } from './conflicts';
import { accountSeq, applyDeviceSample, applyHello, applyStatus, heardFrom, initDevice, tickDevice } from './health';
import { inputTime } from './order';
import { advance } from './progress';
import type { Sample } from '../../common/sample';
import type { DeviceHealth } from '../../common/twin';

/** Host time between two looks at the link while only samples arrive (clock ticks look at every tick). */
const LINK_EVERY_MS = 1000;

function device(state: TwinState, dev: string): DeviceHealth {
  return (state.devices[dev] ??= initDevice(dev, false));
}

/** Host time an input tells of: when it was received, or the tick's time. */
function hostTimeOf(input: TwinInput): number {
  switch (input.kind) {
    case 'sample':
      return input.sample.tRecv;
    case 'hello':
    case 'seen':
      return input.tRecv ?? input.t;
    default:
      return input.t;
  }
}

/** Device bookkeeping for one input, in arrival order, and the host time it brings. */
export function applyLink(state: TwinState, input: TwinInput): void {
  const host = hostTimeOf(input);
  if (Number.isFinite(host) && (state.hostT === null || host > state.hostT)) state.hostT = host;
  switch (input.kind) {
    case 'sample': {
      const s = input.sample;
      const d = device(state, s.dev);
      accountSeq(d, s.boot, s.seq);
      applyDeviceSample(d, s, inputTime(input));
      advance(state, s.dev, inputTime(input), s.tRecv);
      return;
    }
    case 'status':
      applyStatus(device(state, input.dev), input.online, input.t);
      return;
    case 'hello': {
      const d = device(state, input.dev);
      applyHello(d, input.intervalMs, input.fw);
      heardFrom(d, host);
      if (input.boot !== undefined && input.seq !== undefined) accountSeq(d, input.boot, input.seq);
      return;
    }
    case 'seen': {
      const d = device(state, input.dev);
      heardFrom(d, host);
      accountSeq(d, input.boot, input.seq);
      return;
    }
    case 'clock':
    case 'ack':
      return;
    default: {
      const never: never = input;
      throw new Error(`unknown input ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Whether a sample can change what the link rules see (call before applying it): its device is offline, silent or
 * new, or its clock basis changes. Other samples wait for the next clock tick, so the link is not judged per sample.
 */
export function linkNeedsLook(state: TwinState, s: Sample): boolean {
  const d = state.devices[s.dev];
  if (d === undefined || d.status === 'offline' || d.stale) return true;
  if (state.linkT === null || s.tRecv - state.linkT >= LINK_EVERY_MS) return true;
  return d.clock !== (s.timeBasis === 'estimated' ? 'estimated' : 'synced');
}

/** Silence, offline and status-against-data at host time, then the link rules' alerts. */
export function evaluateLink(state: TwinState, events: TwinEvent[]): void {
  const now = state.hostT;
  if (now === null) return;
  state.linkT = now;
  for (const d of Object.values(state.devices)) tickDevice(d, state.rules, now);
  updateLinkConflicts(state, now, events);
  const ctx = { acks: state.acks, hostT: now, rules: state.rules };
  updateAlerts(state.linkAlerts, linkConditions(state, now), now, ctx, events);
}
