import type { Timestamp } from '../capture/timestamp';
import type { PacketRecord } from '../capture/types';
import { PktmonDuplicates } from '../capture/duplicates';
import { formatIp } from '../decode/address';
import { decodePacket } from '../decode/decodePacket';
import { icmpErrorName } from '../decode/icmpNames';
import { TcpFlag } from '../decode/tcpFlags';
import type { DecodedPacket, IpHeader } from '../decode/types';
import { TcpConnection } from '../tcp/tcpConnection';
import { UdpFlow } from '../udp/udpFlow';
import { FlowSlot, FlowTable, Tuple } from './flowTable';
import type { IcmpErrorInfo } from './happenings';
import type { ConnectionRecord, EndpointInfo, RoleRule } from './record';

export interface ConnectionSink {
  connection(record: ConnectionRecord): void;
}

export interface TrackerOptions {
  /** Capture seconds a closed connection is kept for stray retransmissions (Zeek's tcp_close_delay). */
  readonly closeLinger?: number;
  /** Capture seconds of silence after which an unanswered connect() is let go. */
  readonly connectIdle?: number;
  /** Capture seconds of silence after which a UDP flow ends (a later datagram starts a new one). */
  readonly udpIdle?: number;
  /** Capture seconds a finished 4-tuple is remembered, to mark its reuse (2 × MSL). */
  readonly reuseMemory?: number;
}

/** Capture-wide counts of what the tracker did with packets. */
export interface TrackerStats {
  packets: number;
  tcpPackets: number;
  udpPackets: number;
  /** ICMP errors tied to a connection or flow / quoting nothing we track. */
  icmpTied: number;
  icmpUntied: number;
  pktmonCopies: number;
  /** IP packets with no usable TCP/UDP header (non-first fragments, cut headers, other protocols). */
  otherPackets: number;
  connections: number;
}

type Flow = TcpConnection | UdpFlow;

/** Capture seconds between sweeps for connections that are over. */
const SWEEP_INTERVAL = 2;

/**
 * Turns packets into connections: finds each packet's TCP connection or UDP flow by 4-tuple
 * (either direction), starts new ones (port reuse included), ties ICMP errors to the connection
 * whose packet they quote, and hands each connection to the sink once it is over. Connections
 * that end are let go after a short linger, so memory follows the number of open connections,
 * not the length of the capture.
 */
export class ConnectionTracker {
  readonly stats: TrackerStats = {
    packets: 0, tcpPackets: 0, udpPackets: 0, icmpTied: 0, icmpUntied: 0, pktmonCopies: 0, otherPackets: 0, connections: 0,
  };
  private readonly table = new FlowTable<Flow>();
  private readonly live = new Set<FlowSlot<Flow>>();
  private readonly tuple = new Tuple();
  private readonly dups = new PktmonDuplicates();
  private readonly closeLinger: number;
  private readonly connectIdle: number;
  private readonly udpIdle: number;
  private readonly reuseMemory: number;
  private nextId = 1;
  private lastAt = -Infinity;
  private lastTs: Timestamp | null = null;
  private lastSweepAt = -Infinity;

  constructor(private readonly sink: ConnectionSink, opts: TrackerOptions = {}) {
    this.closeLinger = opts.closeLinger ?? 5;
    this.connectIdle = opts.connectIdle ?? 180;
    this.udpIdle = opts.udpIdle ?? 300;
    this.reuseMemory = opts.reuseMemory ?? 240;
  }

