/**
 * The chain's blocks. Block k covers arrival positions k·N+1 .. k·N+N of a session (N = BLOCK_ARRIVALS) and its
 * digest is SHA-256(digest of block k-1 || the canonical bytes of each arrival in order), block 0 following the
 * session's origin digest. Each arrival also gets an 8-byte print (truncated SHA-256 of its bytes; zeros when no
 * record is stored there, as when a duplicate was ignored), so verify can name the exact record that changed.
 */
import { createHash, type Hash } from 'node:crypto';
import { CanonicalWriter, RecordTag, sha256 } from './canonical';

export const BLOCK_ARRIVALS = 1024;
export const PRINT_BYTES = 8;
/** The print of an arrival where nothing is stored. */
export const NO_RECORD = Buffer.alloc(PRINT_BYTES);

export const blockFirst = (block: number): number => block * BLOCK_ARRIVALS + 1;
export const blockLast = (block: number): number => (block + 1) * BLOCK_ARRIVALS;
export const blockOf = (arrival: number): number => Math.floor((arrival - 1) / BLOCK_ARRIVALS);

/** The print of an arrival's bytes (never all zeros, which means "no record"). */
export function printOf(bytes: Buffer): Buffer {
  const p = sha256(bytes).subarray(0, PRINT_BYTES);
  if (p.equals(NO_RECORD)) p[PRINT_BYTES - 1] = 1;
  return p;
}

const absent = new CanonicalWriter();

/**
 * Hashes one block an arrival at a time. Without prints (`{ prints: false }`: checking a digest, where a hash per
 * record would cost several times the running hash), `add` returns NO_RECORD and `finish` no prints.
 */
export class BlockHasher {
  private readonly hash: Hash;
  private readonly prints: Buffer[] = [];
  private readonly withPrints: boolean;

  constructor(previous: Buffer, options: { prints?: boolean } = {}) {
    this.hash = createHash('sha256').update(previous);
    this.withPrints = options.prints ?? true;
  }

  /** Adds the next arrival: its records' canonical bytes, or null when none is stored. Returns its print. */
  add(arrival: number, bytes: Buffer | null): Buffer {
    if (bytes === null) {
      this.hash.update(absent.reset().tag(RecordTag.absent).value(BigInt(arrival)).bytes());
      this.prints.push(NO_RECORD);
      return NO_RECORD;
    }
    this.hash.update(bytes);
    if (!this.withPrints) return NO_RECORD;
    const print = printOf(bytes);
    this.prints.push(print);
    return print;
  }

  /** The digest so far (the block's digest as a seal within it saw it); the hasher goes on. */
  current(): Buffer {
    return this.hash.copy().digest();
  }

  finish(): { digest: Buffer; prints: Buffer } {
    return { digest: this.hash.digest(), prints: Buffer.concat(this.prints) };
  }
}

/** The stored print of `arrival` in a block's prints (undefined beyond them). */
export function storedPrint(prints: Buffer, first: number, arrival: number): Buffer | undefined {
  const at = (arrival - first) * PRINT_BYTES;
  return at + PRINT_BYTES <= prints.length ? prints.subarray(at, at + PRINT_BYTES) : undefined;
}

/**
 * A pruned block keeps only the prints of the records retention left in it (discrete events, status inputs): for
 * each, its offset in the block (2 bytes, big-endian) and its print. A year of full prints of pruned blocks was
 * 8 bytes an arrival, as much as the rest of the history; what is gone needs no print, since its absence is what
 * pruning means.
 */
export const KEPT_ENTRY_BYTES = 2 + PRINT_BYTES;

/** The kept form of a block's full prints, for the records still stored at `arrivals` (ascending). */
export function keptPrints(prints: Buffer, first: number, arrivals: readonly number[]): Buffer {
  const out = Buffer.alloc(arrivals.length * KEPT_ENTRY_BYTES);
  arrivals.forEach((arrival, i) => {
    const at = i * KEPT_ENTRY_BYTES;
    out.writeUInt16BE(arrival - first, at);
    (storedPrint(prints, first, arrival) ?? NO_RECORD).copy(out, at + 2);
  });
  return out;
}

/** Whether kept prints are well formed for a block first..last: whole entries, offsets ascending within it. */
export function keptShapeOk(kept: Buffer, first: number, last: number): boolean {
  if (kept.length % KEPT_ENTRY_BYTES !== 0) return false;
  let previous = -1;
  for (let at = 0; at < kept.length; at += KEPT_ENTRY_BYTES) {
    const offset = kept.readUInt16BE(at);
    if (offset <= previous || first + offset > last) return false;
    previous = offset;
  }
  return true;
}

/** The kept print of `arrival` (undefined: retention kept no record there). */
export function keptPrint(kept: Buffer, first: number, arrival: number): Buffer | undefined {
  const offset = arrival - first;
  let lo = 0;
  let hi = kept.length / KEPT_ENTRY_BYTES - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = mid * KEPT_ENTRY_BYTES;
    const o = kept.readUInt16BE(at);
    if (o === offset) return kept.subarray(at + 2, at + KEPT_ENTRY_BYTES);
    if (o < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
