/**
 * Zeek's conn.log view of one TCP connection or UDP flow: `conn_state`, `history`, which end Zeek
 * calls the originator, and the packet/byte counters — computed the way Zeek computes them, so a
 * user who knows conn.log reads the same letters here.
 *
 * This is a re-implementation from reading Zeek's sources (zeek/zeek at commit a13de64fbbdb),
 * not a port of its code. The files each rule comes from are named next to it:
 * - `scripts/base/protocols/conn/main.zeek`: `conn_state()`, the history letter table, and that
 *   duration/orig_bytes/resp_bytes are only logged when the duration is positive;
 * - `src/packet_analysis/protocol/tcp/TCPSessionAdapter.cc`: `Process()`, the per-endpoint state
 *   machine, history updates, sequence bookkeeping, closing, timers, `IsReuse()`;
 * - `src/analyzer/protocol/tcp/TCP_Endpoint.cc`: `Size()` (orig_bytes/resp_bytes), `CheckHistory()`
 *   (including the flip when a SYN/ACK-first connection turns productive), the scaled letters;
 * - `src/analyzer/protocol/tcp/TCP_Reassembler.cc`, `src/Reassem.cc`: content gaps and deferred
 *   closes;
 * - `src/packet_analysis/protocol/tcp/TCP.cc`, `udp/UDP.cc`, `ip/IPBasedAnalyzer.cc`: whether the
 *   first packet flips the roles (`WantConnection`, `likely_server_ports`);
 * - `src/Conn.cc`, `src/session/Session.{h,cc}`: `FlipRoles()` ('^'), `CheckHistory()`,
 *   `ScaledHistoryEntry()` (1st, 10th, 100th … occurrence), inactivity;
 * - `src/analyzer/protocol/conn-size/ConnSize.cc`: orig_pkts/orig_ip_bytes and their resp twins.
 *
 * Assumptions, where Zeek depends on things this module is not given:
 * - Checksums are not validated, as with `zeek -C`. Without -C Zeek drops a packet with a bad
 *   TCP/UDP checksum before counting it and records 'C'/'c' instead; loopback and offloaded
 *   captures are full of such packets, so -C is how Zeek is run on them. Hence no 'C'/'c' here.
 * - Stock settings (`zeekDefaults.ts`): base scripts only, default timeouts and
 *   `likely_server_ports`.
 * - Content gaps ('G'/'g', `missedBytes`): Zeek reassembles every TCP connection
 *   (`dpd_reassemble_first_packets` is T). A gap is acked data the reassembler never got: a
 *   segment missing from the capture, cut by the snap length (`capturedPayloadLength`), or
 *   captured after the ACK that covers it. The reassembler is kept in O(1): the delivered prefix
 *   plus one block above a hole. With two or more separate holes open at once Zeek would count
 *   each; here the blocks above the first hole are merged, so such a connection can show fewer
 *   'G's and fewer missed bytes than Zeek. With every packet captured (in order or reordered
 *   before it is acked) there is no gap, as in Zeek.
 * - 'X' (analyzer limits) and application-layer effects (a protocol analyzer disabling
 *   reassembly, SSH/FTP detected on odd ports lengthening the inactivity timeout) are not modeled.
 */

import { TcpFlag } from '../decode/tcpFlags';
import * as defaults from './zeekDefaults';
import * as endpoint from './zeekTcpEndpoint';
import { ScaledLetter, ZeekTcpEndpoint } from './zeekTcpEndpoint';

export { TcpState } from './zeekTcpEndpoint';

/**
 * One packet of the connection as Zeek needs it. `fromA`: sent by the end that sent the first
 * packet we saw. Feed only packets Zeek would analyze: IPv4/IPv6 with the whole TCP header
 * captured, non-fragments (or reassembled datagrams).
 */
export interface ZeekTcpPacket {
  fromA: boolean;
  /** Seconds, float (Zeek's own clock is a double too). */
  ts: number;
  /** 12-bit TCP flags as in `TcpFlag` (only the low 8 bits matter to Zeek). */
  flags: number;
  seq: number;
  ack: number;
  /** Payload bytes on the wire (from the IP length; the captured length when that field is 0). */
  payloadLength: number;
  /** Raw window field (a zero window is zero whatever the scale). */
  window: number;
  /**
   * The IP header's length field (IPv4 total length, IPv6 payload length + 40), which is what
   * Zeek sums into orig_ip_bytes — 0 for a TSO segment whose field is 0, as in Zeek.
   */
  ipLength: number;
  /**
   * Ports of this packet, read on the first packet only: a connection that starts without a
   * SYN, or with a SYN/ACK, is flipped by Zeek when its source port is in `likely_server_ports`.
   * Without them that flip cannot be decided and is not made.
   */
  srcPort?: number;
  dstPort?: number;
  /** Payload bytes captured, if the snap length cut the packet (default: `payloadLength`). */
  capturedPayloadLength?: number;
  /** First packet only: destination is 255.255.255.255 (Zeek never flips towards it). */
  dstIsBroadcast?: boolean;
}

/** One UDP datagram. */
export interface ZeekUdpPacket {
  fromA: boolean;
  ts: number;
  /**
   * The UDP length field minus 8 — what Zeek sums into orig_bytes/resp_bytes
   * (`UDPSessionAdapter::UpdateLength`); the payload length for a well-formed datagram.
   */
  payloadLength: number;
  ipLength: number;
  srcPort: number;
  dstPort: number;
  dstIsBroadcast?: boolean;
}

