/**
 * The unacknowledged segments of one direction, reduced to what Wireshark's flags depend on.
 *
 * `tcp_analyze_sequence_number` keeps a linked list of every segment not yet ACKed, capped at
 * TCP_MAX_UNACKED_SEGMENTS (10 000). None of the tcp.analysis.* flags look into that list. The
 * only thing they see is its length: once 10 000 segments are waiting, a new segment is not
 * stored, and a SYN or FIN is then no longer counted as one sequence number when `nextseq`
 * advances. That happens in real captures that hold only one side of a bulk transfer. So
 * this class keeps the count, and just enough of each segment (its end, `nextseq`) to know
 * when an ACK removes it.
 *
 * The rule Wireshark applies on every packet is that an ACK number removes every segment of
 * the other direction whose end is at or before it (modulo 2^32, each segment compared on
 * its own). A partly ACKed segment is kept. Its start moves, but the start does not matter
 * here.
 *
 * Memory is bounded: at most `capacity` ends are kept (a ring of signed words: a plain array of
 * small integers costs a fraction of a typed array's three objects, for a few ends per
 * connection). Older ones are folded into
 * an aggregate (`overflowCount` and the highest folded end). The aggregate is only removed
 * once an ACK passes all of it, where Wireshark would remove its members one by one. So past
 * the bound, the count can be too high while a partial ACK covers part of the folded segments.
 * That can bring forward the moment the 10 000 limit bites. With `capacity` ≥ 10 000 the
 * count is exact.
 */

/** Wireshark's TCP_MAX_UNACKED_SEGMENTS (packet-tcp.h). */
export const TCP_MAX_UNACKED_SEGMENTS = 10000;

const INITIAL_SLOTS = 8;
/** Slots are allocated on first use. A side that only sends pure ACKs (common when the capture starts mid-connection) never needs any. */
const NO_SLOTS: readonly number[] = [];

export class SegmentUnacked {
  /** Ends as signed words (`| 0`); `at` gives them back unsigned. Never written while empty. */
  private ring = NO_SLOTS as number[];
  private head = 0;
  private size = 0;
  /** True while the stored ends run non-decreasing (modulo 2^32) within half the sequence space. */
  private sorted = true;
  private overflowCount = 0;
  private overflowMax = 0;

  constructor(private readonly capacity: number) {}

  /** Back to the state of a new list; the ring keeps its storage (a reused connection's). */
  reset(): void {
    this.head = 0;
    this.size = 0;
    this.sorted = true;
    this.overflowCount = 0;
    this.overflowMax = 0;
  }

  /** Segments Wireshark would have in its list. */
  get count(): number {
    return this.size + this.overflowCount;
  }

  /** A segment ending at `nextseq` (modulo 2^32: a signed word or an unsigned value alike). */
  add(nextseq: number): void {
    if (this.size === this.ring.length) {
      if (this.ring.length < this.capacity) this.grow();
      else this.foldOldest();
    }
    if (this.size > 0 && this.sorted) {
      const last = this.at(this.size - 1);
      const first = this.at(0);
      // Comparing with the first too keeps the run within half the space, where "ends at or
      // before ack" always selects a prefix or a suffix of it.
      if (((nextseq - last) | 0) < 0 || ((nextseq - first) | 0) < 0) this.sorted = false;
    }
    this.ring[(this.head + this.size) % this.ring.length] = nextseq | 0;
    this.size++;
  }

  /** Drops every segment whose end is at or before `ack`, modulo 2^32 (`ack` a signed word or an unsigned value alike). */
  ackUpTo(ack: number): void {
    if (this.overflowCount > 0 && ((this.overflowMax - ack) | 0) <= 0) this.overflowCount = 0;
    if (this.size === 0) return;
    if (this.sorted) {
      while (this.size > 0 && ((this.at(0) - ack) | 0) <= 0) {
        this.head = (this.head + 1) % this.ring.length;
        this.size--;
      }
      while (this.size > 0 && ((this.at(this.size - 1) - ack) | 0) <= 0) this.size--;
      if (this.size === 0) this.head = 0;
      return;
    }
    this.compact(ack);
  }

  private at(i: number): number {
    return this.ring[(this.head + i) % this.ring.length]! >>> 0;
  }

  /** Retransmitted or reordered segments broke the order: filter them one by one, as Wireshark does. */
  private compact(ack: number): void {
    let kept = 0;
    let sorted = true;
    let first = 0;
    let prev = 0;
    const len = this.ring.length;
    for (let i = 0; i < this.size; i++) {
      const v = this.ring[(this.head + i) % len]! >>> 0;
      if (((v - ack) | 0) <= 0) continue;
      if (kept === 0) first = v;
      else if (((v - prev) | 0) < 0 || ((v - first) | 0) < 0) sorted = false;
      this.ring[(this.head + kept) % len] = v | 0;
      prev = v;
      kept++;
    }
    this.size = kept;
    this.sorted = sorted;
  }

  private grow(): void {
    const length = Math.min(Math.max(this.ring.length * 2, INITIAL_SLOTS), this.capacity);
    const next = new Array<number>(length);
    for (let i = 0; i < length; i++) next[i] = i < this.size ? this.at(i) | 0 : 0;
    this.ring = next;
    this.head = 0;
  }

  private foldOldest(): void {
    const v = this.at(0);
    if (this.overflowCount === 0 || ((v - this.overflowMax) | 0) > 0) this.overflowMax = v;
    this.overflowCount++;
    this.head = (this.head + 1) % this.ring.length;
    this.size--;
  }
}
