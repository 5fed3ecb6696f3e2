/**
 * JSON Schema (draft-07) of a site file, `rules` section included. Shape and bounds only; cross-references (a door's
 * rooms exist, a sensor's channels fit what it is attached to) are checked in siteChecks.ts.
 */
import { ALERT_RULES } from '../../../common/site';

const num = (extra: Record<string, unknown> = {}) => ({ type: 'number', ...extra });
const positive = num({ exclusiveMinimum: 0 });
const nonNegative = num({ minimum: 0 });
const ms = { type: 'integer', minimum: 0 };
const id = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' };
/** A third-party device id (the conventions' prefixes, core/protocol/adapters). */
export const THIRD_PARTY_DEV = /^(gw|ha|z2m|tasmota|map):[A-Za-z0-9._-]{1,64}$/;
/** A site sensor is one of our devices, or a third-party device placed as it is (`"dev": "z2m:hall_door"`). */
export const SENSOR_DEV = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63}|(gw|ha|z2m|tasmota|map):[A-Za-z0-9._-]{1,64})$/;
const sensorDev = { type: 'string', pattern: SENSOR_DEV.source };
const name = { type: 'string', minLength: 1, maxLength: 120 };
const tuple = (items: object[]) => ({
  type: 'array',
  items,
  minItems: items.length,
  maxItems: items.length,
  additionalItems: false,
});
const object = (properties: Record<string, object>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

export const CHANNEL_NAMES = ['co2', 'temp', 'rh', 'lux', 'motion', 'door', 'gyro', 'accel', 'angle', 'rssi', 'bat'];
const SCALAR_CHANNELS = ['co2', 'temp', 'rh', 'lux', 'angle', 'rssi', 'bat', 'gyro', 'accel'];

const rulesSchema = object({
  reorderWindowMs: { type: 'integer', minimum: 0, maximum: 600_000 },
  time: object({
    idleMs: { type: 'integer', minimum: 100, maximum: 3_600_000 },
    horizonMs: { type: 'integer', minimum: 60_000, maximum: 7 * 86_400_000 },
    foundLateMs: { type: 'integer', minimum: 0 },
  }),
  utcOffsetMinutes: { type: 'integer', minimum: -840, maximum: 840 },
  co2: object({
    outdoorPpm: nonNegative,
    thresholdPpm: positive,
    thresholdCategory: { enum: ['I', 'II', 'III', null] },
    hysteresisPpm: nonNegative,
    categories: object({ I: positive, II: positive, III: positive }),
    generationM3s: positive,
    defaultAch: positive,
    doorFlowM3s: nonNegative,
    maxOccupantsPerM2: positive,
    abnormalMarginPpmPerMin: nonNegative,
    slopeWindowMs: { type: 'integer', minimum: 1000 },
    fitMinExcessPpm: nonNegative,
    fitForgetting: num({ exclusiveMinimum: 0, maximum: 1 }),
    fitMaxGapMs: { type: 'integer', minimum: 1 },
  }),
  door: object({
    slamRateDps: positive,
    slamAccelG: nonNegative,
    slamWindowMs: ms,
    conflictAngleDeg: num({ minimum: 0, maximum: 180 }),
    zeroAngleDeg: num({ minimum: 0, maximum: 180 }),
    hallOpenZeroMs: ms,
    gyroDeadbandDps: nonNegative,
    maxGyroGapMs: ms,
    disagreeMs: ms,
    slamAlertMs: ms,
  }),
  occupancy: object({ holdMs: ms, closedHoldMs: ms, phantomClearMs: ms }),
  health: object({
    staleFactor: num({ minimum: 1 }),
    ranges: {
      type: 'object',
      propertyNames: { enum: SCALAR_CHANNELS },
      additionalProperties: tuple([num(), num()]),
    },
    stuck: {
      type: 'object',
      propertyNames: { enum: SCALAR_CHANNELS },
      additionalProperties: object({ ms, epsilon: nonNegative, minSamples: { type: 'integer', minimum: 1 } }, [
        'ms',
        'epsilon',
        'minSamples',
      ]),
    },
  }),
  alerts: {
    type: 'object',
    propertyNames: { enum: ALERT_RULES },
    additionalProperties: object({
      enabled: { type: 'boolean' },
      severity: { enum: ['info', 'warning', 'critical'] },
      raiseAfterMs: ms,
      clearAfterMs: ms,
    }),
  },
  rooms: {
    type: 'object',
    additionalProperties: object({
      thresholdPpm: positive,
      thresholdCategory: { enum: ['I', 'II', 'III'] },
      maxOccupants: { type: 'integer', minimum: 0 },
    }),
  },
});

const days = num({ exclusiveMinimum: 0, maximum: 36_500 });
const retentionSchema = object({
  rawDays: days,
  minuteDays: days,
  overrides: {
    type: 'array',
    items: object({
      dev: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$' },
      channel: { enum: CHANNEL_NAMES },
      rawDays: days,
      minuteDays: days,
    }),
  },
});

/** A user-mapped MQTT topic (core/protocol/adapters/mapped.ts). */
const mappingSchema = object(
  {
    topic: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^#]*(#)?$' },
    device: { type: 'string', pattern: '^[A-Za-z0-9{}._-]{1,64}$' },
    channels: {
      type: 'object',
      minProperties: 1,
      propertyNames: { enum: CHANNEL_NAMES },
      additionalProperties: object(
        {
          path: { type: 'string', minLength: 1, maxLength: 120 },
          unit: { type: 'string', maxLength: 16 },
          scale: num(),
          closedWhen: { type: 'boolean' },
        },
        ['path'],
      ),
    },
    time: object({ path: { type: 'string', minLength: 1 }, format: { enum: ['iso', 'ms', 's'] } }, ['path', 'format']),
  },
  ['topic', 'device', 'channels'],
);

/** The whole site file. */
export const siteSchema = object(
  {
    $schema: { type: 'string' },
    schema: { const: 'twinscope-site/1' },
    id,
    name,
    rooms: {
      type: 'array',
      minItems: 1,
      items: object(
        {
          id,
          name,
          floor: { type: 'array', minItems: 3, items: tuple([num(), num()]) },
          height: positive,
        },
        ['id', 'name', 'floor', 'height'],
      ),
    },
    doors: {
      type: 'array',
      items: object(
        {
          id,
          name,
          rooms: tuple([id, id]),
          hinge: tuple([num(), num()]),
          width: positive,
          closedHeading: num({ minimum: -360, maximum: 360 }),
          swing: { enum: [1, -1] },
          hingeAxis: object({ axis: { enum: ['x', 'y', 'z'] }, sign: { enum: [1, -1] } }, ['axis', 'sign']),
          openAngle: num({ exclusiveMinimum: 0, maximum: 180 }),
        },
        ['id', 'name', 'rooms', 'hinge', 'width', 'closedHeading', 'swing', 'hingeAxis', 'openAngle'],
      ),
    },
    sensors: {
      type: 'array',
      items: object(
        {
          dev: sensorDev,
          channels: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: CHANNEL_NAMES } },
          attachedTo: id,
          position: tuple([num(), num(), num()]),
        },
        ['dev', 'channels', 'attachedTo', 'position'],
      ),
    },
    bindings: {
      type: 'object',
      propertyNames: { pattern: THIRD_PARTY_DEV.source },
      additionalProperties: sensorDev,
    },
    mappings: { type: 'array', items: mappingSchema },
    rules: rulesSchema,
    retention: retentionSchema,
  },
  ['schema', 'id', 'name', 'rooms', 'doors', 'sensors'],
);
