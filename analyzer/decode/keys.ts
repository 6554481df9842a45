import type { DecodedPacket, IcmpQuote, IpHeader } from './types';

/*
 * Keys for connection tables: short strings built straight from the address bytes with
 * String.fromCharCode (one UTF-16 unit per 16 bits), so building one costs about as much as a
 * small object and never formats digits. They are opaque: not for display, only for Map keys
 * and equality. IPv4 and IPv6 keys differ in length and in a version unit, so they never clash.
 */

/** Opaque key of the source or destination address (2 units for IPv4, 8 for IPv6). */
export function addressKey(ip: IpHeader, which: 'src' | 'dst'): string {
  if (ip.version === 4) {
    const a = which === 'src' ? ip.src : ip.dst;
    return String.fromCharCode(a >>> 16, a & 0xffff);
  }
  const d = ip.data;
  const o = which === 'src' ? ip.srcOffset : ip.dstOffset;
  return String.fromCharCode(
    (d[o] << 8) | d[o + 1],
    (d[o + 2] << 8) | d[o + 3],
    (d[o + 4] << 8) | d[o + 5],
    (d[o + 6] << 8) | d[o + 7],
    (d[o + 8] << 8) | d[o + 9],
    (d[o + 10] << 8) | d[o + 11],
    (d[o + 12] << 8) | d[o + 13],
    (d[o + 14] << 8) | d[o + 15],
  );
}

/**
 * Key of one direction of a conversation: protocol, IP version, source address and port,
 * destination address and port. `reverse` swaps the ends, giving the key the other
 * direction's packets produce.
 */
export function makeConnectionKey(ip: IpHeader, protocol: number, srcPort: number, dstPort: number, reverse: boolean): string {
  const head = String.fromCharCode(protocol, ip.version);
  const src = addressKey(ip, 'src');
  const dst = addressKey(ip, 'dst');
  const sp = String.fromCharCode(srcPort);
  const dp = String.fromCharCode(dstPort);
  return reverse ? head + dst + dp + src + sp : head + src + sp + dst + dp;
}

/** Directional key of a TCP or UDP packet's conversation; null for anything else. */
export function connectionKey(p: DecodedPacket, reverse = false): string | null {
  const ip = p.ip;
  if (ip === null) return null;
  if (p.tcp !== null) return makeConnectionKey(ip, ip.protocol, p.tcp.srcPort, p.tcp.dstPort, reverse);
  if (p.udp !== null) return makeConnectionKey(ip, ip.protocol, p.udp.srcPort, p.udp.dstPort, reverse);
  return null;
}

/**
 * Key of the conversation an ICMP error is about, in the direction of the quoted datagram
 * (so it equals `connectionKey` of the packet that provoked the error); null without ports.
 */
export function quoteConnectionKey(q: IcmpQuote, reverse = false): string | null {
  if (q.ip === null || q.srcPort < 0) return null;
  return makeConnectionKey(q.ip, q.protocol, q.srcPort, q.dstPort, reverse);
}
