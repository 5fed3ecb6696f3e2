/**
 * What a simulation produces: device messages in the order devices send them, each at the simulated time it leaves
 * the device, and link changes (a device's network going down or coming back). Transports turn these into MQTT
 * publishes, serial lines or in-process input; the stream itself never depends on the transport or the wall clock.
 */

/** Where a message goes on MQTT: `hello` is the retained `meta`. */
export type SimTopic = 'meta' | 'tele' | 'evt' | 'log' | 'ack';

/** One message as it leaves a device. */
export interface SimMessage {
  kind: 'message';
  /** Simulated send time, ms since the Unix epoch. */
  t: number;
  dev: string;
  topic: SimTopic;
  boot: number;
  seq: number;
  /** The canonical protocol v1 encoding, without a newline. */
  line: string;
}

/** A device's network going down or coming back. */
export interface SimLink {
  kind: 'link';
  t: number;
  dev: string;
  online: boolean;
}

/** Everything a simulation emits, in order. */
export type SimOutput = SimMessage | SimLink;
