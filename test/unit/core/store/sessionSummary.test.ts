/** A session's summary on its row: kept by the writer as it records, worked out by migration 8 for older ones. */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../../../electron/common/sample';
import { sessionSpan } from '../../../../electron/core/replay/sessionSpan';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { migrate } from '../../../../electron/core/store/schema';
import { readSummary } from '../../../../electron/core/store/sessionSummary';
import { listSessions } from '../../../../electron/core/store/SessionsReader';
import { makeTempDir } from '../../../helpers/tempDir';

const sample = (dev: string, seq: number, t: number): Sample => ({
  dev,
  boot: 1,
  seq,
  t,
  up: seq,
  tDev: t,
  tRecv: t,
  timeBasis: 'device',
  via: 'mqtt',
  backfill: false,
  late: false,
  values: { co2: 500 + seq },
});

/** What grouping the samples says, the way listing sessions worked it out before summaries were kept. */
const grouped = (db: Database.Database, session: number) =>
  db
    .prepare(
      `SELECT count(*) AS samples, min(t) AS "from", max(t) AS "to",
              (SELECT json_group_array(dev) FROM (SELECT DISTINCT dev FROM samples WHERE session = @s ORDER BY dev))
                AS devices
       FROM samples WHERE session = @s`,
    )
    .get({ s: session }) as { samples: number; from: number | null; to: number | null; devices: string };

describe('session summaries', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('are kept by the writer over several flushes: duplicates not counted, late samples widen the span', async () => {
    const db = openDatabase(`${dir.path}/h.db`);
    const newSession = () =>
      Number(db.prepare("INSERT INTO sessions (started, sources) VALUES (0, '[]')").run().lastInsertRowid);
    const one = newSession();
    const w = new HistoryWriter(db, { session: one, flushMs: 1 });
    w.addSample(sample('room-b', 1, 5000));
    w.addSample(sample('door', 1, 6000));
    await w.committed();
    w.addSample(sample('door', 1, 6000)); // redelivered: ignored by the store
    w.addSample(sample('room-a', 1, 2000)); // backfill, measured before everything so far
    w.addSample(sample('room-b', 2, 9000));
    await w.committed();
    w.close();
    // Another session's samples are its own.
    const two = newSession();
    const w2 = new HistoryWriter(db, { session: two, flushMs: 1 });
    w2.addSample(sample('room-a', 2, 20_000));
    await w2.committed();
    w2.close();

    expect(readSummary(db, one)).toEqual({ samples: 4, from: 2000, to: 9000, devices: ['door', 'room-a', 'room-b'] });
    expect(readSummary(db, two)).toEqual({ samples: 1, from: 20_000, to: 20_000, devices: ['room-a'] });
    const g = grouped(db, one);
    expect({ ...g, devices: JSON.parse(g.devices) as string[] }).toEqual(readSummary(db, one));
    expect(sessionSpan(db, one)).toEqual({ session: one, from: 2000, to: 9000, samples: 4 });
    expect(listSessions(db).map((s) => [s.id, s.samples, s.from, s.to, s.devices])).toEqual([
      [one, 4, 2000, 9000, ['door', 'room-a', 'room-b']],
      [two, 1, 20_000, 20_000, ['room-a']],
    ]);
    // A session without samples.
    const three = newSession();
    expect(readSummary(db, three)).toEqual({ samples: 0, from: null, to: null, devices: [] });
    expect(readSummary(db, 99)).toBeUndefined();
    db.close();
  });

  it('are worked out by migration 8 for sessions an older Twinscope recorded', () => {
    const file = `${dir.path}/old.db`;
    const raw = new Database(file);
    migrate(raw, 7);
    raw.exec(`INSERT INTO sessions (id, started, sources) VALUES (1, 0, '[]'), (2, 5000, '[]'), (3, 9000, '[]');
      INSERT INTO samples (id, dev, boot, seq, t, up, t_recv, basis, via, flags, kind, mask, data, session)
        VALUES (1, 'b', 1, 1, 1000, 1, 1000, 'device', 'mqtt', 0, 'tele', 1, '{}', 1),
               (2, 'a', 1, 2, 400, 2, 1200, 'device', 'mqtt', 0, 'tele', 1, '{}', 1),
               (3, 'b', 1, 3, 1500, 3, 1500, 'device', 'mqtt', 0, 'tele', 1, '{}', 1),
               (4, 'a', 1, 4, 6000, 4, 6000, 'device', 'mqtt', 0, 'tele', 1, '{}', 2);`);
    raw.close();
    const db = openDatabase(file);
    expect(readSummary(db, 1)).toEqual({ samples: 3, from: 400, to: 1500, devices: ['a', 'b'] });
    expect(readSummary(db, 2)).toEqual({ samples: 1, from: 6000, to: 6000, devices: ['a'] });
    expect(readSummary(db, 3)).toEqual({ samples: 0, from: null, to: null, devices: [] });
    db.close();
  });
});
