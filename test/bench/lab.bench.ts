/**
 * `npm run bench -- lab`: can the virtual devices drive a load test, and what does one load configuration cost?
 *  1. messages/s the simulation produces (1,000 load devices, 10 Hz, encoded) vs encoding the same number of
 *     prepared messages alone (the limit: the canonical encoder)
 *  2. one `twinscope lab` configuration, 1,000 devices × 10 Hz at QoS 1, against a private mosquitto into the pipeline
 */
import type { TeleMessage } from '../../electron/common/protocol';
import { runLab } from '../../electron/core/lab/labRun';
import { PrivateBroker } from '../../electron/core/lab/PrivateBroker';
import { labTable } from '../../electron/core/lab/table';
import { Simulation } from '../../electron/core/sim/Simulation';
import { defaultSite } from '../../electron/core/twin/site/defaultSite';
import { encodeMessage } from '../../electron/core/protocol/encode';
import { makeTempDir } from '../helpers/tempDir';

const DEVICES = 1000;
const RATE_HZ = 10;
const SIM_S = 60;

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
}

function generation(): void {
  const start = Date.UTC(2026, 0, 5, 9);
  const sim = new Simulation({
    scenario: 'load',
    site: defaultSite(),
    seed: 1,
    start,
    rateHz: RATE_HZ,
    devices: DEVICES,
  });
  let t0 = performance.now();
  let n = 0;
  for (let t = start; t < start + SIM_S * 1000; t += 1000) n += sim.runUntil(t + 1000).length;
  const simMs = performance.now() - t0;
  const data = { co2: 812, temp: 22.41, rh: 41.3, lux: 309.5, motion: true, rssi: -61, bat: 3.92 };
  const msgs: TeleMessage[] = Array.from({ length: n }, (_, i) => ({
    v: 1,
    t: 'tele',
    dev: `load-${i % DEVICES}`,
    boot: 1,
    seq: i,
    up: i * 100,
    ts: start + i,
    data: { ...data, co2: 400 + (i % 900) },
  }));
  t0 = performance.now();
  let bytes = 0;
  for (const m of msgs) bytes += encodeMessage(m).length;
  const encMs = performance.now() - t0;
  console.log(
    `simulation, ${DEVICES} devices × ${RATE_HZ} Hz: ${n.toLocaleString('en-US')} messages in ${simMs.toFixed(0)} ms = ${rate(n, simMs)}`,
  );
  console.log(`encoder alone, same count (${(bytes / n).toFixed(0)} B each): ${rate(n, encMs)}`);
  console.log(
    `ratio ${(encMs / simMs).toFixed(2)}; needed for real time: ${(DEVICES * RATE_HZ).toLocaleString('en-US')}/s`,
  );
}

export async function run(): Promise<void> {
  generation();
  const dir = makeTempDir('twinscope-bench-');
  const broker = await PrivateBroker.start();
  try {
    const r = await runLab({
      url: broker.url,
      scenario: 'load',
      site: defaultSite(),
      devices: DEVICES,
      rateHz: RATE_HZ,
      qos: 1,
      durationS: 5,
      seed: 1,
      perClient: DEVICES / 50,
      dir: dir.path,
      tag: 'bench',
      tidy: false,
      ...(broker.pid !== undefined ? { brokerPid: broker.pid } : {}),
    });
    console.log(labTable([r]));
    console.log(`delivered ${r.delivered} of ${r.published} published`);
  } finally {
    await broker.stop();
    dir.remove();
  }
}
