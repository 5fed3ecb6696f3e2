import { describe, expect, it } from 'vitest';
import type { SimOutput } from '../../../../electron/core/sim/output';
import { runSimulation } from '../../../../electron/core/sim/Runner';
import { Simulation } from '../../../../electron/core/sim/Simulation';
import type { Transport } from '../../../../electron/core/sim/transports/Transport';
import { START, defaultSite, runScenario } from './helpers';

function collector(delayEvery = 0): Transport & { got: SimOutput[] } {
  const got: SimOutput[] = [];
  return {
    got,
    target: 'memory',
    open: async () => undefined,
    // Every `delayEvery`-th output makes the runner wait, as a busy broker does.
    send: (o) => {
      got.push(o);
      if (delayEvery > 0 && got.length % delayEvery === 0) return new Promise((r) => setTimeout(r, 2));
    },
    flush: async () => undefined,
    close: async () => undefined,
  };
}

const sim = (): Simulation =>
  new Simulation({ scenario: 'door-slams', site: defaultSite(), seed: 9, start: START, rateHz: 1 });

describe('running a simulation against the wall clock', () => {
  it('paces simulated time at the speed asked, and sends each output once its time has come', async () => {
    const s = sim();
    const t = collector();
    const abort = new AbortController();
    const wall0 = performance.now();
    setTimeout(() => abort.abort(), 600);
    const r = await runSimulation(s, t, { speed: 50, signal: abort.signal });
    const wallMs = performance.now() - wall0;
    expect(r.aborted).toBe(true);
    const simulatedS = (r.simT - START) / 1000;
    expect(simulatedS).toBeGreaterThan((wallMs / 1000) * 50 * 0.8);
    expect(simulatedS).toBeLessThan((wallMs / 1000) * 50 * 1.1);
    expect(t.got.every((o) => o.t <= r.simT)).toBe(true);
    // What was sent is exactly the start of the unpaced stream.
    const whole = runScenario('door-slams', { seed: 9 }).out;
    expect(t.got).toEqual(whole.slice(0, t.got.length));
  });

  it('runs as fast as the transport takes it with speed Infinity, waiting when it asks, to the end of the story', async () => {
    const t = collector(100);
    const r = await runSimulation(sim(), t, { speed: Infinity });
    expect(r.aborted).toBe(false);
    expect(r.simT).toBe(START + 600_000);
    expect(t.got).toEqual(runScenario('door-slams', { seed: 9 }).out);
    expect(r.messages).toBe(t.got.filter((o) => o.kind === 'message').length);
  });

  it('stops at `until` and reports progress', async () => {
    const t = collector();
    const seen: number[] = [];
    const r = await runSimulation(sim(), t, {
      speed: Infinity,
      until: START + 120_000,
      progressMs: 0,
      onProgress: (p) => seen.push(p.simT),
    });
    expect(r.simT).toBe(START + 120_000);
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});
