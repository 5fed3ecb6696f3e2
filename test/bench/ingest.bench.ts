/**
 * `npm run bench -- ingest`: throughput of the data path, each against its limit measured in the same run.
 *  1. decode + ingest + store of NDJSON lines vs the raw better-sqlite3 batched insert of the same rows (target ≥ 0.5)
 *  2. serial lines/s through SerialSource over a real pty pair, into SQLite
 *  3. MQTT QoS 1 msgs/s through MqttSource (acknowledged only after commit) vs a plain mqtt.js subscriber
 */
import { SerialPort } from 'serialport';
import mqtt from 'mqtt';
import { Pipeline } from '../../electron/core/hub/Pipeline';
import { LiveHub } from '../../electron/core/hub/LiveHub';
import { Ingest } from '../../electron/core/ingest/Ingest';
import { decodeLine } from '../../electron/core/protocol/decode';
import { MqttSource } from '../../electron/core/sources/MqttSource';
import { SerialSource } from '../../electron/core/sources/SerialSource';
import { channelMask } from '../../electron/core/store/channelMask';
import { HistoryWriter } from '../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { prepareStatements } from '../../electron/core/store/statements';
import { tele } from '../helpers/messages';
import { Mosquitto } from '../helpers/mosquitto';
import { waitFor } from '../helpers/processes';
import { PtyPair } from '../helpers/ptyPair';
import { makeTempDir } from '../helpers/tempDir';

const N = 200_000;
const DEVICES = 50;

function lines(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const seq = Math.floor(i / DEVICES);
    out.push(
      tele(
        `room-${i % DEVICES}`,
        seq,
        { co2: 400 + (i % 900), temp: 21 + (i % 50) / 10, rh: 40.5, lux: 300, motion: i % 7 === 0, rssi: -60 },
        { ts: 1_763_719_205_050 + seq * 1000 },
      ),
    );
  }
  return out;
}

function rate(n: number, ms: number): string {
  return `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
}

async function pipelineVsRaw(dir: string): Promise<void> {
  const input = lines(N);
  // The limit: the same rows, already decoded, inserted by better-sqlite3 in transactions of 1,000.
  const rows = input.map((l) => {
    const d = decodeLine(l);
    if (d.kind !== 'message' || d.message.t !== 'tele') throw new Error('bad bench line');
    const m = d.message;
    return [
      m.dev,
      m.boot,
      m.seq,
      m.ts!,
      m.up,
      m.ts,
      Date.now(),
      'device',
      'serial',
      0,
      'tele',
      null,
      channelMask(m.data),
      JSON.stringify(m.data),
      1,
    ] as const;
  });
  const rawDb = openDatabase(`${dir}/raw.db`);
  const insert = prepareStatements(rawDb).insertSample;
  const batch = rawDb.transaction((slice: typeof rows) => {
    for (const r of slice) insert.run(...r);
  });
  let t0 = performance.now();
  for (let i = 0; i < rows.length; i += 1000) batch(rows.slice(i, i + 1000));
  const rawMs = performance.now() - t0;
  rawDb.close();

  const db = openDatabase(`${dir}/full.db`);
  const writer = new HistoryWriter(db, { maxRows: 1000 });
  const pipeline = new Pipeline(new Ingest(), writer);
  const src = { origin: 'bench', via: 'serial' as const };
  t0 = performance.now();
  for (const l of input) pipeline.line(src, l);
  writer.close();
  const fullMs = performance.now() - t0;
  const stored = db.prepare('SELECT count(*) FROM samples').pluck().get() as number;
  db.close();
  if (stored !== N) throw new Error(`stored ${stored} of ${N}`);
  console.log(`decode+ingest+store : ${rate(N, fullMs)}  (${N} samples, ${fullMs.toFixed(0)} ms)`);
  console.log(`raw batched insert  : ${rate(N, rawMs)}  (limit, same rows and schema)`);
  console.log(`ratio               : ${(rawMs / fullMs).toFixed(2)}  (target >= 0.5)`);
}

async function serialThroughput(dir: string): Promise<void> {
  const n = 50_000;
  const pty = await PtyPair.start(dir, 'bench');
  const rec = new LiveHub({ db: `${dir}/serial.db` });
  await rec.add(new SerialSource({ path: pty.a }));
  const port = await new Promise<SerialPort>((resolve, reject) => {
    const p = new SerialPort({ path: pty.b, baudRate: 115200 }, (e) => (e ? reject(e) : resolve(p)));
  });
  const payload = lines(n).join('\n') + '\n';
  const t0 = performance.now();
  port.write(payload);
  await waitFor('serial samples', () => rec.counts.samples === n, 120_000);
  await rec.recorder.writer.committed();
  const ms = performance.now() - t0;
  await new Promise<void>((r) => port.close(() => r()));
  await rec.stop();
  await pty.stop();
  console.log(
    `serial (pty) lines  : ${rate(n, ms)}  (${n} lines of ~${Math.round(payload.length / n)} bytes, decoded and committed)`,
  );
}

async function mqttThroughput(dir: string): Promise<void> {
  const n = 30_000;
  const broker = await Mosquitto.start(dir);
  try {
    const payloads = lines(n);
    const publishAll = async (clientId: string): Promise<void> => {
      const pub = await mqtt.connectAsync(broker.url, { clientId, clean: true });
      await Promise.all(
        payloads.map((p, i) => pub.publishAsync(`twinscope/v1/room-${i % DEVICES}/tele`, p, { qos: 1 })),
      );
      await pub.endAsync();
    };
    // The limit: a plain QoS 1 subscriber that acknowledges at once and does nothing else.
    const plain = await mqtt.connectAsync(broker.url, { clientId: 'bench-plain', clean: true });
    let got = 0;
    plain.on('message', () => got++);
    await plain.subscribeAsync('twinscope/v1/+/tele', { qos: 1 });
    let t0 = performance.now();
    await publishAll('bench-pub-1');
    await waitFor('plain subscriber', () => got === n, 120_000);
    const plainMs = performance.now() - t0;
    await plain.endAsync();

    const rec = new LiveHub({ db: `${dir}/mqtt.db` });
    await rec.add(new MqttSource({ url: broker.url, clientId: 'bench-ts' }));
    await waitFor('connected', () => rec.counts.inputs >= 0 && true);
    await new Promise((r) => setTimeout(r, 300));
    t0 = performance.now();
    await publishAll('bench-pub-2');
    await waitFor('recorded', () => rec.counts.samples === n, 120_000);
    const recMs = performance.now() - t0;
    const flushes = rec.recorder.writer.stats.flushes;
    await rec.stop();
    console.log(`mqtt QoS1, commit-before-ack : ${rate(n, recMs)}  (${flushes} transactions for ${n} messages)`);
    console.log(`mqtt QoS1, plain subscriber  : ${rate(n, plainMs)}  (limit: broker + client, no storage)`);
    console.log(
      `ratio                        : ${(plainMs / recMs).toFixed(2)}  (what acknowledging after commit costs)`,
    );
  } finally {
    await broker.stop();
  }
}

export async function run(): Promise<void> {
  const dir = makeTempDir('twinscope-bench-');
  try {
    await pipelineVsRaw(dir.path);
    await serialThroughput(dir.path);
    await mqttThroughput(dir.path);
  } finally {
    dir.remove();
  }
}
