import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../../electron/common/problem';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { MqttSource } from '../../electron/core/sources/MqttSource';
import { makeCertificates } from '../helpers/certificates';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { makeTempDir } from '../helpers/tempDir';
import mqtt from 'mqtt';

describe('MQTT credentials and TLS against a real mosquitto', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let broker: Mosquitto | undefined;
  let recorder: LiveHub | undefined;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    await recorder?.stop();
    await broker?.stop('SIGKILL');
    dir.remove();
  });

  it('connects with a username and password, and explains a wrong password', async () => {
    broker = await Mosquitto.start(dir.path, { credentials: { username: 'ops', password: 's3cret' } });
    const problems: Problem[] = [];
    recorder = new LiveHub({ db: `${dir.path}/h.db`, onProblem: (p) => problems.push(p) });
    const wrong = new MqttSource({
      url: broker.url,
      clientId: 'ts-wrong',
      username: 'ops',
      password: 'nope',
      reconnectMs: 5000,
    });
    await recorder.add(wrong);
    await waitFor('an authentication problem', () => problems.find((p) => p.tip?.includes('username and password')));
    expect(wrong.info().target).toBe(broker.url);

    const right = new MqttSource({ url: broker.url.replace('mqtt://', 'mqtt://ops:s3cret@'), clientId: 'ts-right' });
    await recorder.add(right);
    await waitFor('connected', () => right.status === 'connected');
    expect(right.id).not.toContain('s3cret');
    const pub = await mqtt.connectAsync(broker.url, { username: 'ops', password: 's3cret', clientId: 'dev' });
    await pub.publishAsync('twinscope/v1/room-a/tele', tele('room-a', 1), { qos: 1 });
    await pub.endAsync();
    await waitFor('the sample', () => recorder!.counts.samples === 1);
  });

  it('connects over TLS with a client certificate, and refuses a server it cannot verify', async () => {
    const certs = makeCertificates(dir.path);
    broker = await Mosquitto.start(dir.path, {
      tls: { caFile: certs.caFile, certFile: certs.serverCert, keyFile: certs.serverKey },
    });
    const problems: Problem[] = [];
    recorder = new LiveHub({ db: `${dir.path}/h.db`, onProblem: (p) => problems.push(p) });
    const url = broker.tlsUrl!;
    // Without our CA the server's certificate cannot be verified.
    const untrusted = new MqttSource({
      url,
      clientId: 'ts-untrusted',
      certFile: certs.clientCert,
      keyFile: certs.clientKey,
      reconnectMs: 5000,
    });
    await recorder.add(untrusted);
    await waitFor('a certificate problem', () => problems.find((p) => /certificate/i.test(p.message)));

    const tls = new MqttSource({
      url,
      clientId: 'ts-tls',
      caFile: certs.caFile,
      certFile: certs.clientCert,
      keyFile: certs.clientKey,
    });
    await recorder.add(tls);
    await waitFor('connected over TLS', () => tls.status === 'connected');
    const pub = await mqtt.connectAsync(broker.url, { clientId: 'dev-tls' });
    await pub.publishAsync('twinscope/v1/door/tele', tele('door', 7, { door: 'closed' }), { qos: 1 });
    await pub.endAsync();
    await waitFor('the sample over TLS', () => recorder!.counts.samples === 1);
  });

  it('says which TLS file it cannot read', async () => {
    const problems: Problem[] = [];
    recorder = new LiveHub({ db: `${dir.path}/h.db`, onProblem: (p) => problems.push(p) });
    const s = new MqttSource({ url: 'mqtts://127.0.0.1:1', caFile: `${dir.path}/missing-ca.pem` });
    await recorder.add(s);
    expect(s.status).toBe('error');
    expect(problems[0]?.message).toContain('missing-ca.pem');
  });
});
