/**
 * Shapes produced by `decodePacket`.
 *
 * Conventions, chosen so a packet decodes into a handful of flat objects with no strings:
 * - Offsets are byte offsets into `DecodedPacket.data` (the captured bytes, never copied), whose
 *   packet starts at `DecodedPacket.start`: 0, but for a packet decoded where it lies in a larger
 *   buffer (`decodeBytesInto`). The link header's address offsets count from the packet's start.
 * - A number field that may be absent holds -1 ("none"); 32-bit fields (sequence numbers,
 *   timestamps, IPv4 addresses) are unsigned (`>>> 0`), so -1 never collides with a value.
 * - A header object exists when its fixed part was captured. Options or extension headers cut
 *   short by the capture are reported in `problems` and the object keeps what was read.
 * - "captured" lengths are what the file holds; "wire" lengths are what the length fields say
 *   the packet had before the capture's snap length cut it.
 */

/**
 * A header while its decoder fills it in. Everyone else sees the read-only shapes below; the
 * decoders write through this so that one parsing routine serves both fresh headers
 * (`decodePacket`) and reused ones (`decodePacketInto`).
 */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The layer a problem concerns. */
export type DecodeLayer = 'link' | 'ipv4' | 'ipv6' | 'tcp' | 'udp' | 'icmp' | 'icmpv6';

/**
 * - `truncated`: a header runs past the captured bytes (snap length or a cut file).
 * - `malformed`: a field contradicts the format (bad length, wrong version, bad option size).
 * - `unsupported`: the link type is not one this decoder understands.
 */
export type ProblemKind = 'truncated' | 'malformed' | 'unsupported';

export interface DecodeProblem {
  readonly layer: DecodeLayer;
  readonly kind: ProblemKind;
  /** A sentence, e.g. "TCP header truncated: need 20 bytes, have 7". */
  readonly message: string;
}

/** Where decoders report problems: a packet, or an ICMP quote (whose cut-offs are expected). */
export interface ProblemSink {
  problems: DecodeProblem[] | null;
  /** The first layer whose header the capture cut short. */
  truncated: DecodeLayer | null;
}

export type LinkKind = 'ethernet' | 'null' | 'loop' | 'raw' | 'ipv4' | 'ipv6' | 'sll' | 'sll2' | 'unsupported';

/** What follows the link header. `none`: the link header itself is missing or not understood. */
export type NetworkKind = 'ipv4' | 'ipv6' | 'other' | 'none';

export interface VlanTag {
  /** The tag protocol identifier that introduced this tag (0x8100, 0x88a8, 0x9100). */
  readonly tpid: number;
  /** Priority code point, 0..7. */
  readonly pcp: number;
  /** Drop eligible indicator. */
  readonly dei: boolean;
  /** VLAN identifier, 0..4095. */
  readonly vid: number;
}

export interface LinkHeader {
  readonly kind: LinkKind;
  /** Bytes before the network layer, VLAN tags included: the network header starts here. */
  readonly headerLength: number;
  readonly network: NetworkKind;
  /**
   * EtherType of the network layer: the Ethernet type after any tags, the SLL protocol, or
   * 0x0800/0x86dd implied by a NULL/LOOP family or a RAW version nibble; -1 when unknown. On
   * Ethernet a value ≤ 1500 is an 802.3 length (an LLC frame).
   */
  readonly protocol: number;
  /** Outermost first; null when untagged (or not Ethernet). */
  readonly vlans: readonly VlanTag[] | null;
  /** NULL/LOOP address family, byte order resolved; -1 otherwise. */
  readonly addressFamily: number;
  /** SLL/SLL2 packet type (0 to us, 4 sent by us, see `SllPacketType`); -1 otherwise. */
  readonly packetType: number;
  /** SLL/SLL2 ARPHRD_ hardware type; -1 otherwise. */
  readonly hardwareType: number;
  /** SLL2 interface index; -1 otherwise. */
  readonly interfaceIndex: number;
  /** Offset of the source link address (Ethernet MAC, SLL address) from the packet's start; -1 when none. */
  readonly srcAddrOffset: number;
  /** Offset of the destination link address (Ethernet only) from the packet's start; -1 when none. */
  readonly dstAddrOffset: number;
  /** Length of those addresses (6 for Ethernet; SLL's own address length, at most 8). */
  readonly addrLength: number;
}