export interface ZeekConnResult {
  connState: string;
  /** '' when no letter was recorded; conn.log then shows '-'. */
  history: string;
  /** False when Zeek made the other end the originator. */
  origIsA: boolean;
  origPkts: number;
  respPkts: number;
  origIpBytes: number;
  respIpBytes: number;
  /**
   * TCP: from sequence numbers (`TCP_Endpoint::Size`), data the capture missed but the peer
   * acked included. UDP: summed length fields. conn.log leaves orig_bytes, resp_bytes and
   * duration unset ("-") when `duration` is 0.
   */
  origBytes: number;
  respBytes: number;
  /** Seconds from the first packet to Zeek's `last_time` (trailing packets after both FINs excluded). */
  duration: number;
  /** conn.log `missed_bytes`: bytes in content gaps. */
  missedBytes: number;
}

// Read once rather than through the imports at every use: where imports are getters (tsx, which
// runs the tests and the benchmarks), each read is a call, and these are read for every packet.
const {
  ZeekTimeouts,
  isInteractiveTcpPort,
  isLikelyTcpServerPort,
  isLikelyUdpServerPort,
  TCP_EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS,
  TCP_MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS,
  TCP_MAX_INITIAL_WINDOW,
  TOO_LARGE_SEQ_DELTA,
} = defaults;
const { TcpState, TWO32, seqDelta, u64 } = endpoint;

// TCP_Flags.h looks at the low byte only, where these bits are.
const FIN = TcpFlag.FIN;
const SYN = TcpFlag.SYN;
const RST = TcpFlag.RST;
const ACK = TcpFlag.ACK;

// TCP_Endpoint::HistoryMasks; the responder's mask is shifted left by 16.
const HIST_SYN_PKT = 0x1;
const HIST_FIN_PKT = 0x2;
const HIST_RST_PKT = 0x4;
const HIST_FIN_RST_PKT = 0x8;
const HIST_DATA_PKT = 0x10;
const HIST_ACK_PKT = 0x20;
const HIST_MULTI_FLAG_PKT = 0x40;

// first_packet_seen bits.
const SEEN_ORIG = 1;
const SEEN_RESP = 2;

const LOWER: Readonly<Record<string, string>> = {
  S: 's', H: 'h', A: 'a', D: 'd', F: 'f', R: 'r', I: 'i', Q: 'q', T: 't', W: 'w', G: 'g',
};

function isHandshake(state: number): boolean {
  return state === TcpState.INACTIVE || state === TcpState.SYN_SENT || state === TcpState.SYN_ACK_SENT;
}

/** `conn_state()` of `scripts/base/protocols/conn/main.zeek`, TCP branch. */
export function zeekTcpConnState(
  os: number,
  rs: number,
  origSizeIsZero: boolean,
  respSizeIsZero: boolean,
  history: string,
): string {
  const oInactive = os === TcpState.INACTIVE || os === TcpState.PARTIAL;
  const rInactive = rs === TcpState.INACTIVE || rs === TcpState.PARTIAL;
  if (rs === TcpState.RESET) {
    if (
      os === TcpState.SYN_SENT ||
      os === TcpState.SYN_ACK_SENT ||
      (os === TcpState.RESET && origSizeIsZero && respSizeIsZero)
    )
      return 'REJ';
    if (oInactive) return 'RSTRH';
    return 'RSTR';
  }
  if (os === TcpState.RESET) {
    if (rInactive) {
      // The script's `/\^?S[^HAFGIQ]*R.*/ == history` is an anchored, whole-string match.
      if (RSTOS0_HISTORY.test(history)) return 'RSTOS0';
      return 'OTH';
    }
    return 'RSTO';
  }
  if (rs === TcpState.CLOSED && os === TcpState.CLOSED) return 'SF';
  if (os === TcpState.CLOSED) return rInactive ? 'SH' : 'S2';
  if (rs === TcpState.CLOSED) return oInactive ? 'SHR' : 'S3';
  if (os === TcpState.SYN_SENT && rs === TcpState.INACTIVE) return 'S0';
  if (os === TcpState.ESTABLISHED && rs === TcpState.ESTABLISHED) return 'S1';
  return 'OTH';
}

const RSTOS0_HISTORY = /^\^?S[^HAFGIQ]*R/;

/** `conn_state()`, UDP branch: an end is active once it sent a datagram. */
export function zeekUdpConnState(origActive: boolean, respActive: boolean): string {
  if (origActive) return respActive ? 'SF' : 'S0';
  return respActive ? 'SHR' : 'OTH';
}

/**
 * Zeek's TCP analysis of one connection. Feed it every packet of the 4-tuple in capture order.
 *
 * Zeek sometimes ends a connection and starts a new one on the same 4-tuple: a new SYN with a
 * different ISN or after a close (`isReuse`), or a timer that fired first (`isExpiredAt`). A
 * tracker that wants Zeek's conn.log lines asks `endsBefore(p)` before feeding `p`; when it is
 * true it takes this connection's `result()` and feeds `p` to a fresh `ZeekTcpConnection` (whose
 * "A" is then the sender of `p`).
 */
export class ZeekTcpConnection {
  private readonly a = new ZeekTcpEndpoint(true, true);
  private readonly b = new ZeekTcpEndpoint(false, false);
  private orig: ZeekTcpEndpoint = this.a;
  private resp: ZeekTcpEndpoint = this.b;
  private history = '';
  private histSeen = 0;
  private started = false;
  private startTime = 0;
  private lastTime = 0;
  private origPort = 0;
  private respPort = 0;
  private isPartial = false;
  private firstPacketSeen = 0;
  private closeDeferred = false;
  private missedBytes = 0;
  // Timers that remove the connection (NaN: none pending).
  private attemptDeadline = NaN;
  private deleteDeadline = NaN;
  private inactivityTimeout: number = ZeekTimeouts.udpInactivity;
  // Out-parameters of relativeSeq and of the state machine (no allocation per packet).
  private underflow = false;
  private doClose = false;
  /** The time of the packet being processed (seconds): read where a call would box it. */
  private now = 0;

  constructor() {
    this.a.peer = this.b;
    this.b.peer = this.a;
  }

