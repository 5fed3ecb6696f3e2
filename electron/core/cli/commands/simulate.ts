/** `twinscope simulate`: virtual devices of a site playing a scenario, over MQTT, serial or into a file. */
import { parseArgs } from 'node:util';
import { defaultStart, parseInteger, parseRate, parseScenario, parseSpeed, parseStart } from '../../sim/options';
import { runSimulation } from '../../sim/Runner';
import { describeScenarios, scenarioByName, type ScenarioName } from '../../sim/scenarios/index';
import { Simulation } from '../../sim/Simulation';
import { readSite } from '../../twin/site/defaultSite';
import { MqttTransport } from '../../sim/transports/MqttTransport';
import { SerialTransport, type SerialRoute } from '../../sim/transports/SerialTransport';
import { StreamTransport } from '../../sim/transports/StreamTransport';
import { FanoutTransport, type Transport } from '../../sim/transports/Transport';
import { checkBrokerUrl } from '../brokerFlags';
import { UsageError, type CliCommand, type CliIo } from '../command';
import { openOutputFile } from '../outputFile';

const usage = `Usage: twinscope simulate --scenario NAME [--mqtt URL] [--serial PATH]... [--out FILE] [options]

Runs the virtual devices of a site through a scenario. They speak protocol v1 as the firmware does: hello, tele at
the rate, evt for doors, slams and motion, boot counter and seq, offline buffering with sup. What they send depends
only on the scenario, site, seed, start, rate and devices: the same options give the same messages byte for byte,
at any speed.

Scenarios:
${describeScenarios()}

Where the devices send (one or more):
  --mqtt URL           a broker: one client per device, QoS 1, retained status (last will offline) and meta
  --gateway N          MQTT: N devices share a client, as behind a gateway (default 1: a client each)
  --qos 0|1            MQTT QoS of tele and evt (default 1)
  --username U, --password P   MQTT credentials (or put them in the URL)
  --serial PATH        NDJSON to a serial port, every device on it (e.g. one end of a socat pty pair)
  --serial DEV=PATH    one device on its own port (repeatable)
  --out FILE           NDJSON lines to FILE, - for stdout

Options:
  --devices N          devices of the load scenario (default 10)
  --rate HZ            telemetry messages per second per device (default 1)
  --speed X            simulated seconds per real second (default 1); max: as fast as the transport takes it
  --duration S         simulated seconds to run (default: the scenario's length; endless ones until Ctrl-C)
  --seed N             random seed (default 1)
  --start TIME         simulated start, ISO 8601 or epoch ms (default: so that the run ends about now)
  --site FILE          site file (default: the built-in two rooms and a door)
  --unsynced           devices without a synced clock: ts is null and Twinscope estimates event times
  --quiet              no progress lines`;

function serialRoutes(specs: string[], devices: readonly string[]): SerialRoute[] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    // A path may contain "=" only after a device name; Windows and Unix device paths never start with a device id.
    if (eq <= 0) return { path: spec, devices: null };
    const dev = spec.slice(0, eq);
    if (!devices.includes(dev)) {
      throw new UsageError(`--serial ${spec}: no device "${dev}" in this run; devices: ${devices.join(', ')}`);
    }
    return { path: spec.slice(eq + 1), devices: [dev] };
  });
}

function clock(t: number): string {
  return new Date(t).toISOString().replace('T', ' ').slice(0, 19);
}

