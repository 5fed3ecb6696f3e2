import { describe, expect, it } from 'vitest';
import { PULSE_MS, slamRedness } from '../../../../renderer/src/scene/doorLook';

describe('the slam pulse on the door leaf', () => {
  it('is fully red at first, fades, and is over after the pulse', () => {
    expect(slamRedness(0)).toBe(1);
    expect(slamRedness(PULSE_MS * 0.5)).toBe(1);
    expect(slamRedness(PULSE_MS * 0.8)).toBeCloseTo(0.5);
    expect(slamRedness(PULSE_MS)).toBe(0);
  });
  it('is nothing before any slam or for a time that makes no sense', () => {
    expect(slamRedness(Infinity)).toBe(0);
    expect(slamRedness(Number.NaN)).toBe(0);
    expect(slamRedness(-5)).toBe(0);
  });
});
