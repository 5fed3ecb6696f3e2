/**
 * `npm run bench -- retention`: what retention keeps a year of the default site (room-a, room-b, door at 1 Hz) at.
 *  1. Size of a year in steady state against the 1 GB limit: 358 days of 1-minute rows, kept events and the pruned
 *     blocks of their integrity chain, plus the last
 *     7 days raw (samples, the clock input every second, an engine snapshot every 10 s) of a session still
 *     recording, folded into 1-minute rows as the live hub folds them (MinuteFolder, up to the last minute). A year of
 *     raw data would be 94 M rows; the steady state is written directly instead: the 1-minute rows through the
 *     statements and the stored form retention itself writes, the raw days through the real HistoryWriter. Nothing
 *     is extrapolated: the file measured holds a year's worth of what retention leaves.
 *  2. Pruning rate on one real day of raw data (written through the writer), against the rate the writer stored it
 *     at in the same run, and the longest single step (what a live recorder's ingest waits at most).
 *  3. Chart reads (SeriesReader, 1,000 buckets) of 15 minutes, 24 hours, 7 days and the year ending now, against the
 *     read of the raw samples (and the 1-minute rows only where raw ones are gone: the reader before the tier was
 *     kept live) of the same windows in the same run; both must give the same min and max in every bucket.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { Series, SeriesChannel } from '../../electron/common/api';
import type { Sample, SampleValues } from '../../electron/common/sample';
import { channelBit } from '../../electron/core/store/channelMask';
import { BLOCK_ARRIVALS, keptPrints } from '../../electron/core/store/integrity/chain';
import { sealSession } from '../../electron/core/store/integrity/sealSession';
import { HistoryWriter } from '../../electron/core/store/HistoryWriter';
import { openDatabase } from '../../electron/core/store/openDatabase';
import { HourTier, hourKey } from '../../electron/core/store/retention/hourTier';
import { MinuteFolder } from '../../electron/core/store/retention/MinuteFolder';
import { fileSpace } from '../../electron/core/store/retention/reclaim';
import { Retention } from '../../electron/core/store/retention/Retention';
import { prepareRetention } from '../../electron/core/store/retention/retentionStatements';
import {
  addValue,
  storedStats,
  tierPath,
  tierValues,
  type MinuteStats,
} from '../../electron/core/store/retention/minuteStats';
import { DAY_MS, resolveRetention, RetentionRules } from '../../electron/core/store/retention/settings';
import { SeriesReader } from '../../electron/core/store/SeriesReader';
import { recordScenario } from '../helpers/recordScenario';
import { makeTempDir } from '../helpers/tempDir';

const LIMIT_BYTES = 1e9;
const YEAR_DAYS = 365;
const RAW_DAYS = 7;
const DEVICES = ['room-a', 'room-b', 'door'] as const;
/** Discrete events a day: door open/close (the door's) and motion starts (each room's). */
const EVENTS_PER_DAY = { door: 200, 'room-a': 100, 'room-b': 100 } as const;

/** Sensor-like values (the resolution the devices report) that drift over the day. */
function values(dev: (typeof DEVICES)[number], i: number): SampleValues {
  const day = Math.sin((i / 86_400) * 2 * Math.PI);
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  if (dev === 'door') {
    const open = i % 600 < 30;
    return {
      door: open ? 'open' : 'closed',
      gyro: [r1(Math.sin(i) * 2), r1(Math.cos(i) * 2), open ? r1(40 * Math.sin(i / 3)) : 0.1],
      accel: [0.01, -0.02, Math.round((1 + Math.sin(i) * 0.01) * 1000) / 1000],
      angle: open ? r1(60 + 20 * Math.sin(i / 5)) : 0,
      rssi: -60 - (i % 7),
      bat: Math.round((3.9 - i / 1e8) * 100) / 100,
    };
  }
  return {
    co2: Math.round(650 + 300 * day + (i % 13)),
    temp: r1(21.5 + 1.5 * day),
    rh: r1(42 + 5 * day),
    lux: Math.round(Math.max(0, 400 * day)),
    motion: i % 90 < 10,
    rssi: -55 - (i % 5),
    bat: Math.round((3.95 - i / 1e8) * 100) / 100,
  };
}

