/**
 * Numeric constants from the wire formats: link-layer header types (tcpdump.org linktypes list),
 * EtherTypes, socket address families and IP protocol numbers.
 *
 * Plain `as const` objects rather than enums: they cost nothing at run time, and esbuild (tsx,
 * webpack) inlines nothing across files for `const enum` anyway.
 */

export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  /** DLT_RAW on most systems; tcpdump wrote it into files before LINKTYPE_RAW existed. */
  DLT_RAW_12: 12,
  /** DLT_RAW on OpenBSD. */
  DLT_RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const LINK_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'NULL',
  1: 'ETHERNET',
  12: 'RAW',
  14: 'RAW',
  101: 'RAW',
  108: 'LOOP',
  113: 'LINUX_SLL',
  228: 'IPV4',
  229: 'IPV6',
  276: 'LINUX_SLL2',
};

/** The tcpdump name of a link type this decoder understands, or `LINKTYPE_<n>`. */
export function linkTypeName(linkType: number): string {
  return LINK_TYPE_NAMES[linkType] ?? `LINKTYPE_${linkType}`;
}

export function isSupportedLinkType(linkType: number): boolean {
  return LINK_TYPE_NAMES[linkType] !== undefined;
}

export const EtherType = {
  IPV4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100,
  IPV6: 0x86dd,
  QINQ: 0x88a8,
  /** Pre-standard QinQ outer tag some switches still emit. */
  QINQ_OLD: 0x9100,
} as const;

/**
 * Address-family values found in NULL/LOOP headers. IPv6 has no single value because each OS
 * picked its own AF_INET6.
 */
export const AddressFamily = {
  INET: 2,
  INET6_LINUX: 10,
  INET6_WINDOWS: 23,
  INET6_BSD: 24,
  INET6_FREEBSD: 28,
  INET6_DARWIN: 30,
} as const;

export const IpProtocol = {
  HOP_BY_HOP: 0,
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  NO_NEXT_HEADER: 59,
  DESTINATION_OPTIONS: 60,
  MOBILITY: 135,
} as const;

/** Linux `sll_pkttype` values (SLL and SLL2 headers). */
export const SllPacketType = {
  HOST: 0,
  BROADCAST: 1,
  MULTICAST: 2,
  OTHERHOST: 3,
  OUTGOING: 4,
} as const;

/** ARPHRD_NETLINK: an SLL frame whose protocol field is a netlink family, not an EtherType. */
export const ARPHRD_NETLINK = 824;
