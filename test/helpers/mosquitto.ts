/**
 * A real mosquitto broker on a free 127.0.0.1 port, with persistence saved every second so that a restart (even
 * `kill -9`) keeps persistent sessions and their queued QoS 1 messages.
 */
import { chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort, portOpen } from '../../electron/core/net/loopback';
import { findMosquitto } from '../../electron/core/lab/PrivateBroker';
import { startChild, type Child } from './processes';

export const MOSQUITTO = findMosquitto() ?? 'mosquitto';

export interface MosquittoOptions {
  /** Require this user and password (no anonymous clients). */
  credentials?: { username: string; password: string };
  /** Also listen with TLS on `tlsPort`, requiring a client certificate signed by the CA. */
  tls?: { caFile: string; certFile: string; keyFile: string };
}

export class Mosquitto {
  private child: Child | undefined;
  readonly url: string;
  /** mqtts:// URL when started with TLS. */
  readonly tlsUrl: string | undefined;
  private readonly conf: string;
  private readonly dataDir: string;

  private constructor(
    readonly port: number,
    dir: string,
    options: MosquittoOptions,
    tlsPort: number | undefined,
  ) {
    this.url = `mqtt://127.0.0.1:${port}`;
    const data = join(dir, 'mosquitto');
    this.dataDir = data;
    mkdirSync(data, { recursive: true });
    // mosquitto drops to user "mosquitto" when started as root: it must own its persistence folder.
    try {
      chownSync(data, uidOf('mosquitto'), -1);
    } catch {
      /* not root, or no such user: mosquitto keeps our user */
    }
    this.conf = join(dir, 'mosquitto.conf');
    const auth: string[] = ['allow_anonymous true'];
    if (options.credentials) {
      const passwords = join(dir, 'passwords');
      writeFileSync(passwords, '');
      execFileSync('mosquitto_passwd', ['-b', passwords, options.credentials.username, options.credentials.password]);
      auth.splice(0, 1, 'allow_anonymous false', `password_file ${passwords}`);
    }
    const tls: string[] = [];
    if (options.tls && tlsPort) {
      this.tlsUrl = `mqtts://127.0.0.1:${tlsPort}`;
      const t = options.tls;
      tls.push(`listener ${tlsPort} 127.0.0.1`, `cafile ${t.caFile}`, `certfile ${t.certFile}`, `keyfile ${t.keyFile}`);
      tls.push('require_certificate true');
    }
    writeFileSync(
      this.conf,
      [
        `listener ${port} 127.0.0.1`,
        ...tls,
        ...auth,
        'persistence true',
        `persistence_location ${data}/`,
        'autosave_interval 1',
        'max_queued_messages 1000000',
        'max_inflight_messages 100',
        '',
      ].join('\n'),
    );
  }

  static async start(dir: string, options: MosquittoOptions = {}): Promise<Mosquitto> {
    const m = new Mosquitto(await freePort(), dir, options, options.tls ? await freePort() : undefined);
    await m.restart();
    return m;
  }

  async restart(): Promise<void> {
    this.child = startChild(MOSQUITTO, ['-c', this.conf]);
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(this.port))) {
      if (this.child.proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`mosquitto did not start: ${this.child.output()}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Makes the broker write its persistence file now (SIGUSR1), and waits until it has. */
  async save(): Promise<void> {
    const file = join(this.dataDir, 'mosquitto.db');
    const before = existsSync(file) ? statSync(file).mtimeMs : 0;
    this.child?.proc.kill('SIGUSR1');
    const deadline = Date.now() + 10_000;
    while (!existsSync(file) || statSync(file).mtimeMs === before) {
      if (Date.now() > deadline) throw new Error('mosquitto did not save its persistence file');
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 100)); // the rename lands before the file is complete on slow disks
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.child?.kill(signal);
    this.child = undefined;
  }
}

function uidOf(user: string): number {
  const passwd = readFileSync('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no user ${user}`);
  return Number(line.split(':')[2]);
}