  /** Back to the state of a new connection, for a reused one (test/tcp/reuse.test.ts). */
  reset(): void {
    this.a.reset(true);
    this.b.reset(false);
    this.orig = this.a;
    this.resp = this.b;
    this.history = '';
    this.histSeen = 0;
    this.started = false;
    this.startTime = 0;
    this.lastTime = 0;
    this.origPort = 0;
    this.respPort = 0;
    this.isPartial = false;
    this.firstPacketSeen = 0;
    this.closeDeferred = false;
    this.missedBytes = 0;
    this.attemptDeadline = NaN;
    this.deleteDeadline = NaN;
    this.inactivityTimeout = ZeekTimeouts.udpInactivity;
    this.underflow = false;
    this.doClose = false;
    this.now = 0;
  }

  packet(p: ZeekTcpPacket): void {
    if (!this.started) this.begin(p);
    const sender = p.fromA ? this.a : this.b;
    this.process(sender === this.orig, sender, p);
    // ConnSize counts after Process, against the end that sent the packet even when Process
    // flipped the roles (TCP.cc corrects its stale is_orig for the packet children).
    sender.pkts++;
    sender.ipBytes += p.ipLength;
  }

  result(): ZeekConnResult {
    const o = this.orig;
    const r = this.resp;
    const os = o.size();
    const rs = r.size();
    return {
      connState: zeekTcpConnState(o.state, r.state, os === 0, rs === 0, this.history),
      history: this.history,
      origIsA: o === this.a,
      origPkts: o.pkts,
      respPkts: r.pkts,
      origIpBytes: o.ipBytes,
      respIpBytes: r.ipBytes,
      origBytes: os,
      respBytes: rs,
      duration: this.started ? this.lastTime - this.startTime : 0,
      missedBytes: this.missedBytes,
    };
  }

  /** Whether Zeek ends this connection before `p` and starts a new one with it. */
  endsBefore(p: ZeekTcpPacket): boolean {
    return this.started && (this.isExpiredAt(p.ts) || this.isReuse(p));
  }

  /**
   * `TCPSessionAdapter::IsReuse`: a SYN (or a SYN/ACK while the originator is silent) that starts
   * a new connection on this 4-tuple — any SYN once either side has closed, otherwise one whose
   * sequence number is not the originator's ISN. Note that a responder's SYN counts too, so a
   * simultaneous open is two connections in Zeek.
   */
  isReuse(p: ZeekTcpPacket): boolean {
    if (!this.started || (p.flags & SYN) === 0) return false;
    let connOrig = this.orig;
    if ((p.flags & ACK) !== 0) {
      if (this.orig.state !== TcpState.INACTIVE) return false;
      connOrig = this.resp;
    }
    if (this.orig.didClose || this.resp.didClose) return true;
    const seq = p.seq >>> 0;
    if (seq === connOrig.startSeq >>> 0) return false;
    // A SYN answering a SYN/ACK seen first, with the sequence number that SYN/ACK acked: the
    // two were captured out of order, and Process() flips the roles instead.
    if (
      (p.flags & ACK) === 0 &&
      connOrig.state === TcpState.SYN_ACK_SENT &&
      this.resp.state === TcpState.INACTIVE &&
      seq === this.resp.startSeq >>> 0
    )
      return false;
    return true;
  }

  /**
   * Whether a timer removed the connection by network time `ts`: the attempt timer (a SYN left
   * unanswered `tcp_attempt_delay`), the delete timer (`tcp_close_delay` after the close
   * completed) or inactivity. Each is checked against the state now, which is the state Zeek's
   * timer would see, since no packet of this connection came in between. Not modeled: the
   * periodic `ExpireTimer`, whose conditions are almost always met by one of these first, and
   * `max_timer_expires` delaying timers in very busy captures.
   */
  isExpiredAt(ts: number): boolean {
    if (!this.started) return false;
    if (ts >= this.deleteDeadline) return true;
    if (
      ts >= this.attemptDeadline &&
      (this.orig.state === TcpState.SYN_SENT || this.orig.state === TcpState.SYN_ACK_SENT) &&
      this.resp.state === TcpState.INACTIVE
    )
      return true;
    return this.lastTime + this.inactivityTimeout <= ts;
  }

  // --- connection setup -------------------------------------------------------------------

  private begin(p: ZeekTcpPacket): void {
    // The first packet defines A.
    if (!p.fromA) throw new Error('ZeekTcpConnection: the first packet must be fromA');
    this.started = true;
    this.startTime = p.ts;
    this.lastTime = p.ts;
    const src = p.srcPort ?? -1;
    const dst = p.dstPort ?? -1;
    this.origPort = src;
    this.respPort = dst;
    // TCPAnalyzer::WantConnection: a connection that starts without a SYN, or with a SYN/ACK,
    // is flipped when its source port looks like a server's (but not towards a broadcast
    // address, IPBasedAnalyzer::NewConn).
    const f = p.flags;
    if ((f & SYN) === 0 || (f & ACK) !== 0) {
      let flip = false;
      if (src >= 0 && dst >= 0 && isLikelyTcpServerPort(src)) {
        if (isLikelyTcpServerPort(dst)) flip = (f & SYN) === 0 && src < dst;
        else flip = true;
      }
      if (flip && p.dstIsBroadcast !== true) {
        // The adapter does not exist yet, so only the roles and the '^' change.
        this.orig = this.b;
        this.resp = this.a;
        this.a.isOrig = false;
        this.b.isOrig = true;
        this.origPort = dst;
        this.respPort = src;
        this.history = '^';
      }
    }
  }

