/** Prepared statements of the history writer, in one place so the SQL can be read next to the schema. */
import type Database from 'better-sqlite3';

export function prepareStatements(db: Database.Database) {
  return {
    insertSample: db.prepare(
      `INSERT OR IGNORE INTO samples (dev, boot, seq, t, up, t_dev, t_recv, basis, via, flags, kind, evt, mask, data,
         session, arrival)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertDeviceEvent: db.prepare(
      'INSERT INTO device_events (t, dev, kind, data, after_sample, session, arrival) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    lastSampleId: db.prepare('SELECT coalesce(max(id), 0) FROM samples').pluck(),
    insertSnapshot: db.prepare(
      `INSERT OR REPLACE INTO engine_snapshots (session, arrival, t, host_t, state) VALUES (?, ?, ?, ?, ?)`,
    ),
    insertSnapshotDict: db.prepare(
      'INSERT OR IGNORE INTO snapshot_dicts (session, from_arrival, dict) VALUES (?, ?, ?)',
    ),
    insertLog: db.prepare('INSERT INTO device_log (t_recv, origin, dev, level, line) VALUES (?, ?, ?, ?, ?)'),
    insertReject: db.prepare('INSERT INTO rejects (t_recv, origin, dev, code, detail, raw) VALUES (?, ?, ?, ?, ?, ?)'),
    countReject: db.prepare(
      `INSERT INTO reject_counts (origin, dev, code, count, first_recv, last_recv) VALUES (?, ?, ?, 1, ?, ?)
       ON CONFLICT (origin, dev, code) DO UPDATE SET count = count + 1, last_recv = excluded.last_recv`,
    ),
    upsertDeviceMeta: db.prepare(
      `INSERT INTO devices (dev, fw, hw, sensors, interval_ms, status, first_recv, last_recv)
       VALUES (@dev, @fw, @hw, @sensors, @interval_ms, @status, @t, @t)
       ON CONFLICT (dev) DO UPDATE SET
         fw = coalesce(excluded.fw, fw), hw = coalesce(excluded.hw, hw), sensors = coalesce(excluded.sensors, sensors),
         interval_ms = coalesce(excluded.interval_ms, interval_ms), status = coalesce(excluded.status, status),
         last_recv = max(last_recv, excluded.last_recv)`,
    ),
    upsertDeviceCounters: db.prepare(
      `INSERT INTO devices (dev, first_recv, last_recv, last_boot, received, duplicates, missing, late, backfilled)
       VALUES (@dev, @lastRecv, @lastRecv, @lastBoot, @received, @duplicates, @missing, @late, @backfilled)
       ON CONFLICT (dev) DO UPDATE SET
         last_recv = max(last_recv, excluded.last_recv), last_boot = max(last_boot, excluded.last_boot),
         received = received + excluded.received, duplicates = duplicates + excluded.duplicates,
         missing = missing + excluded.missing, late = late + excluded.late,
         backfilled = backfilled + excluded.backfilled`,
    ),
    pruneRejects: db.prepare('DELETE FROM rejects WHERE id <= (SELECT max(id) FROM rejects) - ?'),
    pruneLog: db.prepare('DELETE FROM device_log WHERE id <= (SELECT max(id) FROM device_log) - ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
