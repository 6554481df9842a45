import { IpProtocol } from './linkTypes';
import type { DecodedPacket, IpHeader, Ipv4Header } from './types';

/*
 * Checksums are not checked while decoding: captures taken on the sending host (Windows
 * pktmon, Linux with offload) hold zeros or partial sums the NIC replaced later, so a mismatch
 * says little. These are for the caller who asks.
 */

/** RFC 1071 ones' complement sum of [start, end), added to `sum`, not folded or inverted. */
export function onesComplementSum(d: Uint8Array, start: number, end: number, sum = 0): number {
  let i = start;
  for (; i + 1 < end; i += 2) sum += (d[i] << 8) | d[i + 1];
  if (i < end) sum += d[i] << 8;
  return sum;
}

function fold(sum: number): number {
  // Sums stay far below 2^53 for any packet, so plain arithmetic is exact.
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** True when the IPv4 header checksum is right; false when wrong or the header was cut. */
export function verifyIpv4Checksum(ip: Ipv4Header): boolean {
  const end = ip.offset + ip.headerLength;
  if (end > ip.data.length || ip.optionsLength !== ip.headerLength - 20) return false;
  return fold(onesComplementSum(ip.data, ip.offset, end)) === 0xffff;
}

function pseudoHeaderSum(ip: IpHeader, protocol: number, length: number): number {
  let sum = onesComplementSum(ip.data, ip.srcOffset, ip.srcOffset + (ip.version === 4 ? 4 : 16));
  sum = onesComplementSum(ip.data, ip.dstOffset, ip.dstOffset + (ip.version === 4 ? 4 : 16), sum);
  return sum + protocol + (length & 0xffff) + Math.floor(length / 0x10000);
}

/**
 * Checks the TCP, UDP, ICMP or ICMPv6 checksum. Null when it cannot be checked: no such
 * header, a fragment, a segment the capture cut short, or a UDP/IPv4 checksum of 0 (none sent).
 */
export function verifyTransportChecksum(p: DecodedPacket): boolean | null {
  const ip = p.ip;
  if (ip === null || ip.isFragment || !ip.transportDecodable) return null;
  let start: number;
  let length: number;
  let protocol: number;
  if (p.tcp !== null) {
    start = p.tcp.offset;
    length = ip.payloadWireLength;
    protocol = IpProtocol.TCP;
  } else if (p.udp !== null) {
    if (p.udp.checksum === 0 && ip.version === 4) return null;
    start = p.udp.offset;
    length = p.udp.length === 0 ? ip.payloadWireLength : p.udp.length;
    protocol = IpProtocol.UDP;
  } else if (p.icmp !== null) {
    start = p.icmp.offset;
    length = ip.payloadWireLength;
    protocol = p.icmp.version === 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6;
  } else {
    return null;
  }
  if (start + length > p.data.length || length > ip.payloadWireLength) return null;
  let sum = onesComplementSum(p.data, start, start + length);
  if (protocol !== IpProtocol.ICMP) sum += pseudoHeaderSum(ip, protocol, length);
  return fold(sum) === 0xffff;
}
