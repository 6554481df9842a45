import type { Timestamp } from '../capture/timestamp';
import type { PacketRecord } from '../capture/types';
import type { DecodedPacket, IcmpHeader, TcpHeader } from '../decode/types';
import * as tcpFlags from '../decode/tcpFlags';
import type { IcmpErrorInfo } from '../connections/happenings';
import { HappeningCode, HappeningLog } from '../connections/happeningLog';
import type { ConnectionRecord, RoleRule, ZeekView } from '../connections/record';
import * as segmentAnalysis from './segmentAnalysis';
import { SegmentAnalyzer, type SegmentInput } from './segmentAnalysis';
import * as sequence from './seq';
import { TcpEnd } from './tcpEnd';
import { ZeekTcpConnection, type ZeekTcpPacket } from './zeekConnState';

// Read once, not through the import on every packet: where imports are getters (tsx, which runs
// the tests and the benchmarks), each read is a call.
const { seqDelta } = sequence;
const { TcpFlag } = tcpFlags;
const { SegmentFlag } = segmentAnalysis;

/** 2^shift for the window-scale shifts RFC 7323 allows (0..14). */
const SCALE_FACTORS: readonly number[] = Array.from({ length: 15 }, (_, i) => 2 ** i);

/*
 * The inputs handed to Zeek's and Wireshark's per-packet analyses, refilled for every packet (the
 * analyses read them during the call and keep nothing): one object literal per packet was a
 * measurable share of the tracker's garbage.
 */
const ZEEK_IN: ZeekTcpPacket = {
  fromA: true, ts: 0, flags: 0, seq: 0, ack: 0, payloadLength: 0, window: 0, ipLength: 0,
  srcPort: 0, dstPort: 0, capturedPayloadLength: 0,
};
const SEGMENT_IN: SegmentInput = {
  ts: 0, sec: 0, nsec: 0, flags: 0, seq: 0, ack: 0, payloadLength: 0, window: 0, windowScale: -1, optionsCut: false,
};

/** `start`/`end` of a connection object before its first use. */
const NO_TIME: Timestamp = { sec: 0, frac: 0, unitsPerSec: 1 };

/**
 * The time of the packet being handled, refilled from the record's numbers for every packet,
 * so that none needs a Timestamp of its own: what it is given (the happening log) copies the
 * numbers, and nothing keeps the object.
 */
const NOW = { sec: 0, frac: 0, unitsPerSec: 1 };

/** Largest window a scaled advertisement can express (65535 << 14). */
const MAX_WINDOW = 65535 * 16384;

// Read once (see above).
const {
  CONNECT_ATTEMPT, CONNECT_RETRY, CONNECT_ESTABLISHED, PEER_CONNECTS, CONNECT_REFUSED, CONNECT_UNREACHABLE,
  CONNECT_TIMEOUT, PEER_SENDS, PEER_SENDS_UNSEEN, PEER_SENDS_OOB, PEER_FIN, PEER_RST, RST_IGNORED, LOCAL_FIN,
  LOCAL_RST, PEER_WINDOW_ZERO, PEER_WINDOW_OPEN, ICMP_ERROR, LOCAL_WINDOW_GROWS,
} = HappeningCode;

const NO_NOTES: readonly string[] = [];

const RETRY_AFTER_CODE = { silence: 0, refusal: 1, unreachable: 2 } as const;

/**
 * One TCP connection as both of its ends experienced it. Fed every packet of the connection in
 * capture order; produces the happenings (see connections/happenings.ts) as it goes.
 *
 * The capture point is one place on the path: on the diagnosed host, arrivals at that host are
 * seen when its socket sees them, so its happenings are exact; the remote end's are as seen from
 * the capture point.
 *
 * Reusable: the tracker takes a connection it handed on (its `record()` made, which shares no
 * object with it) and `init`s it for a new one, so that a busy capture's connection state lives
 * in long-lived objects rather than in new ones the garbage collector must copy and promote
 * while the connection lingers. Everything a new connection starts from is set in `init`.
 * Timestamps are kept as numbers, and happenings in a numeric log (see HappeningLog), for the
 * same reason.
 */
