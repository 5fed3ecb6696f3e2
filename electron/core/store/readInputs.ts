/**
 * The recorded engine inputs of a time range: samples merged with the other inputs (device status, hello, sequenced
 * logs and acks, clock ticks, user acks).
 * - `arrival` order is exactly the order the live engine received them: replaying it through a fresh twin
 *   reproduces the live states and alerts bit for bit.
 * - `time` order is by event time, for seeking and for looking at a range as it happened.
 * A `session` limits them to one recording session: a replay restarts the twin at session boundaries rather than
 * carrying its state from one recording into the next.
 */
import type Database from 'better-sqlite3';
import type { TwinInput } from '../../common/twin';
import { rowToSample, type SampleRow, type TimeRange } from './HistoryReader';

export type InputOrder = 'arrival' | 'time';

interface EventRow {
  t: number;
  kind: string;
  data: string;
  after_sample: number;
}

interface Positioned {
  input: TwinInput;
  /** Sort key: time (time order) or the sample id / the id of the sample it follows (arrival order). */
  key: number;
}

const SAMPLE_COLUMNS = 'id, dev, boot, seq, t, up, t_dev, t_recv, basis, via, flags, evt, data';

/** Rows of one session, or of all of them. */
function inSession(session: number | undefined): { sql: string; args: number[] } {
  return session === undefined ? { sql: '', args: [] } : { sql: ' AND session = ?', args: [session] };
}

function* samples(db: Database.Database, range: TimeRange, order: InputOrder, session?: number): Generator<Positioned> {
  const s = inSession(session);
  const stmt = db.prepare(
    `SELECT ${SAMPLE_COLUMNS} FROM samples WHERE t >= ? AND t < ?${s.sql} ORDER BY ${order === 'time' ? 't, id' : 'id'}`,
  );
  for (const row of stmt.iterate(lo(range), hi(range), ...s.args)) {
    const r = row as SampleRow & { id: number };
    const sample = rowToSample(r);
    yield { input: { kind: 'sample', sample }, key: order === 'time' ? sample.t : r.id };
  }
}

function* others(db: Database.Database, range: TimeRange, order: InputOrder, session?: number): Generator<Positioned> {
  const s = inSession(session);
  const stmt = db.prepare(
    `SELECT t, kind, data, after_sample FROM device_events WHERE t >= ? AND t < ?${s.sql}
     ORDER BY ${order === 'time' ? 't, id' : 'after_sample, id'}`,
  );
  for (const row of stmt.iterate(lo(range), hi(range), ...s.args)) {
    const r = row as EventRow;
    const input = { ...(JSON.parse(r.data) as object), kind: r.kind, t: r.t } as TwinInput;
    yield { input, key: order === 'time' ? r.t : r.after_sample };
  }
}

const lo = (r: TimeRange): number => r.from ?? Number.MIN_SAFE_INTEGER;
const hi = (r: TimeRange): number => r.to ?? Number.MAX_SAFE_INTEGER;

export function* readInputs(
  db: Database.Database,
  range: TimeRange = {},
  order: InputOrder = 'arrival',
  session?: number,
): Generator<TwinInput> {
  const a = samples(db, range, order, session);
  const b = others(db, range, order, session);
  let s = a.next();
  let o = b.next();
  while (!s.done || !o.done) {
    // Time order: on equal times the other input first (a status precedes what the device sends at that instant).
    // Arrival order: an event with after_sample = k comes right after sample k, so before any sample with id > k.
    const sampleFirst =
      order === 'time' ? (sKey: number, oKey: number) => sKey < oKey : (sKey: number, oKey: number) => sKey <= oKey;
    if (o.done || (!s.done && sampleFirst(s.value.key, o.value.key))) {
      yield s.value.input;
      s = a.next();
    } else {
      yield o.value.input;
      o = b.next();
    }
  }
}

