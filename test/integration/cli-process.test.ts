/**
 * Process behaviour as a property of the whole `twinscope` command, checked for every command in the command table
 * (a new command without a case here fails the first test): each survives standard output and error whose reader
 * went away, and each long-running one ends within 2 s of SIGINT or SIGTERM, at the awkward moments too (while
 * connecting, with the broker down, into a reader that stopped reading).
 */
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/core/cli/commands/index';
import { exportTwinrec } from '../../electron/core/store/twinrec/exportTwinrec';
import { reap, spawnTwinscope, type CliProcess } from '../helpers/cliProcess';
import { closedPort, startSilentServer, type DeadServer } from '../helpers/deadServer';
import { makeHistory } from '../helpers/history';
import { makeSealedHistory } from '../helpers/sealedHistory';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';

const SITE = fileURLToPath(new URL('../../assets/sites/door-two-rooms.json', import.meta.url));

interface Ctx {
  dir: string;
  db: string;
  broker: string;
  /** Accepts TCP connections and never answers. */
  silent: string;
  /** Nothing listens there. */
  down: string;
  /** A sealed session exported as a .twinrec. */
  twinrec: string;
  n: number;
}

interface Case {
  /** A run that finishes by itself. */
  once: (c: Ctx) => string[];
  /** Runs that go on until stopped: the moment to stop them (a line of output), and how stdout is read. */
  long?: {
    name: string;
    args: (c: Ctx) => string[];
    ready: RegExp;
    afterMs?: number;
    stalledStdout?: boolean;
    /** What it must have said once stopped. */
    said?: RegExp;
  }[];
}

const CASES: Record<string, Case> = {
  record: {
    once: (c) => [
      'record',
      '--db',
      `${c.dir}/rec-${c.n}.db`,
      '--mqtt',
      c.broker,
      '--client-id',
      `p${c.n}`,
      '--duration',
      '1',
    ],
    long: [
      {
        name: 'while connecting to a broker that never answers',
        args: (c) => ['record', '--db', `${c.dir}/conn-${c.n}.db`, '--mqtt', c.silent],
        ready: /recording into/,
      },
      {
        name: 'while connected',
        args: (c) => ['record', '--db', `${c.dir}/live-${c.n}.db`, '--mqtt', c.broker, '--client-id', `l${c.n}`],
        ready: /: connected/,
      },
      {
        name: 'with the broker down',
        args: (c) => ['record', '--db', `${c.dir}/down-${c.n}.db`, '--mqtt', c.down],
        ready: /recording into/,
        afterMs: 1500,
      },
    ],
  },
  ports: { once: () => ['ports'] },
  export: {
    once: (c) => ['export', '--db', c.db, '--format', 'ndjson'],
    long: [
      {
        name: 'into a reader that stopped reading',
        args: (c) => ['export', '--db', c.db, '--format', 'ndjson'],
        ready: /^/,
        afterMs: 1500,
        stalledStdout: true,
      },
    ],
  },
  alerts: { once: (c) => ['alerts', '--db', c.db] },
  simulate: {
    once: () => ['simulate', '--scenario', 'meeting', '--speed', 'max', '--duration', '900', '--out', '-'],
    long: [
      {
        name: 'with the broker down',
        args: (c) => ['simulate', '--scenario', 'normal-day', '--mqtt', c.down],
        ready: /devices .* to mqtt/,
        afterMs: 300,
      },
      {
        name: 'while sending',
        args: (c) => ['simulate', '--scenario', 'load', '--devices', '20', '--rate', '5', '--mqtt', c.broker],
        ready: /simulated start/,
        afterMs: 1000,
      },
    ],
  },
  lab: {
    once: () => ['lab', '--devices', '3', '--rate', '2', '--qos', '0', '--duration', '1'],
    long: [
      {
        name: 'during a configuration',
        args: () => ['lab', '--devices', '5', '--rate', '2', '--qos', '1', '--duration', '30'],
        ready: /\[1\/1\]/,
        afterMs: 3500,
        // The configuration cut short is in the table, marked as partial.
        said: /\n\s*\*5 .*\n\n\* interrupted \(Ctrl-C\) before its duration: partial figures/,
      },
    ],
  },
  backtest: { once: (c) => ['backtest', '--db', c.db, '--site', SITE] },
  devices: { once: (c) => ['devices', '--db', c.db] },
  sessions: { once: (c) => ['sessions', '--db', c.db] },
  retention: { once: (c) => ['retention', '--db', c.db, '--dry-run'] },
  serve: {
    once: (c) => ['serve', '--db', `${c.dir}/serve-${c.n}.db`, '--port', '0', '--duration', '1'],
    long: [
      {
        name: 'while serving',
        args: (c) => ['serve', '--db', `${c.dir}/serve-long-${c.n}.db`, '--port', '0', '--mqtt', c.broker],
        ready: /Twinscope is at/,
      },
    ],
  },
  rejects: { once: (c) => ['rejects', '--db', c.db] },
  verify: { once: (c) => ['verify', '--db', c.db] },
  import: { once: (c) => ['import', c.twinrec, '--db', `${c.dir}/import-${c.n}.db`] },
};