  packet(p: PacketRecord): void {
    this.stats.packets++;
    const at = p.ts.sec + p.ts.frac / p.ts.unitsPerSec;
    // Captures merged from several interfaces are not always in time order; time only moves on.
    if (at > this.lastAt) {
      this.lastAt = at;
      this.lastTs = p.ts;
    }
    const d = decodePacket(p.linkType, p.data, p.len);
    if (p.packetId !== undefined && this.dups.check(p) !== undefined) {
      this.countCopy(d);
      return;
    }
    if (d.tcp !== null) {
      this.stats.tcpPackets++;
      this.tcpPacket(p, d, at);
    } else if (d.udp !== null) {
      this.stats.udpPackets++;
      this.udpPacket(p, d, at);
    } else if (d.icmp !== null && d.icmp.isError && d.icmp.quote !== null) {
      this.icmpPacket(p, d, at);
    } else if (d.ip !== null) {
      this.stats.otherPackets++;
    }
    if (at - this.lastSweepAt >= SWEEP_INTERVAL) this.sweep(at);
  }

  /** The capture ended: every connection still open is handed on, in order of first packet. */
  finish(): void {
    const rest = [...this.live].sort((a, b) => a.value!.id - b.value!.id);
    for (const slot of rest) this.release(slot, this.lastAt);
  }