  /** `Connection::FlipRoles` + `TCPSessionAdapter::FlipRoles`. */
  private flipRoles(): void {
    const tmp = this.resp;
    this.resp = this.orig;
    this.orig = tmp;
    this.orig.isOrig = !this.orig.isOrig;
    this.resp.isOrig = !this.resp.isOrig;
    const fps = this.firstPacketSeen;
    this.firstPacketSeen = ((fps & SEEN_ORIG) !== 0 ? SEEN_RESP : 0) | ((fps & SEEN_RESP) !== 0 ? SEEN_ORIG : 0);
    this.isPartial = false;
    const port = this.origPort;
    this.origPort = this.respPort;
    this.respPort = port;
    this.history += '^';
  }

  // --- history ------------------------------------------------------------------------------

  /** `Session::CheckHistory`: add `e`'s letter the first time its mask is seen. */
  private connCheckHistory(mask: number, e: ZeekTcpEndpoint, code: string): boolean {
    if ((this.histSeen & mask) !== 0) return true;
    this.histSeen = (this.histSeen | mask) >>> 0;
    this.addHistory(e, code);
    return false;
  }

  /** `TCP_Endpoint::CheckHistory`. */
  private checkHistory(e: ZeekTcpEndpoint, mask: number, code: string): boolean {
    if ((code === 'A' || code === 'D') && this.history === 'H') {
      // A connection that began with a SYN/ACK from its (nominal) originator now carries
      // productive traffic, so it was not a stealth scan: flip it and pretend the missing
      // first packet was seen. The '^' that FlipRoles adds is replaced along with the 'H'.
      this.flipRoles();
      this.history = '^h';
      this.firstPacketSeen |= SEEN_ORIG;
    }
    return this.connCheckHistory(e.isOrig ? mask : (mask << 16) >>> 0, e, code);
  }

  private addHistory(e: ZeekTcpEndpoint, code: string): void {
    this.history += e.isOrig ? code : LOWER[code];
  }

  private didRxmit(e: ZeekTcpEndpoint): void {
    if ((e.rxmt ??= new ScaledLetter()).bump()) this.addHistory(e, 'T');
  }

  private zeroWindow(e: ZeekTcpEndpoint): void {
    if ((e.win0 ??= new ScaledLetter()).bump()) this.addHistory(e, 'W');
  }

  private gapLetter(e: ZeekTcpEndpoint): void {
    if ((e.gap ??= new ScaledLetter()).bump()) this.addHistory(e, 'G');
  }

  /** `update_history` (TCPSessionAdapter.cc). */
  private updateHistory(flags: number, e: ZeekTcpEndpoint, relSeq: number, len: number): void {
    const syn = (flags & SYN) !== 0;
    const fin = (flags & FIN) !== 0;
    const rst = (flags & RST) !== 0;
    const bits = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
    if (bits > 1) {
      if (fin && rst) this.checkHistory(e, HIST_FIN_RST_PKT, 'I');
      else this.checkHistory(e, HIST_MULTI_FLAG_PKT, 'Q');
    } else if (bits === 1) {
      // 'S'/'H', 'F', 'R' repeat when their sequence number differs from the last one of the
      // same kind from this end. For a FIN the number compared is past the payload.
      if (syn) {
        const code = (flags & ACK) !== 0 ? 'H' : 'S';
        if (this.checkHistory(e, HIST_SYN_PKT, code) && relSeq !== e.histLastSyn) this.addHistory(e, code);
        e.histLastSyn = relSeq;
      }
      if (fin) {
        if (this.checkHistory(e, HIST_FIN_PKT, 'F') && relSeq + len !== e.histLastFin) this.addHistory(e, 'F');
        e.histLastFin = relSeq + len;
      }
      if (rst) {
        if (this.checkHistory(e, HIST_RST_PKT, 'R') && relSeq !== e.histLastRst) this.addHistory(e, 'R');
        e.histLastRst = relSeq;
      }
    } else if (len > 0) {
      this.checkHistory(e, HIST_DATA_PKT, 'D');
    } else if ((flags & ACK) !== 0) {
      this.checkHistory(e, HIST_ACK_PKT, 'A');
    }
  }

  // --- sequence numbers ---------------------------------------------------------------------

  /** `get_relative_seq` (`curWord`, `lastWord`: signed words, see `process`); sets `this.underflow` like its out-parameter. */
  private relativeSeq(e: ZeekTcpEndpoint, curWord: number, lastWord: number, wrapsIn: number): number {
    const cur = curWord >>> 0;
    const last = lastWord >>> 0;
    let wraps = wrapsIn;
    const delta = seqDelta(cur, last);
    if (delta < 0) {
      if (wraps !== 0 && cur > last) wraps--;
    } else if (delta > 0) {
      if (cur < last) wraps++;
    }
    if (wraps === 0) {
      const d = seqDelta(cur, e.startSeq >>> 0);
      if (d < 0) this.underflow = true;
      return d;
    }
    return wraps * TWO32 + cur - e.startSeq;
  }

  private setState(e: ZeekTcpEndpoint, state: number): void {
    if (state === e.state) return;
    // Leaving the handshake switches from the UDP inactivity timeout new TCP connections get.
    if (!isHandshake(state) && isHandshake(e.state) && isHandshake(e.peer.state))
      this.inactivityTimeout = ZeekTimeouts.tcpInactivity;
    e.prevState = e.state;
    e.state = state;
  }

  // --- Process ------------------------------------------------------------------------------

