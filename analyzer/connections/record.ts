import type { Timestamp } from '../capture/timestamp';
import type { Happening } from './happenings';

/** Traffic sent by one end. */
export interface DirectionStats {
  /** Packets, each pktmon copy of one packet counted once. */
  packets: number;
  /** Sum of frame lengths on the wire (what `tshark -z conv` counts as bytes). */
  frameBytes: number;
  /** Sum of IP datagram lengths (Zeek's orig_ip_bytes / resp_ip_bytes). */
  ipBytes: number;
  /** Sum of TCP/UDP payload lengths, retransmissions included. */
  payloadBytes: number;
  /** TCP: distinct stream bytes the peer could read (retransmissions and duplicates excluded). */
  streamBytes: number;
  /** TCP segment analysis, Wireshark's definitions (see analyzer/tcp/segmentAnalysis.ts). */
  retransmissions: number;
  fastRetransmissions: number;
  spuriousRetransmissions: number;
  outOfOrder: number;
  lostSegments: number;
  duplicateAcks: number;
  zeroWindows: number;
  zeroWindowProbes: number;
  windowUpdates: number;
  keepAlives: number;
  /** Extra copies of a packet that pktmon recorded more than once (same epb_packetid). */
  pktmonCopies: number;
  /** Bytes the capture never showed but the peer acknowledged (credited on its ACK). */
  unseenBytes: number;
}

export function emptyStats(): DirectionStats {
  return {
    packets: 0, frameBytes: 0, ipBytes: 0, payloadBytes: 0, streamBytes: 0,
    retransmissions: 0, fastRetransmissions: 0, spuriousRetransmissions: 0, outOfOrder: 0,
    lostSegments: 0, duplicateAcks: 0, zeroWindows: 0, zeroWindowProbes: 0, windowUpdates: 0,
    keepAlives: 0, pktmonCopies: 0, unseenBytes: 0,
  };
}

export interface EndpointInfo {
  /** As tshark prints it. */
  readonly address: string;
  readonly port: number;
  /** Packets this end sent that the capture flagged outbound / inbound (pcapng epb_flags). */
  outboundFlagged: number;
  inboundFlagged: number;
  /** Interfaces (capture-wide index) its packets were seen on; most connections use one. */
  interfaces: number[];
  /** IPv4 TTL / IPv6 hop limit of the first packet it sent; -1 before one is seen. */
  ttl: number;
}

/** Notes that the end sent a packet on interface `iface`. */
export function addInterface(e: EndpointInfo, iface: number): void {
  // A first push would make room for sixteen; nearly every end has just the one.
  if (e.interfaces.length === 0) e.interfaces = [iface];
  else if (!e.interfaces.includes(iface)) e.interfaces.push(iface);
}

/**
 * How the client/server roles were decided: `syn` (the client sent the first SYN), `syn-ack` (the
 * SYN was not captured; the SYN/ACK's receiver is the client), `ports` (mid-stream: the end with
 * the well-known or lower port is the server), `first-packet` (UDP: the first sender is the client).
 */
export type RoleRule = 'syn' | 'syn-ack' | 'ports' | 'first-packet';

/** Zeek's conn.log fields for this connection (orig = Zeek's originator). */
export interface ZeekView {
  readonly connState: string;
  readonly history: string;
  /** False when Zeek's originator is our server (Zeek flipped roles, or judged by other rules). */
  readonly origIsClient: boolean;
  readonly origBytes: number;
  readonly respBytes: number;
}

export type Protocol = 'tcp' | 'udp';

/** One finished connection (TCP) or flow (UDP), as the connections stage hands it on. */
export interface ConnectionRecord {
  /** 1-based, in order of first packet. */
  readonly id: number;
  readonly protocol: Protocol;
  readonly ipVersion: 4 | 6;
  readonly client: EndpointInfo;
  readonly server: EndpointInfo;
  readonly roleRule: RoleRule;
  readonly firstFrame: number;
  readonly lastFrame: number;
  readonly start: Timestamp;
  readonly end: Timestamp;
  /** TCP: the capture did not show the connection's start (no SYN). */
  readonly partial: boolean;
  /** An earlier connection in this capture used the same addresses and ports. */
  readonly reusedPort: boolean;
  readonly toServer: DirectionStats;
  readonly toClient: DirectionStats;
  readonly zeek: ZeekView;
  readonly happenings: readonly Happening[];
  /** Things a reader should know: ignored packets, a capture that cut the connection … */
  readonly notes: readonly string[];
}