  private tcpPacket(p: PacketRecord, d: DecodedPacket, at: number): void {
    const tcp = d.tcp!;
    const t = this.tuple.fill(d.ip!, 6, tcp.srcPort, tcp.dstPort);
    const hash = t.hash();
    let slot = this.table.find(t, hash);
    let fromClient = this.table.senderIsClient;
    let reused = this.reused(at);
    if (slot !== null && (tcp.flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN) {
      const conn = slot.value as TcpConnection;
      if (conn.synStartsNew(fromClient, tcp.seq)) {
        this.release(slot, at);
        slot = null;
        reused = true;
      }
    }
    if (slot === null) {
      const conn = this.newTcp(p, d, at, reused);
      fromClient = conn.senderIsClient;
      slot = this.add(t, hash, fromClient, conn.flow);
    }
    (slot.value as TcpConnection).packet(fromClient, p, d, at);
  }

  /** Whether the tuple just looked up was used by a connection that finished recently. */
  private reused(at: number): boolean {
    const f = this.table.finishedMatch;
    return f !== null && f.until >= at;
  }

  private newTcp(p: PacketRecord, d: DecodedPacket, at: number, reused: boolean): { flow: TcpConnection; senderIsClient: boolean } {
    const tcp = d.tcp!;
    const ip = d.ip!;
    const syn = (tcp.flags & TcpFlag.SYN) !== 0;
    const ack = (tcp.flags & TcpFlag.ACK) !== 0;
    let rule: RoleRule;
    let senderIsClient: boolean;
    if (syn && !ack) {
      rule = 'syn';
      senderIsClient = true;
    } else if (syn) {
      rule = 'syn-ack';
      senderIsClient = false;
    } else {
      rule = 'ports';
      senderIsClient = !looksLikeServerPort(tcp.srcPort, tcp.dstPort);
    }
    const sender = endpoint(ip, 'src', tcp.srcPort);
    const receiver = endpoint(ip, 'dst', tcp.dstPort);
    const flow = new TcpConnection(
      this.nextId++, ip.version, rule,
      senderIsClient ? sender : receiver,
      senderIsClient ? receiver : sender,
      senderIsClient, p.n, p.ts, at, reused,
    );
    return { flow, senderIsClient };
  }

  private udpPacket(p: PacketRecord, d: DecodedPacket, at: number): void {
    const udp = d.udp!;
    const t = this.tuple.fill(d.ip!, 17, udp.srcPort, udp.dstPort);
    const hash = t.hash();
    let slot = this.table.find(t, hash);
    let fromClient = this.table.senderIsClient;
    if (slot === null) {
      const ip = d.ip!;
      const flow = new UdpFlow(
        this.nextId++, ip.version,
        endpoint(ip, 'src', udp.srcPort), endpoint(ip, 'dst', udp.dstPort),
        p.n, p.ts, at, this.reused(at),
      );
      fromClient = true;
      slot = this.add(t, hash, true, flow);
    }
    (slot.value as UdpFlow).packet(fromClient, p, d, at);
  }

  private icmpPacket(p: PacketRecord, d: DecodedPacket, at: number): void {
    const icmp = d.icmp!;
    const quote = icmp.quote!;
    const slot = quote.ip === null || quote.srcPort < 0
      ? null
      : this.lookup(this.tuple.fill(quote.ip, quote.protocol, quote.srcPort, quote.dstPort));
    if (slot === null) {
      this.stats.icmpUntied++;
      return;
    }
    this.stats.icmpTied++;
    const info: IcmpErrorInfo = {
      version: icmp.version,
      type: icmp.type,
      code: icmp.code,
      name: icmpErrorName(icmp.version, icmp.type, icmp.code),
      from: formatIp(d.ip!, 'src'),
    };
    // The quoted packet was sent by the end the error is about.
    const fromClient = this.table.senderIsClient;
    const flow = slot.value!;
    if (flow instanceof TcpConnection) flow.icmpError(fromClient, icmp, info, p.n, p.ts, at);
    else flow.icmpError(fromClient, info, p.n, p.ts, at);
  }

  private lookup(t: Tuple): FlowSlot<Flow> | null {
    return this.table.find(t, t.hash());
  }

  private countCopy(d: DecodedPacket): void {
    this.stats.pktmonCopies++;
    const ip = d.ip;
    if (ip === null) return;
    const slot = d.tcp !== null
      ? this.lookup(this.tuple.fill(ip, 6, d.tcp.srcPort, d.tcp.dstPort))
      : d.udp !== null ? this.lookup(this.tuple.fill(ip, 17, d.udp.srcPort, d.udp.dstPort)) : null;
    if (slot === null) return;
    const fromClient = this.table.senderIsClient;
    const flow = slot.value!;
    if (flow instanceof TcpConnection) (fromClient ? flow.client : flow.server).stats.pktmonCopies++;
    else (fromClient ? flow.toServer : flow.toClient).pktmonCopies++;
  }

  private add(t: Tuple, hash: number, senderIsClient: boolean, flow: Flow): FlowSlot<Flow> {
    const slot = this.table.add(t, hash, senderIsClient, flow);
    this.live.add(slot);
    this.stats.connections++;
    return slot;
  }

  /** Lets go of connections that are over, and forgets old finished 4-tuples. */
  private sweep(at: number): void {
    this.lastSweepAt = at;
    for (const slot of this.live) {
      const f = slot.value!;
      if (f instanceof TcpConnection) {
        if (f.closedAt >= 0 ? at - f.closedAt > this.closeLinger : f.isConnecting() && at - f.lastAt > this.connectIdle) {
          this.release(slot, at);
        }
      } else if (at - f.lastAt > this.udpIdle) {
        this.release(slot, at);
      }
    }
    this.table.expire(at);
  }

  private release(slot: FlowSlot<Flow>, at: number): void {
    const f = slot.value!;
    this.live.delete(slot);
    this.table.finish(slot, at + this.reuseMemory);
    if (f instanceof TcpConnection) f.finish(this.lastAt, this.lastTs ?? f.end);
    this.sink.connection(f.record());
  }
}

function endpoint(ip: IpHeader, which: 'src' | 'dst', port: number): EndpointInfo {
  return { address: formatIp(ip, which), port, outboundFlagged: 0, inboundFlagged: 0, interfaces: [], ttl: -1 };
}

/**
 * Mid-stream, with no SYN to say who connected: true when the source port looks like the
 * server's. A well-known port (< 1024) against a higher one wins; otherwise the port outside the
 * ephemeral ranges (Windows 49152+, Linux 32768+) wins; otherwise the lower port.
 */
export function looksLikeServerPort(src: number, dst: number): boolean {
  if ((src < 1024) !== (dst < 1024)) return src < 1024;
  const srcEphemeral = src >= 32768;
  const dstEphemeral = dst >= 32768;
  if (srcEphemeral !== dstEphemeral) return !srcEphemeral;
  return src < dst;
}
