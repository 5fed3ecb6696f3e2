/**
 * A private mosquitto for `twinscope lab`: started on a free 127.0.0.1 port with its own configuration in a temporary
 * folder, so a what-if run never touches anyone's broker unless the user names one. Queues are sized for load tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort, portOpen } from '../net/loopback';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = [
  '/usr/sbin/mosquitto',
  '/usr/bin/mosquitto',
  '/usr/local/sbin/mosquitto',
  '/usr/local/bin/mosquitto',
];

/** Where mosquitto is installed, if it is. */
export function findMosquitto(): string | undefined {
  return CANDIDATES.find((p) => existsSync(p));
}

/** A mosquitto process of our own, for one lab run. */
export class PrivateBroker {
  /** However this process ends (even a second Ctrl-C, which exits at once), the broker and its folder go too. */
  private readonly onExit = (): void => {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  };

  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly url: string,
    private readonly exited: Promise<void>,
  ) {
    process.once('exit', this.onExit);
  }

  /** The broker's process id (for its CPU time), when running. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts mosquitto; throws a message that says what to install when it is missing. */
  static async start(): Promise<PrivateBroker> {
    const bin = findMosquitto();
    if (!bin) {
      throw new Error('mosquitto is not installed (Debian/Ubuntu: sudo apt-get install mosquitto), or give --mqtt URL');
    }
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'twinscope-lab-broker-'));
    const conf = join(dir, 'mosquitto.conf');
    // No persistence: a lab run measures the live path. Deep queues so the broker is not what drops messages first.
    writeFileSync(
      conf,
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence false',
        'max_queued_messages 1000000',
        'max_inflight_messages 100',
        '',
      ].join('\n'),
    );
    const child = spawn(bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (!(await portOpen(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`mosquitto did not start: ${stderr.trim() || 'no output'}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    return new PrivateBroker(child, dir, `mqtt://127.0.0.1:${port}`, exited);
  }

  async stop(): Promise<void> {
    process.off('exit', this.onExit);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 3000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
