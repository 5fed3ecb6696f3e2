/** The SQL of retention, in one place to read beside the schema (migrations 7 and 8). */
import type Database from 'better-sqlite3';

export interface RawRow {
  id: number;
  dev: string;
  t: number;
  kind: string;
  mask: number;
  data: string;
  arrival: number;
}

export interface InputRow {
  t: number;
  arrival: number;
}

const ENDED = 'SELECT id FROM sessions WHERE ended IS NOT NULL';

export function prepareRetention(db: Database.Database) {
  return {
    endedSessions: db.prepare(`${ENDED} ORDER BY id`).pluck(),
    state: db.prepare('SELECT pruned_to AS prunedTo FROM session_retention WHERE session = ?').pluck(),
    saveState: db.prepare(
      `INSERT INTO session_retention (session, pruned_to, downsampled_to, pruned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (session) DO UPDATE SET pruned_to = max(pruned_to, excluded.pruned_to),
         downsampled_to = max(coalesce(downsampled_to, excluded.downsampled_to),
                              coalesce(excluded.downsampled_to, downsampled_to)),
         pruned_at = excluded.pruned_at`,
    ),
    nextSamples: db.prepare(
      `SELECT id, dev, t, kind, mask, data, arrival FROM samples WHERE session = ? AND arrival > ?
       ORDER BY arrival LIMIT ?`,
    ),
    leftoverSamples: db.prepare(
      `SELECT id, dev, t, kind, mask, data, arrival FROM samples
       WHERE session = ? AND arrival > ? AND arrival <= ? AND kind = 'tele' ORDER BY arrival LIMIT ?`,
    ),
    // Samples recorded before arrival positions existed (schema 3 and older) are pruned by age alone.
    legacySamples: db.prepare(
      `SELECT id, dev, t, kind, mask, data, 0 AS arrival FROM samples
       WHERE session = ? AND arrival IS NULL AND id > ? AND t < ? ORDER BY id LIMIT ?`,
    ),
    nextInputs: db.prepare(
      'SELECT t, arrival FROM device_events WHERE session = ? AND arrival > ? ORDER BY arrival LIMIT ?',
    ),
    deleteSample: db.prepare('DELETE FROM samples WHERE id = ?'),
    // Clock ticks and duplicate sightings are the bulk of engine inputs and mean nothing without the raw samples;
    // status, hello and acknowledgements are few and stay (until the 1-minute rows expire).
    deleteInputs: db.prepare(
      `DELETE FROM device_events WHERE session = ? AND arrival > ? AND arrival <= ? AND kind IN ('clock', 'seen')`,
    ),
    deleteSnapshots: db.prepare('DELETE FROM engine_snapshots WHERE session = ? AND arrival > ? AND arrival <= ?'),
    getMinute: db.prepare('SELECT stats FROM samples_1m WHERE dev = ? AND minute = ? AND session = ?').pluck(),
    putMinute: db.prepare('INSERT OR REPLACE INTO samples_1m (dev, minute, session, stats) VALUES (?, ?, ?, ?)'),
    // Devices one index seek at a time, so neither table is scanned to list them.
    nextMinuteDev: db.prepare('SELECT min(dev) FROM samples_1m WHERE dev > ?').pluck(),
    firstMinute: db.prepare('SELECT min(minute) FROM samples_1m WHERE dev = ?').pluck(),
    expireMinutes: db.prepare('DELETE FROM samples_1m WHERE dev = ? AND minute < ?'),
    // Hours ending by the cutoff (their start at most an hour before it).
    expireHours: db.prepare('DELETE FROM samples_1h WHERE dev = ? AND hour <= ?'),
    hourSessions: db.prepare('SELECT session FROM samples_1h WHERE dev = ? AND hour = ?').pluck(),
    nextSampleDev: db.prepare('SELECT min(dev) FROM samples WHERE dev > ?').pluck(),
    expireEvents: db.prepare(
      `DELETE FROM samples WHERE id IN (SELECT id FROM samples WHERE dev = ? AND t < ? AND kind = 'evt'
         AND session IN (${ENDED}) LIMIT ?)`,
    ),
    expireInputs: db.prepare(
      `DELETE FROM device_events WHERE id IN (SELECT id FROM device_events WHERE t < ? AND session IN (${ENDED})
         LIMIT ?)`,
    ),
  };
}

export type RetentionStatements = ReturnType<typeof prepareRetention>;
