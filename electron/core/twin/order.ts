/**
 * Input ordering for the reorder window. Inputs wait in `state.pending` and are applied in one total order (event
 * time first, then a fixed tie-break on content), so any arrival order of inputs that each arrive within the window
 * gives the same sequence of applications, hence the same states and events.
 */
import type { TwinInput } from '../../common/twin';

/** At equal times: host-side facts first, then the device's data, then the user's acknowledgements. */
const RANK: Record<TwinInput['kind'], number> = { clock: 0, status: 1, hello: 2, seen: 3, sample: 4, ack: 5 };

/**
 * The time an input is ordered and applied at. A sample's event time is capped by its receive time: nothing is
 * measured after it arrived, so a device clock running ahead cannot hold the window open or jump the engine's time.
 */
export function inputTime(i: TwinInput): number {
  switch (i.kind) {
    case 'sample':
      return i.sample.t < i.sample.tRecv ? i.sample.t : i.sample.tRecv;
    case 'status':
    case 'hello':
    case 'seen':
    case 'clock':
    case 'ack':
      return i.t;
    default: {
      const never: never = i;
      return never;
    }
  }
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpNum(a: number | undefined, b: number | undefined): number {
  return (a ?? -1) - (b ?? -1);
}

/** Device, boot and seq of an input, where it has them. */
function identity(i: TwinInput): [string, number | undefined, number | undefined] {
  switch (i.kind) {
    case 'sample':
      return [i.sample.dev, i.sample.boot, i.sample.seq];
    case 'status':
    case 'clock':
      return [i.kind === 'status' ? i.dev : '', undefined, undefined];
    case 'hello':
    case 'seen':
      return [i.dev, i.boot, i.seq];
    case 'ack':
      return [i.alertId, undefined, undefined];
    default: {
      const never: never = i;
      return never;
    }
  }
}

/** Total order of inputs: time, kind, device (or alert id), boot, seq, then the remaining content. */
export function compareInputs(a: TwinInput, b: TwinInput): number {
  const byTime = inputTime(a) - inputTime(b);
  if (byTime !== 0) return byTime;
  const byKind = RANK[a.kind] - RANK[b.kind];
  if (byKind !== 0) return byKind;
  const [da, ba, sa] = identity(a);
  const [db, bb, sb] = identity(b);
  const byId = cmpStr(da, db) || cmpNum(ba, bb) || cmpNum(sa, sb);
  if (byId !== 0) return byId;
  if (a.kind === 'status' && b.kind === 'status') return Number(a.online) - Number(b.online);
  if (a.kind === 'hello' && b.kind === 'hello') return a.intervalMs - b.intervalMs || cmpStr(a.fw, b.fw);
  return 0;
}

/** Same sample key: the second copy of a sample is dropped (ingest dedupes too; this keeps the engine safe). */
function sameSample(a: TwinInput, b: TwinInput): boolean {
  return (
    a.kind === 'sample' &&
    b.kind === 'sample' &&
    a.sample.dev === b.sample.dev &&
    a.sample.boot === b.sample.boot &&
    a.sample.seq === b.sample.seq
  );
}

/** Same sample key (dev, boot, seq). */
export function sameSampleKey(a: TwinInput, b: TwinInput): boolean {
  return sameSample(a, b);
}

/** Inserts into a sorted buffer (after equal elements); returns false for a duplicate sample. */
export function insertSorted(buffer: TwinInput[], input: TwinInput): boolean {
  let lo = 0;
  let hi = buffer.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareInputs(buffer[mid]!, input) <= 0) lo = mid + 1;
    else hi = mid;
  }
  // Equal sample keys sort next to each other (same time, kind, dev, boot, seq).
  if (lo > 0 && sameSample(buffer[lo - 1]!, input)) return false;
  buffer.splice(lo, 0, input);
  return true;
}