export class TcpConnection {
  readonly client = new TcpEnd();
  readonly server = new TcpEnd();
  private readonly log = new HappeningLog();
  private noteList: string[] | null = null;
  private readonly zeek = new ZeekTcpConnection();
  private readonly segments = new SegmentAnalyzer();
  /** The end that sent the first packet we saw: `dir` 0 for the segment analyzer and Zeek. */
  firstIsClient = true;
  id = 0;
  ipVersion: 4 | 6 = 4;
  roleRule: RoleRule = 'syn';
  partial = false;
  reusedPort = false;
  firstFrame = 0;
  lastFrame = 0;
  start: Timestamp = NO_TIME;
  /** The time of the last packet, as numbers, and as a Timestamp once `end` made one. */
  private endSec = 0;
  private endFrac = 0;
  private endUnits = 1;
  private endTs: Timestamp | null = NO_TIME;
  lastAt = 0;
  /** Capture time (seconds) when both streams ended or a RST ended the connection; -1 while open. */
  closedAt = -1;
  private ignoredNotes = 0;
  /** Emit local-window-grows (see happenings.ts): only the `window` application model reads it. */
  private windowEvidence = false;

  /** Starts a new connection in this object (new, or handed on before). */
  init(
    id: number,
    ipVersion: 4 | 6,
    roleRule: RoleRule,
    clientAddress: string,
    clientPort: number,
    serverAddress: string,
    serverPort: number,
    firstIsClient: boolean,
    firstFrame: number,
    start: Timestamp,
    startAt: number,
    reusedPort: boolean,
    windowEvidence = false,
  ): this {
    this.client.init(clientAddress, clientPort);
    this.server.init(serverAddress, serverPort);
    this.log.clear();
    this.noteList = null;
    this.zeek.reset();
    this.segments.reset();
    this.firstIsClient = firstIsClient;
    this.id = id;
    this.ipVersion = ipVersion;
    this.roleRule = roleRule;
    this.partial = roleRule !== 'syn';
    this.reusedPort = reusedPort;
    this.firstFrame = firstFrame;
    this.lastFrame = firstFrame;
    this.start = start;
    this.setEnd(start);
    this.lastAt = startAt;
    this.closedAt = -1;
    this.ignoredNotes = 0;
    this.windowEvidence = windowEvidence;
    return this;
  }

  /** The time of the connection's last packet. */
  get end(): Timestamp {
    return (this.endTs ??= { sec: this.endSec, frac: this.endFrac, unitsPerSec: this.endUnits });
  }

  private setEnd(ts: Timestamp): void {
    this.endSec = ts.sec;
    this.endFrac = ts.frac;
    this.endUnits = ts.unitsPerSec;
    this.endTs = ts;
  }

  /**
   * Whether a bare SYN from `fromClient`'s end belongs to a new connection on this 4-tuple (port
   * reuse): a different initial sequence number, or a SYN from an end that never sent one on a
   * connection that is already over.
   */
  synStartsNew(fromClient: boolean, seq: number): boolean {
    const x = fromClient ? this.client : this.server;
    if (x.isn >= 0) return x.isn !== seq >>> 0;
    return this.closedAt >= 0 || this.client.out.next > 0 || this.server.out.next > 0;
  }

  /** The handshake has not completed and an attempt is still open (unanswered, or unreachable). */
  isConnecting(): boolean {
    const c = this.client.connect;
    const v = this.server.connect;
    return c === 'pending' || c === 'unreachable' || v === 'pending' || v === 'unreachable';
  }

