import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveHub } from '../../../../electron/core/hub/LiveHub';
import type { RetentionReport } from '../../../../electron/core/store/retention/Retention';
import { HistoryWriter } from '../../../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../../../electron/core/store/openDatabase';
import { makeTempDir } from '../../../helpers/tempDir';

const DAY = 86_400_000;

/** An ended session of 2,000 samples ten days old. */
function oldSession(file: string, now: number): number {
  const db = openDatabase(file);
  const t0 = now - 10 * DAY;
  db.prepare("INSERT INTO sessions (id, started, ended, sources) VALUES (1, ?, ?, '[]')").run(t0, t0 + DAY);
  const w = new HistoryWriter(db, { session: 1 });
  for (let i = 0; i < 2000; i++) {
    const t = t0 + i * 1000;
    w.addInput({
      kind: 'sample',
      sample: {
        dev: 'room-a',
        boot: 1,
        seq: i,
        t,
        up: i,
        tDev: t,
        tRecv: t,
        timeBasis: 'device',
        via: 'mqtt',
        backfill: false,
        late: false,
        values: { co2: 400 + i },
      },
    });
  }
  w.close();
  db.close();
  return new Set(Array.from({ length: 2000 }, (_, i) => Math.floor((t0 + i * 1000) / 60_000))).size;
}

describe('retention in the live hub', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir()));
  afterEach(() => dir.remove());

  it('prunes ended sessions in steps while the hub records, and never its own session', async () => {
    const file = `${dir.path}/h.db`;
    const now = Date.now();
    const minutes = oldSession(file, now);
    let report: RetentionReport | undefined;
    const hub = new LiveHub({ db: file, retention: { startDelayMs: 0, onRun: (r) => (report = r) } });
    const deadline = Date.now() + 10_000;
    while (!report && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(report?.rawFolded).toBe(2000);
    expect(report?.sessions.map((s) => s.session)).toEqual([1]);
    const db = hub.recorder.db;
    expect(db.prepare('SELECT count(*) FROM samples WHERE session = 1').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM samples_1m WHERE session = 1').pluck().get()).toBe(minutes);
    expect(db.prepare('SELECT count(*) FROM session_retention WHERE session = ?').pluck().get(hub.sessionId)).toBe(0);
    await hub.stop();
  });

  it('is off when asked', async () => {
    const file = `${dir.path}/h.db`;
    oldSession(file, Date.now());
    const hub = new LiveHub({ db: file, retention: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(hub.recorder.db.prepare('SELECT count(*) FROM samples').pluck().get()).toBe(2000);
    await hub.stop();
  });
});
