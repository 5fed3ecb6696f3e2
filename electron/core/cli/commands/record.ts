/** `twinscope record`: headless ingest of serial ports and MQTT brokers into a history database. */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { HaPublisher } from '../../ha/HaPublisher';
import { LiveHub } from '../../hub/LiveHub';
import { AdapterSet } from '../../protocol/adapters/AdapterSet';
import { CONVENTIONS, type ConventionName } from '../../protocol/adapters/types';
import { MqttSource } from '../../sources/MqttSource';
import { SerialSource } from '../../sources/SerialSource';
import { SimulatorSource } from '../../sources/SimulatorSource';
import type { Problem } from '../../../common/problem';
import { createAlertDispatcher } from '../../alerts/delivery/deliver';
import { siteInForce } from '../../twin/site/defaultSite';
import type { Source } from '../../sources/Source';
import { defaultDatabase, userDataDir } from '../../store/defaultPaths';
import { checkBrokerUrl, checkReadableFile } from '../brokerFlags';
import { plural, UsageError, type CliCommand } from '../command';
import { finalLine, lossLines, progressLine, totals } from '../recordReport';
import { DELIVERY_USAGE, deliveryTargets } from '../deliveryFlags';
import { waitForAbortOrTimeout } from '../wait';

const usage = `Usage: twinscope record [--db FILE] [--serial PATH]... [--mqtt URL]... [--demo] [--site FILE] [--duration S]

Records every reading from the given serial ports and MQTT brokers into a history database, until
Ctrl-C (or --duration seconds), and runs the twin over it: alerts are stored with the history and,
if asked, sent by webhook or e-mail. Everything received is committed before exit.

Options:
  --db FILE            history database (default: ${defaultDatabase()})
  --serial PATH        serial port of a device, e.g. /dev/ttyACM0 or COM3 (repeatable)
  --baud N             serial baud rate (default 115200; USB CDC ignores it)
  --mqtt URL           broker, e.g. mqtt://127.0.0.1:1883 or mqtts://user:pass@host:8883 (repeatable)
  --client-id ID       MQTT client id; keep it fixed so the broker queues while you are away (default twinscope)
  --username U, --password P   MQTT credentials (or put them in the URL)
  --ca FILE, --cert FILE, --key FILE   TLS: CA certificate, client certificate and key (PEM)
  --demo               no hardware needed: the built-in site's virtual devices live an office day in real time
                       (alone, it records into demo.db beside the default database)
  --conventions LIST   MQTT conventions to follow, comma-separated (default all: ${CONVENTIONS.join(',')});
                       third-party devices are bound to site sensors by the site's "bindings"
  --publish-ha         publish the twin's conclusions to Home Assistant (discovery) on the first --mqtt broker
  --ha-prefix P        Home Assistant discovery prefix (default homeassistant)
  --site FILE          rooms, doors, sensors and alert rules (default: site.json in the data folder if a device
                       was placed in the app, else the built-in two rooms and a door)
${DELIVERY_USAGE}
  --duration S         stop after S seconds (any length)
  --quiet              no progress lines

Progress and final lines count samples stored, missing (sequence gaps), duplicates, late and backfilled samples;
\`twinscope devices\` shows them per device. Exit code 1 when a source cannot work as configured (a broker that
refuses the credentials, a TLS file that cannot be read).`;

/** How long alert notifications may still take once recording stopped. */
const DELIVERY_CAP_MS = 10_000;

