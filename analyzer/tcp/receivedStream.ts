import * as sequence from './seq';

// Read once, not through the import on every packet: where imports are getters (tsx, which runs
// the tests and the benchmarks), each read is a call.
const { seqToOffset } = sequence;

/** Out-of-order ranges kept per direction; past this the farthest is forgotten (see `add`). */
const MAX_PENDING_RANGES = 128;

const TWO_32 = 4294967296;

/**
 * How much of one end's byte stream its peer has received in order, counted by sequence
 * number only: no payload is kept. A receiving socket can read byte k only once bytes 0..k−1
 * arrived, so bytes after a hole wait here, as [start, end) offset ranges, until the hole fills.
 *
 * Offsets are unwrapped (0 = the first byte after the SYN, or the first byte seen when the SYN was
 * not captured), so they keep growing past 2^32 on long connections.
 */
export class ReceivedStream {
  /** Whether offset 0 has been placed on the wire's sequence space. */
  known = false;
  /** Wire sequence number of offset 0, as a signed word: kept in the object, not boxed (see Flow in segmentAnalysis.ts). */
  private baseSeqWord = 0;
  /** Every byte before this offset has arrived: the count of bytes readable so far. */
  next = 0;
  /** Offset the FIN occupies (the byte count of the whole stream); -1 until a FIN is seen. */
  finOffset = -1;
  finDelivered = false;
  /** Offset of the last out-of-band byte announced by an urgent pointer; -1 for none. */
  urgentMark = -1;
  /** Sorted, disjoint, non-touching ranges above `next`, flat: [start0, end0, start1, end1 …]. */
  private pending: number[] = [];
  /** Ranges forgotten because too many holes were open at once. */
  forgottenRanges = 0;

  /** Back to the state of a new stream (the pending list keeps its storage). */
  reset(): void {
    this.known = false;
    this.baseSeqWord = 0;
    this.next = 0;
    this.finOffset = -1;
    this.finDelivered = false;
    this.urgentMark = -1;
    // `length = 0` is a runtime call, and nearly every stream's list is empty already.
    if (this.pending.length !== 0) this.pending.length = 0;
    this.forgottenRanges = 0;
  }

  start(seq: number): void {
    this.known = true;
    this.baseSeqWord = seq | 0;
  }

  /** Unwrapped offset of a wire sequence number, taken as the one nearest `next`. */
  offsetOf(seq: number): number {
    return seqToOffset(seq, ((this.baseSeqWord >>> 0) + this.next) % TWO_32, this.next);
  }

  /** The sequence number a receiver expects next (a FIN, once taken, occupies one). */
  get rcvNext(): number {
    return this.next + (this.finDelivered ? 1 : 0);
  }

  /**
   * Records the arrival of bytes [start, end) and returns how many became readable (contiguous
   * with what had arrived before). Repeated bytes count once, whatever mix of old and new a
   * segment carries.
   */
  add(start: number, end: number): number {
    if (end <= this.next) return 0;
    if (start > this.next) {
      this.keep(start, end);
      return 0;
    }
    const before = this.next;
    this.next = end;
    this.absorb();
    return this.next - before;
  }

  /**
   * The peer acknowledged bytes up to `offset`, so it has them even if the capture never showed
   * them (dropped by the capture, or sent before it began): credit them. Returns the bytes that
   * became readable.
   */
  advanceTo(offset: number): number {
    if (offset <= this.next) return 0;
    const before = this.next;
    this.next = offset;
    this.absorb();
    return this.next - before;
  }

  /** Open holes: ranges that arrived ahead of a gap. */
  get pendingRanges(): number {
    return this.pending.length / 2;
  }

  /** Drops ranges now covered by `next` and extends `next` over ranges that touch it. */
  private absorb(): void {
    const p = this.pending;
    let i = 0;
    while (i < p.length && p[i]! <= this.next) {
      if (p[i + 1]! > this.next) this.next = p[i + 1]!;
      i += 2;
    }
    if (i > 0) p.splice(0, i);
  }

  private keep(start: number, end: number): void {
    const p = this.pending;
    // Find the first range that ends at or after `start`; merge every range [start, end) touches.
    let i = 0;
    while (i < p.length && p[i + 1]! < start) i += 2;
    let j = i;
    let s = start;
    let e = end;
    while (j < p.length && p[j]! <= e) {
      if (p[j]! < s) s = p[j]!;
      if (p[j + 1]! > e) e = p[j + 1]!;
      j += 2;
    }
    p.splice(i, j - i, s, e);
    if (p.length > 2 * MAX_PENDING_RANGES) {
      // The farthest range is the one least likely to be needed soon; if it was real data, the
      // receiver's ACK will credit it later (advanceTo), so forgetting it loses no bytes.
      p.splice(p.length - 2, 2);
      this.forgottenRanges++;
    }
  }
}