  packet(fromClient: boolean, p: PacketRecord, d: DecodedPacket, at: number): void {
    const tcp = d.tcp!;
    const ip = d.ip!;
    const x = fromClient ? this.client : this.server;
    const y = fromClient ? this.server : this.client;
    // Whether x (the sender) / y (the receiver) is the server: the `at` of their happenings.
    const xs = !fromClient;
    const ys = fromClient;
    const flags = tcp.flags;
    const frame = p.n;
    const ts = NOW;
    ts.sec = p.tsSec;
    ts.frac = p.tsFrac;
    ts.unitsPerSec = p.tsUnits;

    this.lastFrame = frame;
    this.endSec = p.tsSec;
    this.endFrac = p.tsFrac;
    this.endUnits = p.tsUnits;
    this.endTs = null;
    this.lastAt = at;
    const s = x;
    const ipLength = ip.headerLength + ip.payloadWireLength;
    s.packets++;
    s.frameBytes += p.len;
    s.ipBytes += ipLength;
    s.payloadBytes += tcp.payloadWireLength;
    const direction = p.direction;
    if (direction !== undefined) {
      if (direction === 'outbound') x.outboundFlagged++;
      else if (direction === 'inbound') x.inboundFlagged++;
    }
    if (p.iface !== x.lastIface) {
      x.lastIface = p.iface;
      x.addInterface(p.iface);
    }
    if (x.ttl < 0) x.ttl = ip.ttl;

    const fromFirst = fromClient === this.firstIsClient;
    const z = ZEEK_IN;
    z.fromA = fromFirst;
    z.ts = at;
    z.flags = flags;
    z.seq = tcp.seq;
    z.ack = tcp.ack;
    z.payloadLength = tcp.payloadWireLength;
    z.window = tcp.window;
    z.ipLength = ipLength;
    z.srcPort = tcp.srcPort;
    z.dstPort = tcp.dstPort;
    z.capturedPayloadLength = tcp.payloadLength;
    this.zeek.packet(z);
    const g = SEGMENT_IN;
    g.ts = at;
    g.sec = p.tsSec;
    g.nsec = p.tsUnits === 1e9 ? p.tsFrac : Math.floor((p.tsFrac * 1e9) / p.tsUnits);
    g.flags = flags;
    g.seq = tcp.seq;
    g.ack = tcp.ack;
    g.payloadLength = tcp.payloadWireLength;
    g.window = tcp.window;
    g.windowScale = tcp.windowScale;
    g.optionsCut = tcp.optionsLength < tcp.headerLength - 20;
    const marks = this.segments.analyze(fromFirst ? 0 : 1, g);
    if (marks !== 0) countMarks(s, marks);

    const syn = (flags & TcpFlag.SYN) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    if (syn) this.onSyn(x, y, xs, ys, tcp, ack, frame, ts, at);
    if ((flags & TcpFlag.RST) !== 0) {
      this.onRst(x, y, xs, ys, tcp, ack, frame, ts, at);
      return;
    }
    // Sender side first: its FIN, then what its ACK proves it received.
    const fin = (flags & TcpFlag.FIN) !== 0;
    if (fin && !x.finSent) {
      x.finSent = true;
      this.log.add(LOCAL_FIN, xs, frame, ts, 0, 0, 0);
    }
    if (ack) this.onAck(x, y, xs, ys, tcp, syn, frame, ts, at);
    if (tcp.payloadWireLength > 0 || fin) this.onData(x, y, ys, tcp, d.data, syn, fin, frame, ts, at);
  }

  /** An ICMP error quoting a packet that `fromClient`'s end sent. */
  icmpError(fromClient: boolean, icmp: IcmpHeader, info: IcmpErrorInfo, frame: number, ts: Timestamp, at: number): void {
    const x = fromClient ? this.client : this.server;
    const xs = !fromClient;
    this.lastFrame = frame;
    this.setEnd(ts);
    this.lastAt = at;
    const quoted = icmp.quote;
    const quotesSyn = quoted !== null && quoted.tcp !== null
      ? (quoted.tcp.flags & (TcpFlag.SYN | TcpFlag.ACK)) === TcpFlag.SYN
      : quoted !== null && quoted.tcpSeq >= 0 && quoted.tcpSeq === x.isn;
    if (x.connect === 'pending' && quotesSyn) {
      x.connect = 'unreachable';
      x.lastFailure = 'unreachable';
      this.log.add(CONNECT_UNREACHABLE, xs, frame, ts, this.log.extra(info), 0, 0);
    } else {
      this.log.add(ICMP_ERROR, xs, frame, ts, this.log.extra(info), 0, 0);
    }
  }

