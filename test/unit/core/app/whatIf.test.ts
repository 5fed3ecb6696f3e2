import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../../electron/common/sample';
import { whatIf } from '../../../../electron/core/app/whatIf';
import { defaultSite } from '../../../../electron/core/twin/site/defaultSite';
import { applyInputs, createTwin, drain } from '../../../../electron/core/twin';

function roomAt(co2: number) {
  const t = Date.UTC(2026, 10, 21, 9);
  const sample: Sample = {
    dev: 'room-a',
    boot: 1,
    seq: 1,
    t,
    up: 1000,
    tDev: t,
    tRecv: t,
    timeBasis: 'device',
    via: 'sim',
    backfill: false,
    late: false,
    values: { co2 },
  };
  return drain(applyInputs(createTwin(defaultSite()), [{ kind: 'sample', sample }]).state).state;
}

describe('what-if', () => {
  it('predicts more CO2 with more people, and the curve starts at the current reading', () => {
    const state = roomAt(800);
    const base = whatIf(state, { room: 'a', horizonMs: 3600_000 });
    const crowd = whatIf(state, { room: 'a', horizonMs: 3600_000, addOccupants: 4 });
    expect(base.ok && crowd.ok).toBe(true);
    if (!base.ok || !crowd.ok) return;
    expect(base.value).toHaveLength(61);
    expect(base.value[0]!.co2).toBeCloseTo(800, 0);
    expect(crowd.value.at(-1)!.co2).toBeGreaterThan(base.value.at(-1)!.co2 + 200);
  });

  it('refuses unknown rooms and unreasonable requests with a reason', () => {
    const state = roomAt(800);
    expect(whatIf(state, { room: 'z', horizonMs: 60_000 })).toMatchObject({
      ok: false,
      error: 'no room "z" in this site',
    });
    expect(whatIf(state, { room: 'a', horizonMs: 0 })).toMatchObject({ ok: false });
    expect(whatIf(state, { room: 'a', horizonMs: 3600_000, stepMs: 1 })).toMatchObject({ ok: false });
    expect(whatIf(state, { room: 'a', horizonMs: 60_000, addOccupants: 1.5 })).toMatchObject({ ok: false });
  });
});
