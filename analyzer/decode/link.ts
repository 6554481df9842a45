import * as linkTypes from './linkTypes';
import { addProblem, addTruncated } from './problems';
import type { LinkHeader, LinkKind, NetworkKind, ProblemSink, VlanTag } from './types';

// Read once, not through the import on every packet: where imports are getters (tsx, which runs
// the tests and the benchmarks), each read is a call.
const { ARPHRD_NETLINK, AddressFamily, EtherType, LinkType } = linkTypes;

/** IEEE 802.1Q allows stacking; more than this is garbage, not a real network. */
export const MAX_VLAN_DEPTH = 8;

/**
 * Decodes the link-layer header of the `cap` captured bytes at `s` in `d`. Never throws; problems
 * go to `sink`.
 */
export function decodeLink(linkType: number, d: Uint8Array, s: number, cap: number, sink: ProblemSink): LinkHeader {
  switch (linkType) {
    case LinkType.ETHERNET:
      return decodeEthernet(d, s, cap, sink);
    case LinkType.NULL:
      return decodeNull(d, s, cap, false, sink);
    case LinkType.LOOP:
      return decodeNull(d, s, cap, true, sink);
    case LinkType.RAW:
    case LinkType.DLT_RAW_12:
    case LinkType.DLT_RAW_14:
      return decodeRaw(d, s, cap, sink);
    case LinkType.IPV4:
      return IPV4_ONLY;
    case LinkType.IPV6:
      return IPV6_ONLY;
    case LinkType.LINUX_SLL:
      return decodeSll(d, s, cap, sink);
    case LinkType.LINUX_SLL2:
      return decodeSll2(d, s, cap, sink);
    default:
      addProblem(sink, 'link', 'unsupported', `Link type ${linkType} is not supported`);
      return makeLink('unsupported', 0, 'none', -1, null, -1, -1, -1, -1, -1, -1, 0);
  }
}

/** Every LinkHeader comes from here, so all share one hidden class. */
function makeLink(
  kind: LinkKind,
  headerLength: number,
  network: NetworkKind,
  protocol: number,
  vlans: VlanTag[] | null,
  addressFamily: number,
  packetType: number,
  hardwareType: number,
  interfaceIndex: number,
  srcAddrOffset: number,
  dstAddrOffset: number,
  addrLength: number,
): LinkHeader {
  return {
    kind,
    headerLength,
    network,
    protocol,
    vlans,
    addressFamily,
    packetType,
    hardwareType,
    interfaceIndex,
    srcAddrOffset,
    dstAddrOffset,
    addrLength,
  };
}

function networkOfEtherType(type: number): NetworkKind {
  return type === EtherType.IPV4 ? 'ipv4' : type === EtherType.IPV6 ? 'ipv6' : 'other';
}

function isVlanTpid(type: number): boolean {
  return type === EtherType.VLAN || type === EtherType.QINQ || type === EtherType.QINQ_OLD;
}

function decodeEthernet(d: Uint8Array, s: number, cap: number, sink: ProblemSink): LinkHeader {
  if (cap < 14) {
    addTruncated(sink, 'link', 'Ethernet header', 14, cap);
    return makeLink('ethernet', cap, 'none', -1, null, -1, -1, -1, -1, cap >= 12 ? 6 : -1, cap >= 6 ? 0 : -1, 6);
  }
  let type = (d[s + 12] << 8) | d[s + 13];
  let off = 14;
  let vlans: VlanTag[] | null = null;
  while (isVlanTpid(type)) {
    if (vlans !== null && vlans.length === MAX_VLAN_DEPTH) {
      addProblem(sink, 'link', 'malformed', `More than ${MAX_VLAN_DEPTH} VLAN tags`);
      return makeLink('ethernet', off, 'none', -1, vlans, -1, -1, -1, -1, 6, 0, 6);
    }
    if (off + 4 > cap) {
      addTruncated(sink, 'link', 'VLAN tag', off + 4, cap);
      return makeLink('ethernet', cap, 'none', -1, vlans, -1, -1, -1, -1, 6, 0, 6);
    }
    const tci = (d[s + off] << 8) | d[s + off + 1];
    const tag: VlanTag = { tpid: type, pcp: tci >> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0xfff };
    if (vlans === null) vlans = [tag];
    else vlans.push(tag);
    type = (d[s + off + 2] << 8) | d[s + off + 3];
    off += 4;
  }
  if (vlans === null) {
    if (type === EtherType.IPV4) return ETHERNET_IPV4;
    if (type === EtherType.IPV6) return ETHERNET_IPV6;
  }
  return makeLink('ethernet', off, networkOfEtherType(type), type, vlans, -1, -1, -1, -1, 6, 0, 6);
}

