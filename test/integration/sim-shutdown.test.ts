/** `twinscope simulate` against a broker that refuses it, or a URL that is not a broker's: said at once, and why. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnTwinscope } from '../helpers/cliProcess';
import { Mosquitto } from '../helpers/mosquitto';
import { makeTempDir } from '../helpers/tempDir';

describe('simulate: refused and mistaken brokers', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path, { credentials: { username: 'sim', password: 'right' } });
  });
  afterEach(async () => {
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('says "Not authorized" for a wrong password, at once, instead of asking whether the broker runs', async () => {
    const args = [
      'simulate',
      '--scenario',
      'meeting',
      '--mqtt',
      broker.url,
      '--username',
      'sim',
      '--password',
      'wrong',
    ];
    const p = spawnTwinscope(args);
    const t0 = Date.now();
    expect(await p.exited).toBe(1);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(p.output()).toMatch(/refused the devices: Not authorized \(check --username and --password\)/);
    expect(p.output()).not.toMatch(/is it running/);
  });

  it('says what a broker URL looks like for one without a scheme or with http://', async () => {
    for (const url of [`127.0.0.1:${broker.port}`, `http://127.0.0.1:${broker.port}`]) {
      const p = spawnTwinscope(['simulate', '--scenario', 'meeting', '--mqtt', url]);
      expect(await p.exited).toBe(2);
      expect(p.output()).toMatch(/--mqtt ".*" is not a broker URL.*one looks like mqtt:\/\/HOST:1883/);
    }
  });
});
