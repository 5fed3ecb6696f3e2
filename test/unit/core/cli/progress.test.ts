import { describe, expect, it } from 'vitest';
import { percentProgress, PROGRESS_FROM } from '../../../../electron/core/cli/progress';

describe('percentProgress', () => {
  it('says each 5 % step once for a large copy, and nothing for a small one or at the end', () => {
    const lines: string[] = [];
    const say = percentProgress((l) => lines.push(l), 'imported');
    const total = 100_000;
    for (let done = 0; done <= total; done += 2500) say(done, total);
    expect(lines).toHaveLength(19);
    expect(lines[0]).toBe('imported 5000 of 100000 records (5%)');
    expect(lines.at(-1)).toBe('imported 95000 of 100000 records (95%)');
    const quiet: string[] = [];
    const small = percentProgress((l) => quiet.push(l), 'exported');
    for (let done = 0; done < PROGRESS_FROM - 1; done += 100) small(done, PROGRESS_FROM - 1);
    expect(quiet).toEqual([]);
  });
});
