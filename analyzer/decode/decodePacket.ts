import { decodeIcmp } from './icmp';
import { blankIpv4Header, decodeIpv4 } from './ipv4';
import { blankIpv6Header, decodeIpv6 } from './ipv6';
import { decodeLink } from './link';
import * as linkTypes from './linkTypes';
import { blankTcpHeader, decodeTcp } from './tcp';
import { blankUdpHeader, decodeUdp } from './udp';
import type {
  DecodeLayer,
  DecodeProblem,
  DecodedPacket,
  IcmpHeader,
  IpHeader,
  LinkHeader,
  ProblemSink,
  TcpHeader,
  UdpHeader,
} from './types';

// Read once, not through the import on every packet: where imports are getters (tsx, which runs
// the tests and the benchmarks), each read is a call.
const { IpProtocol } = linkTypes;

const NO_BYTES = new Uint8Array(0);

/**
 * The packet is also the problem sink its decoders write to, so a clean packet costs one
 * object plus one per header. A class keeps every packet on one hidden class.
 */
class Packet implements DecodedPacket, ProblemSink {
  link: LinkHeader = PENDING_LINK;
  ip: IpHeader | null = null;
  tcp: TcpHeader | null = null;
  udp: UdpHeader | null = null;
  icmp: IcmpHeader | null = null;
  truncated: DecodeLayer | null = null;
  problems: DecodeProblem[] | null = null;
  linkType = 0;
  data: Uint8Array = NO_BYTES;
  start = 0;
  capturedLength = 0;
  wireLength = 0;
}

const PENDING_LINK: LinkHeader = Object.freeze({
  kind: 'unsupported',
  headerLength: 0,
  network: 'none',
  protocol: -1,
  vlans: null,
  addressFamily: -1,
  packetType: -1,
  hardwareType: -1,
  interfaceIndex: -1,
  srcAddrOffset: -1,
  dstAddrOffset: -1,
  addrLength: 0,
});

/**
 * The objects `decodePacketInto` decodes into, again for every packet: the packet and one header
 * of each kind that a packet has at most once. (ICMP, rare, is decoded into new objects.)
 */
export class PacketScratch {
  readonly packet = new Packet();
  readonly ipv4 = blankIpv4Header();
  readonly ipv6 = blankIpv6Header();
  readonly tcp = blankTcpHeader();
  readonly udp = blankUdpHeader();
}

/**
 * Decodes one captured frame: link header, IPv4/IPv6, then TCP, UDP, ICMP or ICMPv6.
 *
 * `data` is the captured bytes (kept by reference, not copied) and `origLen` the length on
 * the wire. Never throws: whatever is cut or garbled is listed in `problems`, and every layer
 * decoded before it is kept.
 */
export function decodePacket(linkType: number, data: Uint8Array, origLen: number): DecodedPacket {
  return decodeFrame(new Packet(), null, linkType, data, 0, data.length, origLen);
}

/**
 * `decodePacket` without allocating for the usual packet: the result and its IP, TCP and UDP
 * headers are the objects of `scratch`, overwritten by the next call with the same scratch. For
 * a caller that is done with the packet before it decodes the next one and keeps no reference
 * to it or its headers (copy out what must last). Same values as `decodePacket`, field by field.
 */
export function decodePacketInto(scratch: PacketScratch, linkType: number, data: Uint8Array, origLen: number): DecodedPacket {
  return decodeBytesInto(scratch, linkType, data, 0, data.length, origLen);
}

/**
 * `decodePacketInto` for the `caplen` captured bytes at `start` in `bytes`, where the reader found
 * them: no view of the packet is made. The headers' offsets index `bytes` (the result's `data`).
 */
export function decodeBytesInto(
  scratch: PacketScratch, linkType: number, bytes: Uint8Array, start: number, caplen: number, origLen: number,
): DecodedPacket {
  const p = scratch.packet;
  p.ip = null;
  p.tcp = null;
  p.udp = null;
  p.icmp = null;
  p.truncated = null;
  p.problems = null;
  return decodeFrame(p, scratch, linkType, bytes, start, caplen, origLen);
}

/**
 * Decodes the `cap` bytes at `start` in `data` into `p` (all of whose headers are null), and into
 * `s`'s headers when given.
 */
function decodeFrame(
  p: Packet, s: PacketScratch | null, linkType: number, data: Uint8Array, start: number, cap: number, origLen: number,
): DecodedPacket {
  // A wire length below the captured one is a broken file; trust the bytes we have.
  const wire = origLen > cap ? origLen : cap;
  p.linkType = linkType;
  p.data = data;
  p.start = start;
  p.capturedLength = cap;
  p.wireLength = wire;
  const link = decodeLink(linkType, data, start, cap, p);
  p.link = link;
  const at = start + link.headerLength;
  let ip: IpHeader | null;
  if (link.network === 'ipv4') ip = decodeIpv4(data, at, start + cap, start + wire, p, false, s?.ipv4);
  else if (link.network === 'ipv6') ip = decodeIpv6(data, at, start + cap, start + wire, p, false, s?.ipv6);
  else return p;
  p.ip = ip;
  if (ip === null || !ip.transportDecodable) return p;

  // A first fragment too small for the header leaves the rest of it to the next fragment
  // (RFC 1858 "tiny fragments"): not decodable here, but not malformed either.
  if (ip.moreFragments && ip.payloadWireLength < minimumHeader(ip.protocol)) return p;

  const off = ip.payloadOffset;
  const end = off + ip.payloadLength;
  const wireEnd = off + ip.payloadWireLength;
  switch (ip.protocol) {
    case IpProtocol.TCP:
      p.tcp = decodeTcp(data, off, end, wireEnd, p, s?.tcp);
      break;
    case IpProtocol.UDP:
      p.udp = decodeUdp(data, off, end, wireEnd, p, s?.udp);
      break;
    case IpProtocol.ICMP:
      if (ip.version === 4) p.icmp = decodeIcmp(data, off, end, wireEnd, 4, p);
      break;
    case IpProtocol.ICMPV6:
      if (ip.version === 6) p.icmp = decodeIcmp(data, off, end, wireEnd, 6, p);
      break;
  }
  return p;
}

function minimumHeader(protocol: number): number {
  return protocol === IpProtocol.TCP ? 20 : 8;
}
