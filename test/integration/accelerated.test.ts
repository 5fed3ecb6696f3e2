/**
 * Accelerated sources just work: `twinscope simulate --speed 60` into `twinscope record` over a real broker gives
 * the same door-slammed alerts as the same seed fed to the twin at event pace.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTwinscope, startTwinscope } from '../helpers/cli';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';
import { runScenario, throughTwin } from '../unit/core/sim/helpers';

interface Listed {
  rule: string;
  raisedAt: number;
  clearedAt: number | null;
  occurrences: number;
}

describe('an accelerated simulation into record', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
  });
  afterEach(async () => {
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('door-slams at 60× raises the alerts the same seed raises at event pace', async () => {
    const db = `${dir.path}/fast.db`;
    const rec = startTwinscope(['record', '--db', db, '--mqtt', broker.url, '--client-id', 'ts-fast']);
    await waitFor('connected', () => rec.output().includes(': connected'));
    const sim = await runTwinscope([
      ...['simulate', '--scenario', 'door-slams', '--seed', '3', '--speed', '60'],
      ...['--mqtt', broker.url, '--quiet'],
    ]);
    expect(sim.code, sim.stderr).toBe(0);
    expect(await rec.kill('SIGINT')).toBe(0);

    const listed = await runTwinscope(['alerts', '--db', db, '--json']);
    const slams = (JSON.parse(listed.stdout) as Listed[]).filter((a) => a.rule === 'door-slammed');
    const reference = throughTwin(runScenario('door-slams', { seed: 3 }).out).alerts.filter(
      (a) => a.rule === 'door-slammed',
    );
    expect(reference.length).toBeGreaterThan(0);
    // Every slam repeats the episode's alert: the same episodes, with the same slams in each.
    expect(slams.map((a) => a.occurrences)).toEqual(reference.map((a) => a.occurrences));
    // Episodes start at the same offsets from the first (the live run started at another time).
    const offsets = (list: { raisedAt: number }[]) => list.map((a) => a.raisedAt - list[0]!.raisedAt);
    expect(offsets(slams)).toEqual(offsets(reference));
  }, 60_000);
});