  /** `TCPSessionAdapter::Process`. `isOrig` is the caller's view and goes stale if a flip happens. */
  private process(isOrig: boolean, e: ZeekTcpEndpoint, p: ZeekTcpPacket): void {
    const flags = p.flags & 0xff;
    const syn = (flags & SYN) !== 0;
    const fin = (flags & FIN) !== 0;
    const rst = (flags & RST) !== 0;
    const ack = (flags & ACK) !== 0;
    // Raw sequence numbers cross calls as signed words, each callee reading them unsigned: an
    // unsigned one of 2^31 or more (half of all connections) was a new boxed number at every call
    // the engine did not inline, four or five a packet. The same goes for the time (`now`).
    const seqWord = p.seq | 0;
    const ackWord = p.ack | 0;
    const len = p.payloadLength;
    const peer = e.peer;
    const t = p.ts;
    this.now = t;

    this.setPartialStatus(syn, ack, e.isOrig);

    // get_segment_len: SYN and FIN take a sequence number; a RST's payload is not stream data.
    let segLen = len;
    if (syn) segLen++;
    if (fin) segLen++;
    if (rst) segLen -= len;
    const seqOnePastWord = (seqWord + segLen) | 0;

    this.initEndpoint(e, syn, seqWord, seqOnePastWord);

    this.underflow = false;
    const relSeq = this.relativeSeq(e, seqWord, e.lastSeq | 0, e.seqWraps);
    const seqUnderflow = this.underflow;

    this.updateHistory(flags, e, relSeq, len);

    // update_window: only the zero-window letter matters here. A zero window is not worth a
    // letter on a RST, after this end's RST, or once the peer has closed.
    if (p.window === 0 && !rst && peer.state !== TcpState.CLOSED && e.state !== TcpState.RESET) this.zeroWindow(e);

    // Trailing packets after both ends closed do not extend the duration.
    if (!this.orig.didClose || !this.resp.didClose) this.lastTime = t;

    if (fin) {
      e.finCnt++;
      e.finSeq = u64(relSeq + segLen);
    }

    let relAck = 0;
    if (ack) {
      if (peer.state === TcpState.INACTIVE) {
        relAck = 1;
        // init_peer: number the silent peer as if its SYN had been seen.
        const s = (ackWord - 1) >>> 0;
        peer.startSeq = s;
        peer.ackSeq = s;
        peer.lastSeq = s;
      } else {
        this.underflow = false;
        relAck = this.relativeSeq(peer, ackWord, peer.ackSeq | 0, peer.ackWraps);
        if (this.underflow) relAck = 0;
        else if (!rst) this.updateAckSeq(peer, ackWord);
      }
    }

    this.updateLastSeq(e, seqOnePastWord, syn, fin, rst, len);

    this.doClose = false;
    this.updateStateMachine(e, peer, seqWord, len, isOrig, flags);
    const doClose = this.doClose;

    // After the state machine, so a gap revealed by a FIN's or RST's ack is judged by the new state.
    if (ack) this.ackReceived(peer, relAck);

    // CheckPIA_FirstPacket, with the possibly stale isOrig.
    if (isOrig) this.firstPacketSeen |= SEEN_ORIG;
    else this.firstPacketSeen |= SEEN_RESP;

    if (len > 0 && !rst && !seqUnderflow) {
      const captured = p.capturedPayloadLength ?? len;
      // TCP_Endpoint::DataSent: a payload cut by the snap length never reaches the reassembler.
      if (captured >= len) this.dataSent(e, syn ? relSeq + 1 : relSeq, len);
    }
    this.checkEOF(e);
    if (doClose) this.connectionClosed(e, peer);
  }

  private setPartialStatus(syn: boolean, ack: boolean, endpointIsOrig: boolean): void {
    if (endpointIsOrig) {
      if ((this.firstPacketSeen & SEEN_ORIG) === 0) this.isPartial = !syn || ack;
    } else if ((this.firstPacketSeen & SEEN_RESP) === 0 && !this.isPartial) {
      this.isPartial = !syn;
    }
  }

  /** `init_endpoint` (sequence numbers as signed words, see `process`). */
  private initEndpoint(e: ZeekTcpEndpoint, syn: boolean, firstSegWord: number, lastSeqWord: number): void {
    const firstSeg = firstSegWord >>> 0;
    const lastSeq = lastSeqWord >>> 0;
    switch (e.state) {
      case TcpState.INACTIVE:
        if (syn) {
          e.ackSeq = firstSeg;
          e.startSeq = firstSeg;
          e.lastSeq = lastSeq;
        } else {
          // A partial connection: number it as if a SYN had been seen, but do not let the first
          // packet look like a duplicate.
          const s = (firstSeg - 1) >>> 0;
          e.ackSeq = s;
          e.startSeq = s;
          e.lastSeq = firstSeg;
        }
        break;
      case TcpState.SYN_SENT:
      case TcpState.SYN_ACK_SENT:
        if (syn && firstSeg !== e.startSeq >>> 0) this.reinit(e, firstSegWord, lastSeqWord);
        break;
      case TcpState.ESTABLISHED:
      case TcpState.PARTIAL:
        // Guess that this SYN is the one that really sets the connection up.
        if (syn) this.reinit(e, firstSegWord, lastSeqWord);
        break;
      case TcpState.RESET:
        // Sequence numbers set up by a RST (perhaps injected) yield to a later SYN.
        if (syn && e.prevState === TcpState.INACTIVE) this.reinit(e, firstSegWord, lastSeqWord);
        break;
      default:
        break;
    }
  }

  /** Sequence numbers as signed words (see `process`). */
  private reinit(e: ZeekTcpEndpoint, firstSegWord: number, lastSeqWord: number): void {
    e.startSeq = firstSegWord >>> 0;
    e.ackSeq = firstSegWord >>> 0;
    e.lastSeq = lastSeqWord >>> 0;
  }

  /** `update_ack_seq` (the ack as a signed word, see `process`). */
  private updateAckSeq(e: ZeekTcpEndpoint, ackWord: number): void {
    const ackSeq = ackWord >>> 0;
    const delta = seqDelta(ackSeq, e.ackSeq);
    // An ack of 0 far ahead is more likely broken than a connection landing on 0.
    if (ackSeq === 0 && delta > TOO_LARGE_SEQ_DELTA) return;
    if (delta > 0) {
      if (ackSeq < e.ackSeq) e.ackWraps++;
      e.ackSeq = ackSeq;
    }
  }

