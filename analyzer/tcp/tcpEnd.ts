import type { DirectionStats, EndpointInfo } from '../connections/record';
import { ReceivedStream } from './receivedStream';

/** Where an end's own connect() stands. */
export type ConnectOutcome = 'none' | 'pending' | 'established' | 'refused' | 'unreachable';

/**
 * One end of a TCP connection: what it sent, what it advertised, and where its socket stands.
 *
 * The tracker reuses these (with their connection) once a connection was handed on, so the
 * state of a busy capture's connections stays in a few thousand long-lived objects instead of
 * new ones that the garbage collector copies and promotes: `reset` must put every field back as
 * the constructor leaves it (test/tcp/reuse.test.ts holds it to that). Its endpoint's evidence
 * (address, port, flagged packets, interfaces, TTL) is kept here as plain fields, and becomes an
 * `EndpointInfo` only in the connection's record.
 */
export class TcpEnd {
  /** Initial sequence number from its SYN or SYN/ACK; -1 until seen. */
  isn = -1;
  /** It sent a bare SYN: it called connect(). */
  activeOpen = false;
  /** It sent a SYN/ACK without a bare SYN of its own: a listener accepted the SYN. */
  passiveOpen = false;
  synCount = 0;
  /** Capture times (seconds) of its last two SYNs, for the timeout estimate. */
  lastSynAt = 0;
  prevSynAt = 0;
  lastSynFrame = 0;
  /** Time of its last SYN, as numbers: `lastSynUnits` 0 for none (see TcpConnection.finishEnd). */
  lastSynSec = 0;
  lastSynFrac = 0;
  lastSynUnits = 0;
  connect: ConnectOutcome = 'none';
  /** What interrupted the last attempt: the reason a retry that follows is a retry. */
  lastFailure: 'refusal' | 'unreachable' | null = null;
  /** peer-connects was emitted (for a passive end). */
  accepted = false;

  /** Window scale shift it offered in its SYN; -1 when its SYN had none or was not seen. */
  offeredScale = -1;
  sawSyn = false;
  /** Last window it advertised, scaled; -1 before its first ACK. */
  window = -1;
  advertisedZero = false;
  /**
   * The furthest right edge of the receive windows it advertised (offset in the peer's stream),
   * from its SYN on; -1 before. Kept only when window evidence is asked for.
   */
  maxEdge = -1;
  /** The largest window it advertised (with maxEdge). */
  maxWindow = 0;
  /** Offset in the peer's stream up to which it acknowledged; -1 before its first ACK. */
  ackOffset = -1;

  finSent = false;
  rstSent = false;
  /** Its socket saw a RST (from the peer, accepted) or sent one: nothing more reaches it. */
  reset = false;

  /** The bytes it sends, as its peer received them. */
  readonly out = new ReceivedStream();

  // The DirectionStats of what it sent, field by field (one object less to reach per packet);
  // `statsRecord` makes the object. streamBytes is `out.next`.
  packets = 0;
  frameBytes = 0;
  ipBytes = 0;
  payloadBytes = 0;
  retransmissions = 0;
  fastRetransmissions = 0;
  spuriousRetransmissions = 0;
  outOfOrder = 0;
  lostSegments = 0;
  duplicateAcks = 0;
  zeroWindows = 0;
  zeroWindowProbes = 0;
  windowUpdates = 0;
  keepAlives = 0;
  pktmonCopies = 0;
  unseenBytes = 0;

  /** Interface of its last packet, to skip the per-packet interface bookkeeping. */
  lastIface = -1;

  // EndpointInfo, field by field (see `endpointInfo`).
  address = '';
  port = 0;
  outboundFlagged = 0;
  inboundFlagged = 0;
  /** The first interface it sent on (-1: none yet) and, rarely, the others in order of first use. */
  firstIface = -1;
  moreIfaces: number[] | null = null;
  ttl = -1;

