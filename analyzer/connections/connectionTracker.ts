import { LatestTime } from '../capture/latestTime';
import type { PacketRecord } from '../capture/types';
import { PktmonDuplicates } from '../capture/duplicates';
import * as decoding from '../decode/decodePacket';
import { PacketScratch } from '../decode/decodePacket';
import { icmpErrorName } from '../decode/icmpNames';
import * as tcpFlags from '../decode/tcpFlags';
import type { DecodedPacket, IpHeader } from '../decode/types';
import * as tcpConnection from '../tcp/tcpConnection';
import type { TcpConnection as TcpConnectionType } from '../tcp/tcpConnection';
import { UdpFlow } from '../udp/udpFlow';
import { AddressText } from './addressText';
import { DueQueue } from './dueQueue';
import { FlowPeek, hashOrPeek, NO_PEEK } from './flowPeek';
import { FlowSlot, FlowTable, Tuple } from './flowTable';
import type { IcmpErrorInfo } from './happenings';
import type { ConnectionRecord, EndpointInfo, RoleRule } from './record';

export interface ConnectionSink {
  /** A connection that is over (a TCP one only without `tcpConnection`). */
  connection(record: ConnectionRecord): void;
  /**
   * Takes a TCP connection that is over as the tracker holds it, instead of its record: an
   * encoder (pipeline/recordCodec.ts) reads it straight, and no record objects are made. Valid
   * only during the call: the object then starts another connection.
   */
  readonly tcpConnection?: (c: TcpConnection) => void;
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
  /**
   * Emit local-window-grows happenings (each ACK whose window reaches further into the peer's
   * stream): evidence of the program's reads for the `window` application model. Off by
   * default: a bulk transfer has one per ACK.
   */
  readonly windowEvidence?: boolean;
  /**
   * This tracker's share of a capture split between `count` trackers, each reading the whole
   * file (see analyzer/io/shardedTracking.ts): it tracks only the flows `shardOf` gives to
   * `index`, but follows every packet's time, so that all of them sweep at the same packets.
   */
  readonly shard?: { readonly index: number; readonly count: number };
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

// Read once, not through the import on every packet: where imports are getters (tsx, which runs
// the tests and the benchmarks), each read is a call.
const { decodeBytesInto } = decoding;
const { TcpFlag } = tcpFlags;
const { TcpConnection } = tcpConnection;
type TcpConnection = TcpConnectionType;

/** Capture seconds between sweeps for connections that are over. */
const SWEEP_INTERVAL = 2;

/** `frame` once the capture has ended: connections handed on by `finish`. */
export const END_FRAME = Number.MAX_SAFE_INTEGER;

/**
 * Which of `count` trackers owns the flow whose direction-independent tuple hash is `hash`.
 * Remixed, so that it does not follow the bits that pick the flow table's buckets.
 */
export function shardOf(hash: number, count: number): number {
  const h = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return ((h ^ (h >>> 12)) >>> 0) % count;
}

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
  /*
   * What the sweep looks at. Closed TCP connections by the time they closed; the others by a time
   * at or before their last packet (an entry is refreshed when it comes due too early), so every
   * connection that has been silent long enough is at the front.
   */
  private readonly closing = new DueQueue<FlowSlot<Flow>>();
  private readonly tcpSilent = new DueQueue<FlowSlot<Flow>>();
  private readonly udpSilent = new DueQueue<FlowSlot<Flow>>();
  private readonly tuple = new Tuple();
  /** Every packet is decoded into these: nothing the tracker keeps refers to a decoded header. */
  private readonly scratch = new PacketScratch();
  private readonly addresses = new AddressText();
  /**
   * Connections handed on, for new ones to reuse (see TcpConnection): their state then lives in
   * long-lived objects. Bounded by the most connections held at once.
   */
  private readonly tcpPool: TcpConnection[] = [];
  private readonly dups = new PktmonDuplicates();
  private readonly closeLinger: number;
  private readonly connectIdle: number;
  private readonly udpIdle: number;
  private readonly reuseMemory: number;
  private readonly windowEvidence: boolean;
  private readonly rawTcp: ((c: TcpConnection) => void) | null;
  private nextId = 1;
  private lastAt = -Infinity;
  /** The time of the latest packet (as `lastAt` exactly). */
  private readonly latest = new LatestTime();
  private lastSweepAt = -Infinity;
  private readonly shardIndex: number;
  private readonly shardCount: number;
  /** First frames of the connections started since `takeStarted` (split captures only). */
  private started: number[] = [];
  private readonly peek = new FlowPeek();
  /** `wants` read the packet about to come to `packet`, and found it is this tracker's. */
  private peeked = false;

