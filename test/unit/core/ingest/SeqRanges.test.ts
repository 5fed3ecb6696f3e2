import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeqRanges } from '../../../../electron/core/ingest/SeqRanges';

describe('SeqRanges', () => {
  it('answers seen-before exactly and counts the holes between first and last', () => {
    const r = new SeqRanges();
    for (const s of [5, 6, 7, 10, 12]) expect(r.add(s)).toBe(true);
    expect(r.add(6)).toBe(false);
    expect(r.received).toBe(5);
    expect(r.missing).toBe(3); // 8, 9, 11
    expect(r.add(11)).toBe(true);
    expect(r.add(9)).toBe(true);
    expect(r.add(8)).toBe(true);
    expect(r.missing).toBe(0);
    expect(r.highest).toBe(12);
    expect(r.has(4)).toBe(false);
  });

  it('agrees with a plain set for any arrival order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 400 }), (seqs) => {
        const r = new SeqRanges();
        const seen = new Set<number>();
        for (const s of seqs) {
          expect(r.add(s)).toBe(!seen.has(s));
          seen.add(s);
        }
        expect(r.received).toBe(seen.size);
        if (seen.size > 0) expect(r.missing).toBe(Math.max(...seen) - Math.min(...seen) + 1 - seen.size);
        for (let s = 0; s <= 300; s++) expect(r.has(s)).toBe(seen.has(s));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