  /**
   * Ends the connection's story: a connect() still waiting gets its timeout. `captureEndAt` is
   * the capture time of the last packet of the whole capture.
   */
  finish(captureEndAt: number, captureEnd: Timestamp): void {
    this.finishEnd(this.client, false, captureEndAt, captureEnd);
    this.finishEnd(this.server, true, captureEndAt, captureEnd);
  }

  private finishEnd(e: TcpEnd, server: boolean, captureEndAt: number, captureEnd: Timestamp): void {
    if (e.connect !== 'pending' || e.synCount === 0) return;
    // Stacks double the interval between SYN retransmissions; when the capture ran past the
    // next one without it, the client stopped trying (its stack gave up or the program closed
    // the socket). Every mainstream stack's first retry comes within 3 s.
    const interval = e.synCount > 1 ? e.lastSynAt - e.prevSynAt : 1.5;
    const deadline = e.lastSynAt + 2 * interval;
    const abandoned = captureEndAt > deadline;
    const ts = !abandoned
      ? captureEnd
      : shiftTimestamp(e.lastSynUnits !== 0 ? { sec: e.lastSynSec, frac: e.lastSynFrac, unitsPerSec: e.lastSynUnits } : this.start, 2 * interval);
    this.log.add(CONNECT_TIMEOUT, server, e.lastSynFrame, ts, abandoned ? 0 : 1, e.synCount, 0);
    e.connect = 'none';
  }

  /** Notes on oddities so far (read them before the object is reused). */
  get notes(): readonly string[] {
    return this.noteList ?? NO_NOTES;
  }

  /** Zeek's view of the connection so far: its record's `zeek`. */
  zeekView(): ZeekView {
    const z = this.zeek.result();
    const origIsClient = z.origIsA === this.firstIsClient;
    return { connState: z.connState, history: z.history, origIsClient, origBytes: z.origBytes, respBytes: z.respBytes };
  }

  /** The happenings so far, as numbers (read them before the object is reused). */
  get happeningLog(): HappeningLog {
    return this.log;
  }

  /** The connection's record: new objects only, nothing shared with this (reusable) object. */
  record(): ConnectionRecord {
    return {
      id: this.id,
      protocol: 'tcp',
      ipVersion: this.ipVersion,
      client: this.client.endpointInfo(),
      server: this.server.endpointInfo(),
      roleRule: this.roleRule,
      firstFrame: this.firstFrame,
      lastFrame: this.lastFrame,
      start: this.start,
      end: this.end,
      partial: this.partial,
      reusedPort: this.reusedPort,
      toServer: this.client.statsRecord(),
      toClient: this.server.statsRecord(),
      zeek: this.zeekView(),
      happenings: this.log.toHappenings(),
      notes: this.noteList ?? [],
    };
  }

  private onSyn(x: TcpEnd, y: TcpEnd, xs: boolean, ys: boolean, tcp: TcpHeader, ack: boolean, frame: number, ts: Timestamp, at: number): void {
    const seq = tcp.seq >>> 0;
    if (!x.sawSyn) {
      x.sawSyn = true;
      x.offeredScale = tcp.windowScale;
      // A SYN's window is never scaled: exact bytes from the first byte of the peer's stream.
      if (this.windowEvidence) {
        x.maxEdge = tcp.window;
        x.maxWindow = tcp.window;
      }
    }
    if (x.isn < 0) {
      x.isn = seq;
      if (!x.out.known) x.out.start((seq + 1) >>> 0);
      if (ack) {
        if (!x.activeOpen) x.passiveOpen = true;
      } else {
        x.activeOpen = true;
        x.connect = 'pending';
        x.synCount = 1;
        this.noteSyn(x, frame, ts, at);
        this.log.add(CONNECT_ATTEMPT, xs, frame, ts, seq | 0, 0, 0);
      }
    } else if (seq !== x.isn) {
      this.note(`frame ${frame}: ${xs ? 'server' : 'client'} sent a ${ack ? 'SYN/ACK' : 'SYN'} with initial sequence number ${seq}, not ${x.isn}; ignored`);
    } else if (!ack && x.connect !== 'established' && x.connect !== 'none') {
      x.synCount++;
      this.noteSyn(x, frame, ts, at);
      const after = x.lastFailure ?? 'silence';
      x.connect = 'pending';
      x.lastFailure = null;
      this.log.add(CONNECT_RETRY, xs, frame, ts, x.synCount, RETRY_AFTER_CODE[after], 0);
    }
    if (ack && y.connect === 'pending' && this.acksSyn(y, tcp.ack)) {
      y.connect = 'established';
      this.log.add(CONNECT_ESTABLISHED, ys, frame, ts, 0, 0, 0);
    }
  }