  /**
   * Where a connection handed on now was let go: the frame being handled (END_FRAME in `finish`)
   * and whether that frame's sweep has begun. Trackers of a split capture tag what they hand on
   * with it, so that their outputs merge into the order one tracker would have made.
   */
  frame = 0;
  inSweep = false;

  constructor(private readonly sink: ConnectionSink, opts: TrackerOptions = {}) {
    this.closeLinger = opts.closeLinger ?? 5;
    this.connectIdle = opts.connectIdle ?? 180;
    this.udpIdle = opts.udpIdle ?? 300;
    this.reuseMemory = opts.reuseMemory ?? 240;
    this.windowEvidence = opts.windowEvidence === true;
    this.rawTcp = sink.tcpConnection ?? null;
    this.shardIndex = opts.shard?.index ?? 0;
    this.shardCount = opts.shard?.count ?? 1;
    if (!(this.shardCount >= 1 && this.shardIndex >= 0 && this.shardIndex < this.shardCount)) {
      throw new Error(`tracker shard ${this.shardIndex} of ${this.shardCount}`);
    }
  }

  packet(p: PacketRecord): void {
    this.frame = p.n;
    this.inSweep = false;
    const at = p.tsSec + p.tsFrac / p.tsUnits;
    // Captures merged from several interfaces are not always in time order; time only moves on.
    if (at > this.lastAt) {
      this.lastAt = at;
      this.latest.note(p.tsSec, p.tsFrac, p.tsUnits);
    }
    // Decoded where the reader found it: no view of the packet is made (see PacketRecord.bytes).
    const d = decodeBytesInto(this.scratch, p.linkType, p.bytes, p.start, p.caplen, p.len);
    // Every tracker of a split capture remembers every packet id, so each finds the same copies.
    const copy = p.packetId !== undefined && this.dups.check(p) !== undefined;
    const peeked = this.peeked;
    this.peeked = false;
    if (this.shardCount > 1 && !peeked && this.ownerOf(d) !== this.shardIndex) {
      if (at - this.lastSweepAt >= SWEEP_INTERVAL) this.sweep(at);
      return;
    }
    this.stats.packets++;
    if (copy) {
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
    this.frame = END_FRAME;
    this.inSweep = true;
    const rest = [...this.live].sort((a, b) => a.value!.id - b.value!.id);
    for (const slot of rest) this.release(slot, this.lastAt);
  }

  /**
   * Split captures: whether the packet at `start` in `b` is this tracker's, read without decoding
   * where it is a plain frame (FlowPeek); a packet it cannot read is wanted, and `packet` decides.
   */
  wants(b: Uint8Array, start: number, caplen: number, linkType: number): boolean {
    if (this.shardCount === 1) return true;
    const h = this.peek.hash(b, start, caplen, linkType);
    if (h === NO_PEEK) return true;
    this.peeked = shardOf(h, this.shardCount) === this.shardIndex;
    return this.peeked;
  }

  /** A packet of another tracker's: only its time counts here, as in `packet`. */
  passed(n: number, sec: number, frac: number, unitsPerSec: number): void {
    this.frame = n;
    this.inSweep = false;
    const at = sec + frac / unitsPerSec;
    if (at > this.lastAt) {
      this.lastAt = at;
      this.latest.note(sec, frac, unitsPerSec);
    }
    if (at - this.lastSweepAt >= SWEEP_INTERVAL) this.sweep(at);
  }

  /**
   * The first frames of the connections started since the last call, in order (split captures
   * only): connections are numbered by first frame across all the trackers.
   */
  takeStarted(): number[] {
    const s = this.started;
    this.started = [];
    return s;
  }

  /** The first frame of the oldest connection still held; END_FRAME when none is. */
  oldestHeld(): number {
    // A Set iterates in insertion order, and connections are added as they start.
    for (const slot of this.live) return slot.value!.firstFrame;
    return END_FRAME;
  }

  /** Which tracker of a split capture handles the packet: its flow's, or the first for a packet of none. */
  private ownerOf(d: DecodedPacket): number {
    const ip = d.ip;
    if (ip === null) return 0;
    let t: Tuple;
    if (d.tcp !== null) t = this.tuple.fill(ip, 6, d.tcp.srcPort, d.tcp.dstPort);
    else if (d.udp !== null) t = this.tuple.fill(ip, 17, d.udp.srcPort, d.udp.dstPort);
    else {
      // An ICMP error goes with the flow whose packet it quotes, as icmpPacket ties it.
      const quote = d.icmp !== null && d.icmp.isError ? d.icmp.quote : null;
      if (quote === null || quote.ip === null || quote.srcPort < 0) return 0;
      t = this.tuple.fill(quote.ip, quote.protocol, quote.srcPort, quote.dstPort);
    }
    return shardOf(hashOrPeek(t.hash()), this.shardCount);
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
      fromClient = conn.firstIsClient;
      slot = this.add(t, hash, fromClient, conn);
    }
    const conn = slot.value as TcpConnection;
    const wasOpen = conn.closedAt < 0;
    conn.packet(fromClient, p, d, at);
    if (wasOpen && conn.closedAt >= 0) this.closing.push(conn.closedAt, slot);
    else this.sentAt(slot, at);
  }

