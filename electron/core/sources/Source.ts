/**
 * A source of device input: a serial port, an MQTT broker, virtual devices, a recording. Sources move bytes; the
 * pipeline decodes them. Expected failures (port gone, broker down, bad credentials) are reported as Problems and
 * status changes, never thrown: `start` resolves once the first attempt is under way, and the source keeps trying.
 */
import type { Problem } from '../../common/problem';
import type { CommandMessage } from '../../common/protocol';
import type { SourceCapabilities, SourceInfo, SourceKind, SourceStatus } from '../../common/source';
import type { Via } from '../../common/sample';
import type { MqttDelivery } from '../protocol/adapters/types';
import type { Rejection } from '../protocol/rejection';

/** Where an input came from. */
export interface InputOrigin {
  /** e.g. `serial:/dev/ttyACM0`, `mqtt:mqtt://127.0.0.1:1883`. */
  origin: string;
  via: Via;
}

export interface SourceSink {
  line(src: InputOrigin, line: string): void;
  refused(src: InputOrigin, rejection: Rejection, raw: string): void;
  /** `delivery`: whether the broker sent it as retained or as a QoS 1 redelivery. */
  mqtt(src: InputOrigin, topic: string, payload: Buffer, delivery?: MqttDelivery): void;
  /** Resolves when everything handed over so far is committed to the history. */
  committed(): Promise<void>;
  problem(p: Problem): void;
  status(sourceId: string, status: SourceStatus): void;
}

export interface Source {
  readonly id: string;
  readonly kind: SourceKind;
  readonly capabilities: SourceCapabilities;
  readonly status: SourceStatus;
  info(): SourceInfo;
  start(sink: SourceSink): Promise<void>;
  /** Stops and releases the transport; resolves when closed. */
  stop(): Promise<void>;
  /** Sends a command to a device; false when it could not be sent (not connected). */
  send(dev: string, command: CommandMessage): Promise<boolean>;
}