// Untagged Ethernet headers all decode to the same values: share them rather than allocate
// one per packet. (Not frozen: a frozen object gets its own hidden class, and readers of
// `link` would turn polymorphic.)
const ETHERNET_IPV4 = makeLink('ethernet', 14, 'ipv4', EtherType.IPV4, null, -1, -1, -1, -1, 6, 0, 6);
const ETHERNET_IPV6 = makeLink('ethernet', 14, 'ipv6', EtherType.IPV6, null, -1, -1, -1, -1, 6, 0, 6);
const RAW_IPV4 = makeLink('raw', 0, 'ipv4', EtherType.IPV4, null, -1, -1, -1, -1, -1, -1, 0);
const RAW_IPV6 = makeLink('raw', 0, 'ipv6', EtherType.IPV6, null, -1, -1, -1, -1, -1, -1, 0);
const IPV4_ONLY = makeLink('ipv4', 0, 'ipv4', EtherType.IPV4, null, -1, -1, -1, -1, -1, -1, 0);
const IPV6_ONLY = makeLink('ipv6', 0, 'ipv6', EtherType.IPV6, null, -1, -1, -1, -1, -1, -1, 0);

/**
 * NULL stores the family in the capturing host's byte order, which the file does not record;
 * every real family is < 65536, so a zero low half of the little-endian reading means the bytes
 * were big-endian. LOOP is always big-endian.
 */
function decodeNull(d: Uint8Array, s: number, cap: number, loop: boolean, sink: ProblemSink): LinkHeader {
  const kind: LinkKind = loop ? 'loop' : 'null';
  if (cap < 4) {
    addTruncated(sink, 'link', loop ? 'Loopback header' : 'Null/Loopback header', 4, cap);
    return makeLink(kind, cap, 'none', -1, null, -1, -1, -1, -1, -1, -1, 0);
  }
  const be = ((d[s] << 24) | (d[s + 1] << 16) | (d[s + 2] << 8) | d[s + 3]) >>> 0;
  const family = loop || (d[s] === 0 && d[s + 1] === 0) ? be : ((d[s + 3] << 24) | (d[s + 2] << 16) | (d[s + 1] << 8) | d[s]) >>> 0;
  let network: NetworkKind = 'other';
  let protocol = -1;
  if (family === AddressFamily.INET) {
    network = 'ipv4';
    protocol = EtherType.IPV4;
  } else if (
    family === AddressFamily.INET6_BSD ||
    family === AddressFamily.INET6_FREEBSD ||
    family === AddressFamily.INET6_DARWIN ||
    family === AddressFamily.INET6_WINDOWS ||
    family === AddressFamily.INET6_LINUX
  ) {
    network = 'ipv6';
    protocol = EtherType.IPV6;
  }
  return makeLink(kind, 4, network, protocol, null, family, -1, -1, -1, -1, -1, 0);
}

/** No header at all: the IP version nibble is the only hint of what follows. */
function decodeRaw(d: Uint8Array, s: number, cap: number, sink: ProblemSink): LinkHeader {
  if (cap === 0) {
    addTruncated(sink, 'link', 'Raw IP packet', 1, 0);
    return makeLink('raw', 0, 'none', -1, null, -1, -1, -1, -1, -1, -1, 0);
  }
  const version = d[s] >> 4;
  if (version === 4) return RAW_IPV4;
  if (version === 6) return RAW_IPV6;
  addProblem(sink, 'link', 'malformed', `Raw IP packet has IP version ${version}`);
  return makeLink('raw', 0, 'other', -1, null, -1, -1, -1, -1, -1, -1, 0);
}

function sllNetwork(hardwareType: number, protocol: number): NetworkKind {
  return hardwareType === ARPHRD_NETLINK ? 'other' : networkOfEtherType(protocol);
}

/** Linux cooked v1: pkttype(2) hatype(2) halen(2) addr(8) protocol(2). */
function decodeSll(d: Uint8Array, s: number, cap: number, sink: ProblemSink): LinkHeader {
  if (cap < 16) {
    addTruncated(sink, 'link', 'Linux cooked (SLL) header', 16, cap);
    return makeLink('sll', cap, 'none', -1, null, -1, cap >= 2 ? (d[s] << 8) | d[s + 1] : -1, -1, -1, -1, -1, 0);
  }
  const packetType = (d[s] << 8) | d[s + 1];
  const hardwareType = (d[s + 2] << 8) | d[s + 3];
  const addrLength = Math.min((d[s + 4] << 8) | d[s + 5], 8);
  const protocol = (d[s + 14] << 8) | d[s + 15];
  return makeLink('sll', 16, sllNetwork(hardwareType, protocol), protocol, null, -1, packetType, hardwareType, -1, 6, -1, addrLength);
}

/** Linux cooked v2: protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1) addr(8). */
function decodeSll2(d: Uint8Array, s: number, cap: number, sink: ProblemSink): LinkHeader {
  if (cap < 20) {
    addTruncated(sink, 'link', 'Linux cooked (SLL2) header', 20, cap);
    return makeLink('sll2', cap, 'none', -1, null, -1, cap >= 11 ? d[s + 10] : -1, -1, -1, -1, -1, 0);
  }
  const protocol = (d[s] << 8) | d[s + 1];
  const interfaceIndex = ((d[s + 4] << 24) | (d[s + 5] << 16) | (d[s + 6] << 8) | d[s + 7]) >>> 0;
  const hardwareType = (d[s + 8] << 8) | d[s + 9];
  const addrLength = Math.min(d[s + 11], 8);
  return makeLink('sll2', 20, sllNetwork(hardwareType, protocol), protocol, null, -1, d[s + 10], hardwareType, interfaceIndex, 12, -1, addrLength);
}
