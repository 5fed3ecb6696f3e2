/**
 * Export of one recorded session: MCAP read back with @mcap/core's indexed reader (topics, schemas, message counts,
 * log and publish times against the database), NDJSON with its alert changes, CSV of that session only, and a
 * session that does not exist named with the ones that do.
 */
import { McapIndexedReader, type IReadable } from '@mcap/core';
import type Database from 'better-sqlite3';
import { open, readFile } from 'node:fs/promises';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryWriter } from '../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { runTwinscope } from '../helpers/cli';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';

const count = (db: Database.Database, sql: string, ...args: unknown[]): number =>
  db
    .prepare(sql)
    .pluck()
    .get(...args) as number;

/** Session 2: a few samples of a device of its own, so a session filter shows. */
function addSecondSession(file: string): void {
  const db = openDatabase(file);
  db.prepare("INSERT INTO sessions (id, started, ended, sources) VALUES (2, 1, 2, '[]')").run();
  const w = new HistoryWriter(db, { session: 2 });
  for (let i = 0; i < 5; i++) {
    const t = Date.UTC(2026, 5, 1) + i * 1000;
    w.addSample({
      dev: 'other',
      boot: 7,
      seq: i,
      t,
      up: i,
      tDev: t,
      tRecv: t,
      timeBasis: 'device',
      via: 'mqtt',
      backfill: false,
      late: false,
      values: { co2: 500 + i },
    });
  }
  w.close();
  db.close();
}

async function readMcap(file: string): Promise<McapIndexedReader> {
  const handle = await open(file, 'r');
  const readable: IReadable = {
    size: async () => BigInt((await handle.stat()).size),
    read: async (offset, size) => {
      const buf = Buffer.alloc(Number(size));
      await handle.read(buf, 0, Number(size), Number(offset));
      return buf;
    },
  };
  return McapIndexedReader.Initialize({
    readable,
    decompressHandlers: { zstd: (data) => zlib.zstdDecompressSync(data) },
  });
}

