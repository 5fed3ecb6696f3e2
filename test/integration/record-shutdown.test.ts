/**
 * How `twinscope record` ends and what it says: alert delivery to a target that never answers is capped and delays
 * no other target, a second Ctrl-C quits at once, long durations are honoured, configuration that cannot work ends
 * the run at once with exit code 1, and a broker session taken over by a second client is named.
 */
import Database from 'better-sqlite3';
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, type Closers } from '../helpers/alertReceivers';
import { reap, spawnTwinscope, type CliProcess } from '../helpers/cliProcess';
import { startSilentServer } from '../helpers/deadServer';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeTempDir } from '../helpers/tempDir';

/** A door slam as the door's IMU and hall sensor report it (raises door-slammed), `seq0` onwards. */
async function slam(dev: MqttClient, seq0: number, t0: number): Promise<void> {
  const swing: [number, object][] = [
    [0, { door: 'open', gyro: [0, 0, 0] }],
    [100, { door: 'open', gyro: [0, 0, -320] }],
    [200, { door: 'open', gyro: [0, 0, -320] }],
    [300, { door: 'closed', gyro: [0, 0, 0], accel: [0, 2.4, 1] }],
    [2500, { door: 'closed', gyro: [0, 0, 0] }],
  ];
  for (const [i, [dt, data]] of swing.entries())
    await publish(dev, 'door', 'tele', tele('door', seq0 + i, data, { ts: t0 + dt }));
}

/** Rows committed to a history so far (0 while it does not exist yet). */
function committedRows(db: string): number {
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
}

/** Waits for `n` committed rows; a failure shows what the recorder said. */
async function waitRows(db: string, n: number, rec: CliProcess): Promise<void> {
  try {
    await waitFor(`${n} rows`, () => committedRows(db) >= n, 20_000);
  } catch (e) {
    throw new Error(`${(e as Error).message} (${committedRows(db)} so far); recorder said:\n${rec.output()}`, {
      cause: e,
    });
  }
}