  private noteSyn(x: TcpEnd, frame: number, ts: Timestamp, at: number): void {
    x.prevSynAt = x.lastSynAt;
    x.lastSynAt = at;
    x.lastSynFrame = frame;
    x.lastSynSec = ts.sec;
    x.lastSynFrac = ts.frac;
    x.lastSynUnits = ts.unitsPerSec;
  }

  /** Whether `ack` acknowledges `e`'s SYN (its SYN was seen, or could not have been). */
  private acksSyn(e: TcpEnd, ack: number): boolean {
    if (e.isn < 0) return true;
    const d = seqDelta(e.isn, ack);
    return d >= 1 && d < 0x40000000;
  }

  /**
   * x's RST as its socket's doing (see onRst). Only a RST its receiver takes is taken as its
   * sender's doing: one the receiver drops is stale or forged, and changes nothing at either end.
   * A RST from an end that never synchronized (a closed port's answer to a SYN) comes from the
   * stack: no socket is there.
   */
  private rstSentBySocket(x: TcpEnd, xs: boolean, frame: number, ts: Timestamp): void {
    if (x.rstSent || (x.isn < 0 && !this.partial)) return;
    x.rstSent = true;
    x.reset = true;
    this.log.add(LOCAL_RST, xs, frame, ts, 0, 0, 0);
  }

  private onRst(x: TcpEnd, y: TcpEnd, xs: boolean, ys: boolean, tcp: TcpHeader, ack: boolean, frame: number, ts: Timestamp, at: number): void {
    if (y.connect === 'pending') {
      // RFC 793 (SYN-SENT): a RST is acceptable only if it acknowledges the SYN.
      if (ack && y.isn >= 0 && (tcp.ack >>> 0) === ((y.isn + 1) >>> 0)) {
        this.rstSentBySocket(x, xs, frame, ts);
        y.connect = 'refused';
        y.lastFailure = 'refusal';
        this.log.add(CONNECT_REFUSED, ys, frame, ts, 0, 0, 0);
        this.closed(at);
      } else {
        this.log.add(RST_IGNORED, ys, frame, ts, this.log.extra('it does not acknowledge the SYN'), 0, 0);
      }
      return;
    }
    if (y.reset) {
      this.rstSentBySocket(x, xs, frame, ts);
      this.log.add(RST_IGNORED, ys, frame, ts, this.log.extra('the connection was already reset'), 0, 0);
      return;
    }
    const reason = this.rstOutsideWindow(x, y, tcp.seq);
    if (reason !== null) {
      this.log.add(RST_IGNORED, ys, frame, ts, this.log.extra(reason), 0, 0);
      return;
    }
    this.rstSentBySocket(x, xs, frame, ts);
    y.reset = true;
    this.log.add(PEER_RST, ys, frame, ts, 0, 0, 0);
    this.closed(at);
  }

  /**
   * RFC 793: a RST is acceptable when its sequence number lies in the receive window
   * [RCV.NXT, RCV.NXT + RCV.WND), or equals RCV.NXT when the window is zero. With nothing known
   * of the stream or the window, it is accepted.
   */
  private rstOutsideWindow(x: TcpEnd, y: TcpEnd, seq: number): string | null {
    if (!x.out.known) return null;
    const off = x.out.offsetOf(seq);
    const nxt = x.out.rcvNext;
    const wnd = y.window < 0 ? MAX_WINDOW : Math.max(1, y.window);
    if (off >= nxt && off < nxt + wnd) return null;
    return `sequence number ${seq >>> 0} is outside the receive window (${off - nxt >= 0 ? '+' : ''}${off - nxt} bytes from the next expected, window ${wnd})`;
  }

