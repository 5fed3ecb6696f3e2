import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, type DeviceMessage } from '../../../../electron/common/protocol';
import { decodeLine } from '../../../../electron/core/protocol/decode';
import { encodeMessage } from '../../../../electron/core/protocol/encode';
import type { SimMessage } from '../../../../electron/core/sim/output';
import { SCENARIO_NAMES } from '../../../../electron/core/sim/scenarios/types';
import { START, messages, runScenario, throughTwin } from './helpers';

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

describe('offline buffer and unsynced clocks', () => {
  it('drops the oldest when the buffer overflows, and says so once back online', () => {
    // 5 Hz for 5 min is 1,500 messages: more than the 1,000 the buffer holds.
    const ms = messages(runScenario('network-outage', { rateHz: 5, seconds: 600 }).out);
    for (const dev of ['room-a', 'room-b', 'door']) {
      const mine = ms.filter((m) => m.dev === dev).map(decoded);
      const backfill = mine.filter((m) => m.sup !== undefined);
      // The 1,000 it kept, then the few made while those went out (hello, the overflow report, new readings).
      expect(backfill.length, dev).toBeGreaterThanOrEqual(1000);
      expect(backfill.length, dev).toBeLessThan(1030);
      const overflow = mine.filter((m) => m.t === 'evt' && m.evt === 'buffer_overflow');
      expect(overflow, dev).toHaveLength(1);
      const seqs = mine.map((m) => m.seq);
      const missing = Math.max(...seqs) + 1 - seqs.length;
      expect(missing).toBeGreaterThan(400);
      // The log names the lost range; it stays on serial (MQTT has no log topic).
      const log = mine.find((m) => m.t === 'log');
      expect(log).toMatchObject({ level: 'warn' });
      expect((log as { msg: string }).msg).toContain(`${missing} oldest messages dropped`);
    }
  });

  it('unsynced devices: the pipeline estimates event times from uptime, to within the link latency', () => {
    const { out } = runScenario('door-slams', { synced: false, seconds: 300 });
    const truth = new Map(messages(out).map((m) => [`${m.dev}/${m.seq}`, m.t]));
    const twin = throughTwin(out);
    const samples = twin.inputs.filter((i) => i.kind === 'sample').map((i) => i.sample);
    expect(samples.length).toBeGreaterThan(800);
    for (const s of samples) {
      expect(s.timeBasis).toBe('estimated');
      // Sent when measured (slam events: a few ms after), received 5 ms later.
      expect(Math.abs(s.t - truth.get(`${s.dev}/${s.seq}`)!)).toBeLessThanOrEqual(60);
    }
  });
});
