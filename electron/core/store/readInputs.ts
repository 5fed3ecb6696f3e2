/**
 * The recorded engine inputs of a time range, in event-time order: samples merged with the other inputs (device
 * status, hello, sequenced logs and acks, clock ticks, user acks). Feeding them to a fresh twin reproduces what the
 * live twin computed.
 */
import type Database from 'better-sqlite3';
import type { TwinInput } from '../../common/twin';
import type { HistoryReader, TimeRange } from './HistoryReader';

interface EventRow {
  t: number;
  kind: string;
  data: string;
}

function* otherInputs(db: Database.Database, range: TimeRange): Generator<TwinInput> {
  const stmt = db.prepare('SELECT t, kind, data FROM device_events WHERE t >= ? AND t < ? ORDER BY t, id');
  for (const row of stmt.iterate(range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER)) {
    const r = row as EventRow;
    yield { ...(JSON.parse(r.data) as object), kind: r.kind, t: r.t } as TwinInput;
  }
}

function inputTime(i: TwinInput): number {
  return i.kind === 'sample' ? i.sample.t : i.t;
}

export function* readInputs(db: Database.Database, reader: HistoryReader, range: TimeRange = {}): Generator<TwinInput> {
  const samples = reader.samples(range);
  const others = otherInputs(db, range);
  let s = samples.next();
  let o = others.next();
  while (!s.done || !o.done) {
    // On equal times the non-sample input goes first: a device's status precedes what it sends at that instant.
    if (o.done || (!s.done && s.value.t < inputTime(o.value))) {
      yield { kind: 'sample', sample: s.value };
      s = samples.next();
    } else {
      yield o.value;
      o = others.next();
    }
  }
}
