/**
 * Default thresholds and rule parameters, and their merge with a site file's `rules` section.
 */
import type { AlertRule, AlertRuleConfig, Rules, SiteRules } from '../../common/site';

const alert = (severity: AlertRuleConfig['severity'], raiseAfterMs: number, clearAfterMs: number): AlertRuleConfig => ({
  enabled: true,
  severity,
  raiseAfterMs,
  clearAfterMs,
});

/** What the engine runs with when a site file says nothing. */
export const DEFAULT_RULES: Rules = {
  // Covers one device's telemetry and events crossing on separate MQTT topics; it is also the live display's lag.
  // Anything later is applied by rewinding, so this only trades lag for rewinds.
  reorderWindowMs: 250,
  time: { idleMs: 5000, horizonMs: 86_400_000, foundLateMs: 10_000 },
  utcOffsetMinutes: 0,
  co2: {
    outdoorPpm: 420,
    thresholdPpm: 1000,
    thresholdCategory: null,
    hysteresisPpm: 50,
    // EN 16798-1, ppm above outdoor.
    categories: { I: 550, II: 800, III: 1350 },
    generationM3s: 5.2e-6,
    defaultAch: 0.5,
    doorFlowM3s: 0.05,
    maxOccupantsPerM2: 0.5,
    abnormalMarginPpmPerMin: 10,
    slopeWindowMs: 300_000,
    fitMinExcessPpm: 50,
    fitForgetting: 0.99,
    fitMaxGapMs: 900_000,
  },
  door: {
    slamRateDps: 150,
    slamAccelG: 0.5,
    slamWindowMs: 1000,
    conflictAngleDeg: 5,
    zeroAngleDeg: 1,
    hallOpenZeroMs: 30_000,
    gyroDeadbandDps: 1.5,
    maxGyroGapMs: 2000,
    disagreeMs: 2000,
    slamAlertMs: 600_000,
  },
  occupancy: { holdMs: 10_000, closedHoldMs: 30_000, phantomClearMs: 300_000 },
  health: {
    staleFactor: 3,
    ranges: {
      co2: [350, 10_000],
      temp: [-10, 50],
      rh: [1, 99],
      lux: [0, 120_000],
      rssi: [-95, 0],
      bat: [3.0, 4.35],
      // Typical IMU full scales: a reading at the rail is saturated, not a measurement.
      gyro: [-1999, 1999],
      accel: [-15.9, 15.9],
    },
    stuck: {
      co2: { ms: 1_800_000, epsilon: 0, minSamples: 10 },
      temp: { ms: 3_600_000, epsilon: 0, minSamples: 10 },
      rh: { ms: 3_600_000, epsilon: 0, minSamples: 10 },
      // A live IMU always shows noise in the last digit.
      gyro: { ms: 300_000, epsilon: 0, minSamples: 20 },
      accel: { ms: 300_000, epsilon: 0, minSamples: 20 },
    },
  },
  alerts: {
    'door-slammed': alert('info', 0, 0),
    'sensor-conflict': alert('warning', 0, 10_000),
    'co2-high': alert('warning', 0, 60_000),
    'co2-abnormal-rise': alert('warning', 60_000, 120_000),
    'sensor-stuck': alert('warning', 0, 0),
    'sensor-out-of-range': alert('warning', 10_000, 30_000),
    'device-offline': alert('critical', 5000, 0),
    'device-stale': alert('warning', 0, 0),
    'clock-unsynced': alert('info', 60_000, 0),
  },
  rooms: {},
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; anything else (numbers, arrays, strings) replaces. */
function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return structuredClone(base);
  if (!isPlainObject(base) || !isPlainObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(base)) out[k] = merge(base[k], over[k]);
  for (const k of Object.keys(over)) if (!(k in base)) out[k] = structuredClone(over[k]);
  return out;
}

/** A site's `rules` with a change over them (a back-test's edited thresholds): objects merge key by key. */
export function overlayRules(base: SiteRules | undefined, change: SiteRules): SiteRules {
  return merge(base ?? {}, change) as SiteRules;
}

/** The site's `rules` over the defaults. */
export function resolveRules(site?: SiteRules): Rules {
  return merge(DEFAULT_RULES, site ?? {}) as Rules;
}

/**
 * CO2 threshold of one room, ppm: the room's own ppm, else its EN 16798-1 category (outdoor + limit), else the
 * site-wide category, else the site-wide ppm.
 */
export function roomThresholdPpm(rules: Rules, roomId: string): number {
  const room = rules.rooms[roomId];
  if (room?.thresholdPpm !== undefined) return room.thresholdPpm;
  const category = room?.thresholdCategory ?? rules.co2.thresholdCategory;
  if (category !== null) return rules.co2.outdoorPpm + rules.co2.categories[category];
  return rules.co2.thresholdPpm;
}

/** Whether a rule is switched on. */
export function ruleEnabled(rules: Rules, rule: AlertRule): boolean {
  return rules.alerts[rule].enabled;
}
