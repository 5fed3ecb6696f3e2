import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../../electron/common/problem';
import type { SourceStatus } from '../../../../electron/common/source';
import type { InputOrigin } from '../../../../electron/core/hub/Pipeline';
import { decodeLine } from '../../../../electron/core/protocol/decode';
import type { SourceSink } from '../../../../electron/core/sources/Source';
import { SimulatorSource } from '../../../../electron/core/sources/SimulatorSource';
import { waitFor } from '../../../helpers/processes';
import { START, defaultSite } from './helpers';

function sink(): SourceSink & { lines: [InputOrigin, string][]; statuses: SourceStatus[]; problems: Problem[] } {
  const lines: [InputOrigin, string][] = [];
  const statuses: SourceStatus[] = [];
  const problems: Problem[] = [];
  return {
    lines,
    statuses,
    problems,
    line: (src, line) => lines.push([src, line]),
    refused: () => undefined,
    mqtt: () => undefined,
    committed: async () => undefined,
    problem: (p) => problems.push(p),
    status: (_id, s) => statuses.push(s),
  };
}

describe('SimulatorSource', () => {
  it('hands the virtual devices lines to the pipeline as a serial source would, via sim', async () => {
    const s = sink();
    const src = new SimulatorSource({ scenario: 'door-slams', site: defaultSite(), speed: 200, start: START });
    await src.start(s);
    expect(src.status).toBe('connected');
    await waitFor('devices talking', () => s.lines.length > 50);
    await src.stop();
    const after = s.lines.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.lines.length).toBe(after);
    expect(s.lines.every(([o]) => o.via === 'sim' && o.origin === 'sim:door-slams')).toBe(true);
    const devs = new Set(s.lines.map(([, l]) => (decodeLine(l) as { message: { dev: string } }).message.dev));
    expect([...devs].sort()).toEqual(['door', 'room-a', 'room-b']);
    expect(src.info()).toMatchObject({ kind: 'sim', capabilities: { seek: false, commands: false } });
    expect(await src.send()).toBe(false);
  });

  it('says when a story has ended', async () => {
    const s = sink();
    const src = new SimulatorSource({ scenario: 'door-slams', site: defaultSite(), speed: Infinity, start: START });
    await src.start(s);
    await waitFor('the end', () => src.status === 'idle');
    expect(s.statuses).toEqual(['connected', 'idle']);
    expect(s.problems.map((p) => p.message)).toEqual(['simulation door-slams finished']);
    await src.stop();
  });
});
