/** A real pseudo-terminal pair from socat: two device paths that behave like the two ends of a serial cable. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, waitFor, type Child } from './processes';

export class PtyPair {
  private child: Child | undefined;
  readonly a: string;
  readonly b: string;

  constructor(dir: string, name = 'tty') {
    this.a = join(dir, `${name}A`);
    this.b = join(dir, `${name}B`);
  }

  static async start(dir: string, name?: string): Promise<PtyPair> {
    const p = new PtyPair(dir, name);
    await p.start();
    return p;
  }

  async start(): Promise<void> {
    this.child = startChild('socat', [`pty,raw,echo=0,link=${this.a}`, `pty,raw,echo=0,link=${this.b}`]);
    await waitFor(`socat ptys ${this.a}`, () => existsSync(this.a) && existsSync(this.b));
  }

  /** Pulls the cable: both ends vanish. */
  async stop(): Promise<void> {
    await this.child?.kill('SIGTERM');
    this.child = undefined;
    await waitFor('pty links to go', () => !existsSync(this.a));
  }
}
