/**
 * Classifies one framed input (a serial line or an MQTT payload) as a device message, a device log line, or a
 * rejection. Never throws on input.
 */
import { MAX_LINE_BYTES, type DeviceMessage } from '../../common/protocol';
import { reject, type Rejection } from './rejection';
import { validateMessage } from './validate';

export type Decoded =
  | { kind: 'message'; message: DeviceMessage }
  | { kind: 'log'; line: string }
  | { kind: 'reject'; rejection: Rejection };

/** Control characters other than tab mean binary noise (wrong baud rate, a glitch), not a log line. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/;

/** A serial line, without its terminator. Lines not starting with `{` are device logs. */
export function decodeLine(line: string): Decoded {
  const trimmed = line.trim();
  if (trimmed.length === 0) return { kind: 'log', line: '' };
  if (trimmed[0] !== '{') {
    if (CONTROL.test(trimmed)) return { kind: 'reject', rejection: reject('garbage', 'binary bytes in a line') };
    return { kind: 'log', line: trimmed };
  }
  return decodeJson(trimmed);
}

/** An MQTT payload or a line known to hold one message. */
export function decodeJson(text: string): Decoded {
  if (Buffer.byteLength(text) > MAX_LINE_BYTES) {
    return { kind: 'reject', rejection: reject('too_long', `message is over ${MAX_LINE_BYTES} bytes`) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { kind: 'reject', rejection: reject('not_json', (e as Error).message.slice(0, 120)) };
  }
  const result = validateMessage(value);
  return result.ok ? { kind: 'message', message: result.message } : { kind: 'reject', rejection: result.rejection };
}
