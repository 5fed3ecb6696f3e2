/**
 * Replay: builds a 7-day recording of 6 devices at 1 Hz (the default site plus three room sensors) as the live hub
 * records it (inputs, and an engine snapshot every 10 s), then seeks to random moments of its first hour and of
 * all 7 days (median, p99, their ratio: seek time must not grow with the length of the recording), and plays an hour
 * as fast as it goes (× real time).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder } from '../../electron/core/hub/Recorder';
import { ReplayPlayer } from '../../electron/core/replay/ReplayPlayer';
import { TwinRunner } from '../../electron/core/runner/TwinRunner';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { sessionCoverage } from '../../electron/core/store/sessionCoverage';
import { listSessions } from '../../electron/core/store/SessionsReader';
import { snapshot } from '../../electron/core/twin/engine';
import { HOUR_MS, mulberry32, roomSensors, sampler, siteWith, T0 } from './engine/streams';

const DAYS = Number(process.env.REPLAY_DAYS ?? 7);
/** As the live hub stores them (LiveHub's snapshotMs). */
const SNAPSHOT_MS = 10_000;
const DEVICES = ['room-a', 'room-b', 'door', 'sensor-1', 'sensor-2', 'sensor-3'];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'twinscope-replay-'));
  const file = join(dir, 'week.db');
  const site = siteWith(3);
  try {
    const build0 = performance.now();
    const recorder = new Recorder({ db: file, site, flushMs: 1000 });
    const runner = new TwinRunner(site);
    let lastSnap = T0;
    const sample = sampler(mulberry32(7));
    for (let h = 0; h < DAYS * 24; h++) {
      const inputs = roomSensors(DEVICES, 1, HOUR_MS, T0 + h * HOUR_MS, sample);
      for (let i = 0; i < inputs.length; i += 100) {
        const batch = inputs.slice(i, i + 100);
        for (const input of batch) recorder.addInput(input);
        runner.push(batch);
        const s = runner.current;
        if (s.t !== null && s.t - lastSnap >= SNAPSHOT_MS) {
          recorder.writer.addSnapshot(s.t, s.hostT, snapshot(s));
          lastSnap = s.t;
        }
      }
      if (h % 24 === 23) process.stderr.write(`  recorded day ${(h + 1) / 24} of ${DAYS}\n`);
    }
    recorder.close();
    const size = statSync(file).size / 2 ** 20;
    const stored = openDatabase(file, { readonly: true });
    const samples = stored.prepare('SELECT count(*) FROM samples').pluck().get() as number;
    stored.close();
    // Every sample must have been stored: a recording of duplicates would make every seek look cheap.
    if (samples !== DAYS * 24 * 3600 * DEVICES.length) throw new Error(`only ${samples} samples were stored`);
    console.log(
      `recording: ${DAYS} days × ${DEVICES.length} devices at 1 Hz, ${(runner.inputsFed / 1e6).toFixed(2)} M inputs, ` +
        `${size.toFixed(0)} MB, built in ${((performance.now() - build0) / 1000).toFixed(0)} s`,
    );

    const db = openDatabase(file, { readonly: true });
    const snaps = db.prepare('SELECT count(*) AS n, sum(length(state)) AS bytes FROM engine_snapshots').get() as {
      n: number;
      bytes: number;
    };
    console.log(
      `engine snapshots: ${snaps.n} (one every ${SNAPSHOT_MS / 1000} s), ${(snaps.bytes / 2 ** 20).toFixed(1)} MB, ` +
        `${(snaps.bytes / snaps.n).toFixed(0)} bytes each deflated`,
    );
    const l0 = performance.now();
    const listed = listSessions(db);
    const o0 = performance.now();
    const opened = new ReplayPlayer(db, 1, site);
    const o1 = performance.now();
    console.log(
      `listing sessions: ${(o0 - l0).toFixed(1)} ms; opening the ${DAYS}-day session for replay: ${(o1 - o0).toFixed(1)} ms ` +
        `(${listed[0]?.samples ?? 0} samples, span ${opened.span.samples})`,
    );
    const rnd = mulberry32(11);
    // Alternating seeks into the first hour and anywhere in the recording, so neither is favoured by warm-up.
    const player = new ReplayPlayer(db, 1, site);
    const seek = (spanMs: number): number => {
      const t = T0 + 60_000 + rnd() * (spanMs - 60_000);
      const start = performance.now();
      player.seek(t);
      return performance.now() - start;
    };
    for (let k = 0; k < 50; k++) seek(DAYS * 24 * HOUR_MS); // warm-up
    const hour: number[] = [];
    const week: number[] = [];
    for (let k = 0; k < 400; k++) {
      hour.push(seek(HOUR_MS));
      week.push(seek(DAYS * 24 * HOUR_MS));
    }
    const f = (xs: number[]) =>
      `median ${percentile(xs, 50).toFixed(2)} ms, p90 ${percentile(xs, 90).toFixed(2)} ms, ` +
      `p99 ${percentile(xs, 99).toFixed(2)} ms`;
    console.log(`seek within the first hour: ${f(hour)}`);
    console.log(`seek within all ${DAYS} days:  ${f(week)}`);
    console.log(
      `ratio (all days / first hour): median ×${(percentile(week, 50) / percentile(hour, 50)).toFixed(2)}, ` +
        `p99 ×${(percentile(week, 99) / percentile(hour, 99)).toFixed(2)}; core target p99 < 10 ms`,
    );

    const from = T0 + Math.min(24, DAYS * 24 - 1) * HOUR_MS;
    player.seek(from);
    const p0 = performance.now();
    player.advanceTo(from + HOUR_MS);
    const wall = performance.now() - p0;
    console.log(
      `playback of one hour, as fast as it goes: ${wall.toFixed(0)} ms = ${(HOUR_MS / wall).toFixed(0)}× real time ` +
        `(the 1000× speed needs ${(HOUR_MS / 1000).toFixed(0)} ms)`,
    );

    const c0 = performance.now();
    const coverage = await sessionCoverage(db, 1);
    console.log(
      `timeline coverage (gaps, silent devices, backfill) of all ${DAYS} days: ${(performance.now() - c0).toFixed(0)} ms, ` +
        `${coverage.spans.length} spans in ${(coverage.bucketMs / 1000).toFixed(0)} s buckets`,
    );
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