  /** `seqWord`: a signed word (see `process`). */
  private advanceLastSeq(e: ZeekTcpEndpoint, seqWord: number): void {
    const seq = seqWord >>> 0;
    if (seq < e.lastSeq) e.seqWraps++;
    e.lastSeq = seq;
  }

  /** `update_last_seq`: moves last_seq forward, or counts a retransmission ('T'). `lastSeqWord`: a signed word (see `process`). */
  private updateLastSeq(e: ZeekTcpEndpoint, lastSeqWord: number, syn: boolean, fin: boolean, rst: boolean, len: number): void {
    const lastSeq = lastSeqWord >>> 0;
    const delta = seqDelta(lastSeq, e.lastSeq);
    if ((syn || rst) && (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA)) {
      // Far-off SYN/RST sequence numbers are not trusted.
    } else if (fin && e.lastSeq === ((e.startSeq + 1) >>> 0)) {
      // Only the SYN and this FIN seen (perhaps a > 2 GB connection): trust the FIN.
      this.advanceLastSeq(e, lastSeqWord);
    } else if (e.state === TcpState.RESET) {
      // Nothing after a RST is trusted.
    } else if (delta > 0) {
      this.advanceLastSeq(e, lastSeqWord);
    } else if (len > 0) {
      this.didRxmit(e);
    }
  }

  // --- state machine ------------------------------------------------------------------------

  private updateStateMachine(
    e: ZeekTcpEndpoint,
    peer: ZeekTcpEndpoint,
    baseSeqWord: number,
    len: number,
    isOrig: boolean,
    flags: number,
  ): void {
    switch (e.state) {
      case TcpState.INACTIVE:
        this.updateInactiveState(e, peer, baseSeqWord, len, isOrig, flags);
        break;
      case TcpState.SYN_SENT:
      case TcpState.SYN_ACK_SENT:
        this.updateSynSentState(e, flags);
        break;
      case TcpState.ESTABLISHED:
      case TcpState.PARTIAL:
        this.updateEstablishedState(e, peer, flags);
        break;
      case TcpState.CLOSED:
        this.updateClosedState(e, flags);
        break;
      default:
        // RESET: only weirds.
        break;
    }
  }

  private updateInactiveState(
    e: ZeekTcpEndpoint,
    peer: ZeekTcpEndpoint,
    baseSeqWord: number,
    len: number,
    isOrig: boolean,
    flags: number,
  ): void {
    const syn = (flags & SYN) !== 0;
    const ack = (flags & ACK) !== 0;
    if (syn) {
      if (isOrig) {
        this.setState(e, ack ? TcpState.SYN_ACK_SENT : TcpState.SYN_SENT);
        this.attemptDeadline = this.now + ZeekTimeouts.tcpAttemptDelay;
      } else {
        if (!ack && peer.state === TcpState.SYN_ACK_SENT && baseSeqWord >>> 0 === e.startSeq >>> 0) {
          // The SYN and the SYN/ACK were captured out of order: swap the roles and establish.
          this.isPartial = false;
          this.flipRoles();
          this.setState(peer, TcpState.ESTABLISHED);
          this.firstPacketSeen |= SEEN_ORIG;
        }
        // Otherwise a SYN/ACK answering the SYN, or a simultaneous open.
        if (peer.state === TcpState.SYN_SENT) this.setState(peer, TcpState.ESTABLISHED);
        this.setState(e, TcpState.ESTABLISHED);
        if (peer.state !== TcpState.PARTIAL) this.connectionEstablished();
      }
    }

    if ((flags & FIN) !== 0) {
      this.setState(e, TcpState.CLOSED);
      this.doClose = true;
    }

    if ((flags & RST) !== 0) {
      this.setState(e, TcpState.RESET);
      this.doClose = true;
    }

    if (e.state === TcpState.INACTIVE) {
      // No control flag moved it.
      if (!isOrig && len === 0 && this.orig.state === TcpState.SYN_SENT) {
        // An ACK of the SYN ahead of the SYN/ACK (some stacks do this) is not a partial connection.
      } else if (ack && peer.state === TcpState.ESTABLISHED) {
        // The SYN was missed but the SYN/ACK was seen: establish rather than call it partial.
        this.setState(e, TcpState.ESTABLISHED);
        this.isPartial = false;
        this.firstPacketSeen |= isOrig ? SEEN_ORIG : SEEN_RESP;
      } else {
        this.setState(e, TcpState.PARTIAL);
      }
    }
  }

  /** The script handler of `connection_established` in base/protocols/conn/inactivity.zeek. */
  private connectionEstablished(): void {
    let port = this.respPort;
    if (this.orig.state === TcpState.INACTIVE && !isLikelyTcpServerPort(port) && isLikelyTcpServerPort(this.origPort))
      port = this.origPort;
    if (isInteractiveTcpPort(port)) this.inactivityTimeout = ZeekTimeouts.interactiveInactivity;
  }

  private updateSynSentState(e: ZeekTcpEndpoint, flags: number): void {
    if ((flags & FIN) !== 0) {
      this.setState(e, TcpState.CLOSED);
      this.doClose = true;
    }
    if ((flags & RST) !== 0) {
      this.setState(e, TcpState.RESET);
      this.doClose = true;
    }
  }

  private updateEstablishedState(e: ZeekTcpEndpoint, peer: ZeekTcpEndpoint, flags: number): void {
    if ((flags & SYN) !== 0 && e.state === TcpState.PARTIAL && peer.state === TcpState.INACTIVE && (flags & ACK) === 0)
      this.setState(e, TcpState.SYN_SENT);

    if ((flags & FIN) !== 0 && (flags & RST) === 0) {
      this.setState(e, TcpState.CLOSED);
      // The peer's FIN followed by its RST was a normal close after all.
      if (peer.state === TcpState.RESET && peer.prevState === TcpState.CLOSED) this.setState(peer, TcpState.CLOSED);
      this.doClose = true;
    }

    if ((flags & RST) !== 0) {
      this.setState(e, TcpState.RESET);
      this.doClose = true;
    }
  }

