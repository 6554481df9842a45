import type { IpHeader } from '../decode/types';
import { FinishedTuples } from './finishedTuples';

/**
 * The addresses and ports of one packet, as 32-bit words (IPv4 uses word 0 only). One instance is
 * refilled for every packet, so finding a connection allocates nothing: at millions of packets
 * per second, building a string key per packet cost more than all the TCP tracking together.
 * Words are signed (`| 0`): small integers to the engine, where unsigned ones above 2^31 would
 * each be a boxed number in every slot that copies them.
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
      this.s0 = ip.src | 0; this.s1 = 0; this.s2 = 0; this.s3 = 0;
      this.d0 = ip.dst | 0; this.d1 = 0; this.d2 = 0; this.d3 = 0;
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

  /**
   * Direction-independent hash: both directions of a conversation land in one bucket. (Only the
   * buckets depend on it, never a result: a tuple has at most one live slot.)
   */
  hash(): number {
    let a: number;
    let b: number;
    if (this.version === 4) {
      a = endHash(mix(SEED, this.s0), this.sport);
      b = endHash(mix(SEED, this.d0), this.dport);
    } else {
      a = endHash(mix(mix(mix(mix(SEED, this.s0), this.s1), this.s2), this.s3), this.sport);
      b = endHash(mix(mix(mix(mix(SEED, this.d0), this.d1), this.d2), this.d3), this.dport);
    }
    return (a ^ b ^ Math.imul(this.protocol + this.version, 0x9e3779b1)) | 0;
  }
}

function word(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

const SEED = 0x2545f491;

/** One end's hash: `h` (its address mixed in) with the port mixed in, finalised. */
function endHash(h: number, port: number): number {
  h = mix(h, port);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}

/** One live conversation's slot: its client → server tuple, and what it holds. */
export class FlowSlot<T> {
  /** The connection, or null once it was handed on (the table then only remembers its 4-tuple). */
  value: T | null;
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
 * Conversations by 4-tuple, either direction: live ones in a hash table of chained slots, and,
 * for a while after they finish, their 4-tuples, so that a later connection on the same 4-tuple
 * can be told it reuses it (see FinishedTuples). The live table is a plain array of chain heads
 * indexed by the low bits of the hash: every packet looks a slot up.
 */
export class FlowTable<T> {
  private heads: (FlowSlot<T> | null)[] = new Array<FlowSlot<T> | null>(INITIAL_BUCKETS).fill(null);
  private liveCount = 0;
  private readonly finished = new FinishedTuples();
  /** Set by `find`: whether the tuple's sender is the client of the slot found. */
  senderIsClient = false;
  /**
   * Set by `find` when no live slot was found: the time until which the 4-tuple's conversation
   * that finished first (of those still remembered) is remembered; -Infinity for none.
   */
  finishedUntil = Number.NEGATIVE_INFINITY;

  /** The live slot of this tuple's conversation, or null. */
  find(t: Tuple, hash: number): FlowSlot<T> | null {
    for (let s = this.heads[hash & (this.heads.length - 1)]; s !== null; s = s.next) {
      if (s.hash !== hash) continue;
      const d = s.direction(t);
      if (d === 0) continue;
      this.senderIsClient = d === 1;
      this.finishedUntil = Number.NEGATIVE_INFINITY;
      return s;
    }
    this.finishedUntil = this.finished.oldestUntil(t, hash);
    return null;
  }

  add(t: Tuple, hash: number, senderIsClient: boolean, value: T): FlowSlot<T> {
    if (++this.liveCount > this.heads.length) this.grow();
    const slot = new FlowSlot(hash, t, senderIsClient, value);
    this.link(slot);
    return slot;
  }

  /** The slot's conversation is over: remember only that its 4-tuple was used, until `until`. */
  finish(slot: FlowSlot<T>, until: number): void {
    const b = slot.hash & (this.heads.length - 1);
    let prev: FlowSlot<T> | null = null;
    for (let s = this.heads[b]; s !== slot; prev = s, s = s.next) {
      if (s === null) throw new Error('FlowTable.finish: the slot is not live');
    }
    if (prev !== null) prev.next = slot.next;
    else this.heads[b] = slot.next;
    this.liveCount--;
    slot.next = null;
    slot.value = null;
    this.finished.add(slot, until);
  }

  /** Forgets finished 4-tuples whose time is up. */
  expire(now: number): void {
    this.finished.expire(now);
  }

  private link(slot: FlowSlot<T>): void {
    const b = slot.hash & (this.heads.length - 1);
    slot.next = this.heads[b];
    this.heads[b] = slot;
  }

  /** Twice the buckets, so that chains stay about one slot long. */
  private grow(): void {
    const old = this.heads;
    this.heads = new Array<FlowSlot<T> | null>(old.length * 2).fill(null);
    for (let s of old) {
      while (s !== null) {
        const next = s.next;
        this.link(s);
        s = next;
      }
    }
  }
}

const INITIAL_BUCKETS = 1024;
