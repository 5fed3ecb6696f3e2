/**
 * Alert conditions: for each rule, which subjects are in a bad way right now, why, and on which samples' evidence.
 * A pure reading of the state; the lifecycle (hysteresis, de-duplication, clearing) is in alerts.ts.
 * World rules are judged at event time (and rewound with late data); link rules (offline, silent, clock, status
 * against data) at host time.
 */
import type { AlertRule } from '../../common/site';
import type { SampleKey, TwinState } from '../../common/twin';
import { dataAfterOffline } from './health';
import { roomThresholdPpm } from './rules';
import { siteIndex } from './siteIndex';

export interface Condition {
  rule: AlertRule;
  subject: string;
  /** Why, in words: built only when the alert is raised or repeats, not at every evaluation. */
  reason: () => string;
  keys: SampleKey[];
  /** Changes when a repeating condition happens again (a new slam): the alert is re-raised as `repeated`. */
  mark: number | null;
}

function fmt(x: number, digits = 0): string {
  return x.toFixed(digits);
}

function minutes(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/** Rules judged on the link, in host time; the others follow event time. */
export const LINK_RULES: ReadonlySet<AlertRule> = new Set(['device-offline', 'device-stale', 'clock-unsynced']);

/** Whether an alert belongs to the link part (host time, never rewound) rather than the world. */
export function isLinkAlert(a: { rule: AlertRule; subject: string }): boolean {
  return LINK_RULES.has(a.rule) || (a.rule === 'sensor-conflict' && a.subject.startsWith('status-vs-data:'));
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(ms < 1000 ? 1 : 0)} s` : minutes(ms);
}

/** Event-time rules' active conditions at event time `now`, in a fixed order (rules, then site order). */
export function worldConditions(state: TwinState, now: number): Condition[] {
  const { rules } = state;
  const index = siteIndex(state.site);
  const out: Condition[] = [];
  const on = (rule: AlertRule): boolean => rules.alerts[rule].enabled;
  const push = (
    rule: AlertRule,
    subject: string,
    reason: () => string,
    keys: SampleKey[],
    mark: number | null = null,
  ) => out.push({ rule, subject, reason, keys, mark });

  if (on('door-slammed')) {
    for (const d of Object.values(state.doors)) {
      const s = d.slams;
      if (s.lastT === null || now - s.lastT >= rules.door.slamAlertMs) continue;
      const name = index.doors.get(d.id)?.name ?? d.id;
      const reason = () =>
        `${name} slammed at ${fmt(s.lastPeakDps ?? 0)} °/s (${s.today} today); check the door closer`;
      push('door-slammed', d.id, reason, s.lastKeys, s.total);
    }
  }
  if (on('sensor-conflict')) {
    for (const c of Object.values(state.conflicts)) push('sensor-conflict', c.id, () => c.reason, c.keys);
  }
  for (const room of Object.values(state.rooms)) {
    const name = index.rooms.get(room.id)?.name ?? room.id;
    const c = room.co2;
    if (on('co2-high') && c) {
      const thr = roomThresholdPpm(rules, room.id);
      const active = state.alerts.active[`co2-high:${room.id}`] !== undefined;
      // Value hysteresis: once raised, the alert holds until the level is clearly below the threshold.
      if (active ? c.value > thr - rules.co2.hysteresisPpm : c.value >= thr) {
        const category = room.model.category;
        const reason = () => {
          const cat = category ? `; the air is EN 16798-1 category ${category}` : '';
          return `${name}: CO2 ${fmt(c.value)} ppm, over the ${thr} ppm threshold${thresholdBasis(rules, room.id)}${cat}`;
        };
        push('co2-high', room.id, reason, [c.key]);
      }
    }
    const m = room.model;
    if (on('co2-abnormal-rise') && m.abnormal && c) {
      const reason = () =>
        `${name}: CO2 rising ${fmt(m.slopePpmPerMin ?? 0, 1)} ppm/min, faster than the ` +
        `${fmt(m.maxRisePpmPerMin ?? 0, 1)} ppm/min a full room could cause (sensor fault or another source?)`;
      push('co2-abnormal-rise', room.id, reason, [c.key]);
    }
  }
  for (const sid of Object.keys(state.flaggedSensors)) {
    const s = state.sensors[sid]!;
    const id = `${s.dev}/${s.channel}`;
    const value = (): string => s.value.map((v) => String(v)).join(', ');
    if (on('sensor-stuck') && s.stuck) {
      const reason = () => `${id} unchanged at ${value()} for ${minutes(s.t - s.flatSince)} (${s.flatCount} samples)`;
      push('sensor-stuck', id, reason, [s.lastKey]);
    }
    if (on('sensor-out-of-range') && s.outOfRange) {
      const range = rules.health.ranges[s.channel as keyof typeof rules.health.ranges];
      const bounds = range ? ` outside ${range[0]}..${range[1]}` : '';
      push('sensor-out-of-range', id, () => `${id} reads ${value()}${bounds}`, [s.lastKey]);
    }
  }
  return out;
}

/** Where a room's threshold comes from, when it is a category rather than a plain ppm figure. */
function thresholdBasis(rules: TwinState['rules'], roomId: string): string {
  const room = rules.rooms[roomId];
  if (room?.thresholdPpm !== undefined) return '';
  const category = room?.thresholdCategory ?? rules.co2.thresholdCategory;
  return category === null ? '' : ` (category ${category} limit: outdoor + ${rules.co2.categories[category]} ppm)`;
}

/** Link rules' active conditions at host time `now`: offline, silent, unsynced clocks, status against data. */
export function linkConditions(state: TwinState, now: number): Condition[] {
  const { rules } = state;
  const out: Condition[] = [];
  const on = (rule: AlertRule): boolean => rules.alerts[rule].enabled;
  const push = (rule: AlertRule, subject: string, reason: () => string, keys: SampleKey[]) =>
    out.push({ rule, subject, reason, keys, mark: null });
  if (on('sensor-conflict')) {
    for (const c of Object.values(state.linkConflicts)) push('sensor-conflict', c.id, () => c.reason, c.keys);
  }
  for (const d of Object.values(state.devices)) {
    const keys = d.lastKey ? [d.lastKey] : [];
    const offline = d.status === 'offline' && !dataAfterOffline(d);
    if (on('device-offline') && offline) push('device-offline', d.dev, () => `${d.dev} is offline (MQTT status)`, keys);
    if (on('device-stale') && d.stale && !offline && d.lastRecvT !== null && d.intervalMs !== null) {
      const silent = now - d.lastRecvT;
      const every = d.intervalMs;
      const reason = () => `${d.dev}: no data for ${seconds(silent)} (expected every ${seconds(every)})`;
      push('device-stale', d.dev, reason, keys);
    }
    if (on('clock-unsynced') && d.clock === 'estimated') {
      push('clock-unsynced', d.dev, () => `${d.dev}: clock not synced; event times are estimated by the host`, keys);
    }
  }
  return out;
}
