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
    expect(ingest.admit(msg(2, { ts: 1_800_000_002_000 }), 'mqtt', 0)).toEqual({
      t: 1_800_000_002_000,
      timeBasis: 'device',
      late: false,
      backfill: false,
    });
    expect(ingest.admit(msg(1, { ts: 1_800_000_001_000 }), 'mqtt', 0)).toMatchObject({ late: true });
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
