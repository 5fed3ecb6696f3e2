import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../../../electron/common/sample';
import type { TwinInput } from '../../../../electron/common/twin';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { inputsAfter, readInputs, sessionIds } from '../../../../electron/core/store/readInputs';
import { migrate } from '../../../../electron/core/store/schema';
import { makeTempDir } from '../../../helpers/tempDir';

const sample = (dev: string, seq: number, t: number, tRecv = t): TwinInput => {
  const s: Sample = {
    dev,
    boot: 1,
    seq,
    t,
    up: seq,
    tDev: t,
    tRecv,
    timeBasis: 'device',
    via: 'mqtt',
    backfill: tRecv > t + 1000,
    late: false,
    values: { co2: 500 + seq },
  };
  return { kind: 'sample', sample: s };
};

const label = (i: TwinInput): string => (i.kind === 'sample' ? `${i.sample.dev}/${i.sample.seq}` : `${i.kind}@${i.t}`);

describe('recorded engine inputs', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  it('reads them back in arrival order or event-time order, one session at a time', async () => {
    const db = openDatabase(`${dir.path}/h.db`);
    const arrivals: TwinInput[][] = [
      // Session 1: a late sample (measured before the one received first), a clock tick, an ack.
      [
        sample('a', 1, 2000),
        { kind: 'clock', t: 2500 },
        sample('a', 2, 1000, 2600),
        { kind: 'ack', alertId: 'x', t: 2700 },
      ],
      // Session 2: another recording, later.
      [sample('b', 1, 9000), { kind: 'clock', t: 9500 }],
    ];
    for (const [i, inputs] of arrivals.entries()) {
      const session = Number(
        db.prepare("INSERT INTO sessions (started, sources) VALUES (?, '[]')").run(i).lastInsertRowid,
      );
      const w = new HistoryWriter(db, { session, flushMs: 1 });
      for (const input of inputs) w.addInput(input);
      await w.committed();
      w.close();
    }
    expect(sessionIds(db)).toEqual([1, 2]);
    expect([...readInputs(db, {}, 'arrival', 1)].map(label)).toEqual(['a/1', 'clock@2500', 'a/2', 'ack@2700']);
    expect([...readInputs(db, {}, 'time', 1)].map(label)).toEqual(['a/2', 'a/1', 'clock@2500', 'ack@2700']);
    expect([...readInputs(db, {}, 'arrival', 2)].map(label)).toEqual(['b/1', 'clock@9500']);
    expect([...readInputs(db, {}, 'arrival')]).toHaveLength(6);
    db.close();
  });

  it('reads a session in chunks by arrival position, over positions with nothing stored', async () => {
    const db = openDatabase(`${dir.path}/h.db`);
    const session = Number(
      db.prepare("INSERT INTO sessions (started, sources) VALUES (0, '[]')").run().lastInsertRowid,
    );
    const w = new HistoryWriter(db, { session, flushMs: 1 });
    const inputs: TwinInput[] = [
      sample('a', 1, 1000),
      sample('a', 1, 1000), // redelivered: its position holds nothing
      sample('a', 2, 2000),
      ...[3000, 4000, 5000, 6000, 7000].map((t): TwinInput => ({ kind: 'clock', t })),
      sample('a', 3, 8000),
      sample('a', 4, 9000),
    ];
    for (const input of inputs) w.addInput(input);
    await w.committed();
    w.close();
    // Retention removes clock ticks of a pruned span: a gap wider than a chunk.
    db.prepare("DELETE FROM device_events WHERE kind = 'clock'").run();
    const chunks: string[][] = [];
    const positions: number[][] = [];
    for (let after = 0; ;) {
      const c = inputsAfter(db, session, after, 2);
      if (c.inputs.length === 0) break;
      expect(c.inputs.length).toBeLessThanOrEqual(2);
      chunks.push(c.inputs.map(label));
      positions.push(c.arrivals);
      after = c.last;
    }
    expect(chunks).toEqual([['a/1'], ['a/2'], ['a/3', 'a/4']]);
    expect(positions).toEqual([[1], [3], [9, 10]]);
    // `until` bounds the read, even across a gap.
    expect(inputsAfter(db, session, 3, 2, 8).inputs).toEqual([]);
    expect(inputsAfter(db, session, 3, 100, 9).inputs.map(label)).toEqual(['a/3']);
    db.close();
  });

  it('gives inputs recorded before sessions were kept the session of the sample they followed', () => {
    const file = `${dir.path}/old.db`;
    const raw = new Database(file);
    // A schema-2 database, as an older Twinscope left it.
    migrate(raw, 2);
    raw.exec(`INSERT INTO sessions (id, started, sources) VALUES (1, 0, '[]'), (2, 5000, '[]');
      INSERT INTO samples (id, dev, boot, seq, t, up, t_recv, basis, via, flags, kind, mask, data, session)
        VALUES (1, 'a', 1, 1, 1000, 1, 1000, 'device', 'mqtt', 0, 'tele', 1, '{}', 1),
               (2, 'a', 1, 2, 6000, 2, 6000, 'device', 'mqtt', 0, 'tele', 1, '{}', 2);
      INSERT INTO device_events (t, dev, kind, data, after_sample) VALUES
        (500, '', 'clock', '{}', 0), (1500, '', 'clock', '{}', 1), (6500, '', 'clock', '{}', 2);`);
    raw.close();
    const db = openDatabase(file);
    const sessions = db.prepare('SELECT t, session FROM device_events ORDER BY t').all();
    expect(sessions).toEqual([
      { t: 500, session: 1 },
      { t: 1500, session: 1 },
      { t: 6500, session: 2 },
    ]);
    db.close();
  });
});