  /** Back to the state of a new end, for the endpoint `address`:`port`. */
  init(address: string, port: number): void {
    this.isn = -1;
    this.activeOpen = false;
    this.passiveOpen = false;
    this.synCount = 0;
    this.lastSynAt = 0;
    this.prevSynAt = 0;
    this.lastSynFrame = 0;
    this.lastSynSec = 0;
    this.lastSynFrac = 0;
    this.lastSynUnits = 0;
    this.connect = 'none';
    this.lastFailure = null;
    this.accepted = false;
    this.offeredScale = -1;
    this.sawSyn = false;
    this.window = -1;
    this.advertisedZero = false;
    this.maxEdge = -1;
    this.maxWindow = 0;
    this.ackOffset = -1;
    this.finSent = false;
    this.rstSent = false;
    this.reset = false;
    this.out.reset();
    this.packets = 0;
    this.frameBytes = 0;
    this.ipBytes = 0;
    this.payloadBytes = 0;
    this.retransmissions = 0;
    this.fastRetransmissions = 0;
    this.spuriousRetransmissions = 0;
    this.outOfOrder = 0;
    this.lostSegments = 0;
    this.duplicateAcks = 0;
    this.zeroWindows = 0;
    this.zeroWindowProbes = 0;
    this.windowUpdates = 0;
    this.keepAlives = 0;
    this.pktmonCopies = 0;
    this.unseenBytes = 0;
    this.lastIface = -1;
    this.address = address;
    this.port = port;
    this.outboundFlagged = 0;
    this.inboundFlagged = 0;
    this.firstIface = -1;
    this.moreIfaces = null;
    this.ttl = -1;
  }

  /** Notes that the end sent a packet on interface `iface`. */
  addInterface(iface: number): void {
    if (this.firstIface < 0) this.firstIface = iface;
    else if (iface !== this.firstIface && (this.moreIfaces === null || !this.moreIfaces.includes(iface))) {
      (this.moreIfaces ??= []).push(iface);
    }
  }

  /** EndpointInfo's `interfaces.length`, without making the list. */
  get interfaceCount(): number {
    return this.firstIface < 0 ? 0 : 1 + (this.moreIfaces === null ? 0 : this.moreIfaces.length);
  }

  /** EndpointInfo's `interfaces` into `n` from `i`, its length first (for an encoder); returns the index after. */
  writeInterfaces(n: Float64Array, i: number): number {
    n[i++] = this.interfaceCount;
    if (this.firstIface < 0) return i;
    n[i++] = this.firstIface;
    const more = this.moreIfaces;
    if (more !== null) for (let k = 0; k < more.length; k++) n[i++] = more[k]!;
    return i;
  }

  /** DirectionStats's `streamBytes`: the bytes of this end's stream its peer could read. */
  get streamBytes(): number {
    return this.out.next;
  }

  /** A new EndpointInfo with what was gathered so far (for the connection's record). */
  endpointInfo(): EndpointInfo {
    const interfaces = this.firstIface < 0 ? [] : this.moreIfaces === null ? [this.firstIface] : [this.firstIface, ...this.moreIfaces];
    return {
      address: this.address, port: this.port, outboundFlagged: this.outboundFlagged, inboundFlagged: this.inboundFlagged,
      interfaces, ttl: this.ttl,
    };
  }

  /** A copy of the direction's counters, with the stream bytes its peer could read. */
  statsRecord(): DirectionStats {
    const s = this;
    return {
      packets: s.packets, frameBytes: s.frameBytes, ipBytes: s.ipBytes, payloadBytes: s.payloadBytes,
      streamBytes: this.streamBytes,
      retransmissions: s.retransmissions, fastRetransmissions: s.fastRetransmissions,
      spuriousRetransmissions: s.spuriousRetransmissions, outOfOrder: s.outOfOrder, lostSegments: s.lostSegments,
      duplicateAcks: s.duplicateAcks, zeroWindows: s.zeroWindows, zeroWindowProbes: s.zeroWindowProbes,
      windowUpdates: s.windowUpdates, keepAlives: s.keepAlives, pktmonCopies: s.pktmonCopies, unseenBytes: s.unseenBytes,
    };
  }
}