/** The recording sessions that hold engine inputs, oldest first. */
export function sessionIds(db: Database.Database): number[] {
  return (db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all() as number[]).filter(
    (id) =>
      db.prepare('SELECT 1 FROM samples WHERE session = ? LIMIT 1').get(id) !== undefined ||
      db.prepare('SELECT 1 FROM device_events WHERE session = ? LIMIT 1').get(id) !== undefined,
  );
}

interface ArrivalRow {
  arrival: number;
}

export interface InputChunk {
  inputs: TwinInput[];
  /** Each input's arrival position. */
  arrivals: number[];
  /** Arrival position of the last input returned (the `after` of the next chunk); `after` when none. */
  last: number;
}

/** Prepared once per connection: a seek reads a chunk or two, and preparing them each time cost as much. */
const chunkStatements = new WeakMap<Database.Database, ReturnType<typeof prepareChunks>>();

function prepareChunks(db: Database.Database) {
  return {
    samples: db.prepare(
      `SELECT ${SAMPLE_COLUMNS}, arrival FROM samples WHERE session = ? AND arrival > ? AND arrival <= ? ORDER BY arrival`,
    ),
    events: db.prepare(
      'SELECT t, kind, data, arrival FROM device_events WHERE session = ? AND arrival > ? AND arrival <= ? ORDER BY arrival',
    ),
    nextSample: db.prepare('SELECT min(arrival) FROM samples WHERE session = ? AND arrival > ?').pluck(),
    nextEvent: db.prepare('SELECT min(arrival) FROM device_events WHERE session = ? AND arrival > ?').pluck(),
  };
}

/**
 * Up to `limit` inputs of a session after arrival position `after` (and at most `until`), in arrival order: what
 * follows a stored snapshot, read a chunk at a time so a player can seek between chunks. Needs positions (recorded
 * since schema 4).
 *
 * Samples and other inputs share one sequence of positions, so the next `limit` inputs are those of the next `limit`
 * positions: each table is read for that window only, never `limit` rows of each. Positions with nothing stored (a
 * redelivered duplicate, clock ticks retention removed) are skipped over.
 */
export function inputsAfter(
  db: Database.Database,
  session: number,
  after: number,
  limit: number,
  until = Number.MAX_SAFE_INTEGER,
): InputChunk {
  let st = chunkStatements.get(db);
  if (!st) chunkStatements.set(db, (st = prepareChunks(db)));
  let from = after;
  for (;;) {
    const to = Math.min(until, from + limit);
    if (!(to > from)) return { inputs: [], arrivals: [], last: after };
    const samples = st.samples.all(session, from, to) as (SampleRow & { id: number } & ArrivalRow)[];
    const events = st.events.all(session, from, to) as (EventRow & ArrivalRow)[];
    if (samples.length + events.length > 0) return merged(samples, events, after);
    const next = Math.min(
      (st.nextSample.get(session, to) as number | null) ?? Number.POSITIVE_INFINITY,
      (st.nextEvent.get(session, to) as number | null) ?? Number.POSITIVE_INFINITY,
    );
    if (!(next <= until)) return { inputs: [], arrivals: [], last: after };
    from = next - 1;
  }
}

function merged(
  samples: readonly (SampleRow & { id: number } & ArrivalRow)[],
  events: readonly (EventRow & ArrivalRow)[],
  after: number,
): InputChunk {
  const inputs: TwinInput[] = [];
  const arrivals: number[] = [];
  let last = after;
  let i = 0;
  let j = 0;
  while (i < samples.length || j < events.length) {
    if (j >= events.length || (i < samples.length && samples[i]!.arrival < events[j]!.arrival)) {
      const r = samples[i++]!;
      inputs.push({ kind: 'sample', sample: rowToSample(r) });
      last = r.arrival;
    } else {
      const r = events[j++]!;
      inputs.push({ ...(JSON.parse(r.data) as object), kind: r.kind, t: r.t } as TwinInput);
      last = r.arrival;
    }
    arrivals.push(last);
  }
  return { inputs, arrivals, last };
}
