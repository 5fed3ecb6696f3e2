/**
 * One MQTT convention = one adapter: the topic filters it subscribes to and a decoder from (topic, payload) to what
 * the pipeline understands. Protocol v1 is the first adapter; third-party conventions (Home Assistant discovery,
 * zigbee2mqtt, Tasmota, the door-and-rooms gateway, site-mapped JSON topics) produce `reading`s, which carry no
 * boot/seq and are keyed and deduplicated by ingest (device + event time + values). Decoders never throw.
 */
import type { DeviceMessage } from '../../../common/protocol';
import type { SampleValues } from '../../../common/sample';
import type { Rejection } from '../rejection';

/** Names of the conventions Twinscope understands. */
export type ConventionName = 'v1' | 'ha' | 'z2m' | 'tasmota' | 'gateway' | 'mapped';

export const CONVENTIONS: readonly ConventionName[] = ['v1', 'ha', 'z2m', 'tasmota', 'gateway', 'mapped'];

/** What MQTT tells about the delivery of one publish. */
export interface MqttDelivery {
  /** Sent because it was retained (on subscribe), not live. */
  retain: boolean;
  /** A redelivery of a QoS 1 publish the broker had already sent us. */
  dup: boolean;
}

/** A reading from a device without boot/seq. */
export interface Reading {
  /** Stable device id of the convention (`ha:…`, `z2m:…`, `tasmota:…`, `gw:…`), before site bindings. */
  dev: string;
  values: SampleValues;
  /** Event time from the payload, ms epoch; null when the payload has none (receive time is used). */
  t: number | null;
  /**
   * The payload said it had no time (the gateway's zero timestamp): the receive time is an estimate, and a repeat
   * of the same values with that same "no time" is the same reading.
   */
  unknownTime?: boolean;
  /** The convention repeats the latest reading until a new one is measured: equal values again are one reading. */
  repeats?: boolean;
  evt?: string;
}

/** What a third-party device told about itself (for `twinscope devices` and the device panel). */
export interface DeviceAnnouncement {
  dev: string;
  convention: ConventionName;
  channels: readonly string[];
  model?: string;
}

export type AdapterOutput =
  | { kind: 'message'; message: DeviceMessage; topicDev: string }
  | { kind: 'reading'; reading: Reading }
  | { kind: 'status'; dev: string; online: boolean }
  | { kind: 'device'; device: DeviceAnnouncement }
  | { kind: 'reject'; rejection: Rejection };

/** One MQTT convention. */
export interface MqttAdapter {
  readonly name: ConventionName;
  /** Topic filters to subscribe to. */
  readonly filters: readonly string[];
  /** Whether this adapter owns the topic (the first adapter that does decodes it). */
  owns(topic: string): boolean;
  /** Decodes one publish; `text` is the payload as UTF-8 (already capped in size by the pipeline). */
  decode(topic: string, text: string, tRecv: number, delivery: MqttDelivery): AdapterOutput[];
  /** Adapters that learn topics at run time (from discovery) announce the new filters to subscribe to. */
  watchFilters?(listener: (filters: string[]) => void): void;
  /** Every filter learned so far, to subscribe again after a reconnect. */
  knownFilters?(): string[];
}

/** Whether a topic matches an MQTT filter (`+` one level, `#` the rest). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