export const command: CliCommand = {
  name: 'simulate',
  usage,
  async run(argv, io: CliIo) {
    const { values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' },
        mqtt: { type: 'string' },
        gateway: { type: 'string' },
        qos: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        serial: { type: 'string', multiple: true },
        out: { type: 'string' },
        devices: { type: 'string' },
        rate: { type: 'string' },
        speed: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        site: { type: 'string' },
        unsynced: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    });
    let scenarioName: ScenarioName;
    let rateHz: number;
    let speed: number;
    let start: number | undefined;
    let seed: number;
    let gateway: number;
    let qos: number;
    let devices: number | undefined;
    let durationS: number | undefined;
    try {
      scenarioName = parseScenario(values.scenario);
      rateHz = parseRate(values.rate);
      speed = parseSpeed(values.speed);
      start = parseStart(values.start);
      seed = parseInteger('--seed', values.seed, 1, 0, 2 ** 32 - 1);
      gateway = parseInteger('--gateway', values.gateway, 1, 1, 10_000);
      qos = parseInteger('--qos', values.qos, 1, 0, 1);
      if (values.devices !== undefined && scenarioName !== 'load') {
        throw new RangeError("--devices applies to the load scenario; the others run the site's own devices");
      }
      devices = scenarioName === 'load' ? parseInteger('--devices', values.devices, 10, 1, 10_000) : undefined;
      durationS =
        values.duration === undefined ? undefined : parseInteger('--duration', values.duration, 0, 1, 365 * 86_400);
    } catch (e) {
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
    const serial = values.serial ?? [];
    if (values.mqtt === undefined && serial.length === 0 && values.out === undefined) {
      throw new UsageError('say where the devices send: --mqtt URL, --serial PATH or --out FILE');
    }
    if (values.mqtt !== undefined) checkBrokerUrl('--mqtt', values.mqtt);
    const scenario = scenarioByName(scenarioName);
    const length = durationS ?? scenario.lengthS;
    if (!Number.isFinite(speed) && length === null) {
      throw new UsageError(`${scenarioName} never ends: give --duration S with --speed max`);
    }
    const site = await readSite(values.site);
    const t0 = start ?? defaultStart(Date.now(), speed, length);
    const sim = new Simulation({
      scenario: scenarioName,
      site,
      seed,
      start: t0,
      rateHz,
      ...(devices !== undefined ? { devices } : {}),
      synced: !(values.unsynced ?? false),
    });
    const ids = sim.devices.map((d) => d.dev);
    if (ids.length === 0)
      throw new UsageError(`the site has no sensors attached to its rooms or doors: nothing to simulate`);
    const quiet = values.quiet ?? false;
    const problem = (p: { severity: string; message: string }): void => io.err(`${p.severity}: ${p.message}`);
    const parts: Transport[] = [];
    if (values.mqtt !== undefined) {
      parts.push(
        new MqttTransport({
          url: values.mqtt,
          qos: qos === 0 ? 0 : 1,
          perClient: gateway,
          ...(values.username !== undefined ? { username: values.username } : {}),
          ...(values.password !== undefined ? { password: values.password } : {}),
          onProblem: problem,
        }),
      );
    }
    if (serial.length > 0) parts.push(new SerialTransport(serialRoutes(serial, ids), problem));
    let file: StreamTransport | undefined;
    if (values.out !== undefined) {
      // Opened now, so a wrong path fails before a single message is claimed.
      file =
        values.out === '-'
          ? new StreamTransport(io.stdout, 'stdout', false)
          : new StreamTransport(openOutputFile('--out', values.out), values.out, true);
      parts.push(file);
    }
    const transport = parts.length === 1 ? parts[0]! : new FanoutTransport(parts);
    const speedText = Number.isFinite(speed) ? `×${speed}` : 'as fast as possible';
    if (!quiet) {
      const names = ids.length > 6 ? `${ids.slice(0, 6).join(', ')}, ...` : ids.join(', ');
      io.err(`${scenarioName}: ${ids.length} devices (${names}) to ${transport.target}`);
      io.err(`simulated start ${clock(t0)} UTC, seed ${seed}, ${rateHz} Hz, ${speedText}`);
      if (speed > 1 && length === null)
        io.err('note: faster than real time with no end, so timestamps run ahead of the clock');
      if (values.unsynced && speed !== 1)
        io.err('note: unsynced devices count uptime at the simulated pace; event times are estimated for real time');
    }
    io.atRisk('messages handed over but not yet acknowledged by the broker may not have arrived');
    // Writing only to standard output, a reader that went away (`| head`) is the end of the run.
    const stop = values.out === '-' && parts.length === 1 ? AbortSignal.any([io.signal, io.outClosed]) : io.signal;
    await transport.open(ids, stop);
    const result = await runSimulation(sim, transport, {
      speed,
      ...(durationS !== undefined ? { until: t0 + durationS * 1000 } : {}),
      signal: stop,
      ...(quiet ? {} : { onProgress: (p) => io.err(`simulated ${clock(p.simT)}, ${p.messages} messages sent`) }),
    });
    // After Ctrl-C, what is in flight gets a moment to leave, never more (a reader may have stopped reading).
    const grace = (ms: number): Promise<unknown>[] =>
      io.signal.aborted ? [new Promise((r) => setTimeout(r, ms))] : [];
    await Promise.race([transport.flush(), ...grace(500)]);
    await Promise.race([transport.close(), ...grace(1000)]);
    io.atRisk(undefined);
    if (file?.failure) {
      io.err(`twinscope simulate: cannot write ${file.failure}; ${result.messages} messages were generated`);
      return 1;
    }
    const simS = Math.round((result.simT - t0) / 1000);
    io.err(
      `${result.aborted ? 'stopped' : 'done'}: ${result.messages} messages from ${ids.length} devices, ` +
        `${simS} simulated s in ${(result.wallMs / 1000).toFixed(1)} s`,
    );
    return 0;
  },
};
