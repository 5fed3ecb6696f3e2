import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, type DeviceMessage } from '../../../../electron/common/protocol';
import { decodeLine } from '../../../../electron/core/protocol/decode';
import { encodeMessage } from '../../../../electron/core/protocol/encode';
import type { SimMessage } from '../../../../electron/core/sim/output';
import { SCENARIO_NAMES } from '../../../../electron/core/sim/scenarios/types';
import { START, messages, runScenario } from './helpers';

function decoded(m: SimMessage): DeviceMessage {
  const d = decodeLine(m.line);
  if (d.kind !== 'message') throw new Error(`${m.line}: ${JSON.stringify(d)}`);
  return d.message;
}

describe('virtual devices speak protocol v1', () => {
  it.each(SCENARIO_NAMES.filter((n) => n !== 'sensor-faults'))('%s: every line is valid and canonical', (name) => {
    const ms = messages(runScenario(name, { seconds: 1200, devices: 4 }).out);
    for (const m of ms) {
      const msg = decoded(m);
      expect(encodeMessage(msg)).toBe(m.line);
      expect(Buffer.byteLength(m.line) + 1).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect([msg.dev, msg.boot, msg.seq]).toEqual([m.dev, m.boot, m.seq]);
      expect(m.topic).toBe(msg.t === 'hello' ? 'meta' : msg.t);
    }
  });

  it('starts with hello at seq 0, counts seq per boot without gaps, and sets ts from the synced clock', () => {
    const ms = messages(runScenario('door-slams').out);
    const devs = [...new Set(ms.map((m) => m.dev))];
    expect(devs.sort()).toEqual(['door', 'room-a', 'room-b']);
    for (const dev of devs) {
      const mine = ms.filter((m) => m.dev === dev).map(decoded);
      expect(mine[0]!.t).toBe('hello');
      expect(mine.map((m) => m.seq)).toEqual(mine.map((_, i) => i));
      const hello = mine[0]!;
      expect(hello.up).toBe(800);
      for (const m of mine) {
        // Synced clock: ts is the measuring instant, so ts − up is the boot instant.
        expect(m.ts! - m.up).toBe(hello.ts! - hello.up);
        expect(m.boot).toBe(hello.boot);
      }
      expect(hello.ts! - START).toBeLessThan(2000);
    }
  });

  it('sends tele at the rate', () => {
    const ms = messages(runScenario('meeting', { seconds: 600, rateHz: 5 }).out);
    const tele = ms.filter((m) => m.dev === 'room-b' && m.topic === 'tele').map(decoded);
    expect(tele.length).toBeGreaterThanOrEqual(2990);
    expect(tele.length).toBeLessThanOrEqual(3000);
    expect(tele[1]!.up - tele[0]!.up).toBe(200);
  });

  it('gives unsynced devices ts null and an uptime that starts at their boot', () => {
    const ms = messages(runScenario('door-slams', { seconds: 60, synced: false }).out).map(decoded);
    expect(ms.every((m) => m.ts === null)).toBe(true);
    expect(Math.max(...ms.map((m) => m.up))).toBeLessThan(61_000);
  });

  it('sensor-faults: out-of-range readings fail the protocol as a broken sensor should, everything else passes', () => {
    const ms = messages(runScenario('sensor-faults').out);
    const bad = ms.filter((m) => decodeLine(m.line).kind !== 'message');
    expect(bad.length).toBe(120); // 2 min of −45 °C at 1 Hz
    for (const m of bad) {
      expect(m.dev).toBe('room-b');
      expect(m.line).toContain('"temp":-45');
      expect(decodeLine(m.line)).toMatchObject({ kind: 'reject', rejection: { code: 'out_of_range' } });
    }
  });
});