export const command: CliCommand = {
  name: 'record',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        serial: { type: 'string', multiple: true },
        baud: { type: 'string' },
        mqtt: { type: 'string', multiple: true },
        'client-id': { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        ca: { type: 'string' },
        cert: { type: 'string' },
        key: { type: 'string' },
        duration: { type: 'string' },
        quiet: { type: 'boolean' },
        demo: { type: 'boolean' },
        site: { type: 'string' },
        conventions: { type: 'string' },
        'publish-ha': { type: 'boolean' },
        'ha-prefix': { type: 'string' },
        webhook: { type: 'string', multiple: true },
        smtp: { type: 'string' },
        'mail-from': { type: 'string' },
        'mail-to': { type: 'string', multiple: true },
      },
      strict: true,
    });
    const serial = values.serial ?? [];
    const brokers = values.mqtt ?? [];
    const demo = values.demo ?? false;
    if (serial.length === 0 && brokers.length === 0 && !demo)
      throw new UsageError('give at least one --serial PATH or --mqtt URL (or --demo to try it without hardware)');
    const duration = values.duration === undefined ? undefined : Number(values.duration);
    if (duration !== undefined && !(duration > 0))
      throw new UsageError(`--duration must be a positive number of seconds`);
    const baud = values.baud === undefined ? 115200 : Number(values.baud);
    if (!Number.isInteger(baud) || baud <= 0) throw new UsageError('--baud must be a positive integer');
    for (const url of brokers) checkBrokerUrl('--mqtt', url);
    checkReadableFile('--ca', values.ca);
    checkReadableFile('--cert', values.cert);
    checkReadableFile('--key', values.key);

    const demoOnly = demo && serial.length === 0 && brokers.length === 0;
    const db = values.db ?? (demoOnly ? join(dirname(defaultDatabase()), 'demo.db') : defaultDatabase());
    const quiet = values.quiet ?? false;
    const targets = deliveryTargets(values);
    // The same site as the app and `serve`: --site, else the copy that placing a device in the app wrote.
    const { site } = await siteInForce(values.site, userDataDir());
    const adapters = new AdapterSet({ site, conventions: parseConventions(values.conventions) });
    const say = (p: Problem): void => io.err(`${p.severity}: ${p.message}${p.tip ? ` (${p.tip})` : ''}`);
    const dispatcher =
      targets.length > 0
        ? createAlertDispatcher(targets, {
            site: { id: site.id, name: site.name },
            onResult: (r) => (r.ok ? quiet || io.err(`alert sent to ${r.target}`) : say(r.problem)),
          })
        : undefined;
    if (values['publish-ha'] && brokers.length === 0) throw new UsageError('--publish-ha needs an --mqtt broker');
    const ha = values['publish-ha']
      ? new HaPublisher(site, {
          url: brokers[0]!,
          ...(values['ha-prefix'] !== undefined ? { prefix: values['ha-prefix'] } : {}),
          ...(values.username !== undefined ? { username: values.username } : {}),
          ...(values.password !== undefined ? { password: values.password } : {}),
        })
      : undefined;
    await ha?.start();
    // A source that cannot work as configured ends the run at once, with exit code 1.
    const fatal = new AbortController();
    const failed: string[] = [];
    const recorder = new LiveHub({
      db,
      site,
      adapters,
      ...(ha ? { onFrame: (frame) => ha.publish(frame.view) } : {}),
      onProblem: say,
      onStatus: (id, status) => {
        if (!quiet || status === 'error') io.err(`${id}: ${status}`);
        if (status === 'error') {
          failed.push(id);
          fatal.abort();
        }
      },
      ...(dispatcher ? { onEvents: (events) => dispatcher.push(events) } : {}),
    });
    io.atRisk(
      'what arrived in the last 100 ms is not committed (MQTT redelivers it next time) and alert notifications ' +
        'not yet sent are lost',
    );
    const sources: Source[] = [
      ...serial.map((path) => new SerialSource({ path, baudRate: baud })),
      ...brokers.map(
        (url) =>
          new MqttSource({
            url,
            clientId: values['client-id'] ?? 'twinscope',
            adapters,
            ...(values.username !== undefined ? { username: values.username } : {}),
            ...(values.password !== undefined ? { password: values.password } : {}),
            ...(values.ca !== undefined ? { caFile: values.ca } : {}),
            ...(values.cert !== undefined ? { certFile: values.cert } : {}),
            ...(values.key !== undefined ? { keyFile: values.key } : {}),
          }),
      ),
      ...(demo ? [new SimulatorSource({ scenario: 'normal-day', site, speed: 1 })] : []),
    ];
    if (!quiet) io.err(`recording into ${db}`);
    for (const s of sources) await recorder.add(s);
    const progress = quiet
      ? undefined
      : setInterval(() => io.err(progressLine(totals(recorder.counts, recorder.devices))), 5000);
    const stop = AbortSignal.any([io.signal, fatal.signal]);
    await waitForAbortOrTimeout(stop, duration === undefined ? undefined : duration * 1000);
    if (progress) clearInterval(progress);
    if (!quiet && io.signal.aborted) io.err('stopping: committing what was received ...');
    await recorder.stop();
    if (ha) {
      const view = recorder.runner?.view();
      if (view) ha.publish(view, true);
      await ha.stop();
    }
    if (dispatcher) {
      // Let notifications of the last alerts go out, but never hang on a dead server.
      for (const u of await dispatcher.close(DELIVERY_CAP_MS)) {
        io.err(`warn: ${plural(u.unsent, 'alert notification')} to ${u.target} not sent (gave up after 10 s)`);
      }
    }
    io.atRisk(undefined);
    const t = totals(recorder.counts, recorder.devices);
    const late = recorder.late;
    const lateNote =
      late.applied + late.beyondHorizon > 0
        ? `; ${late.applied} arrived late and were applied by rewinding the twin` +
          (late.beyondHorizon > 0 ? `, ${late.beyondHorizon} older than its horizon were stored only` : '')
        : '';
    io.err(`${finalLine(t)}${lateNote}`);
    for (const line of lossLines(recorder.devices)) io.err(line);
    if (failed.length > 0) {
      io.err(`twinscope record: ${failed.join(', ')} cannot work as configured (see above)`);
      return 1;
    }
    return 0;
  },
};

/** `--conventions v1,ha,...`: each must be known. */
function parseConventions(list: string | undefined): ConventionName[] {
  if (list === undefined) return [...CONVENTIONS];
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const n of names) {
    if (!(CONVENTIONS as readonly string[]).includes(n)) {
      throw new UsageError(`--conventions: unknown "${n}" (known: ${CONVENTIONS.join(', ')})`);
    }
  }
  return names as ConventionName[];
}