/** mosquitto processes started with a configuration under `dir` (a lab's private broker). */
function brokersUnder(dir: string): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('mosquitto') && cmd.includes(dir)) n++;
    } catch {
      /* gone */
    }
  }
  return n;
}

describe('every twinscope command, as a process', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  let silent: DeadServer;
  let ctx: Ctx;
  let running: CliProcess | undefined;
  let n = 0;
  const next = (): Ctx => ({ ...ctx, n: ++n });
  // Children get their own temporary folder, so what a lab leaves behind is seen (and nobody else's is).
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, TMPDIR: `${tmp.path}/tmp` });

  beforeAll(async () => {
    tmp = makeTempDir();
    broker = await Mosquitto.start(tmp.path);
    silent = await startSilentServer();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(`${tmp.path}/tmp`, { mode: 0o777 });
    ctx = {
      dir: tmp.path,
      // Enough rows to fill any pipe many times over.
      db: makeHistory(`${tmp.path}/h.db`, 30_000),
      broker: broker.url,
      silent: `mqtt://127.0.0.1:${silent.port}`,
      down: `mqtt://127.0.0.1:${await closedPort()}`,
      twinrec: `${tmp.path}/s.twinrec`,
      n: 0,
    };
    const sealed = makeSealedHistory(`${tmp.path}/sealed.db`, { seconds: 600, seal: 'final' });
    await exportTwinrec(sealed, 1, ctx.twinrec, { twinscope: 'twinscope test' });
  });
  afterAll(async () => {
    reap(running);
    await silent.close();
    await broker.stop('SIGKILL');
    tmp.remove();
  });

  it('has a case here for every command, so each new command is held to the same', () => {
    expect(COMMANDS.map((c) => c.name).filter((name) => !CASES[name])).toEqual([]);
  });

  for (const { name } of COMMANDS) {
    const c = CASES[name];
    if (!c) continue;

    it(`${name}: a closed stdout and stderr change nothing but the output`, async () => {
      const normal = spawnTwinscope(c.once(next()), { env: env() });
      running = normal;
      const expected = await normal.exited;
      expect(typeof expected, normal.output()).toBe('number');
      const closed = spawnTwinscope(c.once(next()), { closedOutput: true, env: env() });
      running = closed;
      expect(await closed.exited).toBe(expected);
      expect(readdirSync(`${tmp.path}/tmp`)).toEqual([]);
      expect(brokersUnder(`${tmp.path}/tmp`)).toBe(0);
    });

    for (const l of c.long ?? []) {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        it(`${name} ${l.name}: ends within 2 s of ${signal}`, async () => {
          const p = spawnTwinscope(l.args(next()), { env: env(), ...(l.stalledStdout ? { stalledStdout: true } : {}) });
          running = p;
          await waitFor(`${name} under way`, () => l.ready.test(p.output()), 15_000);
          if (l.afterMs) await new Promise((r) => setTimeout(r, l.afterMs));
          expect(p.proc.exitCode, p.output()).toBeNull();
          const { code, ms } = await p.stop(signal);
          expect(ms, p.output()).toBeLessThan(2000);
          expect(typeof code, p.output()).toBe('number');
          expect(p.output()).not.toMatch(/TypeError|Error: .*\n\s+at /);
          if (l.said) expect(p.output()).toMatch(l.said);
          expect(readdirSync(`${tmp.path}/tmp`)).toEqual([]);
          expect(brokersUnder(`${tmp.path}/tmp`)).toBe(0);
        });
      }
    }
  }

  it('help, --version and a bare twinscope survive a closed stdout and stderr, with their usual exit codes', async () => {
    for (const [args, code] of [
      [['help'], 0],
      [['help', 'record'], 0],
      [['--version'], 0],
      [[], 2],
      [['nonsense'], 2],
    ] as const) {
      const p = spawnTwinscope([...args], { closedOutput: true });
      running = p;
      expect(await p.exited, args.join(' ')).toBe(code);
    }
  });

  it('record with closed stdout and stderr keeps recording, and Ctrl-C still ends its session properly', async () => {
    const db = `${tmp.path}/piped.db`;
    const p = spawnTwinscope(['record', '--db', db, '--demo', '--site', SITE], { closedOutput: true, env: env() });
    running = p;
    // The demo devices report every few seconds: rows keep arriving although nobody reads the progress lines.
    const rows = (): number => {
      try {
        const h = new Database(db, { readonly: true });
        try {
          return h.prepare('SELECT count(*) FROM samples').pluck().get() as number;
        } finally {
          h.close();
        }
      } catch {
        return 0;
      }
    };
    await waitFor('first rows', () => rows() > 0, 15_000);
    const first = rows();
    await waitFor('more rows after the first progress line', () => rows() > first, 15_000);
    await new Promise((r) => setTimeout(r, 5500)); // past a progress line (every 5 s), which meets EPIPE
    expect(p.proc.exitCode).toBeNull();
    const { code, ms } = await p.stop('SIGINT');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(2000);
    const h = new Database(db, { readonly: true });
    expect(h.prepare('SELECT count(*) FROM sessions WHERE ended IS NULL').pluck().get()).toBe(0);
    h.close();
  }, 40_000);
});
