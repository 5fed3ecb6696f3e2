import { describe, expect, it } from 'vitest';
import { SessionWatch } from '../../../../electron/core/sources/sessionWatch';

describe('SessionWatch', () => {
  it('names a pattern of connections closed right after they open, once, and forgets it after a long one', () => {
    let now = 0;
    const w = new SessionWatch(() => now);
    const cycle = (lastsMs: number): boolean => {
      w.connected();
      now += lastsMs;
      const said = w.closed();
      now += 1000; // reconnect period
      return said;
    };
    expect(cycle(1500)).toBe(false); // one short connection is a blip
    expect(cycle(1500)).toBe(true); // two in a row: a second client with our id
    expect(cycle(1500)).toBe(false); // said once
    expect(cycle(60_000)).toBe(false); // it held: whatever it was is over
    expect(cycle(800)).toBe(false);
    expect(cycle(800)).toBe(true);
  });

  it('ignores a close without a connection', () => {
    expect(new SessionWatch().closed()).toBe(false);
  });
});