  private updateClosedState(e: ZeekTcpEndpoint, flags: number): void {
    // After a FIN exchange a RST changes nothing; after a one-sided FIN it resets this end.
    if ((flags & RST) !== 0 && e.peer.state !== TcpState.CLOSED) {
      this.setState(e, TcpState.RESET);
      if (!e.didClose) this.doClose = true;
    }
  }

  // --- closing ------------------------------------------------------------------------------

  /** `TCPSessionAdapter::ConnectionClosed`, as far as it matters for conn.log and the timers. */
  private connectionClosed(e: ZeekTcpEndpoint, peer: ZeekTcpEndpoint): void {
    if (this.dataPending(e)) {
      // Data still to deliver: close when this end reaches EOF.
      this.closeDeferred = true;
      return;
    }
    this.closeDeferred = false;
    if (e.didClose) return;
    e.didClose = true;
    const closeComplete = e.state === TcpState.RESET || peer.didClose || peer.state === TcpState.INACTIVE;
    if (closeComplete) {
      // CancelTimers() drops the attempt timer; the delete timer replaces any earlier one.
      this.attemptDeadline = NaN;
      this.deleteDeadline = this.lastTime + ZeekTimeouts.tcpCloseDelay;
    }
  }

  // --- reassembler --------------------------------------------------------------------------

  /** `TCP_Reassembler::DataPending`. */
  private dataPending(e: ZeekTcpEndpoint): boolean {
    if (e.skipDeliveries) return false;
    const delivered = e.startSeq + e.lastReassem;
    const last = e.seqWraps * TWO32 + e.lastSeq;
    if (last < delivered) return false;
    // Everything delivered up to the FIN (which takes a number) or the RST (which does not).
    if (delivered !== last - 1 && delivered !== last) return true;
    return e.state !== TcpState.RESET && e.peer.hasBlocks();
  }

  /** `TCP_Reassembler::CheckEOF` and `TCPSessionAdapter::EndpointEOF`. */
  private checkEOF(e: ZeekTcpEndpoint): void {
    if (
      !e.didEOF &&
      (e.finCnt > 0 || e.state === TcpState.CLOSED || e.state === TcpState.RESET) &&
      !this.dataPending(e)
    ) {
      e.didEOF = true;
      if (this.closeDeferred) {
        this.connectionClosed(e, e.peer);
        this.closeDeferred = false;
      }
    }
  }

  /** `TCP_Reassembler::DataSent` (relative sequence numbers, SYN = 0). */
  private dataSent(e: ZeekTcpEndpoint, seqIn: number, len: number): void {
    let seq = seqIn;
    const upper = seq + len;
    if (e.skipDeliveries) return;
    const acked = e.relativeAck();
    if (seq < acked) {
      if (upper <= acked) return; // delivered and acked already
      seq = acked;
    }
    this.newBlock(e, seq, upper);
    if (
      e.noDataAcked() &&
      e.blocksUpper !== 0 &&
      e.blocksUpper - e.lastReassem > TCP_MAX_ABOVE_HOLE_WITHOUT_ANY_ACKS
    ) {
      // Lots of data above a hole and no ack at all: give up reassembling.
      this.clearBlocks(e);
      e.skipDeliveries = true;
    }
    if (this.bufferedBytes(e) > TCP_EXCESSIVE_DATA_WITHOUT_FURTHER_ACKS) {
      this.clearBlocks(e);
      e.skipDeliveries = true;
    }
  }

  private clearBlocks(e: ZeekTcpEndpoint): void {
    e.blocksUpper = 0;
    e.holeHi = 0;
  }

  /** Bytes held: the delivered but unacked prefix plus the block above the hole. */
  private bufferedBytes(e: ZeekTcpEndpoint): number {
    if (e.blocksUpper === 0) return 0;
    const prefixEnd = e.blocksUpper < e.lastReassem ? e.blocksUpper : e.lastReassem;
    const prefix = prefixEnd > e.trimSeq ? prefixEnd - e.trimSeq : 0;
    return prefix + (e.holeHi !== 0 ? e.holeHi - e.holeLo : 0);
  }

  /** `Reassembler::NewBlock`. */
  private newBlock(e: ZeekTcpEndpoint, seqIn: number, upper: number): void {
    if (upper <= seqIn) return;
    if (upper <= e.trimSeq) return; // old data
    const seq = seqIn < e.trimSeq ? e.trimSeq : seqIn;
    if (upper > e.blocksUpper) e.blocksUpper = upper;
    this.blockInserted(e, seq, upper);
  }

  /** `TCP_Reassembler::BlockInserted`. */
  private blockInserted(e: ZeekTcpEndpoint, seq: number, upper: number): void {
    if (seq > e.lastReassem) {
      // Above a hole: hold it (merged with any block already there).
      if (e.holeHi === 0) {
        e.holeLo = seq;
        e.holeHi = upper;
      } else {
        if (seq < e.holeLo) e.holeLo = seq;
        if (upper > e.holeHi) e.holeHi = upper;
      }
      return;
    }
    if (upper <= e.lastReassem) return;
    e.lastReassem = upper;
    this.deliverHeldBlock(e);
    // Much data sent and none acked: presume the acks are not being seen and stop holding data.
    if (e.noDataAcked() && e.sizeApprox() > TCP_MAX_INITIAL_WINDOW) this.trimToSeq(e, e.lastReassem);
  }

