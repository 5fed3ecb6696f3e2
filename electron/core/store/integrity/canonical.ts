/**
 * Canonical bytes of stored records: the stable encoding the hash chain is computed over. Every column that says what
 * was recorded is encoded, typed and length-prefixed, in a fixed order; SQLite rowids, the session id and the
 * `after_sample` link (rowids an import renumbers) are not, so a record keeps its bytes when it is exported and
 * imported into another history. Integers are read as BigInt (`safeIntegers`) so no value is rounded on the way.
 */
import { createHash } from 'node:crypto';

/** A value as better-sqlite3 returns it with safe integers. */
export type SqlValue = null | bigint | number | string | Buffer;

/** The columns chained, in their canonical order (a sample's, a device event's). */
export const SAMPLE_CHAIN_COLUMNS = [
  'arrival',
  'dev',
  'boot',
  'seq',
  't',
  'up',
  't_dev',
  't_recv',
  'basis',
  'via',
  'flags',
  'kind',
  'evt',
  'mask',
  'data',
] as const;
export const EVENT_CHAIN_COLUMNS = ['arrival', 't', 'dev', 'kind', 'data'] as const;
export const ALERT_CHAIN_COLUMNS = [
  'id',
  'rule',
  'subject',
  'severity',
  'status',
  'raised_at',
  'acked_at',
  'cleared_at',
  'reason',
  'occurrences',
  'keys',
  'found_late_ms',
] as const;
export const ALERT_EVENT_CHAIN_COLUMNS = ['t', 'alert_id', 'change'] as const;

/** First byte of each kind of record, so a sample and an event with equal columns never share bytes. */
export const RecordTag = { sample: 0x53, event: 0x45, absent: 0x41, origin: 0x4f, alert: 0x52, alertEvent: 0x43 };

const enum ValueTag {
  Null = 0,
  Integer = 1,
  Real = 2,
  Text = 3,
  Blob = 4,
}

/** Appends canonical values to one growing buffer, reused from record to record. */
export class CanonicalWriter {
  private buf = Buffer.allocUnsafe(4096);
  private pos = 0;

  reset(): this {
    this.pos = 0;
    return this;
  }

  /** The bytes written since the last reset (a view: copy it to keep it past the next reset). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  tag(tag: number): this {
    this.room(1);
    this.buf[this.pos++] = tag;
    return this;
  }

  value(v: SqlValue): this {
    if (v === null) return this.tag(ValueTag.Null);
    if (typeof v === 'bigint') {
      this.tag(ValueTag.Integer).room(8);
      this.buf.writeBigInt64BE(v, this.pos);
      this.pos += 8;
      return this;
    }
    if (typeof v === 'number') {
      // Safe integers read a REAL column as a number; integer columns never come here.
      this.tag(ValueTag.Real).room(8);
      this.buf.writeDoubleBE(v, this.pos);
      this.pos += 8;
      return this;
    }
    if (typeof v === 'string') {
      const n = Buffer.byteLength(v);
      this.tag(ValueTag.Text).room(4 + n);
      this.buf.writeUInt32BE(n, this.pos);
      this.buf.write(v, this.pos + 4);
      this.pos += 4 + n;
      return this;
    }
    this.tag(ValueTag.Blob).room(4 + v.length);
    this.buf.writeUInt32BE(v.length, this.pos);
    v.copy(this.buf, this.pos + 4);
    this.pos += 4 + v.length;
    return this;
  }

  values(vs: readonly SqlValue[]): this {
    for (const v of vs) this.value(v);
    return this;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

export const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Version of the chain's encoding, bound into every session's first link. */
export const CHAIN_FORMAT = 'twinscope-chain/1';

/** The chain's first link: the session row as it started (when, and the site and rules it ran with). */
export function originDigest(started: SqlValue, site: SqlValue): Buffer {
  const w = new CanonicalWriter().tag(RecordTag.origin).value(CHAIN_FORMAT).value(started).value(site);
  return sha256(w.bytes());
}
