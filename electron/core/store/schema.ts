/**
 * The history database's schema, as numbered migrations tracked in PRAGMA user_version. A migration runs once, in
 * a transaction; a database newer than this build is refused rather than misread.
 */
import type Database from 'better-sqlite3';

/**
 * Migration 8's rewrite of a 1-minute row: `{"n": 60, "co2": [...], ...}` as `[60, rssi, bat, co2, ...]`, absent
 * channels null and the trailing ones removed (an inner array never holds null, so `,null]` only ends the row).
 * The channel order is written out here, not imported: a migration must not change with later code.
 */
function positionalTier(column: string): string {
  const channels = ['rssi', 'bat', 'co2', 'temp', 'rh', 'lux', 'motion', 'door', 'gyro', 'accel', 'angle'];
  let sql = `json_array(${[`${column} -> '$.n'`, ...channels.map((c) => `${column} -> '$.${c}'`)].join(', ')})`;
  for (let i = 0; i < channels.length; i++) sql = `replace(${sql}, ',null]', ']')`;
  return sql;
}

const MIGRATIONS: readonly string[] = [
  // 1: samples, device metadata and events, quarantine, device logs, sessions.
  `
  CREATE TABLE samples (
    id      INTEGER PRIMARY KEY,
    dev     TEXT    NOT NULL,
    boot    INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    t       INTEGER NOT NULL,           -- event time, ms epoch
    up      INTEGER NOT NULL,
    t_dev   INTEGER,                    -- device timestamp when its clock was synced
    t_recv  INTEGER NOT NULL,
    basis   TEXT    NOT NULL,           -- device | estimated
    via     TEXT    NOT NULL,
    flags   INTEGER NOT NULL,           -- 1 backfill, 2 late
    kind    TEXT    NOT NULL,           -- tele | evt
    evt     TEXT,
    mask    INTEGER NOT NULL,           -- bit per channel present, see channelMask()
    data    TEXT    NOT NULL,           -- values as JSON
    session INTEGER
  );
  CREATE UNIQUE INDEX samples_key ON samples(dev, boot, seq);
  CREATE INDEX samples_t ON samples(t);
  CREATE INDEX samples_dev_t ON samples(dev, t);

  CREATE TABLE device_events (
    id   INTEGER PRIMARY KEY,
    t    INTEGER NOT NULL,
    dev  TEXT    NOT NULL,
    kind TEXT    NOT NULL,              -- an engine input kind: status | hello | seen | clock | ack
    data TEXT    NOT NULL
  );
  CREATE INDEX device_events_t ON device_events(t);

  CREATE TABLE devices (
    dev         TEXT PRIMARY KEY,
    fw          TEXT,
    hw          TEXT,
    sensors     TEXT,
    interval_ms INTEGER,
    status      TEXT,
    first_recv  INTEGER NOT NULL,
    last_recv   INTEGER NOT NULL,
    last_boot   INTEGER NOT NULL DEFAULT 0,
    received    INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    missing     INTEGER NOT NULL DEFAULT 0,
    late        INTEGER NOT NULL DEFAULT 0,
    backfilled  INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  CREATE TABLE rejects (
    id     INTEGER PRIMARY KEY,
    t_recv INTEGER NOT NULL,
    origin TEXT    NOT NULL,
    dev    TEXT    NOT NULL,           -- '' when the input named no valid device
    code   TEXT    NOT NULL,
    detail TEXT    NOT NULL,
    raw    TEXT    NOT NULL            -- first bytes of the input
  );
  CREATE TABLE reject_counts (
    origin     TEXT    NOT NULL,
    dev        TEXT    NOT NULL,
    code       TEXT    NOT NULL,
    count      INTEGER NOT NULL,
    first_recv INTEGER NOT NULL,
    last_recv  INTEGER NOT NULL,
    PRIMARY KEY (origin, dev, code)
  ) WITHOUT ROWID;

  CREATE TABLE device_log (
    id     INTEGER PRIMARY KEY,
    t_recv INTEGER NOT NULL,
    origin TEXT    NOT NULL,
    dev    TEXT    NOT NULL,
    level  TEXT    NOT NULL,
    line   TEXT    NOT NULL
  );

  CREATE TABLE sessions (
    id      INTEGER PRIMARY KEY,
    started INTEGER NOT NULL,
    ended   INTEGER,
    sources TEXT    NOT NULL
  );
  `,
  // 2: alerts raised by the twin engine, with the samples that caused them, and every lifecycle change.
  // device_events also records the engine's other inputs (seen, clock, ack) so a replay sees what live saw.
  `
  CREATE TABLE alerts (
    session     INTEGER NOT NULL,
    id          TEXT    NOT NULL,     -- engine alert id, unique within a session: rule:subject#n
    rule        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    status      TEXT    NOT NULL,     -- raised | acknowledged | cleared
    raised_at   INTEGER NOT NULL,
    acked_at    INTEGER,
    cleared_at  INTEGER,
    reason      TEXT    NOT NULL,
    occurrences INTEGER NOT NULL,
    keys        TEXT    NOT NULL,     -- JSON [{dev, boot, seq}]: the samples that caused it
    PRIMARY KEY (session, id)
  ) WITHOUT ROWID;
  CREATE INDEX alerts_raised ON alerts(raised_at);
  CREATE TABLE alert_events (
    id       INTEGER PRIMARY KEY,
    t        INTEGER NOT NULL,
    session  INTEGER NOT NULL,
    alert_id TEXT    NOT NULL,
    change   TEXT    NOT NULL        -- raised | acknowledged | repeated | cleared
  );
  CREATE INDEX alert_events_t ON alert_events(t);

  -- Arrival order: the id of the last sample stored before this event. Samples are stored in arrival order (their
  -- ids grow), so samples by id merged with events by (after_sample, id) is the exact order the live engine saw.
  ALTER TABLE device_events ADD COLUMN after_sample INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX device_events_arrival ON device_events(after_sample, id);
  `,
  // 3: alerts found in late data (a backfill after an outage) say by how much; engine inputs name their session, so
  // a replay restarts the twin at session boundaries instead of carrying state across them.
  `
  ALTER TABLE alerts ADD COLUMN found_late_ms INTEGER;
  ALTER TABLE device_events ADD COLUMN session INTEGER;
  -- Inputs recorded before: the session of the sample they followed in arrival order, else the first session.
  UPDATE device_events SET session = coalesce(
    (SELECT session FROM samples WHERE samples.id = device_events.after_sample),
    (SELECT min(id) FROM sessions));
  CREATE INDEX device_events_session ON device_events(session, after_sample, id);
  CREATE INDEX samples_session ON samples(session, id);
  `,
  // 4: replay. Every engine input carries its arrival position within its session (what the twin runner had been
  // fed), engine snapshots are stored by that position (and event time) so a seek restores the nearest one and
  // applies only what follows, and a session remembers the site (and rules) it ran with.
  `
  ALTER TABLE samples ADD COLUMN arrival INTEGER;
  ALTER TABLE device_events ADD COLUMN arrival INTEGER;
  ALTER TABLE sessions ADD COLUMN site TEXT;
  CREATE INDEX samples_arrival ON samples(session, arrival);
  CREATE INDEX device_events_arrival_pos ON device_events(session, arrival);
  CREATE TABLE engine_snapshots (
    session INTEGER NOT NULL,
    arrival INTEGER NOT NULL,          -- inputs of the session applied: 1..arrival
    t       INTEGER,                   -- the world's event time then
    host_t  INTEGER,
    state   BLOB    NOT NULL,          -- the engine state (snapshot()), deflated
    PRIMARY KEY (session, arrival)
  ) WITHOUT ROWID;
  CREATE INDEX engine_snapshots_t ON engine_snapshots(session, t);
  `,
  // 5: a session can be named and annotated by its user.
  `
  ALTER TABLE sessions ADD COLUMN name TEXT;
  ALTER TABLE sessions ADD COLUMN notes TEXT;
  `,
  // 6: integrity. A SHA-256 hash chain over each session's records (samples and device_events by arrival position),
  // in blocks of a fixed number of arrivals, each with an 8-byte print per arrival so verify can name the record that
  // changed; seals (periodic while recording, final at the end with a digest of the alerts) hold the chain's head.
  // A block whose records retention removed keeps its row, marked pruned, so the chain still continues through it.
  `
  CREATE TABLE session_chain (
    session       INTEGER NOT NULL,
    block         INTEGER NOT NULL,   -- arrivals block·N+1 .. block·N+N (N = BLOCK_ARRIVALS)
    first_arrival INTEGER NOT NULL,
    last_arrival  INTEGER NOT NULL,   -- below the block's end while the block is still filling
    digest        BLOB    NOT NULL,   -- SHA-256(previous digest || each arrival's canonical bytes)
    prints        BLOB    NOT NULL,   -- 8 bytes per arrival: truncated SHA-256 of its record, zeros when none
    pruned_at     INTEGER,            -- set by retention when it deleted the block's records
    PRIMARY KEY (session, block)
  ) WITHOUT ROWID;
  CREATE TABLE session_seals (
    id            INTEGER PRIMARY KEY,
    session       INTEGER NOT NULL,
    sealed_at     INTEGER NOT NULL,
    upto_arrival  INTEGER NOT NULL,   -- the chain covers arrivals 1..upto_arrival
    origin        BLOB    NOT NULL,   -- SHA-256 of the session row (started, site): the chain's first link
    head          BLOB    NOT NULL,   -- the chain's digest after upto_arrival
    alerts_digest BLOB,               -- final seals: SHA-256 of ended, the alerts and their lifecycle rows
    final         INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX session_seals_session ON session_seals(session, id);
  `,
  // 7: retention. Raw samples of ended sessions that aged out are folded into one row per device, minute and session:
  // per channel [min, mean, max, n] as JSON (one row per device, not per channel, keeps a year of them small). A
  // session remembers up to which arrival position (and event time) its raw records were folded.
  `
  CREATE TABLE samples_1m (
    dev     TEXT    NOT NULL,
    minute  INTEGER NOT NULL,          -- start of the minute, event time, ms epoch
    session INTEGER NOT NULL,          -- 0 for samples recorded outside a session
    stats   TEXT    NOT NULL,          -- JSON {channel: [min, mean, max, n]}
    PRIMARY KEY (dev, minute, session)
  ) WITHOUT ROWID;
  CREATE TABLE session_retention (
    session        INTEGER PRIMARY KEY,
    pruned_to      INTEGER NOT NULL,   -- arrival positions 1..pruned_to were pruned (raw rows folded or kept)
    downsampled_to INTEGER,            -- event time of the newest raw sample folded into samples_1m
    pruned_at      INTEGER NOT NULL    -- host time of the last pruning
  );
  `,
  // 8: a session's summary on its row, kept by the writer as it records (sessionSummary.ts): listing sessions and
  // opening one for replay read it instead of grouping every sample. Worked out once here for what is recorded.
  `
  ALTER TABLE sessions ADD COLUMN samples INTEGER;
  ALTER TABLE sessions ADD COLUMN t_min INTEGER;
  ALTER TABLE sessions ADD COLUMN t_max INTEGER;
  ALTER TABLE sessions ADD COLUMN devices TEXT;    -- JSON array of device ids, sorted
  UPDATE sessions SET samples = s.n, t_min = s.lo, t_max = s.hi, devices = s.devs
  FROM (SELECT session, sum(n) AS n, min(lo) AS lo, max(hi) AS hi, json_group_array(dev) AS devs
        FROM (SELECT session, dev, count(*) AS n, min(t) AS lo, max(t) AS hi FROM samples
              WHERE session IS NOT NULL GROUP BY session, dev)
        GROUP BY session) AS s
  WHERE sessions.id = s.session;
  `,
  // 9: a session's engine snapshots are deflated against one of its early snapshots, kept here (snapshotCodec.ts).
  // And engine snapshots move to a rowid table: in a WITHOUT ROWID table a row over about 1,000 bytes spills into an
  // overflow page of its own, so each 1.5 KB snapshot took 5 KB of the file; a rowid table keeps it in its page.
  `
  CREATE TABLE engine_snapshots_rowid (
    id      INTEGER PRIMARY KEY,
    session INTEGER NOT NULL,
    arrival INTEGER NOT NULL,          -- inputs of the session applied: 1..arrival
    t       INTEGER,                   -- the world's event time then
    host_t  INTEGER,
    state   BLOB    NOT NULL,          -- the engine state (snapshot()), deflated (snapshotCodec.ts)
    UNIQUE (session, arrival)
  );
  INSERT INTO engine_snapshots_rowid (session, arrival, t, host_t, state)
    SELECT session, arrival, t, host_t, state FROM engine_snapshots ORDER BY session, arrival;
  DROP TABLE engine_snapshots;
  ALTER TABLE engine_snapshots_rowid RENAME TO engine_snapshots;
  CREATE INDEX engine_snapshots_t ON engine_snapshots(session, t);
  CREATE TABLE snapshot_dicts (
    session      INTEGER PRIMARY KEY,
    from_arrival INTEGER NOT NULL,   -- snapshots taken after this many inputs use it
    dict         BLOB    NOT NULL    -- a snapshot's state JSON, the deflate dictionary
  );
  `,
  // 10: the 1-minute tier (and a 1-hour one made of it) is kept while recording (MinuteFolder), so charts of a minute's
  // resolution or coarser read it instead of the raw samples. A session's arrivals folded_from+1..folded_to are in
  // samples_1m (and stay raw until retention removes them, without folding them again); a session without a row has
  // folded none. Sessions retention pruned before this start folding after what it pruned: its merged minutes are
  // carried on, not recomputed. Discrete events stay out of the tier (as retention leaves them): a partial index
  // finds them for a chart. The tier's stored form becomes positional (see storedStats: [n, rssi, bat, co2, temp,
  // rh, lux, motion, door, gyro, accel, angle], trailing absent channels left out): channel names were over a quarter
  // of a year of it. The index of engine inputs by (after_sample, id) goes: nothing reads by it (by session,
  // device_events_session serves).
  `
  CREATE TABLE minute_folds (
    session     INTEGER PRIMARY KEY,
    folded_from INTEGER NOT NULL,      -- arrivals after this (and up to folded_to) are in samples_1m
    folded_to   INTEGER NOT NULL
  );
  INSERT INTO minute_folds (session, folded_from, folded_to)
    SELECT session, pruned_to, pruned_to FROM session_retention;
  CREATE INDEX samples_evt ON samples(dev, t) WHERE kind = 'evt';
  UPDATE samples_1m SET stats = ${positionalTier('stats')};
  -- The 1-minute rows of each hour merged (hourTier.ts), for charts of months; those stored before are built in steps
  -- from the cursor in hour_backfill, while there is one.
  CREATE TABLE samples_1h (
    dev     TEXT    NOT NULL,
    hour    INTEGER NOT NULL,          -- start of the hour, event time, ms epoch
    session INTEGER NOT NULL,
    stats   TEXT    NOT NULL,          -- the stored form of samples_1m
    PRIMARY KEY (dev, hour, session)
  ) WITHOUT ROWID;
  CREATE TABLE hour_backfill (dev TEXT NOT NULL, minute INTEGER NOT NULL);
  INSERT INTO hour_backfill (dev, minute) SELECT '', -1 WHERE EXISTS (SELECT 1 FROM samples_1m);
  DROP INDEX device_events_arrival;
  `,
  // 11: a pruned block of the integrity chain keeps only the prints of the records retention left in it (chain.ts
  // keptPrints: offset and print per record), not 8 bytes for every arrival it once held. Blocks pruned before are
  // given the kept form by retention's next run, a bounded step at a time.
  `
  ALTER TABLE session_chain ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;  -- 1: prints are the kept form
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings a database to `target` (the current schema unless a test asks for an older one, as older builds left it). */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `this database has schema version ${current}, newer than this Twinscope understands (${SCHEMA_VERSION}); ` +
        'update Twinscope or use another --db',
    );
  }
  for (let v = current; v < target; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
