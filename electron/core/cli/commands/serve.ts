/** `twinscope serve`: browser mode. The twin, its history and the UI, served to a browser on this machine. */
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConnectRequest } from '../../../common/api';
import { TwinscopeService } from '../../app/TwinscopeService';
import { TwinscopeServer } from '../../server/TwinscopeServer';
import { findRendererRoot } from '../../server/rendererRoot';
import { siteInForce } from '../../twin/site/defaultSite';
import { defaultDatabase, userDataDir } from '../../store/defaultPaths';
import { UsageError, type CliCommand } from '../command';
import { waitForAbortOrTimeout } from '../wait';

const usage = `Usage: twinscope serve [--host 127.0.0.1] [--port 5170] [--db FILE] [--site FILE] [--mqtt URL]... [--serial PATH]... [--demo]

Runs the twin and serves its UI to a browser: open the URL it prints (it carries an access token; the page keeps
it in a cookie). Every HTTP and WebSocket request needs that token, and pages from other origins are refused.
Sources can also be connected from the page's Connections panel.

Options:
  --host H        address to listen on (default 127.0.0.1; any other address is reachable from the network)
  --port N        port (default 5170; 0 picks a free one)
  --db FILE       history database (default: ${defaultDatabase()}; demo.db beside it with --demo alone)
  --site FILE     rooms, doors, sensors and alert rules (default: site.json in the data folder if a device was
                  placed from the UI before, else the built-in two rooms and a door); placing a device edits it
  --mqtt URL      a broker to record from at start (repeatable)
  --serial PATH   a serial port to record from at start (repeatable)
  --demo          the site's virtual devices living an office day, no hardware needed
  --renderer DIR  the built UI (default: out/renderer of this installation)
  --duration S    stop after S seconds`;

export const command: CliCommand = {
  name: 'serve',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        db: { type: 'string' },
        site: { type: 'string' },
        mqtt: { type: 'string', multiple: true },
        serial: { type: 'string', multiple: true },
        demo: { type: 'boolean' },
        renderer: { type: 'string' },
        duration: { type: 'string' },
      },
      strict: true,
    });
    const port = values.port === undefined ? 5170 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
    const duration = values.duration === undefined ? undefined : Number(values.duration);
    if (duration !== undefined && !(duration > 0)) throw new UsageError('--duration must be a positive number');
    const root = values.renderer ?? findRendererRoot();
    if (!root) {
      io.err('twinscope serve: the UI is not built here; run `npm run build` first (or give --renderer DIR).');
      return 1;
    }
    const brokers = values.mqtt ?? [];
    const serial = values.serial ?? [];
    const demo = values.demo ?? false;
    const demoOnly = demo && brokers.length === 0 && serial.length === 0;
    const db = values.db ?? (demoOnly ? join(dirname(defaultDatabase()), 'demo.db') : defaultDatabase());
    const site = await siteInForce(values.site, userDataDir());
    const service = new TwinscopeService(db, site);
    service.on('problem', (p) => io.err(`${p.severity}: ${p.message}${p.tip ? ` (${p.tip})` : ''}`));
    const server = new TwinscopeServer({ service, root, host: values.host ?? '127.0.0.1', port });
    try {
      const url = await server.listen();
      const requests: ConnectRequest[] = [
        ...brokers.map((url): ConnectRequest => ({ kind: 'mqtt', url })),
        ...serial.map((path): ConnectRequest => ({ kind: 'serial', path })),
        ...(demo ? [{ kind: 'demo' } as const] : []),
      ];
      for (const req of requests) {
        const r = await service.dispatch('sources.connect', req);
        if (!r.ok) io.err(`could not connect: ${r.error}`);
        else if (r.value && typeof r.value === 'object' && 'ok' in r.value && !r.value.ok) {
          io.err(`could not connect: ${r.value.error}`);
        }
      }
      if (!server.loopbackOnly) {
        io.err(
          `warning: listening on ${values.host}, reachable from other machines; only the token protects it, ` +
            'and the connection is not encrypted',
        );
      }
      io.err(`recording into ${db}`);
      io.err(
        site.file ? `site: ${site.file}` : `site: the built-in one (placing a device writes it to ${site.copyTo})`,
      );
      io.out(`Twinscope is at ${url}`);
      await waitForAbortOrTimeout(io.signal, duration === undefined ? undefined : duration * 1000);
    } finally {
      await server.close();
      await service.close();
    }
    return 0;
  },
};