describe('record: shutdown, delivery and fatal configuration', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  const closers: Closers = [];
  const procs: CliProcess[] = [];
  const start = (args: string[]): CliProcess => {
    const p = spawnTwinscope(args);
    procs.push(p);
    return p;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
  });
  afterEach(async () => {
    procs.splice(0).forEach(reap);
    while (closers.length > 0) await closers.pop()!();
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('a dead webhook or mail server delays neither a working webhook nor the exit by more than the 10 s cap', async () => {
    const silent = await startSilentServer();
    closers.push(() => silent.close());
    const silentSmtp = await startSilentServer();
    closers.push(() => silentSmtp.close());
    const arrivals: number[] = [];
    const hook = await startReceiver(closers, (_n, res) => {
      arrivals.push(Date.now());
      res.writeHead(204).end();
    });
    const dead = `http://127.0.0.1:${silent.port}/hook`;
    const targets = ['--webhook', dead, '--webhook', hook.url];
    targets.push(
      '--smtp',
      `smtp://127.0.0.1:${silentSmtp.port}`,
      '--mail-from',
      'ts@lab.example',
      '--mail-to',
      'ops@lab.example',
    );
    const rec2 = start(['record', '--db', `${dir.path}/b.db`, '--mqtt', broker.url, '--client-id', 'sd-b', ...targets]);
    await waitFor('connected', () => rec2.output().includes(': connected'));
    const dev = await connectPublisher(broker.url, 'sd-door');
    // Three slams, stamped seconds apart: three alert events raised together for both webhooks.
    const t0 = Date.now() - 20_000;
    const sent = Date.now();
    for (let k = 0; k < 3; k++) await slam(dev, k * 5, t0 + k * 6000);
    await dev.endAsync();
    await waitFor('the working webhook', () => arrivals.length >= 3, 10_000);
    // The working target got every event within a couple of seconds, whatever the dead one does.
    expect(arrivals[2]! - sent).toBeLessThan(3000);
    expect(silent.accepted()).toBeGreaterThan(0);
    expect(silentSmtp.accepted()).toBeGreaterThan(0);
    const { code, ms } = await rec2.stop('SIGINT');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(11_500);
    expect(rec2.output()).toMatch(/alert notifications? to http:\/\/127\.0\.0\.1:\d+\/hook not sent/);
    expect(rec2.output()).toMatch(/alert notifications? to ops@lab\.example not sent/);
  }, 40_000);

  it('a second Ctrl-C quits at once, after saying what may be lost', async () => {
    const silent = await startSilentServer();
    closers.push(() => silent.close());
    const rec = start([
      'record',
      '--db',
      `${dir.path}/c.db`,
      '--mqtt',
      broker.url,
      '--client-id',
      'sd-c',
      '--webhook',
      `http://127.0.0.1:${silent.port}/hook`,
    ]);
    await waitFor('connected', () => rec.output().includes(': connected'));
    const dev = await connectPublisher(broker.url, 'sd-door2');
    await slam(dev, 0, Date.now() - 5000);
    await dev.endAsync();
    await waitFor('the dead webhook called', () => silent.accepted() > 0, 10_000);
    rec.proc.kill('SIGINT');
    await waitFor('stopping', () => rec.output().includes('stopping'));
    await new Promise((r) => setTimeout(r, 300)); // now waiting for the dead webhook
    expect(rec.proc.exitCode).toBeNull();
    const { code, ms } = await rec.stop('SIGINT');
    expect(ms).toBeLessThan(500);
    expect(code).toBe(130);
    expect(rec.output()).toMatch(/SIGINT again, quitting now; .*alert notifications not yet sent are lost/);
  });

  it('honours a --duration longer than a timer can hold (30 days, 1e9 s) without a warning', async () => {
    for (const duration of ['2592000', '1e9']) {
      const rec = start([
        'record',
        '--db',
        `${dir.path}/d${duration}.db`,
        '--mqtt',
        broker.url,
        '--duration',
        duration,
      ]);
      await waitFor('connected', () => rec.output().includes(': connected'));
      await new Promise((r) => setTimeout(r, 1000));
      expect(rec.proc.exitCode, rec.output()).toBeNull();
      expect((await rec.stop('SIGINT')).code).toBe(0);
      expect(rec.output()).not.toMatch(/TimeoutOverflowWarning/);
    }
  });

  it('exits 1 at once when the broker refuses the credentials; a missing --ca file or a bad URL is refused first', async () => {
    const locked = await Mosquitto.start(`${dir.path}/auth`, { credentials: { username: 'u', password: 'right' } });
    closers.push(() => locked.stop('SIGKILL'));
    const url = locked.url.replace('mqtt://', 'mqtt://u:wrong@');
    const rec = start(['record', '--db', `${dir.path}/e.db`, '--mqtt', url]);
    const t0 = Date.now();
    expect(await rec.exited).toBe(1);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(rec.output()).toMatch(/Not authorized.*Check the MQTT username and password/s);

    const ca = start(['record', '--db', `${dir.path}/f.db`, '--mqtt', broker.url, '--ca', `${dir.path}/nope.pem`]);
    expect(await ca.exited).toBe(2);
    expect(ca.output()).toContain(`--ca ${dir.path}/nope.pem: no such file`);

    for (const bad of ['127.0.0.1:1883', 'http://127.0.0.1:1883']) {
      const r = start(['record', '--db', `${dir.path}/g.db`, '--mqtt', bad]);
      expect(await r.exited).toBe(2);
      expect(r.output()).toMatch(/is not a broker URL.*looks like mqtt:\/\/HOST:1883/);
    }
  });

  it('a broker that is down gets one warning and a status, not a line a second', async () => {
    await broker.stop('SIGKILL');
    const rec = start(['record', '--db', `${dir.path}/h.db`, '--mqtt', broker.url]);
    await new Promise((r) => setTimeout(r, 4500));
    await rec.stop('SIGINT');
    expect(rec.output().match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(rec.output()).toMatch(/: reconnecting/);
    await broker.restart();
  });

  it('says so when two recorders take the broker session from each other (same --client-id)', async () => {
    const a = start(['record', '--db', `${dir.path}/i1.db`, '--mqtt', broker.url]);
    await waitFor('a connected', () => a.output().includes(': connected'));
    const b = start(['record', '--db', `${dir.path}/i2.db`, '--mqtt', broker.url]);
    const said = /another client is probably connected with the same client id "twinscope".*--client-id/s;
    await waitFor('the takeover named', () => said.test(a.output()) && said.test(b.output()), 15_000);
    await a.stop('SIGINT');
    await b.stop('SIGINT');
  }, 30_000);

  it('reports missing, late and backfilled counts, per device where messages were lost', async () => {
    const db = `${dir.path}/j.db`;
    const rec = start(['record', '--db', db, '--mqtt', broker.url, '--client-id', 'sd-j']);
    await waitFor('connected', () => rec.output().includes(': connected'));
    const dev = await connectPublisher(broker.url, 'sd-gappy');
    const t = Date.now() - 60_000;
    // seq 0..9 with 3..6 never sent (4 missing); seq 12 arrives, then 11 stamped earlier (late).
    for (const seq of [0, 1, 2, 7, 8, 9, 12, 11])
      await publish(dev, 'room-a', 'tele', tele('room-a', seq, { co2: 500 }, { ts: t + seq * 1000 }));
    await dev.endAsync();
    await waitRows(db, 8, rec);
    expect((await rec.stop('SIGINT')).code).toBe(0);
    expect(rec.output()).toMatch(/stopped: 8 samples stored, 0 duplicates dropped, 0 rejected; 5 missing, 1 late/);
    expect(rec.output()).toMatch(/room-a: 8 received, 5 missing \(38\.5 %\)/);
    const devices = spawnTwinscope(['devices', '--db', db]);
    expect(await devices.exited).toBe(0);
    expect(devices.output()).toMatch(/room-a\s+\S+\s+8\s+5\s+38\.5\s+0\s+1\s+0/);
  });

  it('a sample stamped 2099 is stored at an estimated time, counted, and does not make later samples late', async () => {
    const db = `${dir.path}/k.db`;
    const rec = start(['record', '--db', db, '--mqtt', broker.url, '--client-id', 'sd-k']);
    await waitFor('connected', () => rec.output().includes(': connected'));
    const dev = await connectPublisher(broker.url, 'sd-future');
    const t = Date.now() - 10_000;
    await publish(dev, 'room-b', 'tele', tele('room-b', 0, { co2: 500 }, { ts: t }));
    await publish(dev, 'room-b', 'tele', tele('room-b', 1, { co2: 500 }, { ts: Date.UTC(2099, 0, 1) }));
    for (let seq = 2; seq < 6; seq++)
      await publish(dev, 'room-b', 'tele', tele('room-b', seq, { co2: 500 }, { ts: t + seq * 1000 }));
    // After a reboot too.
    await publish(dev, 'room-b', 'tele', tele('room-b', 0, { co2: 500 }, { ts: t + 7000, boot: 2 }));
    await dev.endAsync();
    await waitRows(db, 7, rec);
    expect((await rec.stop('SIGINT')).code).toBe(0);
    expect(rec.output()).toMatch(/0 late, 0 backfilled, 1 with a device time in the future/);
    const out = spawnTwinscope(['export', '--db', db, '--format', 'ndjson']);
    expect(await out.exited).toBe(0);
    const rows = out
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { seq: number; t: number; tDev: number; basis: string; late: boolean });
    expect(rows.every((r) => !r.late && r.t < Date.now())).toBe(true);
    expect(rows.find((r) => r.seq === 1)).toMatchObject({ basis: 'estimated', tDev: Date.UTC(2099, 0, 1) });
    const devices = spawnTwinscope(['devices', '--db', db]);
    expect(await devices.exited).toBe(0);
    expect(devices.output()).toMatch(/room-b\s+\S+\s+7\s+0\s+0\.0\s+0\s+0\s+0\s+1\s/);
  });
});