/** Fields IPv4 and IPv6 headers share, so connection code can ignore the version. */
interface IpCommon {
  /** The packet's captured bytes (same array as `DecodedPacket.data`); addresses live in it. */
  readonly data: Uint8Array;
  /** Offset of the IP header. */
  readonly offset: number;
  /** Bytes from `offset` to the upper-layer header: IPv4 IHL × 4, IPv6 40 + extension headers. */
  readonly headerLength: number;
  /**
   * Upper-layer protocol: IPv4 protocol field; for IPv6 the next header after the extension
   * walk (6, 17, 58 …, or 50 ESP / 59 No Next Header where the walk stops).
   */
  readonly protocol: number;
  /** TTL (IPv4) or hop limit (IPv6). */
  readonly ttl: number;
  readonly srcOffset: number;
  readonly dstOffset: number;
  /** True for any fragment (more-fragments set or offset ≠ 0). */
  readonly isFragment: boolean;
  /** Fragment offset in bytes (the field × 8); 0 when not fragmented. */
  readonly fragmentOffset: number;
  readonly moreFragments: boolean;
  /** IPv4 identification / IPv6 fragment header identification; -1 for IPv6 without one. */
  readonly fragmentId: number;
  /** Offset of the upper-layer header. */
  readonly payloadOffset: number;
  /** Upper-layer bytes captured, bounded by the IP length field and the capture. */
  readonly payloadLength: number;
  /** Upper-layer bytes the IP length field says the wire had. */
  readonly payloadWireLength: number;
  /** Captured bytes after the end of the datagram: Ethernet padding, FCS, trailers. */
  readonly trailerLength: number;
  /** Datagram bytes the length field claims but the capture lacks (snap length). */
  readonly missingLength: number;
  /**
   * The length field was 0 and the captured/wire length was used instead, as Wireshark does:
   * large-send (TSO/LSO) segments captured on Windows and Linux hosts carry 0 there.
   */
  readonly zeroLength: boolean;
  /**
   * Whether the upper-layer header is there to decode: false for non-first fragments, for
   * headers cut by the capture, and for length fields too small to hold the header itself.
   */
  readonly transportDecodable: boolean;
}

export interface Ipv4Header extends IpCommon {
  readonly version: 4;
  /** Differentiated services + ECN byte. */
  readonly tos: number;
  /** The total length field as stored (0 for TSO segments, see `zeroLength`). */
  readonly totalLength: number;
  /** The 3 flag bits as a number: reserved = 4, DF = 2, MF = 1. */
  readonly flags: number;
  readonly dontFragment: boolean;
  readonly checksum: number;
  /** Source address as an unsigned 32-bit number (a.b.c.d = a << 24 | …). */
  readonly src: number;
  readonly dst: number;
  /** Offset and captured length of the options (see `parseIpv4Options`). */
  readonly optionsOffset: number;
  readonly optionsLength: number;
}

export interface Ipv6Extension {
  /** The header's protocol number: 0, 43, 44, 60, 51, 135. */
  readonly type: number;
  readonly offset: number;
  readonly length: number;
  /** The next header field inside it. */
  readonly nextHeader: number;
}

export interface Ipv6Header extends IpCommon {
  readonly version: 6;
  readonly trafficClass: number;
  readonly flowLabel: number;
  /** The payload length field as stored. */
  readonly payloadLengthField: number;
  /** The next header field of the fixed header. */
  readonly nextHeader: number;
  readonly hopLimit: number;
  /** Extension headers walked, in order; null when there are none. */
  readonly extensions: readonly Ipv6Extension[] | null;
}

export type IpHeader = Ipv4Header | Ipv6Header;

/** An option kept by kind only (kinds without a dedicated field: TFO, MPTCP, MD5, unknown …). */
export interface TcpRawOption {
  readonly kind: number;
  /** Offset of the kind byte. */
  readonly offset: number;
  /** Whole option length, kind and length bytes included. */
  readonly length: number;
}

