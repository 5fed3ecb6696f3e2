/**
 * JSON schemas of the MCAP export's message types, so Foxglove and Lichtblick know the fields (and their units)
 * of `/<dev>/telemetry`, `/<dev>/events` and `/twin/alerts`. Telemetry carries the sample's values at the top level,
 * so a plot path is simply `/room-a/telemetry.co2`.
 */
const number = (description: string) => ({ type: 'number', description });
const vector = (description: string) => ({
  type: 'array',
  items: { type: 'number' },
  minItems: 3,
  maxItems: 3,
  description,
});

const sampleFields = {
  dev: { type: 'string' },
  boot: { type: 'integer', description: 'boot counter of the device' },
  seq: { type: 'integer', description: 'message counter, per boot' },
  t: { type: 'integer', description: 'event time, ms since the Unix epoch (the log time)' },
  tRecv: { type: 'integer', description: 'receive time, ms since the Unix epoch (the publish time)' },
  via: { type: 'string' },
  basis: { type: 'string', enum: ['device', 'estimated', 'received'] },
  backfill: { type: 'boolean' },
  late: { type: 'boolean' },
  co2: number('CO2, ppm'),
  temp: number('temperature, °C'),
  rh: number('relative humidity, %'),
  lux: number('illuminance, lx'),
  motion: { type: 'boolean', description: 'PIR motion since the previous sample' },
  door: { type: 'string', enum: ['open', 'closed'], description: 'hall sensor' },
  gyro: vector('angular rate, deg/s, device axes'),
  accel: vector('acceleration, g, device axes'),
  angle: number('door angle, deg (0 = closed)'),
  rssi: number('Wi-Fi signal, dBm'),
  bat: number('battery, V'),
};

export const TELEMETRY_SCHEMA = {
  title: 'twinscope.Telemetry',
  type: 'object',
  properties: sampleFields,
  required: ['dev', 'boot', 'seq', 't', 'tRecv'],
};

export const EVENT_SCHEMA = {
  title: 'twinscope.DeviceEvent',
  type: 'object',
  properties: { ...sampleFields, evt: { type: 'string', description: 'event name: door_open, door_close, slam, ...' } },
  required: ['dev', 'boot', 'seq', 't', 'tRecv', 'evt'],
};

export const ALERT_SCHEMA = {
  title: 'twinscope.AlertChange',
  type: 'object',
  properties: {
    session: { type: 'integer' },
    t: { type: 'integer', description: 'event time of the change, ms since the Unix epoch' },
    id: { type: 'string', description: 'alert id, unique within the session' },
    change: { type: 'string', enum: ['raised', 'acknowledged', 'repeated', 'cleared'] },
    rule: { type: 'string' },
    subject: { type: 'string', description: 'the door, room or device it is about' },
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
    reason: { type: 'string' },
  },
  required: ['session', 't', 'id', 'change', 'rule', 'subject', 'severity'],
};