  private onAck(x: TcpEnd, y: TcpEnd, xs: boolean, ys: boolean, tcp: TcpHeader, syn: boolean, frame: number, ts: Timestamp, at: number): void {
    // What x's ACK proves it received of y's stream.
    const yOut = y.out;
    if (!yOut.known) yOut.start(tcp.ack);
    const ackOff = yOut.offsetOf(tcp.ack);
    if (!syn || y.isn >= 0) {
      if (ackOff > x.ackOffset) x.ackOffset = ackOff;
      const finOffset = yOut.finOffset;
      const dataEnd = finOffset >= 0 && finOffset < ackOff ? finOffset : ackOff;
      if (dataEnd > yOut.next && dataEnd - yOut.next < 0x40000000) {
        const credited = yOut.advanceTo(dataEnd);
        y.unseenBytes += credited;
        if (!x.reset) this.log.add(PEER_SENDS_UNSEEN, xs, frame, ts, credited, yOut.next, credited);
      }
      if (finOffset >= 0 && !yOut.finDelivered && ackOff > finOffset && yOut.next === finOffset) {
        yOut.finDelivered = true;
        if (!x.reset) this.log.add(PEER_FIN, xs, frame, ts, yOut.next, 0, 0);
        this.checkClosed(at);
      }
    }

    // The handshake, completed at the receiver of this segment.
    if (!syn && y.passiveOpen && !y.accepted && this.acksSyn(y, tcp.ack)) {
      y.accepted = true;
      this.log.add(PEER_CONNECTS, ys, frame, ts, 0, 0, 0);
    } else if (!syn && y.connect === 'pending' && x.isn >= 0 && this.acksSyn(y, tcp.ack)) {
      // Simultaneous open: y's SYN crossed x's, and x's ACK completes y's connect().
      y.connect = 'established';
      this.log.add(CONNECT_ESTABLISHED, ys, frame, ts, 0, 0, 0);
    }

    // The window x advertises is y's send space.
    const win = syn ? tcp.window : tcp.window * this.scaleOf(x);
    const before = x.window;
    x.window = win;
    if (syn) return;
    if (win === 0 && !x.advertisedZero) {
      x.advertisedZero = true;
      this.log.add(PEER_WINDOW_ZERO, ys, frame, ts, 0, 0, 0);
    } else if (win > 0 && x.advertisedZero) {
      x.advertisedZero = false;
      this.log.add(PEER_WINDOW_OPEN, ys, frame, ts, win, 0, 0);
    }
    if (this.windowEvidence && x.ackOffset >= 0 && this.scaleKnown()) this.noteEdge(x, xs, before, win, frame, ts);
  }

  /** x's receive window reaches further than ever: its buffer freed space (see local-window-grows). */
  private noteEdge(x: TcpEnd, xs: boolean, before: number, win: number, frame: number, ts: Timestamp): void {
    const edge = x.ackOffset + win;
    // The SYN set the first edge; scaleKnown() (the caller's condition) means it was seen.
    if (edge > x.maxEdge) {
      const grown = edge - x.maxEdge;
      x.maxEdge = edge;
      // The window had shrunk below its largest (the stack was counting unread bytes): reopening.
      const reopened = before >= 0 && before < x.maxWindow ? 1 : 0;
      if (!x.reset) this.log.add(LOCAL_WINDOW_GROWS, xs, frame, ts, grown, win, this.scaleOf(x) * 2 + reopened);
    }
    if (win > x.maxWindow) x.maxWindow = win;
  }

  /**
   * RFC 7323: windows are scaled only when both SYNs carried the option. When a SYN was not
   * captured the shift is unknown and windows are taken as sent (then they read small, never zero
   * when they were not).
   */
  private scaleOf(e: TcpEnd): number {
    if (!this.client.sawSyn || !this.server.sawSyn) return 1;
    if (this.client.offeredScale < 0 || this.server.offeredScale < 0) return 1;
    return SCALE_FACTORS[Math.min(e.offeredScale, 14)]!;
  }

