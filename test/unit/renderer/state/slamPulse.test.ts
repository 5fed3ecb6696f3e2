import { describe, expect, it } from 'vitest';
import type { TwinEvent } from '../../../../electron/common/views';
import { PULSE_MS } from '../../../../renderer/src/scene/doorLook';
import { slamStarts } from '../../../../renderer/src/state/slamPulse';

const slam = (t: number, door = 'door'): TwinEvent => ({
  kind: 'slam',
  t,
  door,
  peakRateDps: 300,
  impactG: 1.4,
  today: 1,
  keys: [],
});
const occupancy: TwinEvent = { kind: 'occupancy', t: 0, room: 'a', occupied: true, reason: 'motion' };
const NOW = 50_000;

describe('when a slam pulse starts', () => {
  it('now, for a slam at the picture time (live)', () => {
    expect(slamStarts([slam(1_000)], 1_000, NOW, {})).toEqual({ door: NOW });
  });

  it('as long ago as the slam lies behind the picture (a seek landing after it)', () => {
    expect(slamStarts([slam(1_000)], 1_500, NOW, {})).toEqual({ door: NOW - 500 });
  });

  it('not at all for a slam the pulse is already over for, nor for other events', () => {
    expect(slamStarts([slam(1_000)], 1_000 + PULSE_MS + 5_000, NOW, {})).toBeNull();
    expect(slamStarts([occupancy], 0, NOW, {})).toBeNull();
  });

  it('keeps the later of two starts and other doors as they were', () => {
    const prev = { door: NOW - 100, other: NOW - 300 };
    expect(slamStarts([slam(1_000)], 1_400, NOW, prev)).toBeNull();
    expect(slamStarts([slam(1_000), slam(1_350)], 1_400, NOW, prev)).toEqual({ door: NOW - 50, other: NOW - 300 });
  });
});
