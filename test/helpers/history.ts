/** A small real history database for tests of the commands that read one. */
import { HistoryWriter } from '../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../electron/core/store/openDatabase';

/** Writes `n` samples of two devices (ten a second) and one finished session; returns the file. */
export function makeHistory(file: string, n: number, t0 = Date.UTC(2026, 10, 2, 9)): string {
  const db = openDatabase(file);
  db.prepare('INSERT INTO sessions (started, ended, sources) VALUES (?, ?, ?)').run(t0, t0 + n * 100, '["test"]');
  const w = new HistoryWriter(db, { maxRows: 5000, session: 1 });
  for (let i = 0; i < n; i++) {
    const dev = i % 2 ? 'room-a' : 'room-b';
    w.addSample({
      dev,
      boot: 1,
      seq: i >> 1,
      t: t0 + i * 100,
      up: 1000 + i * 100,
      tDev: t0 + i * 100,
      tRecv: t0 + i * 100 + 5,
      timeBasis: 'device',
      via: 'mqtt',
      backfill: false,
      late: false,
      values: { co2: 420 + (i % 500), temp: 21.5, rh: 40 },
    });
  }
  w.close();
  db.close();
  return file;
}
