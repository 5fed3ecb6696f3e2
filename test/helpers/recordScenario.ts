/** Records a scenario's stream into a history as the live hub does (stored snapshots every 30 s of the story). */
import { LiveHub } from '../../electron/core/hub/LiveHub';
import type { ScenarioName } from '../../electron/core/sim/scenarios/types';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { runScenario } from '../unit/core/sim/helpers';

export interface Recorded {
  /** The live picture when the stream ended, as JSON. */
  live: string;
  start: number;
  end: number;
}

export async function recordScenario(db: string, scenario: ScenarioName = 'door-slams'): Promise<Recorded> {
  const out = runScenario(scenario).out;
  let now = out[0]!.t;
  const hub = new LiveHub({ db, site: defaultSite(), now: () => now, frameHz: 1, clockMs: 3_600_000 });
  const src = { origin: 'mqtt:test', via: 'mqtt' as const };
  let nextSnapshot = now + 30_000;
  for (const [k, o] of out.entries()) {
    now = o.t + 5;
    if (o.kind === 'message' && o.topic !== 'log') {
      hub.pipeline.mqtt(src, `twinscope/v1/${o.dev}/${o.topic}`, Buffer.from(o.line));
    }
    if (now >= nextSnapshot) {
      hub.storeSnapshot();
      nextSnapshot += 30_000;
    } else if (k % 37 === 0) hub.tick(); // frames at an uneven pace, as a busy hub takes them
  }
  hub.tick();
  const live = JSON.stringify(hub.runner!.view());
  await hub.stop();
  return { live, start: out[0]!.t, end: out[out.length - 1]!.t };
}
