/**
 * How a virtual device answers host commands, as the firmware does (firmware/PROTOCOL.md): identify, set_interval,
 * time and replay, each answered by an `ack` with the command's id; failures say why (`bad args`, `bad interval`,
 * `not buffered`, `unknown op`).
 */
import type { CommandMessage, DeviceMessage } from '../../../common/protocol';

/** What a command may change on a device. */
export interface CommandTarget {
  /** Telemetry interval, ms. */
  setInterval(ms: number): void;
  /** Host time now, ms since the epoch: the device's clock is synced from here on. */
  setTime(ts: number): void;
  /** Blinks (a virtual device only notes it). */
  identify(seconds: number): void;
  /** Messages of the current boot still buffered, by seq. */
  buffered(): readonly DeviceMessage[];
  /** Sends one buffered message again (with `sup`). */
  resend(m: DeviceMessage): void;
}

/** The ack's verdict on a command. */
export type CommandResult = { ok: true } | { ok: false; err: string };

const num = (args: CommandMessage['args'], key: string): number | undefined => {
  const v = args?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

export function runCommand(target: CommandTarget, c: CommandMessage): CommandResult {
  switch (c.op) {
    case 'identify': {
      const s = c.args?.s === undefined ? 5 : num(c.args, 's');
      if (s === undefined || s < 0 || s > 600) return { ok: false, err: 'bad args' };
      target.identify(s);
      return { ok: true };
    }
    case 'set_interval': {
      const ms = num(c.args, 'ms');
      if (ms === undefined || !Number.isInteger(ms)) return { ok: false, err: 'bad args' };
      if (ms < 10 || ms > 3_600_000) return { ok: false, err: 'bad interval' };
      target.setInterval(ms);
      return { ok: true };
    }
    case 'time': {
      const ts = num(c.args, 'ts');
      if (ts === undefined || ts < Date.UTC(2020, 0, 1)) return { ok: false, err: 'bad args' };
      target.setTime(ts);
      return { ok: true };
    }
    case 'replay': {
      const from = num(c.args, 'from');
      const to = num(c.args, 'to');
      const all = target.buffered();
      if ((c.args?.from !== undefined && from === undefined) || (c.args?.to !== undefined && to === undefined)) {
        return { ok: false, err: 'bad args' };
      }
      const lo = from ?? -Infinity;
      const hi = to ?? Infinity;
      if (lo > hi) return { ok: false, err: 'bad args' };
      const first = all[0]?.seq;
      // The range must still be held: a replay never silently returns less than asked.
      const last = all[all.length - 1]?.seq;
      if (from !== undefined && (first === undefined || from < first)) return { ok: false, err: 'not buffered' };
      if (to !== undefined && (last === undefined || to > last)) return { ok: false, err: 'not buffered' };
      for (const m of all) if (m.seq >= lo && m.seq <= hi) target.resend(m);
      return { ok: true };
    }
    case 'reboot':
      // A virtual device's boot is part of the scenario's story: it does not reboot on request.
      return { ok: false, err: 'unknown op' };
    default: {
      const never: never = c.op;
      return never;
    }
  }
}
