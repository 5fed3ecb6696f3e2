import { describe, expect, it } from 'vitest';
import type { TeleMessage } from '../../../../electron/common/protocol';
import { ClockEstimator } from '../../../../electron/core/ingest/ClockEstimator';
import { Ingest } from '../../../../electron/core/ingest/Ingest';

const msg = (seq: number, extra: Partial<TeleMessage> = {}): TeleMessage => ({
  v: 1,
  t: 'tele',
  dev: 'room-a',
  boot: 1,
  seq,
  up: seq * 1000,
  ts: null,
  data: { co2: 500 },
  ...extra,
});

describe('Ingest', () => {
  it('drops duplicates across transports and counts them', () => {
    const ingest = new Ingest();
    expect(ingest.admit(msg(1), 'serial', 10_000)).not.toBeNull();
    expect(ingest.admit(msg(1), 'mqtt', 10_050)).toBeNull();
    expect(ingest.admit(msg(1, { boot: 2 }), 'mqtt', 10_060)).not.toBeNull(); // same seq, new boot: a new message
    expect(ingest.counters()[0]).toMatchObject({ received: 2, duplicates: 1 });
  });

  it('uses the device clock when synced and marks late samples', () => {
    const ingest = new Ingest();
    expect(ingest.admit(msg(2, { ts: 1_800_000_002_000 }), 'mqtt', 1_800_000_003_000)).toEqual({
      t: 1_800_000_002_000,
      timeBasis: 'device',
      late: false,
      backfill: false,
    });
    expect(ingest.admit(msg(1, { ts: 1_800_000_001_000 }), 'mqtt', 1_800_000_003_000)).toMatchObject({ late: true });
  });

  it('corrects a device time in the future (2099) and never lets it make later samples late, across reboots', () => {
    const ingest = new Ingest();
    const now = Date.UTC(2026, 11, 1, 9);
    const at = (k: number): number => now + k * 1000;
    ingest.admit(msg(1, { ts: at(1) }), 'mqtt', at(1) + 20);
    const bad = ingest.admit(msg(2, { ts: Date.UTC(2099, 0, 1), up: 2000 }), 'mqtt', at(2) + 20);
    expect(bad).toMatchObject({ timeBasis: 'estimated', corrected: true, late: false });
    expect(Math.abs(bad!.t - at(2))).toBeLessThan(1000);
    expect(ingest.admit(msg(3, { ts: at(3) }), 'mqtt', at(3) + 20)).toMatchObject({ late: false, timeBasis: 'device' });
    expect(ingest.admit(msg(1, { boot: 2, ts: at(4) }), 'mqtt', at(4) + 20)).toMatchObject({ late: false });
    // A clock a little ahead (within a minute) is believed, but does not make the next samples late either.
    expect(ingest.admit(msg(4, { ts: at(5) + 30_000 }), 'mqtt', at(5))).toMatchObject({ timeBasis: 'device' });
    expect(ingest.admit(msg(5, { ts: at(6) }), 'mqtt', at(6))).toMatchObject({ late: false });
    expect(ingest.counters()[0]).toMatchObject({ corrected: 1, late: 0 });
  });

  it('counts sequence gaps as missing until backfill fills them', () => {
    const ingest = new Ingest();
    ingest.admit(msg(1), 'mqtt', 1000);
    ingest.admit(msg(5), 'mqtt', 5000);
    expect(ingest.counters()[0]!.missing).toBe(3);
    const a = ingest.admit(msg(3, { sup: 6000 }), 'mqtt', 6000);
    expect(a).toMatchObject({ backfill: true, late: true });
    expect(ingest.counters()[0]).toMatchObject({ missing: 2, backfilled: 1, late: 1 });
  });

  it('seeds dedupe from the store after a restart', () => {
    const ingest = new Ingest((dev, boot) => (dev === 'room-a' && boot === 1 ? [1, 2, 3] : []));
    expect(ingest.admit(msg(2), 'mqtt', 0)).toBeNull();
    expect(ingest.admit(msg(4), 'mqtt', 0)).not.toBeNull();
  });
});

describe('ClockEstimator', () => {
  it('keeps the smallest latency seen and the device spacing', () => {
    const c = new ClockEstimator();
    const boot = 1_000_000;
    // Latencies 30, 5, 80 ms: the estimate settles on the 5 ms one.
    expect(c.eventTime('k', 1000, 1000, boot + 1000 + 30)).toBe(boot + 1030);
    expect(c.eventTime('k', 2000, 2000, boot + 2000 + 5)).toBe(boot + 2005);
    expect(c.eventTime('k', 3000, 3000, boot + 3000 + 80)).toBe(boot + 3005);
    // A buffered reading measured at 500 ms, sent now.
    expect(c.eventTime('k', 500, 3100, boot + 3100 + 200)).toBe(boot + 505);
  });

  it('follows a device clock that runs slow against the host, within the drift allowance', () => {
    const c = new ClockEstimator();
    // The device's millisecond is 40 ppm long: its uptime falls behind the host.
    let last = 0;
    for (let hostMs = 0; hostMs <= 3_600_000; hostMs += 60_000) {
      const up = Math.round(hostMs * (1 - 40e-6));
      last = c.eventTime('k', up, up, hostMs + 10);
    }
    expect(Math.abs(last - 3_600_010)).toBeLessThan(20);
  });
});
