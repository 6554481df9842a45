/** Per-packet protocol decoding: link layer, IPv4/IPv6, TCP, UDP, ICMP/ICMPv6. */
export { PacketScratch, decodeBytesInto, decodePacket, decodePacketInto } from './decodePacket';
export type {
  DecodeLayer,
  DecodeProblem,
  DecodedPacket,
  IcmpHeader,
  IcmpQuote,
  IpHeader,
  Ipv4Header,
  Ipv6Extension,
  Ipv6Header,
  LinkHeader,
  LinkKind,
  NetworkKind,
  ProblemKind,
  ProblemSink,
  TcpHeader,
  TcpRawOption,
  UdpHeader,
  VlanTag,
} from './types';
export { AddressFamily, ARPHRD_NETLINK, EtherType, IpProtocol, LinkType, SllPacketType, isSupportedLinkType, linkTypeName } from './linkTypes';
export { MAX_VLAN_DEPTH, decodeLink } from './link';
export { decodeIpv4, parseIpv4Options } from './ipv4';
export type { Ipv4Option } from './ipv4';
export { decodeIpv6, ipv6ExtensionName } from './ipv6';
export { TcpOptionKind, decodeTcp, parseTcpOptions } from './tcp';
export type { TcpOption } from './tcp';
export { TcpFlag, tcpFlagLetters } from './tcpFlags';
export { decodeUdp } from './udp';
export { decodeIcmp, isIcmpError } from './icmp';
export { formatIp, formatIpv4, formatIpv4Bytes, formatIpv6, formatMac } from './address';
export { onesComplementSum, verifyIpv4Checksum, verifyTransportChecksum } from './checksum';
