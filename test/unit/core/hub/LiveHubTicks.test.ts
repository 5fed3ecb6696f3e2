/** The live hub's ticks follow input: a reading after a lull is in a frame at once, a stream at most `frameHz`/s. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TwinFrame } from '../../../../electron/common/frame';
import { LiveHub } from '../../../../electron/core/hub/LiveHub';
import { defaultSite } from '../../../../electron/core/twin/site/defaultSite';
import { tele } from '../../../helpers/messages';
import { waitFor } from '../../../helpers/processes';
import { makeTempDir } from '../../../helpers/tempDir';

const SRC = { origin: 'mqtt:test', via: 'mqtt' as const };
/** A slow frame rate makes the difference plain: a fixed grid would hold a reading up to 200 ms. */
const HZ = 5;
const co2 = (f: TwinFrame): number | undefined =>
  Object.values(f.view.sensors).find((s) => s.dev === 'room-a' && s.channel === 'co2')?.value[0];
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('LiveHub ticks', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let hub: LiveHub | undefined;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
    dir.remove();
  });

  /** A hub over a fresh history; `delay` publishes a reading after a lull and says how long its frame took. */
  function start(clockMs: number) {
    const frames: { at: number; co2: number | undefined }[] = [];
    hub = new LiveHub({
      db: `${dir.path}/h.db`,
      site: defaultSite(),
      retention: false,
      frameHz: HZ,
      clockMs,
      onFrame: (f) => frames.push({ at: Date.now(), co2: co2(f) }),
    });
    const publish = (seq: number, value: number): void =>
      hub!.pipeline.mqtt(
        SRC,
        'twinscope/v1/room-a/tele',
        Buffer.from(tele('room-a', seq, { co2: value }, { ts: Date.now() })),
      );
    const delay = async (seq: number, value: number): Promise<number> => {
      await pause(1000 / HZ + 30);
      const sent = Date.now();
      publish(seq, value);
      await waitFor('the reading in a frame', () => frames.some((f) => f.co2 === value), 2000);
      return frames.find((f) => f.co2 === value)!.at - sent;
    };
    return { frames, publish, delay };
  }

  it('puts a reading that follows a lull into a frame at once, and a stream into at most frameHz frames a second', async () => {
    // Clock ticks are input too: none here.
    const { frames, publish, delay } = start(60_000);
    await delay(1, 700); // the first one warms the code up
    // On a fixed grid each would wait up to 200 ms (all four under 30 ms by chance once in 2,000 runs).
    for (let k = 2; k <= 5; k++) expect(await delay(k, 700 + k)).toBeLessThan(30);

    const before = frames.length;
    const started = Date.now();
    for (let seq = 6; Date.now() - started < 1000; seq++) {
      publish(seq, 500 + (seq % 300));
      await pause(2);
    }
    await pause(1000 / HZ);
    const streamed = frames.length - before;
    // 1.2 s at 5/s, the leading one included: 7 at most; a frame per reading would be hundreds.
    expect(streamed).toBeLessThanOrEqual(7);
    expect(streamed).toBeGreaterThanOrEqual(4);
  });

  it('does not hold a reading back for a frame of the clock alone while data comes', async () => {
    // The clock ticks four times a frame period: had each tick its own frame, every reading would wait for one.
    const { delay } = start(50);
    await delay(1, 700);
    for (let k = 2; k <= 5; k++) expect(await delay(k, 700 + k)).toBeLessThan(30);
  });
});
