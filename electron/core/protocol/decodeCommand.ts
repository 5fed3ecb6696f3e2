/** Reads a host-to-device command (firmware/PROTOCOL.md, "Commands"), as a device does; never throws. */
import { COMMAND_OPS, PROTOCOL_VERSION, type CommandMessage, type CommandOp } from '../../common/protocol';

/** A command, or the `err` its ack carries (`malformed`, `unknown op`). */
export function decodeCommand(text: string): CommandMessage | { err: string; id?: string } {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return { err: 'malformed' };
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return { err: 'malformed' };
  const c = o as Record<string, unknown>;
  const id = typeof c.id === 'string' && c.id.length <= 32 ? c.id : undefined;
  if (c.v !== PROTOCOL_VERSION || c.t !== 'cmd' || id === undefined)
    return id ? { err: 'malformed', id } : { err: 'malformed' };
  if (typeof c.op !== 'string' || !(COMMAND_OPS as readonly string[]).includes(c.op)) return { err: 'unknown op', id };
  const args = c.args;
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args)))
    return { err: 'bad args', id };
  const cmd: CommandMessage = { v: PROTOCOL_VERSION, t: 'cmd', id, op: c.op as CommandOp };
  if (args !== undefined) cmd.args = args as Record<string, number | string | boolean>;
  return cmd;
}