function sample(dev: string, seq: number, t: number, v: SampleValues, evt?: string): Sample {
  const s: Sample = {
    dev,
    boot: 1,
    seq,
    t,
    up: seq * 1000,
    tDev: t,
    tRecv: t + 40,
    timeBasis: 'device',
    via: 'mqtt',
    backfill: false,
    late: false,
    values: v,
  };
  if (evt) s.evt = evt;
  return s;
}

/** Seconds between engine snapshots, as the live hub stores them (LiveHub's snapshotMs). */
const SNAPSHOT_S = 10;

/** A real engine snapshot of the default site, as the live hub stores them (deflated against its session's dictionary). */
async function realSnapshot(dir: string): Promise<Buffer> {
  const file = `${dir}/snap.db`;
  await recordScenario(file, 'normal-day');
  const db = openDatabase(file, { readonly: true });
  const state = db.prepare('SELECT state FROM engine_snapshots ORDER BY arrival DESC LIMIT 1').pluck().get() as Buffer;
  db.close();
  return state;
}

/** Raw days as the live hub writes them: samples, a clock input a second, a snapshot every 10 s. Returns rows/s. */
function writeRaw(db: Database.Database, session: number, from: number, days: number, snapshot: Buffer): number {
  const w = new HistoryWriter(db, { session, maxRows: 5000 });
  const insertSnapshot = db.prepare(
    'INSERT INTO engine_snapshots (session, arrival, t, host_t, state) VALUES (?, ?, ?, ?, ?)',
  );
  let seq = 0;
  let rows = 0;
  const started = performance.now();
  for (let s = 0; s < days * 86_400; s++) {
    const t = from + s * 1000;
    for (const dev of DEVICES) w.addInput({ kind: 'sample', sample: sample(dev, seq++, t + 3, values(dev, s)) });
    w.addInput({ kind: 'clock', t: t + 50 });
    rows += 4;
    if (s % SNAPSHOT_S === 0) {
      w.flush();
      insertSnapshot.run(session, w.arrivals, t, t, snapshot);
    }
    if (s % 432 === 0)
      w.addInput({ kind: 'sample', sample: sample('door', seq++, t + 500, { door: 'open' }, 'door_open') });
  }
  w.close();
  return rows / ((performance.now() - started) / 1000);
}

/** 1-minute rows of `days` days before `to` (and their hours), as retention writes them, with the events it keeps. */
function writeTier(db: Database.Database, session: number, from: number, days: number): void {
  const st = prepareRetention(db);
  const hours = new HourTier(db);
  const w = new HistoryWriter(db, { session, maxRows: 5000 });
  let seq = 1e9;
  for (let d = 0; d < days; d++) {
    db.transaction(() => {
      for (let m = 0; m < 1440; m++) {
        const minute = from + d * DAY_MS + m * 60_000;
        const i = (d * 1440 + m) * 60;
        for (const dev of DEVICES) {
          const stats: MinuteStats = {};
          // Four samples stand for the minute's sixty: the stored form (and so the size) is the same.
          for (const k of [0, 20, 40, 59]) for (const [ch, x] of tierValues(values(dev, i + k))) addValue(stats, ch, x);
          for (const s of Object.values(stats)) s[3] = 60;
          st.putMinute.run(dev, minute, session, storedStats(stats));
        }
      }
      hours.refoldHours(
        DEVICES.flatMap((dev) =>
          Array.from({ length: 24 }, (_, h) => hourKey(dev, from + d * DAY_MS + h * 3_600_000, session)),
        ),
      );
    })();
    for (const dev of DEVICES) {
      for (let e = 0; e < EVENTS_PER_DAY[dev]; e++) {
        const t = from + d * DAY_MS + Math.floor((e * DAY_MS) / EVENTS_PER_DAY[dev]);
        const evt = dev === 'door' ? (e % 2 ? 'door_close' : 'door_open') : 'motion';
        const v: SampleValues = dev === 'door' ? { door: e % 2 ? 'closed' : 'open' } : { motion: true };
        w.addSample(sample(dev, seq++, t, v, evt));
      }
    }
  }
  w.close();
}

