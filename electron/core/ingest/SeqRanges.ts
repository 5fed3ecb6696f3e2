/**
 * The sequence numbers received from one (device, boot), as sorted disjoint intervals. Answers "seen before?" exactly
 * (dedupe) and "how many are missing between the first and the last?" (loss). Memory grows with the number of gaps,
 * not of messages: a healthy device is one interval.
 */
export class SeqRanges {
  /** Flattened [start0, end0, start1, end1, ...], inclusive, sorted, disjoint and non-adjacent. */
  private readonly bounds: number[] = [];
  private count = 0;

  /** Adds `seq`; returns false if it was already there. */
  add(seq: number): boolean {
    const b = this.bounds;
    const n = b.length;
    // Fast path: the next message in order.
    if (n > 0 && seq === b[n - 1]! + 1) {
      b[n - 1] = seq;
      this.count++;
      this.mergeAt(n - 2);
      return true;
    }
    // Find the first interval whose end >= seq - 1.
    let lo = 0;
    let hi = n / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[2 * mid + 1]! < seq - 1) lo = mid + 1;
      else hi = mid;
    }
    const i = 2 * lo;
    if (i < n && b[i]! <= seq && seq <= b[i + 1]!) return false;
    this.count++;
    if (i < n && b[i + 1] === seq - 1) {
      b[i + 1] = seq;
      this.mergeAt(i);
    } else if (i < n && b[i] === seq + 1) {
      b[i] = seq;
    } else {
      b.splice(i, 0, seq, seq);
    }
    return true;
  }

  has(seq: number): boolean {
    const b = this.bounds;
    for (let i = 0; i < b.length; i += 2) if (b[i]! <= seq && seq <= b[i + 1]!) return true;
    return false;
  }

  /** Messages received. */
  get received(): number {
    return this.count;
  }

  /** Sequence numbers missing between the first and the last received. */
  get missing(): number {
    const b = this.bounds;
    if (b.length === 0) return 0;
    return b[b.length - 1]! - b[0]! + 1 - this.count;
  }

  get highest(): number | undefined {
    return this.bounds[this.bounds.length - 1];
  }

  /** Joins interval pair starting at flat index `i` with its successor when they touch. */
  private mergeAt(i: number): void {
    const b = this.bounds;
    if (i < 0 || i + 2 >= b.length) return;
    if (b[i + 1]! + 1 >= b[i + 2]!) {
      b[i + 1] = Math.max(b[i + 1]!, b[i + 3]!);
      b.splice(i + 2, 2);
    }
  }
}
