import { decodeIcmp } from './icmp';
import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { decodeLink } from './link';
import { IpProtocol } from './linkTypes';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';
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

  constructor(
    readonly linkType: number,
    readonly data: Uint8Array,
    readonly capturedLength: number,
    readonly wireLength: number,
  ) {}
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
 * Decodes one captured frame: link header, IPv4/IPv6, then TCP, UDP, ICMP or ICMPv6.
 *
 * `data` is the captured bytes (kept by reference, not copied) and `origLen` the length on
 * the wire. Never throws: whatever is cut or garbled is listed in `problems`, and every layer
 * decoded before it is kept.
 */
export function decodePacket(linkType: number, data: Uint8Array, origLen: number): DecodedPacket {
  const cap = data.length;
  // A wire length below the captured one is a broken file; trust the bytes we have.
  const wire = origLen > cap ? origLen : cap;
  const p = new Packet(linkType, data, cap, wire);
  const link = decodeLink(linkType, data, p);
  p.link = link;
  let ip: IpHeader | null;
  if (link.network === 'ipv4') ip = decodeIpv4(data, link.headerLength, cap, wire, p, false);
  else if (link.network === 'ipv6') ip = decodeIpv6(data, link.headerLength, cap, wire, p, false);
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
      p.tcp = decodeTcp(data, off, end, wireEnd, p);
      break;
    case IpProtocol.UDP:
      p.udp = decodeUdp(data, off, end, wireEnd, p);
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
