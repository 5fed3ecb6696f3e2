/**
 * One configuration of a what-if lab run: virtual devices publish through a real broker into Twinscope's own
 * pipeline (MQTT source, decode, ingest, SQLite), and we measure what arrives, how late, and at what CPU cost.
 * Latency is publish-to-ingest: from handing the message to the MQTT client to the pipeline admitting its sample.
 */
import mqtt from 'mqtt';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../../common/problem';
import type { SiteSpec } from '../../common/site';
import { LiveHub } from '../hub/LiveHub';
import { displayUrl, MqttSource } from '../sources/MqttSource';
import { runSimulation } from '../sim/Runner';
import type { ScenarioName } from '../sim/scenarios/types';
import { Simulation } from '../sim/Simulation';
import { MqttTransport } from '../sim/transports/MqttTransport';
import { ownCpuMs, percentile, processCpuMs } from './measure';

/** One configuration of a lab run and where it runs. */
export interface LabConfig {
  url: string;
  scenario: ScenarioName;
  site: SiteSpec;
  devices: number;
  rateHz: number;
  qos: 0 | 1;
  durationS: number;
  seed: number;
  /** Devices per MQTT client. */
  perClient: number;
  /** Where the run's temporary history database goes. */
  dir: string;
  /** Distinguishes client ids and files between runs. */
  tag: string;
  /** The broker is somebody's: leave no retained messages or sessions behind. */
  tidy: boolean;
  brokerPid?: number;
  signal?: AbortSignal;
  /** What went wrong on the way (a subscription refused, a lost connection). */
  onProblem?: (p: Problem) => void;
}

/** What one configuration delivered, how late and at what cost. */
export interface LabResult {
  devices: number;
  rateHz: number;
  qos: 0 | 1;
  /** tele and evt messages published, and their rate, msg/s. */
  published: number;
  offeredRate: number;
  /** Distinct samples that reached the pipeline, and their rate over the publishing window, msg/s. */
  delivered: number;
  deliveredRate: number;
  /** Share of published messages never delivered, 0..1. */
  loss: number;
  p50Ms: number | null;
  p99Ms: number | null;
  /** CPU of this process (virtual devices and Twinscope's pipeline), % of one core. */
  cpuPct: number;
  brokerCpuPct: number | null;
  /** Stopped (Ctrl-C) before the configured duration: the figures cover only part of it. */
  interrupted: boolean;
}

/** How long stragglers may take once publishing stopped, ms. */
const DRAIN_MS = 5000;
/** Devices power on within a second and say hello before their first tele: measuring starts after that, ms. */
const WARM_UP_MS = 2500;

async function forgetSession(url: string, clientId: string): Promise<void> {
  const c = mqtt.connect(url, { clientId, clean: true, reconnectPeriod: 0, connectTimeout: 5000 });
  await new Promise<void>((resolve) => {
    c.once('connect', () => resolve());
    c.once('error', () => resolve());
    setTimeout(resolve, 5000);
  });
  await c.endAsync().catch(() => undefined);
}

/** What one run saw: the shared counters the receiving pipeline fills in. */
interface Tally {
  published: Map<string, number>;
  latencies: number[];
  delivered: number;
  heard: number;
  measuring: boolean;
  connected: boolean;
}

/** Runs one configuration; cleans up its clients, sessions and files whatever happens. */
export async function runLab(cfg: LabConfig): Promise<LabResult> {
  const db = join(cfg.dir, `lab-${cfg.tag}.db`);
  const tally: Tally = {
    published: new Map(),
    latencies: [],
    delivered: 0,
    heard: 0,
    measuring: false,
    connected: false,
  };
  const recorder = new LiveHub({
    db,
    flushMs: 100,
    retention: false, // a load run measures ingest alone
    ...(cfg.onProblem ? { onProblem: cfg.onProblem } : {}),
    onStatus: (_id, s) => (tally.connected = s === 'connected'),
    onInput: (input) => {
      tally.heard++;
      if (input.kind !== 'sample') return;
      const at = tally.published.get(`${input.sample.dev}/${input.sample.seq}`);
      if (at === undefined) return;
      tally.delivered++;
      tally.latencies.push(performance.now() - at);
    },
  });
  const clientId = `twinscope-lab-${cfg.tag}`;
  const transport: { current?: MqttTransport } = {};
  try {
    await recorder.add(new MqttSource({ url: cfg.url, clientId, reconnectMs: 500 }));
    const deadline = Date.now() + 10_000;
    while (!tally.connected && Date.now() < deadline && !cfg.signal?.aborted)
      await new Promise((r) => setTimeout(r, 20));
    if (!tally.connected && !cfg.signal?.aborted)
      throw new Error(`cannot reach the MQTT broker at ${displayUrl(cfg.url)}`);
    await new Promise((r) => setTimeout(r, 300)); // subscriptions in place
    return await publishAndMeasure(cfg, tally, transport);
  } finally {
    await transport.current?.close();
    await recorder.stop();
    if (cfg.tidy) await forgetSession(cfg.url, clientId);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  }
}

