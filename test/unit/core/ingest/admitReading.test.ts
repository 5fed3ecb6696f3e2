import { describe, expect, it } from 'vitest';
import { Ingest } from '../../../../electron/core/ingest/Ingest';
import { SYNTHETIC_BOOT } from '../../../../electron/core/ingest/ReadingKeys';

const LIVE = { retain: false, dup: false };
const RETAINED = { retain: true, dup: false };

describe('Ingest of readings without boot/seq', () => {
  it('keys timed readings by device, time and values: redelivery is one reading', () => {
    const ing = new Ingest();
    const r = { dev: 'z2m:a', values: { co2: 600 }, t: 1_780_000_000_000 };
    const first = ing.admitReading(r, 'mqtt', 1_780_000_000_100, LIVE);
    expect(first).toMatchObject({ t: r.t, timeBasis: 'device', boot: SYNTHETIC_BOOT, late: false });
    expect(ing.admitReading(r, 'mqtt', 1_780_000_000_900, { retain: false, dup: true })).toBeNull();
    // The same time with another value, and the same value at another time, are new readings.
    expect(ing.admitReading({ ...r, values: { co2: 601 } }, 'mqtt', 1, LIVE)!.seq).not.toBe(first!.seq);
    expect(ing.admitReading({ ...r, t: r.t + 1 }, 'mqtt', 1, LIVE)).not.toBeNull();
    expect(ing.counters()[0]).toMatchObject({ received: 3, duplicates: 1 });
  });
  it('times untimed readings by receive time; a retained or repeating copy of the last one is a duplicate', () => {
    const ing = new Ingest();
    const r = { dev: 'ha:x', values: { temp: 21 }, t: null };
    expect(ing.admitReading(r, 'mqtt', 1000, RETAINED)).toMatchObject({ t: 1000, timeBasis: 'received' });
    expect(ing.admitReading(r, 'mqtt', 2000, RETAINED)).toBeNull();
    // Live, the same value again is a new reading.
    expect(ing.admitReading(r, 'mqtt', 3000, LIVE)).toMatchObject({ t: 3000 });
    const g = { dev: 'room-b', values: { co2: 500 }, t: null, unknownTime: true, repeats: true };
    expect(ing.admitReading(g, 'mqtt', 4000, LIVE)).toMatchObject({ t: 4000, timeBasis: 'estimated' });
    expect(ing.admitReading(g, 'mqtt', 4500, LIVE)).toBeNull();
    expect(ing.admitReading({ ...g, values: { co2: 510 } }, 'mqtt', 9000, LIVE)).toMatchObject({ t: 9000 });
  });
});