  private deliverHeldBlock(e: ZeekTcpEndpoint): void {
    if (e.holeHi !== 0 && e.holeLo <= e.lastReassem) {
      if (e.holeHi > e.lastReassem) e.lastReassem = e.holeHi;
      e.holeHi = 0;
    }
  }

  /** `TCP_Reassembler::AckReceived` for the data of `e`. */
  private ackReceived(e: ZeekTcpEndpoint, seqIn: number): void {
    let seq = seqIn;
    // The FIN's sequence number is not data.
    if (e.finCnt > 0 && seq >= e.finSeq) seq = e.finSeq - 1;
    if (seq <= e.trimSeq) return;
    this.trimToSeq(e, seq);
    this.checkEOF(e);
  }

  /** `DataBlockList::Trim`. */
  private trimToSeq(e: ZeekTcpEndpoint, seq: number): void {
    if (seq > e.lastReassem) this.undelivered(e, seq);
    if (e.blocksUpper !== 0 && e.blocksUpper <= seq) this.clearBlocks(e);
    else if (e.holeHi !== 0 && e.holeHi <= seq) e.holeHi = 0;
    if (e.blocksUpper !== 0) this.deliverHeldBlock(e);
    if (seq > e.trimSeq) e.trimSeq = seq;
  }

  /** `TCP_Reassembler::Undelivered`: acked data that never arrived is a content gap. */
  private undelivered(e: ZeekTcpEndpoint, upTo: number): void {
    // A partial connection's first ack can point one or two past the faked SYN: not a gap.
    if (upTo <= 2 && this.isPartial) return;
    if (!e.skipDeliveries) {
      if (e.holeHi !== 0 && e.holeLo >= e.lastReassem && e.holeLo < upTo) {
        this.gap(e, e.holeLo - e.lastReassem);
        e.lastReassem = e.holeHi;
        e.holeHi = 0;
      }
      if (upTo > e.lastReassem) this.gap(e, upTo - e.lastReassem);
    }
    if (upTo > e.lastReassem) e.lastReassem = upTo;
  }

  /** `TCP_Reassembler::Gap`: counted only while both ends are cleanly established or closing. */
  private gap(e: ZeekTcpEndpoint, len: number): void {
    if (isClean(e) && isClean(e.peer)) {
      this.gapLetter(e);
      // content_gap is raised under the same condition (report_gaps_for_partial is F).
      this.missedBytes += len;
    }
  }
}

function isClean(e: ZeekTcpEndpoint): boolean {
  return e.state === TcpState.ESTABLISHED || (e.state === TcpState.CLOSED && e.prevState === TcpState.ESTABLISHED);
}

/**
 * Zeek's view of one UDP flow (`UDP.cc`, `UDPSessionAdapter.cc`). UDP has no reuse; a flow idle
 * for `udp_inactivity_timeout` is logged and a later datagram starts a new one (`endsBefore`).
 */
export class ZeekUdpConnection {
  private started = false;
  private flipped = false;
  private history = '';
  private histSeen = 0;
  private startTime = 0;
  private lastTime = 0;
  // request_len / reply_len: -1 until the end sends (Zeek's zeek_int_t, so a bogus length field
  // below 8 can take it negative again, which Zeek then reports as inactive).
  private lenA = -1;
  private lenB = -1;
  private pktsA = 0;
  private pktsB = 0;
  private ipBytesA = 0;
  private ipBytesB = 0;

  packet(p: ZeekUdpPacket): void {
    if (!this.started) {
      if (!p.fromA) throw new Error('ZeekUdpConnection: the first packet must be fromA');
      this.started = true;
      this.startTime = p.ts;
      // UDPAnalyzer::WantConnection: flip when only the source port looks like a server's.
      if (isLikelyUdpServerPort(p.srcPort) && !isLikelyUdpServerPort(p.dstPort) && p.dstIsBroadcast !== true) {
        this.flipped = true;
        this.history = '^';
      }
    }
    // ConnSize counts every datagram (before any checksum check).
    if (p.fromA) {
      this.pktsA++;
      this.ipBytesA += p.ipLength;
    } else {
      this.pktsB++;
      this.ipBytesB += p.ipLength;
    }
    const isOrig = p.fromA !== this.flipped;
    // One 'D'/'d' per direction, for every datagram, empty or not.
    const mask = isOrig ? 1 : 2;
    if ((this.histSeen & mask) === 0) {
      this.histSeen |= mask;
      this.history += isOrig ? 'D' : 'd';
    }
    if (p.fromA) this.lenA = this.lenA < 0 ? p.payloadLength : this.lenA + p.payloadLength;
    else this.lenB = this.lenB < 0 ? p.payloadLength : this.lenB + p.payloadLength;
    this.lastTime = p.ts;
  }

  result(): ZeekConnResult {
    const f = this.flipped;
    const origLen = f ? this.lenB : this.lenA;
    const respLen = f ? this.lenA : this.lenB;
    return {
      connState: zeekUdpConnState(origLen >= 0, respLen >= 0),
      history: this.history,
      origIsA: !f,
      origPkts: f ? this.pktsB : this.pktsA,
      respPkts: f ? this.pktsA : this.pktsB,
      origIpBytes: f ? this.ipBytesB : this.ipBytesA,
      respIpBytes: f ? this.ipBytesA : this.ipBytesB,
      origBytes: origLen < 0 ? 0 : origLen,
      respBytes: respLen < 0 ? 0 : respLen,
      duration: this.started ? this.lastTime - this.startTime : 0,
      missedBytes: 0,
    };
  }

  /** Inactivity (`udp_inactivity_timeout`): Zeek logged the flow before a datagram at `ts`. */
  isExpiredAt(ts: number): boolean {
    return this.started && this.lastTime + ZeekTimeouts.udpInactivity <= ts;
  }

  endsBefore(p: ZeekUdpPacket): boolean {
    return this.isExpiredAt(p.ts);
  }
}
