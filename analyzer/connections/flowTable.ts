import type { IpHeader } from '../decode/types';

/**
 * The addresses and ports of one packet, as 32-bit words (IPv4 uses word 0 only). One instance is
 * refilled for every packet, so finding a connection allocates nothing: at millions of packets
 * per second, building a string key per packet cost more than all the TCP tracking together.
 */
export class Tuple {
  protocol = 0;
  version: 4 | 6 = 4;
  s0 = 0; s1 = 0; s2 = 0; s3 = 0;
  d0 = 0; d1 = 0; d2 = 0; d3 = 0;
  sport = 0;
  dport = 0;

  fill(ip: IpHeader, protocol: number, sport: number, dport: number): this {
    this.protocol = protocol;
    this.sport = sport;
    this.dport = dport;
    if (ip.version === 4) {
      this.version = 4;
      this.s0 = ip.src; this.s1 = 0; this.s2 = 0; this.s3 = 0;
      this.d0 = ip.dst; this.d1 = 0; this.d2 = 0; this.d3 = 0;
    } else {
      this.version = 6;
      const b = ip.data;
      const s = ip.srcOffset;
      const d = ip.dstOffset;
      this.s0 = word(b, s); this.s1 = word(b, s + 4); this.s2 = word(b, s + 8); this.s3 = word(b, s + 12);
      this.d0 = word(b, d); this.d1 = word(b, d + 4); this.d2 = word(b, d + 8); this.d3 = word(b, d + 12);
    }
    return this;
  }

  /** Direction-independent hash: both directions of a conversation land in one bucket. */
  hash(): number {
    const a = endHash(this.s0, this.s1, this.s2, this.s3, this.sport);
    const b = endHash(this.d0, this.d1, this.d2, this.d3, this.dport);
    return (a ^ b ^ Math.imul(this.protocol + this.version, 0x9e3779b1)) | 0;
  }
}

function word(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function endHash(a0: number, a1: number, a2: number, a3: number, port: number): number {
  let h = mix(0x2545f491, a0);
  h = mix(h, a1);
  h = mix(h, a2);
  h = mix(h, a3);
  h = mix(h, port);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}

/** One conversation's slot: its client → server tuple, and what it holds. */
export class FlowSlot<T> {
  /** The connection, or null once it was handed on (the slot then only remembers the 4-tuple was used). */
  value: T | null;
  /** Capture time until which a finished slot is remembered; +Infinity while live. */
  until = Number.POSITIVE_INFINITY;
  next: FlowSlot<T> | null = null;
  readonly protocol: number;
  readonly version: 4 | 6;
  readonly c0: number; readonly c1: number; readonly c2: number; readonly c3: number;
  readonly v0: number; readonly v1: number; readonly v2: number; readonly v3: number;
  readonly cport: number;
  readonly vport: number;

  constructor(readonly hash: number, t: Tuple, senderIsClient: boolean, value: T) {
    this.value = value;
    this.protocol = t.protocol;
    this.version = t.version;
    if (senderIsClient) {
      this.c0 = t.s0; this.c1 = t.s1; this.c2 = t.s2; this.c3 = t.s3; this.cport = t.sport;
      this.v0 = t.d0; this.v1 = t.d1; this.v2 = t.d2; this.v3 = t.d3; this.vport = t.dport;
    } else {
      this.c0 = t.d0; this.c1 = t.d1; this.c2 = t.d2; this.c3 = t.d3; this.cport = t.dport;
      this.v0 = t.s0; this.v1 = t.s1; this.v2 = t.s2; this.v3 = t.s3; this.vport = t.sport;
    }
  }

  /** 1: the tuple's sender is this slot's client; -1: its server; 0: another conversation. */
  direction(t: Tuple): number {
    if (t.protocol !== this.protocol || t.version !== this.version) return 0;
    if (t.sport === this.cport && t.dport === this.vport &&
        t.s0 === this.c0 && t.d0 === this.v0 && t.s1 === this.c1 && t.s2 === this.c2 && t.s3 === this.c3 &&
        t.d1 === this.v1 && t.d2 === this.v2 && t.d3 === this.v3) return 1;
    if (t.sport === this.vport && t.dport === this.cport &&
        t.s0 === this.v0 && t.d0 === this.c0 && t.s1 === this.v1 && t.s2 === this.v2 && t.s3 === this.v3 &&
        t.d1 === this.c1 && t.d2 === this.c2 && t.d3 === this.c3) return -1;
    return 0;
  }
}

/**
 * Conversations by 4-tuple, either direction, in a hash map of chained slots keyed by a number.
 * Finished conversations stay as slots without a value for a while, so that a later connection
 * on the same 4-tuple can be told it reuses it.
 */
export class FlowTable<T> {
  private readonly buckets = new Map<number, FlowSlot<T>>();
  /** Finished slots in the order they finished, i.e. in order of `until`. */
  private finished: FlowSlot<T>[] = [];
  private finishedHead = 0;
  /** Set by `find`: whether the tuple's sender is the client of the slot found. */
  senderIsClient = false;
  /** Set by `find`: a finished slot of the same 4-tuple, when no live one was found. */
  finishedMatch: FlowSlot<T> | null = null;

  /** The live slot of this tuple's conversation, or null. */
  find(t: Tuple, hash: number): FlowSlot<T> | null {
    this.finishedMatch = null;
    for (let s = this.buckets.get(hash) ?? null; s !== null; s = s.next) {
      const d = s.direction(t);
      if (d === 0) continue;
      if (s.value === null) {
        this.finishedMatch = s;
        continue;
      }
      this.senderIsClient = d === 1;
      return s;
    }
    return null;
  }

  add(t: Tuple, hash: number, senderIsClient: boolean, value: T): FlowSlot<T> {
    const slot = new FlowSlot(hash, t, senderIsClient, value);
    slot.next = this.buckets.get(hash) ?? null;
    this.buckets.set(hash, slot);
    return slot;
  }

  /** The slot's conversation is over: keep only the memory that its 4-tuple was used, until `until`. */
  finish(slot: FlowSlot<T>, until: number): void {
    slot.value = null;
    slot.until = until;
    this.finished.push(slot);
  }

  /** Forgets finished slots whose time is up. */
  expire(now: number): void {
    const f = this.finished;
    let i = this.finishedHead;
    while (i < f.length && f[i]!.until < now) this.unlink(f[i++]!);
    if (i > 1024 && i * 2 > f.length) {
      this.finished = f.slice(i);
      i = 0;
    }
    this.finishedHead = i;
  }

  private unlink(slot: FlowSlot<T>): void {
    let prev: FlowSlot<T> | null = null;
    for (let s = this.buckets.get(slot.hash) ?? null; s !== null; prev = s, s = s.next) {
      if (s !== slot) continue;
      if (prev !== null) prev.next = s.next;
      else if (s.next !== null) this.buckets.set(slot.hash, s.next);
      else this.buckets.delete(slot.hash);
      return;
    }
  }
}
