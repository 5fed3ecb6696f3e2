/**
 * The one reading type every part of Twinscope shares: live sources, replay, the twin engine and the store all see
 * `Sample`s. Units are fixed so nothing downstream converts: ppm, °C, %RH, lx, deg, deg/s, g, dBm, V.
 */

/** How a sample reached us. */
export type Via = 'serial' | 'mqtt' | 'sim' | 'replay';

/** Hall-sensor reading of a door: the magnet is at the frame (`closed`) or away from it (`open`). */
export type DoorContact = 'open' | 'closed';

export type Vector3 = readonly [number, number, number];

/** Measured values; any subset may be present. */
export interface SampleValues {
  /** CO2 concentration, ppm. */
  co2?: number;
  /** Air temperature, °C. */
  temp?: number;
  /** Relative humidity, %. */
  rh?: number;
  /** Illuminance, lx. */
  lux?: number;
  /** PIR motion detected since the previous sample. */
  motion?: boolean;
  /** Hall sensor on the door frame. */
  door?: DoorContact;
  /** Angular rate, deg/s, device axes. */
  gyro?: Vector3;
  /** Acceleration, g, device axes. */
  accel?: Vector3;
  /** Door angle computed on the device, deg (0 = closed). */
  angle?: number;
  /** Wi-Fi signal strength, dBm. */
  rssi?: number;
  /** Battery voltage, V. */
  bat?: number;
}

export type Channel = keyof SampleValues;

export const CHANNELS: readonly Channel[] = [
  'co2',
  'temp',
  'rh',
  'lux',
  'motion',
  'door',
  'gyro',
  'accel',
  'angle',
  'rssi',
  'bat',
];

/** How the event time `t` was obtained. */
export type TimeBasis =
  /** The device's clock was synced (NTP or host `time` command): `t` is the device's `ts`. */
  | 'device'
  /** Unsynced device: `t` estimated from the receive time and the device's uptime (or, without one, receive time). */
  | 'estimated'
  /** A device without a clock of its own (most third-party sensors): `t` is when the host received the reading. */
  | 'received';

/**
 * One reading set from one device. `(dev, boot, seq)` identifies it across transports: the same message arriving over
 * serial and MQTT is one sample.
 */
export interface Sample {
  dev: string;
  /** Boot counter persisted in the device's flash. */
  boot: number;
  /** Message counter, per boot. */
  seq: number;
  /** Event time (when measured), ms since the Unix epoch, corrected for unsynced clocks. */
  t: number;
  /** Device uptime when measured, ms. */
  up: number;
  /** The device's own timestamp, when its clock was synced. */
  tDev: number | null;
  /** When the host received it, ms since the Unix epoch. */
  tRecv: number;
  timeBasis: TimeBasis;
  via: Via;
  /** Arrived from the device's offline buffer (the message carried `sup`). */
  backfill: boolean;
  /** Arrived after samples with a later event time from the same device had already been seen. */
  late: boolean;
  /** Set on samples from `evt` messages: the event's name (`slam`, `door_open`, ...). */
  evt?: string;
  values: SampleValues;
}
