import { Tuple } from './flowTable';

/*
 * A flow's tuple hash read straight from a frame's bytes, for the trackers of a split capture
 * (ConnectionTracker's `shard`): each reads every packet, and most packets belong to another
 * tracker, so finding the owner must cost far less than decoding. Only the plainest frames are
 * read here: Ethernet (VLAN tags allowed) or raw IP, an unfragmented IPv4 or an IPv6 datagram
 * without extension headers, carrying TCP or UDP with the ports captured. Anything else answers
 * NO_PEEK and is decoded. Every tracker finds a packet's owner the same way, so they always
 * agree; and a peeked hash is the decoded tuple's (Tuple.hash), so a flow's packets go to one
 * tracker whichever way each was read.
 */

export const NO_PEEK = -1;

const ETHERNET = 1;
const RAW = [12, 14, 101, 228, 229];
const IPV4 = 0x0800;
const IPV6 = 0x86dd;
const VLANS = [0x8100, 0x88a8, 0x9100];

/** Reads tuples into one Tuple, again for every packet. */
export class FlowPeek {
  private readonly t = new Tuple();

  /**
   * The tuple hash of the frame whose `caplen` bytes start at `start` in `b`, or NO_PEEK when it
   * is not one of the plain frames read here (the hash itself may be any integer but NO_PEEK:
   * see `hashOrPeek`).
   */
  hash(b: Uint8Array, start: number, caplen: number, linkType: number): number {
    const end = start + caplen;
    let ip: number;
    if (linkType === ETHERNET) {
      ip = start + 14;
      if (ip > end) return NO_PEEK;
      let type = (b[ip - 2]! << 8) | b[ip - 1]!;
      for (let tags = 0; VLANS.includes(type); tags++) {
        if (tags === 2 || ip + 4 > end) return NO_PEEK;
        type = (b[ip + 2]! << 8) | b[ip + 3]!;
        ip += 4;
      }
      if (type !== IPV4 && type !== IPV6) return NO_PEEK;
    } else if (RAW.includes(linkType)) {
      ip = start;
    } else {
      return NO_PEEK;
    }
    if (ip + 1 > end) return NO_PEEK;
    const version = b[ip]! >> 4;
    const t = this.t;
    let transport: number;
    if (version === 4 && linkType !== 229) {
      const ihl = (b[ip]! & 0xf) * 4;
      if (ihl < 20 || ip + ihl + 4 > end) return NO_PEEK;
      // More fragments, or a fragment offset: left to the decoder.
      if ((((b[ip + 6]! << 8) | b[ip + 7]!) & 0x3fff) !== 0) return NO_PEEK;
      const total = (b[ip + 2]! << 8) | b[ip + 3]!;
      if (total < ihl + 4) return NO_PEEK;
      t.version = 4;
      t.s0 = word(b, ip + 12); t.s1 = 0; t.s2 = 0; t.s3 = 0;
      t.d0 = word(b, ip + 16); t.d1 = 0; t.d2 = 0; t.d3 = 0;
      t.protocol = b[ip + 9]!;
      transport = ip + ihl;
    } else if (version === 6 && linkType !== 228) {
      if (ip + 44 > end) return NO_PEEK;
      const payload = (b[ip + 4]! << 8) | b[ip + 5]!;
      if (payload < 4) return NO_PEEK;
      t.version = 6;
      t.s0 = word(b, ip + 8); t.s1 = word(b, ip + 12); t.s2 = word(b, ip + 16); t.s3 = word(b, ip + 20);
      t.d0 = word(b, ip + 24); t.d1 = word(b, ip + 28); t.d2 = word(b, ip + 32); t.d3 = word(b, ip + 36);
      t.protocol = b[ip + 6]!;
      transport = ip + 40;
    } else {
      return NO_PEEK;
    }
    if (t.protocol !== 6 && t.protocol !== 17) return NO_PEEK;
    t.sport = (b[transport]! << 8) | b[transport + 1]!;
    t.dport = (b[transport + 2]! << 8) | b[transport + 3]!;
    return hashOrPeek(t.hash());
  }
}

/** A tuple hash, moved off NO_PEEK (which no shard computation may tell apart from "not read"). */
export function hashOrPeek(h: number): number {
  return h === NO_PEEK ? 0 : h;
}

function word(b: Uint8Array, o: number): number {
  return (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;
}
