/** `twinscope lab`: what-if runs of a scenario over a grid of device counts, rates and QoS against a real broker. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLab, type LabResult } from '../../lab/labRun';
import { PrivateBroker } from '../../lab/PrivateBroker';
import { labTable } from '../../lab/table';
import { MAX_RATE_HZ, MIN_RATE_HZ, parseInteger, parseList, parseScenario } from '../../sim/options';
import type { ScenarioName } from '../../sim/scenarios/index';
import { readSite } from '../../twin/site/defaultSite';
import { displayUrl } from '../../sources/MqttSource';
import { checkBrokerUrl } from '../brokerFlags';
import { UsageError, type CliCommand } from '../command';

/** Bounds that keep a lab run from turning into a denial of service or an afternoon. */
const MAX_CONFIGS = 24;
const MAX_DEVICES = 5000;
const MAX_MESSAGES_PER_S = 50_000;
const MAX_DURATION_S = 60;

const usage = `Usage: twinscope lab [--scenario load] [--devices 50,200,1000] [--rate 1,10] [--qos 0,1] [--duration S] [--mqtt URL]

What if there were 1,000 devices at 10 Hz? Runs the scenario once per combination of devices, rate and QoS: the
virtual devices publish through a real broker into Twinscope's own pipeline (decode, dedupe, SQLite), and a table
shows the delivered rate, the loss, the publish-to-ingest latency (p50, p99) and the CPU used by this process
(devices and pipeline together) and by the broker.

Without --mqtt it starts a private mosquitto on a free 127.0.0.1 port, so no traffic leaves this machine.

Options:
  --scenario NAME      scenario to run (default load; the others run the site's own devices, so --devices is load only)
  --devices LIST       device counts, comma-separated (default 50,200,1000; at most ${MAX_DEVICES})
  --rate LIST          messages per second per device (default 1,10; at most ${MAX_RATE_HZ})
  --qos LIST           MQTT QoS of tele and evt: 0, 1 or 0,1 (default 0,1)
  --duration S         seconds per configuration (default 5, at most ${MAX_DURATION_S})
  --clients N          MQTT clients the devices share (default: one per device up to 50 devices, then 50)
  --mqtt URL           use this broker instead of a private one (its retained messages and sessions are tidied)
  --seed N             random seed (default 1)
  --site FILE          site file (default: the built-in two rooms and a door)

At most ${MAX_CONFIGS} configurations and ${MAX_MESSAGES_PER_S.toLocaleString('en-US')} messages/s per configuration.`;

export const command: CliCommand = {
  name: 'lab',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' },
        devices: { type: 'string' },
        rate: { type: 'string' },
        qos: { type: 'string' },
        duration: { type: 'string' },
        clients: { type: 'string' },
        mqtt: { type: 'string' },
        seed: { type: 'string' },
        site: { type: 'string' },
      },
      strict: true,
    });
    let scenario: ScenarioName;
    let devices: number[];
    let rates: number[];
    let qoss: number[];
    let durationS: number;
    let clients: number | undefined;
    let seed: number;
    try {
      scenario = parseScenario(values.scenario ?? 'load');
      if (values.devices !== undefined && scenario !== 'load') {
        throw new RangeError("--devices applies to the load scenario; the others run the site's own devices");
      }
      devices = scenario === 'load' ? parseList('--devices', values.devices, [50, 200, 1000], 1, MAX_DEVICES) : [0];
      if (devices.some((d) => !Number.isInteger(d))) throw new RangeError('--devices must be whole numbers');
      rates = parseList('--rate', values.rate, [1, 10], MIN_RATE_HZ, MAX_RATE_HZ);
      qoss = parseList('--qos', values.qos, [0, 1], 0, 1);
      if (qoss.some((q) => q !== 0 && q !== 1)) throw new RangeError('--qos takes 0 and 1');
      durationS = parseInteger('--duration', values.duration, 5, 1, MAX_DURATION_S);
      clients = values.clients === undefined ? undefined : parseInteger('--clients', values.clients, 1, 1, MAX_DEVICES);
      seed = parseInteger('--seed', values.seed, 1, 0, 2 ** 32 - 1);
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
    const grid = devices.flatMap((d) =>
      rates.flatMap((r) => qoss.map((q) => ({ devices: d, rateHz: r, qos: q as 0 | 1 }))),
    );
    if (grid.length > MAX_CONFIGS) {
      throw new UsageError(`${grid.length} configurations is too many for one run (at most ${MAX_CONFIGS})`);
    }
    const heavy = grid.find((g) => g.devices * g.rateHz > MAX_MESSAGES_PER_S);
    if (heavy) {
      throw new UsageError(
        `${heavy.devices} devices at ${heavy.rateHz} Hz is ${heavy.devices * heavy.rateHz} messages/s; ` +
          `at most ${MAX_MESSAGES_PER_S} per configuration`,
      );
    }
    if (values.mqtt !== undefined) checkBrokerUrl('--mqtt', values.mqtt);
    const site = await readSite(values.site);
    const broker = values.mqtt === undefined ? await PrivateBroker.start() : undefined;
    const url = values.mqtt ?? broker!.url;
    const dir = mkdtempSync(join(tmpdir(), 'twinscope-lab-'));
    // A second Ctrl-C exits at once: the run's temporary files go with the process all the same.
    const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
    process.once('exit', removeDir);
    io.atRisk('the configuration under way is not reported');
    const onStop = (): void => io.err('stopping: closing the virtual devices and the broker ...');
    io.signal.addEventListener('abort', onStop, { once: true });
    io.err(
      `lab: ${scenario}, ${grid.length} configurations of ${durationS} s against ${displayUrl(url)}` +
        (broker ? ' (private mosquitto)' : ''),
    );
    const results: LabResult[] = [];
    try {
      for (const [i, g] of grid.entries()) {
        if (io.signal.aborted) break;
        const label = scenario === 'load' ? `${g.devices} devices` : 'site devices';
        io.err(`[${i + 1}/${grid.length}] ${label} × ${g.rateHz} Hz, QoS ${g.qos} ...`);
        const perClient = scenario === 'load' ? Math.ceil(g.devices / (clients ?? Math.min(g.devices, 50))) : 1;
        const r = await runLab({
          url,
          scenario,
          site,
          devices: g.devices,
          rateHz: g.rateHz,
          qos: g.qos,
          durationS,
          seed,
          perClient,
          dir,
          tag: `${process.pid}-${i + 1}`,
          tidy: broker === undefined,
          ...(broker?.pid !== undefined ? { brokerPid: broker.pid } : {}),
          signal: io.signal,
          onProblem: (p) => io.err(`        ${p.severity}: ${p.message}`),
        });
        results.push(r);
        io.err(
          `        ${Math.round(r.deliveredRate)} msg/s delivered, loss ${(r.loss * 100).toFixed(2)} %, ` +
            `p99 ${r.p99Ms === null ? '–' : r.p99Ms.toFixed(1)} ms`,
        );
      }
    } finally {
      io.signal.removeEventListener('abort', onStop);
      await broker?.stop();
      removeDir();
      process.off('exit', removeDir);
      io.atRisk(undefined);
    }
    if (results.length > 0) io.out(labTable(results));
    return 0;
  },
};
