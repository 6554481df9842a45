import type { FlowSlot, Tuple } from './flowTable';

/** Int32 words per entry: hash, protocol and version, the client's address, the server's, both ports. */
const WORDS = 11;
const INITIAL_CAPACITY = 1024;

/**
 * The 4-tuples of conversations that finished lately, each remembered until a capture time, and
 * forgotten in the order they finished. A capture remembers one per connection of the last few
 * minutes, easily a hundred thousand: as objects they were half of the tracker's heap, so they
 * live in typed arrays, in a ring, with chained hash buckets.
 *
 * Entry ids count every entry ever added; entry `k` is at index `k & mask`. Buckets and chains
 * hold ids, newest first, so a chain ends at the first id older than the oldest one remembered.
 */
export class FinishedTuples {
  private mask = INITIAL_CAPACITY - 1;
  private words = new Int32Array(INITIAL_CAPACITY * WORDS);
  private until = new Float64Array(INITIAL_CAPACITY);
  /** Id of the next older entry in the same bucket; -1 for none. */
  private older = new Float64Array(INITIAL_CAPACITY);
  /** Newest id per bucket (a bucket per entry of capacity); -1 for none. */
  private buckets = new Float64Array(INITIAL_CAPACITY).fill(-1);
  /** Id of the oldest entry remembered, and the id the next entry gets. */
  private first = 0;
  private next = 0;

  get size(): number {
    return this.next - this.first;
  }

  /** Remembers the slot's 4-tuple until `until`. */
  add(slot: FlowSlot<unknown>, until: number): void {
    if (this.next - this.first > this.mask) this.grow();
    const k = this.next++;
    const i = k & this.mask;
    const w = this.words;
    const o = i * WORDS;
    w[o] = slot.hash;
    w[o + 1] = kindOf(slot.protocol, slot.version);
    w[o + 2] = slot.c0; w[o + 3] = slot.c1; w[o + 4] = slot.c2; w[o + 5] = slot.c3;
    w[o + 6] = slot.v0; w[o + 7] = slot.v1; w[o + 8] = slot.v2; w[o + 9] = slot.v3;
    w[o + 10] = portsOf(slot.cport, slot.vport);
    this.until[i] = until;
    this.chain(k, slot.hash);
  }

  /**
   * The time until which the oldest remembered entry of the tuple's conversation (either
   * direction) is kept; -Infinity when there is none.
   */
  oldestUntil(t: Tuple, hash: number): number {
    const w = this.words;
    const mask = this.mask;
    const kind = kindOf(t.protocol, t.version);
    const forward = portsOf(t.sport, t.dport);
    const backward = portsOf(t.dport, t.sport);
    let found = Number.NEGATIVE_INFINITY;
    for (let k = this.buckets[hash & mask]!; k >= this.first; k = this.older[k & mask]!) {
      const i = k & mask;
      const o = i * WORDS;
      if (w[o] !== hash || w[o + 1] !== kind) continue;
      const ports = w[o + 10];
      const same =
        (ports === forward &&
          w[o + 2] === t.s0 && w[o + 3] === t.s1 && w[o + 4] === t.s2 && w[o + 5] === t.s3 &&
          w[o + 6] === t.d0 && w[o + 7] === t.d1 && w[o + 8] === t.d2 && w[o + 9] === t.d3) ||
        (ports === backward &&
          w[o + 2] === t.d0 && w[o + 3] === t.d1 && w[o + 4] === t.d2 && w[o + 5] === t.d3 &&
          w[o + 6] === t.s0 && w[o + 7] === t.s1 && w[o + 8] === t.s2 && w[o + 9] === t.s3);
      // Newest first: the last match is the oldest.
      if (same) found = this.until[i]!;
    }
    return found;
  }

  /** Forgets entries, oldest first, while their time is before `now`. */
  expire(now: number): void {
    while (this.first < this.next && this.until[this.first & this.mask]! < now) this.first++;
  }

  private chain(k: number, hash: number): void {
    const b = hash & this.mask;
    this.older[k & this.mask] = this.buckets[b]!;
    this.buckets[b] = k;
  }

  /** Doubles the capacity (and the buckets), keeping every entry and its place in the order. */
  private grow(): void {
    const oldMask = this.mask;
    const oldWords = this.words;
    const oldUntil = this.until;
    const capacity = (oldMask + 1) * 2;
    this.mask = capacity - 1;
    this.words = new Int32Array(capacity * WORDS);
    this.until = new Float64Array(capacity);
    this.older = new Float64Array(capacity);
    this.buckets = new Float64Array(capacity).fill(-1);
    for (let k = this.first; k < this.next; k++) {
      const from = k & oldMask;
      const to = k & this.mask;
      // Word by word: a view per entry was most of what growing allocated.
      for (let w = 0; w < WORDS; w++) this.words[to * WORDS + w] = oldWords[from * WORDS + w]!;
      this.until[to] = oldUntil[from]!;
      this.chain(k, this.words[to * WORDS]!);
    }
  }
}

function kindOf(protocol: number, version: number): number {
  return (protocol << 4) | version;
}

function portsOf(a: number, b: number): number {
  return (a << 16) | b;
}
