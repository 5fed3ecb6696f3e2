/**
 * Integrity: a 1-hour session of 6 devices at 1 Hz (plus a clock tick a second, 25,200 records) sealed from scratch,
 * verified, sealed again after 60 s more (the live timer's work), exported to a .twinrec and imported, each against
 * the time to read the same session's inputs plainly in arrival order, measured in the same run.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sealSession } from '../../electron/core/store/integrity/sealSession';
import { verifySession } from '../../electron/core/store/integrity/verifySession';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { readInputs } from '../../electron/core/store/readInputs';
import { exportTwinrec } from '../../electron/core/store/twinrec/exportTwinrec';
import { importTwinrec } from '../../electron/core/store/twinrec/importTwinrec';
import { writeSession } from '../helpers/sealedHistory';

const SECONDS = Number(process.env.INTEGRITY_SECONDS ?? 3600);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timed(runs: number, f: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-integrity-'));
  try {
    const file = join(dir, 'hour.db');
    const db = openDatabase(file);
    const session = writeSession(db, { seconds: SECONDS, seal: 'none' });
    const records = (db.prepare('SELECT count(*) FROM samples').pluck().get() as number) + SECONDS;
    let n = 0;
    const plain = timed(5, () => {
      n = 0;
      for (const _ of readInputs(db, {}, 'arrival', session)) n++;
    });
    const firstSeal = timed(1, () => sealSession(db, session));
    let status = '';
    const verify = timed(5, () => {
      status = verifySession(db, session).status;
    });
    // The live timer's work: a minute more of records (7 a second), then a seal of only the open block and after.
    const more = db.prepare(
      `INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival) VALUES (?, '', 'clock', '{}', 0, ?, ?)`,
    );
    let next = records;
    const minute = db.transaction(() => {
      for (let i = 0; i < 420; i++) more.run(++next, session, next);
    });
    const seals: number[] = [];
    for (let k = 0; k < 5; k++) {
      minute();
      seals.push(timed(1, () => sealSession(db, session)));
    }
    const periodic = median(seals);
    db.prepare('UPDATE sessions SET ended = started + ? WHERE id = ?').run(SECONDS * 1000, session);
    sealSession(db, session, { final: true });
    db.close();

    const out = join(dir, 'hour.twinrec');
    let t0 = performance.now();
    await exportTwinrec(file, session, out, { twinscope: 'bench' });
    const exportMs = performance.now() - t0;
    t0 = performance.now();
    await importTwinrec(out, join(dir, 'target.db'));
    const importMs = performance.now() - t0;

    const ratio = (ms: number): string => `${(ms / plain).toFixed(2)}× the plain read`;
    console.log(`session: ${SECONDS} s × 6 devices at 1 Hz + clock, ${n} records (${records} written)`);
    console.log(`plain read of its inputs (arrival order, median of 5): ${plain.toFixed(1)} ms  <- the limit`);
    console.log(`seal from scratch:        ${firstSeal.toFixed(1)} ms (${ratio(firstSeal)})`);
    console.log(`verify (median of 5):     ${verify.toFixed(1)} ms (${ratio(verify)}), ${status}`);
    console.log(`periodic seal, +60 s:     ${periodic.toFixed(2)} ms (${ratio(periodic)})`);
    console.log(
      `export to .twinrec:       ${exportMs.toFixed(0)} ms (${ratio(exportMs)}), ` +
        `${(statSync(out).size / 2 ** 20).toFixed(1)} MB`,
    );
    console.log(`import into a new db:     ${importMs.toFixed(0)} ms (${ratio(importMs)})`);
    if (verify > plain * 3) console.log('! verify took over 3× the plain read');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
