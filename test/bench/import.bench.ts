/**
 * Import while recording: a 1-hour .twinrec (6 devices at 1 Hz plus a clock tick a second, 25,200 records) imported
 * into the history a live recorder writes, through its connection, while the recorder takes a sample every 10 ms and
 * waits for each one's commit. How long a live commit waits at most, and the event loop's longest stall, against the
 * same file imported in one transaction (the CLI's way, into a history nobody records into): that is how long the
 * recorder would wait if the import held the database for the whole of it. Measured in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Recorder } from '../../electron/core/hub/Recorder';
import { exportTwinrec } from '../../electron/core/store/twinrec/exportTwinrec';
import { importIntoLive } from '../../electron/core/store/twinrec/importLive';
import { importTwinrec } from '../../electron/core/store/twinrec/importTwinrec';
import { makeSealedHistory } from '../helpers/sealedHistory';

const SECONDS = Number(process.env.IMPORT_SECONDS ?? 3600);
const LIVE_EVERY_MS = 10;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

/** Live samples every LIVE_EVERY_MS until `stop`, each awaited until committed; their waits, ms. */
async function liveFeed(recorder: Recorder, stop: () => boolean): Promise<number[]> {
  const waits: number[] = [];
  for (let seq = 0; !stop(); seq++) {
    const t0 = performance.now();
    const now = Date.now();
    recorder.addInput({
      kind: 'sample',
      sample: {
        dev: 'live',
        boot: 1,
        seq,
        t: now,
        up: seq * LIVE_EVERY_MS,
        tDev: now,
        tRecv: now,
        timeBasis: 'device',
        via: 'mqtt',
        backfill: false,
        late: false,
        values: { co2: 600 },
      },
    });
    await recorder.writer.committed();
    waits.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, LIVE_EVERY_MS));
  }
  return waits;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-import-'));
  try {
    const source = makeSealedHistory(join(dir, 'hour.db'), { seconds: SECONDS, seal: 'final' });
    const file = join(dir, 'hour.twinrec');
    await exportTwinrec(source, 1, file, { twinscope: 'bench' });

    let t0 = performance.now();
    await importTwinrec(file, join(dir, 'one-transaction.db'));
    const oneTransaction = performance.now() - t0;

    const recorder = new Recorder({ db: join(dir, 'live.db') });
    try {
      let quiet = true;
      const before = liveFeed(recorder, () => !quiet);
      await new Promise((r) => setTimeout(r, 1000));
      quiet = false;
      const baseline = await before;

      let importing = true;
      const during = liveFeed(recorder, () => !importing);
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      t0 = performance.now();
      const r = await importIntoLive(file, recorder.db);
      const importMs = performance.now() - t0;
      loop.disable();
      importing = false;
      const waits = await during;
      const stallMs = loop.max / 1e6;

      console.log(`session: ${SECONDS} s × 6 devices at 1 Hz + clock, ${r.records} records; ${r.integrity.summary}`);
      console.log(`import in one transaction (the CLI's): ${oneTransaction.toFixed(0)} ms  <- the limit`);
      console.log(`import beside a live recorder:          ${importMs.toFixed(0)} ms`);
      console.log(
        `live commits meanwhile: ${waits.length}, wait p50 ${percentile(waits, 0.5).toFixed(1)} ms, ` +
          `p99 ${percentile(waits, 0.99).toFixed(1)} ms, max ${Math.max(...waits).toFixed(1)} ms ` +
          `(${((100 * Math.max(...waits)) / oneTransaction).toFixed(1)}% of the limit)`,
      );
      console.log(
        `live commits without an import: ${baseline.length}, max ${Math.max(...baseline).toFixed(1)} ms; ` +
          `longest event-loop stall during the import: ${stallMs.toFixed(1)} ms`,
      );
      if (Math.max(...waits) > oneTransaction / 2) console.log('! a live commit waited over half the limit');
    } finally {
      recorder.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
