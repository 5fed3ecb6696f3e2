/**
 * The API's one table of calls: every call's argument as a JSON Schema. The channel list (`API_CALLS`) is derived
 * from it, and the core validates every argument against it whichever carrier (IPC, WebSocket) brought the call.
 * Plain data: the core compiles it (ajv); nothing here imports a validator.
 */
import type { ApiCallName } from './api';
import { CHANNELS } from './sample';

/** The subset of JSON Schema (draft 2020-12) the table uses. */
export interface JsonSchema {
  type?: 'null' | 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  oneOf?: readonly JsonSchema[];
  /** Picks the `oneOf` branch by this property, so errors name the branch's fields (ajv's `discriminator`). */
  discriminator?: { propertyName: string };
  const?: string | number | boolean;
  enum?: readonly (string | number)[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  maxItems?: number;
  uniqueItems?: boolean;
}

/** Calls without an argument: `undefined` over IPC, `null` over JSON; both are normalized to `null`. */
const none: JsonSchema = { type: 'null' };
const text = (maxLength = 256): JsonSchema => ({ type: 'string', minLength: 1, maxLength });
const optionalText = (maxLength = 256): JsonSchema => ({ type: 'string', maxLength });
const time: JsonSchema = { type: 'number', minimum: 0, maximum: 8.64e15 };
const object = (properties: Record<string, JsonSchema>, required: readonly string[]): JsonSchema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const connect: JsonSchema = {
  type: 'object',
  properties: { kind: { type: 'string' } },
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    object(
      {
        kind: { const: 'serial' },
        path: text(4096),
        baudRate: { type: 'integer', minimum: 50, maximum: 4_000_000 },
      },
      ['kind', 'path'],
    ),
    object(
      {
        kind: { const: 'mqtt' },
        url: { type: 'string', pattern: '^(mqtts?|wss?)://[^\\s]+$', maxLength: 2048 },
        clientId: optionalText(),
        username: optionalText(),
        password: optionalText(1024),
        caFile: optionalText(4096),
        certFile: optionalText(4096),
        keyFile: optionalText(4096),
      },
      ['kind', 'url'],
    ),
    object({ kind: { const: 'demo' } }, ['kind']),
  ],
};

/** A file browser mode received, by the name it gave it in its uploads folder: never a path. */
export const UPLOAD_NAME_PATTERN = '^upload-[0-9a-f]{32}\\.twinrec$';

/** A coordinate on the floor plan, metres. */
const coordinate: JsonSchema = { type: 'number', minimum: -1e6, maximum: 1e6 };

const placeDevice: JsonSchema = object(
  {
    dev: text(80),
    channels: {
      type: 'array',
      maxItems: CHANNELS.length,
      uniqueItems: true,
      items: { enum: CHANNELS },
    },
    to: {
      type: 'object',
      properties: { kind: { type: 'string' } },
      required: ['kind'],
      discriminator: { propertyName: 'kind' },
      oneOf: [
        object({ kind: { const: 'room' }, room: text(64), x: coordinate, y: coordinate }, ['kind', 'room']),
        object({ kind: { const: 'door' }, door: text(64) }, ['kind', 'door']),
        object({ kind: { const: 'sensor' }, sensor: text(64) }, ['kind', 'sensor']),
      ],
    },
  },
  ['dev', 'channels', 'to'],
);

export const API_ARGUMENT_SCHEMAS: { readonly [N in ApiCallName]: JsonSchema } = {
  'sources.list': none,
  'sources.connect': connect,
  'sources.disconnect': object({ id: text(4200) }, ['id']),
  'ports.list': none,
  'history.extent': none,
  'ingest.stats': none,
  'twin.view': none,
  'alerts.acknowledge': object({ alertId: text(1024) }, ['alertId']),
  'twin.whatIf': object(
    {
      room: text(),
      doorOpen: { type: 'boolean' },
      addOccupants: { type: 'integer', minimum: -100, maximum: 1000 },
      horizonMs: { type: 'number', exclusiveMinimum: 0, maximum: 86_400_000 },
      stepMs: { type: 'number', minimum: 1000, maximum: 3_600_000 },
    },
    ['room', 'horizonMs'],
  ),
  'site.get': none,
  'history.series': object(
    {
      dev: text(),
      channel: { enum: ['co2', 'temp', 'rh', 'lux', 'angle', 'rssi', 'bat'] },
      from: time,
      to: time,
      buckets: { type: 'integer', minimum: 1, maximum: 4000 },
    },
    ['dev', 'channel', 'from', 'to', 'buckets'],
  ),
  'devices.identify': object({ dev: text() }, ['dev']),
  'devices.notPlaced': none,
  'site.placeDevice': placeDevice,
  'rejects.latest': object({ limit: { type: 'integer', minimum: 1, maximum: 1000 } }, ['limit']),
  'sessions.list': none,
  'sessions.update': object(
    { id: { type: 'integer', minimum: 1 }, name: optionalText(120), notes: optionalText(4000) },
    ['id'],
  ),
  'sessions.delete': object({ id: { type: 'integer', minimum: 1 } }, ['id']),
  'sessions.export': object(
    { id: { type: 'integer', minimum: 1 }, format: { enum: ['twinrec', 'mcap', 'ndjson', 'csv'] } },
    ['id', 'format'],
  ),
  'sessions.import': {
    type: 'object',
    properties: { from: { type: 'string' } },
    required: ['from'],
    discriminator: { propertyName: 'from' },
    oneOf: [
      object({ from: { const: 'dialog' } }, ['from']),
      object(
        { from: { const: 'upload' }, upload: { type: 'string', pattern: UPLOAD_NAME_PATTERN }, name: optionalText() },
        ['from', 'upload'],
      ),
    ],
  },
  'sessions.verify': object({ session: { type: 'integer', minimum: 1 } }, []),
  'replay.open': object({ session: { type: 'integer', minimum: 1 } }, ['session']),
  'replay.seek': object({ t: time }, ['t']),
  'replay.play': object({ speed: { type: 'number', minimum: 0.25, maximum: 1000 } }, ['speed']),
  'replay.pause': none,
  'replay.close': none,
  'replay.alerts': object({ session: { type: 'integer', minimum: 1 } }, ['session']),
  'replay.coverage': object({ session: { type: 'integer', minimum: 1 } }, ['session']),
  'replay.rules': object({ session: { type: 'integer', minimum: 1 } }, ['session']),
  // The rules themselves are checked against the site schema by the handler, which names every bad field.
  'replay.backtest': object({ session: { type: 'integer', minimum: 1 }, rules: { type: 'object' } }, [
    'session',
    'rules',
  ]),
};