/**
 * The integrity chain of `days` pruned days as retention leaves it: a row per block of 1,024 arrivals (4 a second)
 * with its digest and the kept prints of the events still stored in it (chainBlocks.markPruned).
 */
function writePrunedChain(db: Database.Database, session: number, days: number, now: number): number {
  const arrivals = days * 86_400 * 4;
  const blocks = Math.ceil(arrivals / BLOCK_ARRIVALS);
  const eventsPerBlock = (Object.values(EVENTS_PER_DAY).reduce((a, b) => a + b, 0) * days) / blocks;
  const insert = db.prepare(
    `INSERT INTO session_chain (session, block, first_arrival, last_arrival, digest, prints, pruned_at, kept)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  db.transaction(() => {
    let events = 0;
    for (let b = 0; b < blocks; b++) {
      const kept = Math.floor((b + 1) * eventsPerBlock) - events;
      events += kept;
      const arrivalsKept = Array.from({ length: kept }, (_, k) => b * BLOCK_ARRIVALS + 1 + k * 7);
      const full = randomBytes(BLOCK_ARRIVALS * 8);
      const last = Math.min((b + 1) * BLOCK_ARRIVALS, arrivals);
      insert.run(
        session,
        b,
        b * BLOCK_ARRIVALS + 1,
        last,
        randomBytes(32),
        keptPrints(full, b * BLOCK_ARRIVALS + 1, arrivalsKept),
        now,
      );
    }
  })();
  return blocks;
}

/** Folds the raw days as the live hub does, up to `before`: returns samples/s and the longest step, ms. */
function foldLive(db: Database.Database, before: number): { rate: number; longest: number; samples: number } {
  const folder = new MinuteFolder(db, 5000);
  let longest = 0;
  const started = performance.now();
  for (;;) {
    const t = performance.now();
    const n = folder.step(before);
    longest = Math.max(longest, performance.now() - t);
    if (n === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rate: folder.report.samples / seconds, longest, samples: folder.report.samples };
}

/**
 * The chart as read before the tier was kept live: raw samples, and 1-minute rows only of sessions the folder never
 * saw (where retention had removed the raw ones), for the same buckets.
 */
function rawReader(db: Database.Database): (s: Series, channel: string) => Map<number, [number, number]> {
  const stmt = db.prepare(
    `SELECT b, min(lo) AS lo, max(hi) AS hi FROM (
       SELECT CAST((t - @from) / @bucket AS INTEGER) AS b, v AS lo, v AS hi
       FROM (SELECT t, json_extract(data, @path) AS v FROM samples
             WHERE dev = @dev AND t >= @from AND t < @to AND (mask & @bit) != 0)
       WHERE typeof(v) IN ('integer', 'real')
       UNION ALL
       SELECT CAST((minute - @from) / @bucket AS INTEGER), iif(typeof(s) = 'text', s ->> '$[0]', s),
              iif(typeof(s) = 'text', s ->> '$[2]', s)
       FROM (SELECT minute, json_extract(stats, @slot) AS s FROM samples_1m
             WHERE dev = @dev AND minute >= @from AND minute < @to
               AND session NOT IN (SELECT session FROM minute_folds))
       WHERE s IS NOT NULL)
     GROUP BY b ORDER BY b`,
  );
  return (s, channel) => {
    const rows = stmt.all({
      from: s.from,
      to: s.to,
      bucket: s.bucketMs,
      dev: 'room-a',
      path: `$.${channel}`,
      slot: tierPath(channel),
      bit: channelBit(channel as SeriesChannel),
    }) as { b: number; lo: number; hi: number }[];
    return new Map(rows.map((r) => [s.from + r.b * s.bucketMs, [r.lo, r.hi]]));
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(f: () => unknown, n = 5): number {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;

export async function run(): Promise<void> {
  const dir = makeTempDir('twinscope-bench-retention-');
  try {
    const snapshot = await realSnapshot(dir.path);
    console.log(`engine snapshot of the default site: ${snapshot.length} bytes (deflated), one every ${SNAPSHOT_S} s`);

    // 1. A year in steady state.
    const now = Date.UTC(2027, 0, 1);
    const yearStart = now - YEAR_DAYS * DAY_MS;
    const rawStart = now - RAW_DAYS * DAY_MS;
    const db = openDatabase(`${dir.path}/year.db`);
    db.prepare("INSERT INTO sessions (id, started, ended, sources) VALUES (1, ?, ?, '[]'), (2, ?, NULL, '[]')").run(
      yearStart,
      rawStart,
      rawStart,
    );
    let t = performance.now();
    writeTier(db, 1, yearStart, YEAR_DAYS - RAW_DAYS);
    const prunedBlocks = writePrunedChain(db, 1, YEAR_DAYS - RAW_DAYS, now);
    console.log(
      `wrote ${YEAR_DAYS - RAW_DAYS} days of 1-minute rows and events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    t = performance.now();
    const writeRate = writeRaw(db, 2, rawStart, RAW_DAYS, snapshot);
    console.log(`wrote ${RAW_DAYS} days raw in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // The session still records: its last minute is not folded yet (the tail charts read raw).
    const fold = foldLive(db, now - 60_000);
    console.log(
      `folded the ${RAW_DAYS} raw days into 1-minute rows as the live hub does: ${fold.samples.toLocaleString('en-US')} ` +
        `samples at ${Math.round(fold.rate).toLocaleString('en-US')}/s (the writer stored ${Math.round((writeRate / 4) * 3).toLocaleString('en-US')} samples/s ` +
        `in the same run); longest step (5,000 arrivals, what ingest waits at most) ${fold.longest.toFixed(1)} ms`,
    );
    // Sealed as the live recorder seals it (every minute): its integrity chain is part of what a year keeps.
    t = performance.now();
    const seal = sealSession(db, 2);
    console.log(
      `sealed the recording (${seal.uptoArrival.toLocaleString('en-US')} arrivals) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    const space = fileSpace(db);
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    console.log(
      `rows: ${count('SELECT count(*) FROM samples_1m').toLocaleString('en-US')} 1-minute, ` +
        `${count("SELECT count(*) FROM samples WHERE kind = 'tele'").toLocaleString('en-US')} raw samples, ` +
        `${count("SELECT count(*) FROM samples WHERE kind = 'evt'").toLocaleString('en-US')} events, ` +
        `${count('SELECT count(*) FROM device_events').toLocaleString('en-US')} engine inputs, ` +
        `${count('SELECT count(*) FROM engine_snapshots').toLocaleString('en-US')} snapshots`,
    );
    const parts = db
      .prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all() as { name: string; bytes: number }[];
    const tierBytes = parts.find((p) => p.name === 'samples_1m')?.bytes ?? 0;
    const perRow = (tierBytes / count('SELECT count(*) FROM samples_1m')).toFixed(0);
    console.log(`1-minute rows take ${mb(tierBytes)}: ${perRow} bytes a row with its share of pages`);
    console.log(
      `by table and index: ${parts
        .slice(0, 10)
        .map((p) => `${p.name} ${mb(p.bytes)}`)
        .join(', ')}`,
    );
    const bytesOf = (test: (name: string) => boolean): number =>
      parts.filter((p) => test(p.name)).reduce((sum, p) => sum + p.bytes, 0);
    const groups: [string, (name: string) => boolean][] = [
      ['raw samples', (n) => n === 'samples'],
      ['their indexes', (n) => n.startsWith('samples_') && n !== 'samples_1m' && n !== 'samples_1h'],
      ['engine inputs and indexes', (n) => n.startsWith('device_events')],
      ['engine snapshots', (n) => n.startsWith('engine_snapshots')],
      ['1-minute and 1-hour rows', (n) => n === 'samples_1m' || n === 'samples_1h'],
    ];
    const grouped = groups.map(([label, test]) => `${label} ${mb(bytesOf(test))}`);
    const other = space.bytes - groups.reduce((sum, [, test]) => sum + bytesOf(test), 0);
    console.log(`breakdown: ${grouped.join(', ')}, everything else (free pages too) ${mb(other)}`);
    // The pruned days' chain: a row per block, with the prints of the events retention kept (chainBlocks.ts).
    const chainBytes = bytesOf((n) => n.startsWith('session_chain'));
    console.log(
      `integrity chain: ${mb(chainBytes)} (${prunedBlocks.toLocaleString('en-US')} pruned blocks of the ` +
        `${YEAR_DAYS - RAW_DAYS} older days, and the raw days' ${seal.uptoArrival.toLocaleString('en-US')} arrivals ` +
        'with a print each)',
    );
    console.log(
      `a year of the default site at 1 Hz: ${mb(space.bytes)} against the ${mb(LIMIT_BYTES)} limit: ` +
        `${(space.bytes / LIMIT_BYTES).toFixed(3)} of it`,
    );

    // 3. Charts of the steady-state file, ending now on the session still recording.
    const series = new SeriesReader(db);
    const raw = rawReader(db);
    const windows: [string, number][] = [
      ['15 min', 15 * 60_000],
      ['24 h', DAY_MS],
      ['7 d', RAW_DAYS * DAY_MS],
      ['a year', YEAR_DAYS * DAY_MS],
    ];
    for (const [label, span] of windows) {
      const req = { dev: 'room-a', channel: 'co2' as const, from: now - span, to: now, buckets: 1000 };
      const got = series.series(req);
      const expected = raw(got, 'co2');
      const same =
        got.t.length === expected.size &&
        got.t.every((b, i) => {
          const e = expected.get(b);
          return e !== undefined && e[0] === got.min[i] && e[1] === got.max[i];
        });
      if (!same) throw new Error(`the chart of ${label} differs from the raw read: the bench refuses to time it`);
      const ms = timeIt(() => series.series(req));
      const rawMs = timeIt(() => raw(got, 'co2'));
      console.log(
        `chart of ${label} (${got.t.length} points of ${got.bucketMs / 1000} s): ${ms.toFixed(1)} ms; the raw read of ` +
          `the same buckets ${rawMs.toFixed(1)} ms; ratio ${(ms / rawMs).toFixed(3)}`,
      );
    }
    db.close();

    // 2. Pruning one real day of raw data.
    const dayDb = openDatabase(`${dir.path}/day.db`);
    const dayStart = now - 9 * DAY_MS;
    dayDb
      .prepare("INSERT INTO sessions (id, started, ended, sources) VALUES (1, ?, ?, '[]')")
      .run(dayStart, dayStart + DAY_MS);
    const dayWrite = writeRaw(dayDb, 1, dayStart, 1, snapshot);
    const rawRows =
      (dayDb.prepare('SELECT count(*) FROM samples').pluck().get() as number) +
      (dayDb.prepare('SELECT count(*) FROM device_events').pluck().get() as number);
    const retention = new Retention(dayDb, new RetentionRules(resolveRetention()), now, { batchRows: 5000 });
    let longest = 0;
    t = performance.now();
    for (;;) {
      const s = performance.now();
      const more = retention.step();
      longest = Math.max(longest, performance.now() - s);
      if (!more) break;
    }
    const pruneSeconds = (performance.now() - t) / 1000;
    const pruneRate = rawRows / pruneSeconds;
    const r = retention.report;
    console.log(
      `pruned a day (${rawRows.toLocaleString('en-US')} rows: ${r.rawFolded.toLocaleString('en-US')} samples into ` +
        `${r.minuteRowsWritten.toLocaleString('en-US')} 1-minute rows, ${r.inputsRemoved.toLocaleString('en-US')} inputs, ` +
        `${r.snapshotsRemoved} snapshots) in ${pruneSeconds.toFixed(1)} s: ${Math.round(pruneRate).toLocaleString('en-US')} rows/s`,
    );
    console.log(
      `writing the same day took the writer ${Math.round(dayWrite).toLocaleString('en-US')} rows/s (year file: ` +
        `${Math.round(writeRate).toLocaleString('en-US')} rows/s): pruning/writing ${(pruneRate / dayWrite).toFixed(2)}`,
    );
    console.log(`longest retention step (5,000 rows, what live ingest waits at most): ${longest.toFixed(1)} ms`);
    console.log(
      `the default site writes 4 rows/s: a day is pruned ${Math.round(pruneRate / 4).toLocaleString('en-US')}x faster than it is recorded`,
    );
    dayDb.close();
  } finally {
    dir.remove();
  }
}
