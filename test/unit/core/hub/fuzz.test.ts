/**
 * Hostile input: 100k malformed serial lines and 10k malformed MQTT publishes, interleaved with good messages,
 * through the real framer, decoder, ingest and a SQLite file. Nothing may throw; every good message must be stored
 * with its values; every input must be accounted for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pipeline, type InputOrigin } from '../../../../electron/core/hub/Pipeline';
import { Ingest } from '../../../../electron/core/ingest/Ingest';
import { LineFramer } from '../../../../electron/core/protocol/LineFramer';
import { HistoryReader } from '../../../../electron/core/store/HistoryReader';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { RejectsReader } from '../../../../electron/core/store/RejectsReader';
import { goldenVectors } from '../../../helpers/fixtures';
import { tele } from '../../../helpers/messages';
import { seededRandom } from '../../../helpers/random';
import { makeTempDir } from '../../../helpers/tempDir';

const rand = seededRandom(20261121);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const templates = goldenVectors().map((v) => v.line.replace(/"dev":"[^"]*"/, '"dev":"fuzz"'));

function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

/** One malformed input: a mutated real message, noise, hostile JSON or an over-long line. */
function malformed(): Buffer {
  const base = Buffer.from(pick(templates));
  switch (Math.floor(rand() * 8)) {
    case 0: // flip bytes
      for (let i = 0; i < 1 + rand() * 4; i++) base[Math.floor(rand() * base.length)] = Math.floor(rand() * 256);
      return base;
    case 1: // truncate
      return base.subarray(0, Math.floor(rand() * base.length));
    case 2: // binary noise
      return randomBytes(1 + Math.floor(rand() * 200));
    case 3: // wrong types and impossible values
      return Buffer.from(
        pick([
          '{"v":1,"t":"tele","dev":"fuzz","boot":1,"seq":"7","up":1,"ts":null,"data":{"co2":400}}',
          '{"v":1,"t":"tele","dev":"fuzz","boot":1,"seq":7,"up":1,"ts":null,"data":{"co2":1e308}}',
          '{"v":1,"t":"tele","dev":"fuzz","boot":1,"seq":7,"up":1,"ts":null,"data":{"temp":-273.2}}',
          '{"v":1,"t":"tele","dev":"fuzz","boot":1,"seq":7,"up":1,"ts":null,"data":{"gyro":[1,2,"x"]}}',
          '{"v":1,"t":"tele","dev":"","boot":1,"seq":7,"up":1,"ts":null,"data":{"co2":400}}',
          '{"v":1,"t":"tele","dev":"fuzz","boot":-1,"seq":7,"up":1,"ts":null,"data":{"co2":400}}',
          '{"__proto__":{"polluted":1},"v":1,"t":"tele"}',
          'null',
          '{}',
        ]),
      );
    case 4: // deep nesting
      return Buffer.from(`{"a":${'['.repeat(400)}${']'.repeat(400)}}`);
    case 5: // over-long line
      return Buffer.from(`{"v":1,"t":"log","dev":"fuzz","msg":"${'x'.repeat(1024 + Math.floor(rand() * 5000))}"}`);
    case 6: // splice two messages
      return Buffer.concat([base.subarray(0, base.length >> 1), Buffer.from(pick(templates))]);
    default: // invalid UTF-8 inside a string
      return Buffer.concat([
        Buffer.from('{"v":1,"t":"log","dev":"fuzz","boot":1,"seq":1,"up":1,"ts":null,"msg":"'),
        randomBytes(8),
        Buffer.from('"}'),
      ]);
  }
}

describe('fuzzing the data path', () => {
  const dir = makeTempDir();
  const db = openDatabase(`${dir.path}/fuzz.db`);
  const writer = new HistoryWriter(db, { maxRows: 2000 });
  const pipeline = new Pipeline(new Ingest(), writer);
  const serial: InputOrigin = { origin: 'serial:/dev/fuzz', via: 'serial' };
  const mqttSrc: InputOrigin = { origin: 'mqtt:fuzz', via: 'mqtt' };
  let goodSerial = 0;
  let goodMqtt = 0;

  beforeAll(() => {
    const framer = new LineFramer({
      line: (l) => pipeline.line(serial, l),
      overflow: (head, bytes) => pipeline.refused(serial, { code: 'too_long', detail: `${bytes} bytes` }, head),
    });
    const chunks: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) {
      chunks.push(malformed(), Buffer.from('\n'));
      if (i % 100 === 0) chunks.push(Buffer.from(`${tele('good-serial', goodSerial++, { co2: 400 + goodSerial })}\n`));
    }
    // Deliver the stream in random chunk sizes, as a UART driver would.
    const stream = Buffer.concat(chunks);
    for (let at = 0; at < stream.length;) {
      const n = 1 + Math.floor(rand() * 4096);
      framer.push(stream.subarray(at, at + n));
      at += n;
    }
    for (let i = 0; i < 10_000; i++) {
      const topic = pick([
        'twinscope/v1/fuzz/tele',
        'twinscope/v1/fuzz/evt',
        'twinscope/v1/fuzz/status',
        'twinscope/v1/x/y/z',
        '#',
        '',
      ]);
      pipeline.mqtt(mqttSrc, topic, malformed());
      if (i % 10 === 0)
        pipeline.mqtt(mqttSrc, 'twinscope/v1/good-mqtt/tele', Buffer.from(tele('good-mqtt', goodMqtt++)));
    }
    writer.close();
  });

  afterAll(() => {
    db.close();
    dir.remove();
  });

  it('stores every good message with its values', () => {
    const reader = new HistoryReader(db);
    const s = [...reader.samples()].filter((x) => x.dev === 'good-serial');
    expect(s.map((x) => x.seq)).toEqual(Array.from({ length: goodSerial }, (_, i) => i));
    expect(s.every((x) => x.values.co2 === 401 + x.seq)).toBe(true);
    const m = db.prepare("SELECT count(*) FROM samples WHERE dev = 'good-mqtt'").pluck().get();
    expect(m).toBe(goodMqtt);
    expect(goodSerial).toBe(1000);
  });

  it('accounts for every input as a sample, duplicate, rejection or log line', () => {
    const c = pipeline.counts;
    expect(c.samples + c.duplicates + c.rejected + c.logLines).toBeLessThanOrEqual(c.inputs);
    // Blank lines (a newline inside noise) are the only inputs not counted as anything.
    expect(c.inputs - (c.samples + c.duplicates + c.rejected + c.logLines)).toBeLessThan(c.inputs * 0.02);
    expect(c.rejected).toBeGreaterThan(80_000);
    const total = new RejectsReader(db).total();
    expect(total).toBe(c.rejected);
    // The quarantine keeps a bounded number of recent inputs, truncated.
    const kept = db.prepare('SELECT count(*) AS n, max(length(CAST(raw AS BLOB))) AS longest FROM rejects').get();
    expect(kept).toMatchObject({ n: 10_000 });
    // 256 bytes, plus at most a replacement character for a cut UTF-8 sequence and the ellipsis.
    expect((kept as { longest: number }).longest).toBeLessThanOrEqual(256 + 3 + 3);
  });

  it('did not let hostile JSON pollute prototypes', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