export interface TcpHeader {
  readonly offset: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  /** Data offset in bytes (the field × 4). */
  readonly headerLength: number;
  /** 12-bit flags field, see `TcpFlag`. */
  readonly flags: number;
  /** Window field as sent, not scaled. */
  readonly window: number;
  readonly checksum: number;
  readonly urgentPointer: number;
  readonly optionsOffset: number;
  /** Option bytes captured (may be less than headerLength − 20 when cut). */
  readonly optionsLength: number;
  /** Maximum segment size option; -1 when absent. */
  readonly mss: number;
  /** Window scale shift count; -1 when absent. */
  readonly windowScale: number;
  readonly sackPermitted: boolean;
  /** SACK blocks as flat [left0, right0, left1, right1 …]; null when absent. */
  readonly sackBlocks: readonly number[] | null;
  /** Timestamps option TSval / TSecr; -1 when absent. */
  readonly tsVal: number;
  readonly tsEcr: number;
  /** Options other than EOL, NOP, MSS, WS, SACK-permitted, SACK and timestamps; null when none. */
  readonly otherOptions: readonly TcpRawOption[] | null;
  /** An option had an impossible length (details in the problems list). */
  readonly optionsMalformed: boolean;
  readonly payloadOffset: number;
  /** Payload bytes captured. */
  readonly payloadLength: number;
  /** Payload bytes on the wire, from the IP length (≥ payloadLength under a snap length). */
  readonly payloadWireLength: number;
}

export interface UdpHeader {
  readonly offset: number;
  readonly srcPort: number;
  readonly dstPort: number;
  /** Length field as stored (header included). */
  readonly length: number;
  readonly checksum: number;
  readonly payloadOffset: number;
  readonly payloadLength: number;
  readonly payloadWireLength: number;
}

/** The original datagram an ICMP error quotes, decoded far enough to find its connection. */
export interface IcmpQuote {
  /** Null when even the quoted IP header is cut or garbled (see `problems`). */
  readonly ip: IpHeader | null;
  /** Quoted upper-layer protocol; -1 without an IP header. */
  readonly protocol: number;
  /** Offset and number of quoted upper-layer bytes. */
  readonly transportOffset: number;
  readonly transportLength: number;
  /** TCP/UDP ports when ≥ 4 bytes were quoted; -1 otherwise. */
  readonly srcPort: number;
  readonly dstPort: number;
  /** TCP sequence number when ≥ 8 bytes were quoted; -1 otherwise. */
  readonly tcpSeq: number;
  /** The whole TCP header, when the quote holds it (Linux quotes up to 576 bytes). */
  readonly tcp: TcpHeader | null;
  /** The UDP header, when ≥ 8 bytes were quoted. */
  readonly udp: UdpHeader | null;
  /** For a quoted ICMP/ICMPv6 echo: its identifier and sequence; -1 otherwise. */
  readonly echoId: number;
  readonly echoSeq: number;
  /**
   * What was odd about the quote. A quoted datagram always claims more bytes than are quoted,
   * so that alone is not reported.
   */
  readonly problems: readonly DecodeProblem[] | null;
  readonly truncated: DecodeLayer | null;
}

export interface IcmpHeader {
  /** 4 for ICMP, 6 for ICMPv6. */
  readonly version: 4 | 6;
  readonly offset: number;
  readonly type: number;
  readonly code: number;
  readonly checksum: number;
  /** Bytes 4..7 of the header as an unsigned number (meaning depends on the type). */
  readonly rest: number;
  /** Echo request/reply identifier and sequence number; -1 for other types. */
  readonly echoId: number;
  readonly echoSeq: number;
  /** Fragmentation-needed next-hop MTU (ICMP 3/4) or packet-too-big MTU (ICMPv6 2); -1 otherwise. */
  readonly mtu: number;
  /** True for error messages, which quote the datagram that caused them. */
  readonly isError: boolean;
  readonly quote: IcmpQuote | null;
  /** Bytes after the 8-byte header. */
  readonly payloadOffset: number;
  readonly payloadLength: number;
}

export interface DecodedPacket {
  readonly linkType: number;
  /** The captured bytes, as given (not copied): the packet's are data[start, start + capturedLength). */
  readonly data: Uint8Array;
  readonly start: number;
  readonly capturedLength: number;
  /** Length on the wire, as given (never less than `capturedLength`). */
  readonly wireLength: number;
  readonly link: LinkHeader;
  readonly ip: IpHeader | null;
  readonly tcp: TcpHeader | null;
  readonly udp: UdpHeader | null;
  readonly icmp: IcmpHeader | null;
  /** The first layer whose header the capture cut short; null when every header was whole. */
  readonly truncated: DecodeLayer | null;
  /** Null when nothing was wrong. */
  readonly problems: readonly DecodeProblem[] | null;
}
