/**
 * A recorder that dies mid-session, as kill -9 would leave it: run as a child process (`tsx crashingRecorder.ts DB`).
 * It records 1,500 readings through the live hub, seals (as its periodic timer does), records 100 more, commits them,
 * prints the seal's arrival and kills itself with SIGKILL: no final seal, the session never ends.
 */
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';

const file = process.argv[2]!;
let now = Date.UTC(2026, 10, 2, 9);
const hub = new LiveHub({ db: file, site: defaultSite(), now: () => now, frameHz: 1, clockMs: 3_600_000 });
const src = { origin: 'mqtt:test', via: 'mqtt' as const };
const send = (seq: number): void => {
  now += 1000;
  const data = { co2: 500 + seq, temp: 21, rh: 40 };
  const message = { v: 1, t: 'tele', dev: 'room-a', boot: 1, seq, up: seq * 1000, ts: now, data };
  hub.pipeline.mqtt(src, 'twinscope/v1/room-a/tele', Buffer.from(JSON.stringify(message)));
};
for (let seq = 1; seq <= 1500; seq++) send(seq);
const seal = hub.recorder.seal();
for (let seq = 1501; seq <= 1600; seq++) send(seq);
hub.recorder.writer.flush();
process.stdout.write(`${seal?.uptoArrival ?? 0}\n`, () => process.kill(process.pid, 'SIGKILL'));