/** Devices publish for the configured time after a warm-up; the tally shows what reached the pipeline. */
async function publishAndMeasure(
  cfg: LabConfig,
  tally: Tally,
  holder: { current?: MqttTransport },
): Promise<LabResult> {
  const start = Date.now();
  const sim = new Simulation({
    scenario: cfg.scenario,
    site: cfg.site,
    seed: cfg.seed,
    start,
    rateHz: cfg.rateHz,
    ...(cfg.scenario === 'load' ? { devices: cfg.devices } : {}),
  });
  const transport = new MqttTransport({
    url: cfg.url,
    qos: cfg.qos,
    perClient: cfg.perClient,
    clientPrefix: `twinscope-lab-${cfg.tag}`,
    clearRetained: cfg.tidy,
    onPublished: (m, at) => {
      if (tally.measuring && (m.topic === 'tele' || m.topic === 'evt')) tally.published.set(`${m.dev}/${m.seq}`, at);
    },
  });
  holder.current = transport;
  await transport.open(
    sim.devices.map((d) => d.dev),
    cfg.signal,
  );
  const signal = cfg.signal ? { signal: cfg.signal } : {};
  await runSimulation(sim, transport, { speed: 1, until: start + WARM_UP_MS, ...signal });
  if (tally.heard === 0) {
    // The devices' retained status and hello should have come through by now.
    const message = `nothing reached the pipeline during the warm-up from ${displayUrl(cfg.url)}`;
    cfg.onProblem?.({ severity: 'warn', message });
  }
  tally.measuring = true;
  const cpu0 = ownCpuMs();
  const broker0 = processCpuMs(cfg.brokerPid);
  const w0 = performance.now();
  await runSimulation(sim, transport, { speed: 1, until: start + WARM_UP_MS + cfg.durationS * 1000, ...signal });
  const publishMs = performance.now() - w0;
  const interrupted = cfg.signal?.aborted === true;
  // Stopped by the user: no waiting for stragglers, the row is marked partial anyway.
  if (!interrupted) await Promise.race([transport.flush(), new Promise((r) => setTimeout(r, DRAIN_MS))]);
  // Wait for stragglers, but not for what will never come (QoS 0 drops, a saturated pipeline).
  let last = tally.delivered;
  let quietSince = performance.now();
  while (tally.delivered < tally.published.size && performance.now() - quietSince < 1000 && !cfg.signal?.aborted) {
    await new Promise((r) => setTimeout(r, 50));
    if (tally.delivered !== last) {
      last = tally.delivered;
      quietSince = performance.now();
    }
  }
  const wallMs = performance.now() - w0;
  const broker1 = processCpuMs(cfg.brokerPid);
  const n = tally.published.size;
  return {
    devices: sim.devices.length,
    rateHz: cfg.rateHz,
    qos: cfg.qos,
    published: n,
    offeredRate: (n / publishMs) * 1000,
    delivered: tally.delivered,
    deliveredRate: (tally.delivered / publishMs) * 1000,
    loss: n === 0 ? 0 : Math.max(0, 1 - tally.delivered / n),
    p50Ms: percentile(tally.latencies, 50),
    p99Ms: percentile(tally.latencies, 99),
    cpuPct: ((ownCpuMs() - cpu0) / wallMs) * 100,
    brokerCpuPct: broker0 === null || broker1 === null ? null : ((broker1 - broker0) / wallMs) * 100,
    interrupted,
  };
}