  private scaleKnown(): boolean {
    return this.client.sawSyn && this.server.sawSyn;
  }

  private onData(
    x: TcpEnd, y: TcpEnd, ys: boolean, tcp: TcpHeader, bytes: Uint8Array,
    syn: boolean, fin: boolean, frame: number, ts: Timestamp, at: number,
  ): void {
    const stream = x.out;
    if (!stream.known) stream.start(syn ? (tcp.seq + 1) >>> 0 : tcp.seq);
    const start = stream.offsetOf(syn ? (tcp.seq + 1) >>> 0 : tcp.seq);
    const end = start + tcp.payloadWireLength;
    if (fin && stream.finOffset < 0) stream.finOffset = end;
    if (y.reset) return;

    // A receiver keeps only what fits its window: bytes beyond it (a zero-window probe) are
    // dropped and come again. Enforced only when the window is known in bytes.
    let accepted = end;
    if (this.scaleKnown() && y.window >= 0 && y.ackOffset >= 0) {
      const edge = y.ackOffset + y.window;
      if (accepted > edge) accepted = Math.max(start, edge);
    }
    if (accepted > start) {
      const added = stream.add(start, accepted);
      if (added > 0) this.log.add(PEER_SENDS, ys, frame, ts, added, stream.next, 0);
    }
    if ((tcp.flags & TcpFlag.URG) !== 0 && tcp.urgentPointer > 0 && accepted > start) {
      const mark = start + tcp.urgentPointer - 1;
      if (mark > stream.urgentMark) {
        stream.urgentMark = mark;
        const inSegment = mark - start;
        const value = inSegment < tcp.payloadLength ? bytes[tcp.payloadOffset + inSegment]! : -1;
        this.log.add(PEER_SENDS_OOB, ys, frame, ts, mark, value, 0);
      }
    }
    if (stream.finOffset >= 0 && !stream.finDelivered && stream.next === stream.finOffset && (!fin || accepted === end)) {
      stream.finDelivered = true;
      this.log.add(PEER_FIN, ys, frame, ts, stream.next, 0, 0);
      this.checkClosed(at);
    }
  }

  private checkClosed(at: number): void {
    if (this.client.out.finDelivered && this.server.out.finDelivered) this.closed(at);
  }

  private closed(at: number): void {
    if (this.closedAt < 0) this.closedAt = at;
  }

  private note(text: string): void {
    // A misbehaving peer can repeat the same oddity thousands of times: keep the first few.
    const notes = (this.noteList ??= []);
    if (++this.ignoredNotes <= 10) notes.push(text);
    else if (this.ignoredNotes === 11) notes.push('further oddities not listed');
  }
}

function countMarks(s: TcpEnd, m: number): void {
  if (m & SegmentFlag.RETRANSMISSION) s.retransmissions++;
  if (m & SegmentFlag.FAST_RETRANSMISSION) s.fastRetransmissions++;
  if (m & SegmentFlag.SPURIOUS_RETRANSMISSION) s.spuriousRetransmissions++;
  if (m & SegmentFlag.OUT_OF_ORDER) s.outOfOrder++;
  if (m & SegmentFlag.LOST_SEGMENT) s.lostSegments++;
  if (m & SegmentFlag.DUPLICATE_ACK) s.duplicateAcks++;
  if (m & SegmentFlag.ZERO_WINDOW) s.zeroWindows++;
  if (m & SegmentFlag.ZERO_WINDOW_PROBE) s.zeroWindowProbes++;
  if (m & SegmentFlag.WINDOW_UPDATE) s.windowUpdates++;
  if (m & SegmentFlag.KEEP_ALIVE) s.keepAlives++;
}

/** `ts` moved forward by `seconds` (for an estimated moment no frame marks). */
export function shiftTimestamp(ts: Timestamp, seconds: number): Timestamp {
  const units = Math.round(seconds * ts.unitsPerSec);
  let frac = ts.frac + units;
  const carry = Math.floor(frac / ts.unitsPerSec);
  frac -= carry * ts.unitsPerSec;
  return { sec: ts.sec + carry, frac, unitsPerSec: ts.unitsPerSec };
}
