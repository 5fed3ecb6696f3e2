/**
 * Wire protocol v1 between devices and Twinscope. firmware/PROTOCOL.md is the contract; these types mirror it.
 * One JSON object per message; on serial one per line, at most MAX_LINE_BYTES including the newline.
 */
import type { SampleValues } from './sample';

export const PROTOCOL_VERSION = 1;

/** Longest serial line (and MQTT payload) accepted, bytes, newline included. */
export const MAX_LINE_BYTES = 1024;

/** Longest device id: letters, digits, `-`, `_`, `.`; it is also an MQTT topic level. */
export const MAX_DEV_ID_LENGTH = 64;
export const DEV_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Fields every device-to-host message carries. */
export interface EnvelopeFields {
  v: typeof PROTOCOL_VERSION;
  dev: string;
  /** Boot counter persisted in flash. */
  boot: number;
  /** Message counter per boot. */
  seq: number;
  /** Uptime when measured, ms. */
  up: number;
  /** Epoch ms when the device clock is synced, else null. */
  ts: number | null;
  /** Uptime when sent, ms: present only on messages replayed from the device's offline buffer. */
  sup?: number;
}

export interface TeleMessage extends EnvelopeFields {
  t: 'tele';
  data: SampleValues;
}

export interface HelloMessage extends EnvelopeFields {
  t: 'hello';
  fw: string;
  hw: string;
  sensors: string[];
  interval_ms: number;
}

export interface EvtMessage extends EnvelopeFields {
  t: 'evt';
  evt: string;
  data: SampleValues;
}

export interface AckMessage extends EnvelopeFields {
  t: 'ack';
  id: string;
  ok: boolean;
  err?: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogMessage extends EnvelopeFields {
  t: 'log';
  level: LogLevel;
  msg: string;
}

export type DeviceMessage = TeleMessage | HelloMessage | EvtMessage | AckMessage | LogMessage;
export type DeviceMessageType = DeviceMessage['t'];

export type CommandOp = 'identify' | 'set_interval' | 'time' | 'replay' | 'reboot';

export const COMMAND_OPS: readonly CommandOp[] = ['identify', 'set_interval', 'time', 'replay', 'reboot'];

/** Host-to-device command. Over MQTT on `twinscope/v1/<dev>/cmd` (QoS 1, never retained); over serial one line. */
export interface CommandMessage {
  v: typeof PROTOCOL_VERSION;
  t: 'cmd';
  id: string;
  op: CommandOp;
  args?: Record<string, number | string | boolean>;
}

export const TOPIC_ROOT = 'twinscope/v1';

export type TopicKind = 'status' | 'meta' | 'tele' | 'evt' | 'cmd' | 'ack' | 'config/desired' | 'config/reported';

export function deviceTopic(dev: string, kind: TopicKind): string {
  return `${TOPIC_ROOT}/${dev}/${kind}`;
}
