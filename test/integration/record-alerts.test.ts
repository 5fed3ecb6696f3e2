/**
 * `twinscope record` runs the twin: a door slam over a real broker is stored as an alert, POSTed to a webhook and
 * e-mailed through an SMTP server (all on 127.0.0.1), and listed by `twinscope alerts`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startReceiver, startSmtp, type Closers } from '../helpers/alertReceivers';
import { runTwinscope, startTwinscope } from '../helpers/cli';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { connectPublisher, publish } from '../helpers/publisher';
import { makeTempDir } from '../helpers/tempDir';

describe('record with alert delivery', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto;
  const closers: Closers = [];

  beforeEach(async () => {
    dir = makeTempDir();
    broker = await Mosquitto.start(dir.path);
  });
  afterEach(async () => {
    while (closers.length > 0) await closers.pop()!();
    await broker.stop('SIGKILL');
    dir.remove();
  });

  it('stores a slam alert and delivers it by webhook and e-mail', async () => {
    const smtp = await startSmtp(closers);
    const hook = await startReceiver(closers, (_n, res) => res.writeHead(204).end());
    const db = `${dir.path}/alerts.db`;
    const rec = startTwinscope([
      'record',
      '--db',
      db,
      '--mqtt',
      broker.url,
      '--client-id',
      'ts-alerts',
      '--webhook',
      hook.url,
      '--smtp',
      `smtp://127.0.0.1:${smtp.port}`,
      '--mail-from',
      'twinscope@lab.example',
      '--mail-to',
      'ops@lab.example',
    ]);
    await waitFor('connected', () => rec.output().includes(': connected'));
    const dev = await connectPublisher(broker.url, 'alerts-door');
    const t0 = Date.now() - 3000;
    const swing: [number, object][] = [
      [0, { door: 'open', gyro: [0, 0, 0] }],
      [100, { door: 'open', gyro: [0, 0, -320] }],
      [200, { door: 'open', gyro: [0, 0, -320] }],
      [300, { door: 'closed', gyro: [0, 0, 0], accel: [0, 2.4, 1] }],
      [2500, { door: 'closed', gyro: [0, 0, 0] }],
    ];
    for (const [i, [dt, data]] of swing.entries())
      await publish(dev, 'door', 'tele', tele('door', i, data, { ts: t0 + dt }));
    await dev.endAsync();

    await waitFor('the webhook', () => hook.bodies.length > 0, 15_000);
    await waitFor('the e-mail', () => smtp.messages.length > 0, 15_000);
    expect(await rec.kill('SIGINT')).toBe(0);
    expect(hook.bodies[0]).toMatchObject({
      source: 'twinscope',
      change: 'raised',
      alert: { rule: 'door-slammed', subject: 'door' },
    });
    expect(smtp.envelopes[0]).toEqual(['ops@lab.example']);
    expect(smtp.messages[0]).toMatch(/^Subject: \[Twinscope\] Door slammed raised: door/m);

    const listed = await runTwinscope(['alerts', '--db', db, '--json']);
    const alerts = JSON.parse(listed.stdout) as { rule: string; keys: { dev: string }[] }[];
    expect(alerts).toContainEqual(expect.objectContaining({ rule: 'door-slammed' }));
    expect(alerts.find((a) => a.rule === 'door-slammed')!.keys.every((k) => k.dev === 'door')).toBe(true);
  });

  it('names what is wrong with the delivery flags', async () => {
    const r = await runTwinscope(['record', '--demo', '--smtp', 'smtp://mail.example', '--mail-to', 'a@b.c']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--smtp needs --mail-from ADDR');
    const w = await runTwinscope(['record', '--demo', '--webhook', 'ftp://x']);
    expect(w.stderr).toContain('must be an http:// or https:// URL');
    const s = await runTwinscope(['record', '--demo', '--site', `${dir.path}/missing.json`, '--duration', '1']);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('missing.json');
  });
});