  /** Whether the tuple just looked up was used by a connection that finished recently. */
  private reused(at: number): boolean {
    return this.table.finishedUntil >= at;
  }

  /** A new connection for the packet: a handed-on one reused, or a new object. */
  private newTcp(p: PacketRecord, d: DecodedPacket, at: number, reused: boolean): TcpConnection {
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
    const src = this.addresses.of(ip, 'src');
    const dst = this.addresses.of(ip, 'dst');
    const conn = this.tcpPool.pop() ?? new TcpConnection();
    return conn.init(
      this.nextId++, ip.version, rule,
      senderIsClient ? src : dst, senderIsClient ? tcp.srcPort : tcp.dstPort,
      senderIsClient ? dst : src, senderIsClient ? tcp.dstPort : tcp.srcPort,
      senderIsClient, p.n, p.ts, at, reused, this.windowEvidence,
    );
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
        this.endpoint(ip, 'src', udp.srcPort), this.endpoint(ip, 'dst', udp.dstPort),
        p.n, p.ts, at, this.reused(at),
      );
      fromClient = true;
      slot = this.add(t, hash, true, flow);
    }
    (slot.value as UdpFlow).packet(fromClient, p, d, at);
    this.sentAt(slot, at);
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
      from: this.addresses.of(d.ip!, 'src'),
    };
    // The quoted packet was sent by the end the error is about.
    const fromClient = this.table.senderIsClient;
    const flow = slot.value!;
    if (flow instanceof TcpConnection) flow.icmpError(fromClient, icmp, info, p.n, p.ts, at);
    else flow.icmpError(fromClient, info, p.n, p.ts, at);
    this.sentAt(slot, at);
  }

  /**
   * The flow's last packet is now at `at`. Its queue entry stays at or before that, unless capture
   * time went back (merged captures): then it needs an earlier one.
   */
  private sentAt(slot: FlowSlot<Flow>, at: number): void {
    if (at >= this.lastAt) return;
    const f = slot.value!;
    if (f instanceof TcpConnection) {
      if (f.closedAt < 0) this.tcpSilent.push(at, slot);
    } else {
      this.udpSilent.push(at, slot);
    }
  }

  private lookup(t: Tuple): FlowSlot<Flow> | null {
    return this.table.find(t, t.hash());
  }

  private endpoint(ip: IpHeader, which: 'src' | 'dst', port: number): EndpointInfo {
    return { address: this.addresses.of(ip, which), port, outboundFlagged: 0, inboundFlagged: 0, interfaces: [], ttl: -1 };
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
    if (flow instanceof TcpConnection) (fromClient ? flow.client : flow.server).pktmonCopies++;
    else (fromClient ? flow.toServer : flow.toClient).pktmonCopies++;
  }

  private add(t: Tuple, hash: number, senderIsClient: boolean, flow: Flow): FlowSlot<Flow> {
    const slot = this.table.add(t, hash, senderIsClient, flow);
    this.live.add(slot);
    if (this.shardCount > 1) this.started.push(this.frame);
    (flow instanceof TcpConnection ? this.tcpSilent : this.udpSilent).push(flow.lastAt, slot);
    this.stats.connections++;
    return slot;
  }

  /**
   * Lets go of connections that are over, and forgets old finished 4-tuples. Over: closed more
   * than `closeLinger` ago; a TCP connect() still unanswered, or a UDP flow, silent too long.
   */
  private sweep(at: number): void {
    this.lastSweepAt = at;
    this.inSweep = true;
    const due: FlowSlot<Flow>[] = [];
    const closing = this.closing;
    // Closing times are exact keys, and at − key only shrinks as keys grow: the first one not
    // due ends the search.
    while (closing.size > 0 && at - closing.peekKey() > this.closeLinger) {
      const slot = closing.pop();
      // Null: it was let go already (its 4-tuple was reused).
      if (slot.value !== null) due.push(slot);
    }
    this.collectSilent(this.tcpSilent, at, this.connectIdle, due);
    this.collectSilent(this.udpSilent, at, this.udpIdle, due);
    // In order of first packet, the order connections are handed on in; a flow queued twice
    // (time went back) may be found twice.
    due.sort(byId);
    for (let i = 0; i < due.length; i++) if (i === 0 || due[i] !== due[i - 1]) this.release(due[i]!, at);
    this.table.expire(at);
  }

  /** Moves to `due` the flows of `queue` silent for more than `idle` (TCP: only while connecting). */
  private collectSilent(queue: DueQueue<FlowSlot<Flow>>, at: number, idle: number, due: FlowSlot<Flow>[]): void {
    const requeue: FlowSlot<Flow>[] = [];
    while (queue.size > 0 && at - queue.peekKey() > idle) {
      const slot = queue.pop();
      const f = slot.value;
      if (f === null) continue;
      if (f instanceof TcpConnection) {
        // A closed connection waits in `closing`.
        if (f.closedAt >= 0) continue;
        if (f.isConnecting() && at - f.lastAt > idle) due.push(slot);
        else requeue.push(slot);
      } else if (at - f.lastAt > idle) {
        due.push(slot);
      } else {
        requeue.push(slot);
      }
    }
    // Not due after all (it sent since, or is not connecting): look again when it may be.
    for (const slot of requeue) queue.push(slot.value!.lastAt, slot);
    // Entries of flows let go, or closed, are only dropped when they come up: drop them in bulk
    // before they outnumber the flows held (and keep their slots from being collected).
    if (queue.size > 2 * this.live.size + 1024) queue.retain(isSilenceWatched);
  }

  private release(slot: FlowSlot<Flow>, at: number): void {
    const f = slot.value!;
    this.live.delete(slot);
    this.table.finish(slot, at + this.reuseMemory);
    if (f instanceof TcpConnection) {
      f.finish(this.lastAt, this.latest.timestamp() ?? f.end);
      if (this.rawTcp !== null) {
        // Read during the call, before `f` starts another connection.
        this.rawTcp(f);
        this.tcpPool.push(f);
        return;
      }
      const record = f.record();
      // The record shares nothing with `f`: it can start another connection.
      this.tcpPool.push(f);
      this.sink.connection(record);
    } else {
      this.sink.connection(f.record());
    }
  }
}

/** Whether a flow still needs its silence-queue entry: held, and not closed (`closing` has those). */
function isSilenceWatched(slot: FlowSlot<Flow>): boolean {
  const f = slot.value;
  return f !== null && !(f instanceof TcpConnection && f.closedAt >= 0);
}

function byId(a: FlowSlot<Flow>, b: FlowSlot<Flow>): number {
  return a.value!.id - b.value!.id;
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