describe('twinscope export --session', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let file: string;
  let db: Database.Database;
  beforeAll(async () => {
    dir = makeTempDir();
    file = `${dir.path}/rec.db`;
    await recordScenario(file);
    addSecondSession(file);
    db = openDatabase(file, { readonly: true });
  });
  afterAll(() => {
    db.close();
    dir.remove();
  });

  it('writes an MCAP file with a topic per device and message type, JSON schemas, event and receive times', async () => {
    const out = `${dir.path}/s1.mcap`;
    const r = await runTwinscope(['export', '--db', file, '--session', '1', '--format', 'mcap', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const reader = await readMcap(out);
    const topics = [...reader.channelsById.values()].map((c) => c.topic).sort();
    const kinds = db.prepare('SELECT DISTINCT dev, kind FROM samples WHERE session = 1').all() as {
      dev: string;
      kind: string;
    }[];
    const expected = kinds.map((k) => `/${k.dev}/${k.kind === 'evt' ? 'events' : 'telemetry'}`);
    expect(topics).toEqual([...expected, '/twin/alerts'].sort());
    expect(topics).toContain('/door/events');
    for (const c of reader.channelsById.values()) {
      expect(c.messageEncoding).toBe('json');
      const schema = reader.schemasById.get(c.schemaId)!;
      expect(schema.encoding).toBe('jsonschema');
      const parsed = JSON.parse(new TextDecoder().decode(schema.data)) as { title: string; properties: object };
      expect(parsed.title).toBe(
        c.topic === '/twin/alerts'
          ? 'twinscope.AlertChange'
          : c.topic.endsWith('/events')
            ? 'twinscope.DeviceEvent'
            : 'twinscope.Telemetry',
      );
    }

    const perTopic = new Map<string, number>();
    const roomA: { logTime: bigint; publishTime: bigint; co2: unknown }[] = [];
    const topicOf = new Map([...reader.channelsById].map(([id, c]) => [id, c.topic]));
    for await (const m of reader.readMessages()) {
      const topic = topicOf.get(m.channelId)!;
      perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
      if (topic === '/room-a/telemetry') {
        const body = JSON.parse(new TextDecoder().decode(m.data)) as { co2?: number };
        roomA.push({ logTime: m.logTime, publishTime: m.publishTime, co2: body.co2 });
      }
    }
    const dbCount = (dev: string, kind: string): number =>
      count(db, 'SELECT count(*) FROM samples WHERE session = 1 AND dev = ? AND kind = ?', dev, kind);
    for (const k of kinds) {
      expect(perTopic.get(`/${k.dev}/${k.kind === 'evt' ? 'events' : 'telemetry'}`)).toBe(dbCount(k.dev, k.kind));
    }
    expect(perTopic.get('/twin/alerts')).toBe(count(db, 'SELECT count(*) FROM alert_events WHERE session = 1'));
    expect(reader.statistics?.messageCount).toBe(BigInt([...perTopic.values()].reduce((a, b) => a + b, 0)));

    const rows = db
      .prepare(
        "SELECT t, t_recv AS tRecv, json_extract(data, '$.co2') AS co2 FROM samples WHERE session = 1 AND dev = 'room-a' AND kind = 'tele' ORDER BY t, id",
      )
      .all() as { t: number; tRecv: number; co2: number | null }[];
    expect(roomA.map((m) => m.logTime)).toEqual(rows.map((r) => BigInt(r.t) * 1_000_000n));
    expect(roomA.map((m) => m.publishTime)).toEqual(rows.map((r) => BigInt(r.tRecv) * 1_000_000n));
    expect(roomA.map((m) => m.co2 ?? null)).toEqual(rows.map((r) => r.co2));
    expect(reader.statistics?.messageStartTime).toBe(
      BigInt(count(db, 'SELECT min(t) FROM samples WHERE session = 1')) * 1_000_000n,
    );
  });

  it('writes NDJSON of a session: telemetry, events and alert changes, each typed, in event-time order', async () => {
    const r = await runTwinscope(['export', '--db', file, '--session', '1', '--format', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; t: number; dev?: string });
    const types = (type: string): number => lines.filter((l) => l.type === type).length;
    expect(types('telemetry')).toBe(count(db, "SELECT count(*) FROM samples WHERE session = 1 AND kind = 'tele'"));
    expect(types('event')).toBe(count(db, "SELECT count(*) FROM samples WHERE session = 1 AND kind = 'evt'"));
    expect(types('alert')).toBe(count(db, 'SELECT count(*) FROM alert_events WHERE session = 1'));
    expect(types('alert')).toBeGreaterThan(0);
    expect(lines.length).toBe(types('telemetry') + types('event') + types('alert'));
    expect(lines.some((l) => l.dev === 'other')).toBe(false);
    const times = lines.map((l) => l.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(r.stderr).toMatch(new RegExp(`exported ${lines.length} records`));
  });

  it('writes CSV of one session only', async () => {
    const out = `${dir.path}/s2.csv`;
    const r = await runTwinscope(['export', '--db', file, '--session', '2', '--format', 'csv', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = (await readFile(out, 'utf8')).trim().split('\n');
    expect(rows[0]).toMatch(/^dev,boot,seq,t,time,/);
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(
      [0, 1, 2, 3, 4].map((i) => `other,7,${i}`),
    );
  });

  it('names the sessions there are when asked for one that is not', async () => {
    const r = await runTwinscope([
      'export',
      '--db',
      file,
      '--session',
      '9',
      '--format',
      'mcap',
      '--out',
      `${dir.path}/x.mcap`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no session 9; its sessions are 1, 2/);
    const usage = await runTwinscope(['export', '--db', file, '--format', 'mcap']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--format mcap needs --session ID and --out FILE/);
  });
});
