/**
 * Wireshark's TCP sequence analysis (the `tcp.analysis.*` flags) for one connection, so that
 * our labels and counts match what users see when they open the same capture in Wireshark.
 *
 * This was written from the source of Wireshark 4.0.17 (Debian's source package, the same
 * version as the tshark our oracle runs): `epan/dissectors/packet-tcp.c`. The main parts are
 * `tcp_analyze_sequence_number`, `dissect_tcp`, `verify_tcp_window_scaling`,
 * `dissect_tcpopt_wscale` and `tcp_dissect_options`. No code was copied. Newer releases were
 * not compared: the master snapshot was too large to fetch here. These rules are 4.0's, and
 * test/oracle/segmentAnalysis.tshark.test.ts holds them against tshark 4.0.17.
 * It assumes tshark's default preferences:
 * - sequence numbers are analyzed, and shown relative;
 * - the window scaling used when not known is "not known";
 * - fast retransmission takes precedence over out-of-order;
 * - MPTCP analysis never applies (no MPTCP options are passed in).
 *
 * Pure code: no Node, no vscode. Per packet it does a few comparisons and, now and then, a
 * small ring operation (see segmentUnacked.ts). It allocates nothing per packet.
 *
 * What to feed, in frame order: every segment Wireshark analyzes. That is each TCP header not
 * inside an ICMP error and not in an IP fragment, with a data offset from 20 up to the IP
 * payload length. Wireshark reassembles IP fragments and analyzes the datagram at its last
 * fragment. `payloadLength` is the IP payload length minus the data offset (Wireshark's
 * seglen). Set `optionsCut` when the snap length cut the options.
 *
 * ─── How Wireshark 4.0 assigns `tcp.stream` and sets `tcp.analysis.reused_ports` ──────────
 *
 * This is for the connection tracker. Everything happens in `dissect_tcp`, in the single pass
 * tshark makes over the file in frame order.
 *
 * 1. Every TCP header the dissector reaches first looks up the conversation of its 4-tuple
 *    (`find_conversation`, both orientations, no wildcards). Of all the conversations created
 *    for that tuple, it takes the one created last at or before this frame; in one pass that
 *    is simply the newest. If none exists, a conversation is created and gets the next
 *    `tcp.stream` number. The numbers count from 0 in order of creation (`tcp_stream_count`
 *    in `init_tcp_conversation_data`), over all TCP conversations of the file.
 *    This lookup also runs for a TCP header that an ICMP/ICMPv6 error quotes, provided at
 *    least its first 16 bytes were captured (the dissector reads up to the window field
 *    first and gives up by exception if they are missing). So a quote whose tuple was never
 *    seen uses up a stream number, and a quote of a known tuple shows that tuple's stream.
 * 2. Then, for a pure SYN (SYN set, ACK clear), it looks at the conversation's flow in the
 *    packet's direction (the sender's). If that flow already has a base sequence number and
 *    the SYN's raw sequence number differs from it, Wireshark creates a **new conversation**
 *    for the same 4-tuple. It gets the next `tcp.stream` number, and this SYN carries
 *    `tcp.analysis.reused_ports`. From then on every packet of that tuple, in either
 *    direction, goes to the new stream, including late packets of the old connection.
 *    This check also runs for ICMP-quoted SYNs.
 *    If the SYN's sequence number equals the base, it is a retransmitted SYN. It stays in the
 *    stream, and `nextseq` of that flow is reset to `maxseqtobeacked` (handled here, in
 *    `analyze`).
 *    Nothing else starts a new stream. It does not matter that the old connection was closed
 *    by FIN or RST, how much time passed, or that a SYN comes from the other end. A new
 *    connection whose ISN equals the old base continues the old stream.
 * 3. For a SYN+ACK, if its direction's flow has a base sequence number and the SYN+ACK's
 *    sequence number differs from it, **no** new stream is made. The flow's base becomes this
 *    sequence number, and the SYN+ACK carries `tcp.analysis.reused_ports`. This analyzer
 *    reports that case itself (SegmentFlag.REUSED_PORTS) because it keeps the base. An
 *    ICMP-quoted SYN+ACK does the same: it changes the base, and the ICMP frame shows the flag.
 * Base sequence number of a flow: it is set on the first packet from that side whose segment
 * length is known. That excludes IP fragments that were not reassembled, headers quoted in
 * ICMP errors, and headers longer than the IP payload. The base is the seq if SYN is set,
 * else seq − 1. If the flow has no base yet, the first such packet from the *other* side
 * that has ACK set sets it to ack − 1. Rule 3 can change it later. `startsNewStream`
 * below applies rule 2 with this state. A tracker that already holds this tuple's analyzer
 * can call it: when it returns true, start a new stream with a new analyzer, analyze the
 * SYN there, and OR in REUSED_PORTS.
 *
 * ─── Where this is not exact ──────────────────────────────────────────────────────────────
 *
 * - Unacked segments past `maxTrackedSegments` are approximated (see segmentUnacked.ts).
 * - Headers quoted by ICMP errors are not fed in. Wireshark lets them do a little: a quoted
 *   pure SYN sets the time used for the first RTT and can reset `nextseq` by rule 2; a quoted
 *   pure ACK can set the first RTT; a quoted SYN or ACK toggles `is_first_ack`; a quoted
 *   window-scale option is stored. These are all rare, and their effects rarer still.
 * - MPTCP: Wireshark suppresses some duplicate ACKs on MPTCP subflows; we never do.
 * - `tcp.analysis.zero_window_probe_ack` also appears on an SCPS-capable SYN+ACK. 4.0
 *   registers `ei_tcp_scps_capable` under that field name. We do not see options, so we never
 *   report it there.
 * - Headers we cannot feed: Wireshark also analyzes a TCP header captured with only 16 to 19
 *   bytes, and shows nothing for it; our decoder has no header there. A data offset below 20
 *   is analyzed with seglen = IP payload − offset, and dissect_tcp stops right after that. A
 *   data offset beyond the IP payload is not analyzed, but its SYN/RTT bookkeeping still runs.
 * - Times: pass `sec` and `nsec` for exact nanoseconds. With only the float `ts`, time
 *   differences are good to about 0.25 µs, so a decision can flip only within that much of
 *   the 20 ms, 3 ms or first-RTT thresholds.
 */

import { TcpFlag } from '../decode/tcpFlags';
import * as segmentUnacked from './segmentUnacked';
import { SegmentUnacked } from './segmentUnacked';

/**
 * One bit per `tcp.analysis.*` field tshark shows. A frame that Wireshark marks as a fast or
 * spurious retransmission also shows `tcp.analysis.retransmission`: the dissector adds both
 * expert infos. So the mask has RETRANSMISSION set as well, and counting RETRANSMISSION
 * counts what `-Y tcp.analysis.retransmission` counts. Wireshark's Info column names only the
 * most specific kind (see `segmentFlagLabels`).
 */
export const SegmentFlag = {
  RETRANSMISSION: 1 << 0,
  FAST_RETRANSMISSION: 1 << 1,
  SPURIOUS_RETRANSMISSION: 1 << 2,
  OUT_OF_ORDER: 1 << 3,
  /** "Previous segment not captured". */
  LOST_SEGMENT: 1 << 4,
  /** "ACKed unseen segment" (tcp.analysis.ack_lost_segment). */
  ACKED_UNSEEN: 1 << 5,
  DUPLICATE_ACK: 1 << 6,
  ZERO_WINDOW: 1 << 7,
  ZERO_WINDOW_PROBE: 1 << 8,
  ZERO_WINDOW_PROBE_ACK: 1 << 9,
  WINDOW_FULL: 1 << 10,
  WINDOW_UPDATE: 1 << 11,
  KEEP_ALIVE: 1 << 12,
  KEEP_ALIVE_ACK: 1 << 13,
  /** Only the SYN+ACK case (rule 3 above); the tracker adds it for a SYN that starts a new stream. */
  REUSED_PORTS: 1 << 14,
} as const;

export interface SegmentInput {
  /** Capture time, seconds since the epoch (float). Ignored when `nsec` is given. */
  ts: number;
  /** Exact capture time, as Wireshark keeps it: whole seconds… */
  sec?: number;
  /** …and nanoseconds (0 ≤ nsec < 1e9). When given, `sec` (default `Math.floor(ts)`) and `nsec` are used instead of `ts`. */
  nsec?: number;
  /** The 12-bit TCP flags field (`TcpFlag`). */
  flags: number;
  /** Raw (absolute) sequence and acknowledgment numbers. */
  seq: number;
  ack: number;
  /** TCP payload length on the wire: IP payload length − data offset (Wireshark's seglen), whatever the snap length kept. */
  payloadLength: number;
  /** The window field as sent, unscaled. */
  window: number;
  /** The window scale option's shift count; -1 when absent (or not captured whole). */
  windowScale: number;
  /**
   * The capture cut the TCP options short: fewer option bytes captured than the data offset
   * announces (`tcp.optionsLength < tcp.headerLength - 20`), as with `tcpdump -s 68`. Wireshark's
   * option dissection then throws out of `dissect_tcp`. The analysis has already updated its
   * state, but tshark shows no tcp.analysis flag for the frame, and a SYN skips
   * `verify_tcp_window_scaling`. `analyze` then returns 0; `hiddenFlags` has what it found.
   */
  optionsCut?: boolean;
}

export interface SegmentAnalyzerOptions {
  /**
   * Unacked segment ends kept per direction (4 bytes each, allocated as needed). Wireshark keeps
   * up to 10 000; below that the count is approximated once more are outstanding at once.
   */
  maxTrackedSegments?: number;
}

// Read once, not through the import on every packet: where imports are getters (tsx, which runs
// the tests and the benchmarks), each read is a call.
const { TCP_MAX_UNACKED_SEGMENTS } = segmentUnacked;

const SYN = TcpFlag.SYN;
const ACK = TcpFlag.ACK;
const FIN = TcpFlag.FIN;
const RST = TcpFlag.RST;
const SYN_FIN_RST = SYN | FIN | RST;

/** `tcp_analyze_sequence_number`: a fast retransmission comes within 20 ms of the last dup ACK. */
const FAST_RETRANSMISSION_NS = 20_000_000;
/** Out-of-order threshold when the handshake gave no first RTT. */
const DEFAULT_OOO_NS = 3_000_000;
const NS_PER_S = 1_000_000_000;

/**
 * Half of a `tcp_flow_t` plus its `tcp_analyze_seq_flow_info_t`: what one side has sent.
 *
 * The unsigned 32-bit fields are kept as signed words (`| 0`) behind accessors that give the
 * unsigned value back: the engine stores a small integer inside the object, but an unsigned one
 * of 2^31 or more as a separate boxed number, one more scattered read or write per field and
 * packet, and one more object per flow for the garbage collector.
 */
class Flow {
  baseSeqSet = false;
  private baseSeqWord = 0;
  /** -1 unknown, -2 no scaling, else the shift. */
  winScale = -1;
  /** Last raw window; Wireshark starts it at G_MAXUINT32. */
  private windowWord = 0xffffffff | 0;
  /** Between this side's SYN and its first non-SYN ACK, its window is taken unscaled. */
  isFirstAck = false;
  /** Highest end of data seen (0 = none yet, as in Wireshark, which uses 0 as "unset"). */
  private nextseqWord = 0;
  nextseqSec = 0;
  nextseqNsec = 0;
  private lastackWord = 0;
  lastackSec = 0;
  lastackNsec = 0;
  /** End of the data seen without a hole; 0 = unset. */
  private maxseqtobeackedWord = 0;
  /** Duplicate ACKs this side sent in a row; -1 after an "ACKed unseen" on the other side. */
  dupacknum = 0;
  /** Analysis flags of this side's previous packet. */
  lastSegmentFlags = 0;
  readonly unacked: SegmentUnacked;

  constructor(maxTracked: number) {
    this.unacked = new SegmentUnacked(maxTracked);
  }

  reset(): void {
    this.baseSeqSet = false;
    this.baseSeqWord = 0;
    this.winScale = -1;
    this.windowWord = 0xffffffff | 0;
    this.isFirstAck = false;
    this.nextseqWord = 0;
    this.nextseqSec = 0;
    this.nextseqNsec = 0;
    this.lastackWord = 0;
    this.lastackSec = 0;
    this.lastackNsec = 0;
    this.maxseqtobeackedWord = 0;
    this.dupacknum = 0;
    this.lastSegmentFlags = 0;
    this.unacked.reset();
  }

  get baseSeq(): number { return this.baseSeqWord >>> 0; }
  set baseSeq(v: number) { this.baseSeqWord = v | 0; }
  get window(): number { return this.windowWord >>> 0; }
  set window(v: number) { this.windowWord = v | 0; }
  get nextseq(): number { return this.nextseqWord >>> 0; }
  set nextseq(v: number) { this.nextseqWord = v | 0; }
  get lastack(): number { return this.lastackWord >>> 0; }
  set lastack(v: number) { this.lastackWord = v | 0; }
  get maxseqtobeacked(): number { return this.maxseqtobeackedWord >>> 0; }
  set maxseqtobeacked(v: number) { this.maxseqtobeackedWord = v | 0; }
}

/** One instance per TCP connection (Wireshark stream). `dir` 0 = sender of the first packet seen, 1 = the other. */
export class SegmentAnalyzer {
  /** Sent by `dir` 0 and 1. */
  private readonly flow0: Flow;
  private readonly flow1: Flow;
  /** Time of the latest pure SYN (0/0 = none), for the first RTT. */
  private mruSynSec = 0;
  private mruSynNsec = 0;
  /** First RTT in ns, signed (Wireshark can store a negative one); 0 = unknown. */
  private firstRttNs = 0;
  private dupAck = 0;
  private hidden = 0;

  constructor(options: SegmentAnalyzerOptions = {}) {
    const max = Math.max(1, Math.min(options.maxTrackedSegments ?? 1024, TCP_MAX_UNACKED_SEGMENTS));
    this.flow0 = new Flow(max);
    this.flow1 = new Flow(max);
  }

  /** Back to the state of a new analyzer (same options), for a new connection. */
  reset(): void {
    this.flow0.reset();
    this.flow1.reset();
    this.mruSynSec = 0;
    this.mruSynNsec = 0;
    this.firstRttNs = 0;
    this.dupAck = 0;
    this.hidden = 0;
  }

  /**
   * Rule 2 above: whether this packet, sent from `dir`, is a pure SYN that Wireshark puts into a
   * new stream (with reused_ports) rather than into this one.
   */
  startsNewStream(dir: 0 | 1, flags: number, seq: number): boolean {
    const fwd = dir === 0 ? this.flow0 : this.flow1;
    return (flags & (SYN | ACK)) === SYN && fwd.baseSeqSet && seq >>> 0 !== fwd.baseSeq;
  }

  /** For "[TCP Dup ACK n#k]": k of the last analyzed packet when it was a duplicate ACK, else 0. */
  get dupAckNumber(): number {
    return this.dupAck;
  }

  /** The flags of the last analyzed packet that Wireshark computed but did not show (`optionsCut`), else 0. */
  get hiddenFlags(): number {
    return this.hidden;
  }

  /** Analyzes one segment whose payload length is known and returns the OR of its SegmentFlag bits. */
  analyze(dir: 0 | 1, s: SegmentInput): number {
    const fwd = dir === 0 ? this.flow0 : this.flow1;
    const rev = dir === 0 ? this.flow1 : this.flow0;
    const f = s.flags;
    const seq = s.seq >>> 0;
    const ack = s.ack >>> 0;
    const seglen = s.payloadLength;
    const window = s.window;
    let sec: number;
    let nsec: number;
    if (s.nsec !== undefined) {
      sec = s.sec ?? Math.floor(s.ts);
      nsec = s.nsec;
    } else {
      sec = Math.floor(s.ts);
      nsec = Math.round((s.ts - sec) * NS_PER_S);
      if (nsec >= NS_PER_S) {
        sec++;
        nsec -= NS_PER_S;
      }
    }
    let fl = 0;
    this.dupAck = 0;
    this.hidden = 0;

    // dissect_tcp, before the analysis: the SYN / SYN+ACK port-reuse checks (rules 2 and 3).
    if ((f & (SYN | ACK)) === SYN) {
      // A retransmitted SYN: a RST may have carried a seq that moved nextseq (Wireshark issue 17616).
      if (fwd.baseSeqSet && seq === fwd.baseSeq) fwd.nextseq = fwd.maxseqtobeacked;
    } else if ((f & (SYN | ACK)) === (SYN | ACK)) {
      if (fwd.baseSeqSet && seq !== fwd.baseSeq) {
        fwd.baseSeq = seq;
        fl |= SegmentFlag.REUSED_PORTS;
      }
    }
    if (!fwd.baseSeqSet) {
      fwd.baseSeq = (f & SYN) !== 0 ? seq : (seq - 1) >>> 0;
      fwd.baseSeqSet = true;
    }
    if (!rev.baseSeqSet && (f & ACK) !== 0) {
      rev.baseSeq = (ack - 1) >>> 0;
      rev.baseSeqSet = true;
    }

    // tcp_analyze_sequence_number. Windows are compared raw: dissect_tcp scales them only after.
    const noSfr = (f & SYN_FIN_RST) === 0;
    if (seglen === 1 && seq === fwd.nextseq && rev.window === 0) {
      // A zero-window probe skips every check down to the ACK bookkeeping.
      fl |= SegmentFlag.ZERO_WINDOW_PROBE;
    } else {
      if (window === 0 && noSfr) fl |= SegmentFlag.ZERO_WINDOW;
      if (fwd.nextseq !== 0 && ((seq - fwd.nextseq) | 0) > 0 && (f & RST) === 0) fl |= SegmentFlag.LOST_SEGMENT;
      // No check that nextseq is known: seq 0xffffffff with nothing seen yet counts, as in Wireshark.
      if (seglen <= 1 && seq === ((fwd.nextseq - 1) >>> 0) && noSfr) fl |= SegmentFlag.KEEP_ALIVE;
      const repeatsLast = seglen === 0 && seq === fwd.nextseq && ack === fwd.lastack && noSfr;
      if (repeatsLast && window !== 0 && window !== fwd.window) fl |= SegmentFlag.WINDOW_UPDATE;
      if (seglen > 0 && rev.winScale !== -1 && noSfr) {
        // The receiver's window is unscaled until its first ACK after its SYN (Wireshark issue 14690).
        const shift = rev.isFirstAck || rev.winScale === -2 ? 0 : rev.winScale;
        const edge = (rev.lastack + ((rev.window << shift) >>> 0)) >>> 0;
        if (((seq + seglen) >>> 0) === edge) fl |= SegmentFlag.WINDOW_FULL;
      }
      if (repeatsLast && window !== 0 && window === fwd.window && (rev.lastSegmentFlags & SegmentFlag.KEEP_ALIVE) !== 0) {
        fl |= SegmentFlag.KEEP_ALIVE_ACK;
      } else if (repeatsLast && window === 0 && fwd.window === 0 && (rev.lastSegmentFlags & SegmentFlag.ZERO_WINDOW_PROBE) !== 0) {
        fl |= SegmentFlag.ZERO_WINDOW_PROBE_ACK;
      } else if (repeatsLast && window !== 0 && window === fwd.window) {
        fwd.dupacknum = fwd.dupacknum === -1 ? 1 : fwd.dupacknum + 1;
        fl |= SegmentFlag.DUPLICATE_ACK;
        this.dupAck = fwd.dupacknum;
      }
    }

    // finished_fwd
    if (ack !== fwd.lastack) fwd.dupacknum = 0;

    if (rev.maxseqtobeacked !== 0 && ((ack - rev.maxseqtobeacked) | 0) > 0 && (f & ACK) !== 0) {
      if (((rev.maxseqtobeacked - rev.nextseq) | 0) < 0) {
        // Move the mark so that the same missing data is reported once.
        rev.maxseqtobeacked = rev.nextseq;
        fl |= SegmentFlag.ACKED_UNSEEN;
      } else {
        // The other side only sends pure ACKs: report once until it sends a non-duplicate ACK.
        if (rev.dupacknum === 0) fl |= SegmentFlag.ACKED_UNSEEN;
        rev.dupacknum = -1;
      }
    }

    const synFin = (f & (SYN | FIN)) !== 0;
    if ((seglen > 0 || synFin) && (fl & SegmentFlag.KEEP_ALIVE) === 0) {
      let notAdvanced = fwd.nextseq !== 0 && ((seq - fwd.nextseq) | 0) < 0;
      // One byte back with more than one byte of data follows a zero-window probe: new data.
      if (seglen > 1 && ((fwd.nextseq - 1) >>> 0) === seq) notAdvanced = false;
      if (seglen > 0 && rev.lastack !== 0 && ((((seq + seglen) >>> 0) - rev.lastack) | 0) <= 0) {
        // Everything in it was ACKed already; checked even when seq advanced.
        fl |= SegmentFlag.SPURIOUS_RETRANSMISSION;
      } else if (
        notAdvanced &&
        rev.dupacknum >= 2 &&
        rev.lastack === seq &&
        u64Less((sec - rev.lastackSec) * NS_PER_S + (nsec - rev.lastackNsec), FAST_RETRANSMISSION_NS)
      ) {
        fl |= SegmentFlag.FAST_RETRANSMISSION;
      } else if (
        notAdvanced &&
        u64Less((sec - fwd.nextseqSec) * NS_PER_S + (nsec - fwd.nextseqNsec), this.firstRttNs === 0 ? DEFAULT_OOO_NS : this.firstRttNs) &&
        fwd.nextseq !== ((seq + seglen + (synFin ? 1 : 0)) >>> 0)
      ) {
        fl |= SegmentFlag.OUT_OF_ORDER;
      } else if (notAdvanced) {
        fl |= SegmentFlag.RETRANSMISSION;
      }
    }

    // finished_checking_retransmission_type
    let nextseq = (seq + seglen) >>> 0;
    if ((seglen > 0 || synFin) && fwd.unacked.count < TCP_MAX_UNACKED_SEGMENTS) {
      // Only a segment that fits in the list gets its SYN/FIN counted in nextseq.
      if (synFin) nextseq = (nextseq + 1) >>> 0;
      // As a signed word: an unsigned one of 2^31 or more would be boxed for the call.
      fwd.unacked.add(nextseq | 0);
    }
    const probe = (fl & SegmentFlag.ZERO_WINDOW_PROBE) !== 0;
    if ((((nextseq - fwd.nextseq) | 0) > 0 || fwd.nextseq === 0) && !probe) {
      fwd.nextseq = nextseq;
      fwd.nextseqSec = sec;
      fwd.nextseqNsec = nsec;
    }
    if ((seq === fwd.maxseqtobeacked || fwd.maxseqtobeacked === 0) && !probe) fwd.maxseqtobeacked = fwd.nextseq;
    fwd.window = window;
    fwd.lastack = ack;
    fwd.lastackSec = sec;
    fwd.lastackNsec = nsec;
    fwd.lastSegmentFlags = fl;
    // Every packet's ack field retires segments, ACK flag or not.
    rev.unacked.ackUpTo(ack | 0);

    // dissect_tcp, after the analysis.
    if ((f & SYN) !== 0) {
      if ((f & ACK) === 0) {
        this.mruSynSec = sec;
        this.mruSynNsec = nsec;
      }
      fwd.isFirstAck = true;
    }
    if ((f & (SYN | ACK)) === ACK) {
      // A zero RTT counts as unknown and can be replaced later, as in Wireshark.
      if ((this.mruSynSec !== 0 || this.mruSynNsec !== 0) && this.firstRttNs === 0) {
        this.firstRttNs = (sec - this.mruSynSec) * NS_PER_S + (nsec - this.mruSynNsec);
      }
      fwd.isFirstAck = false;
    }
    // dissect_tcpopt_wscale stores the option from any segment, capped at 14 (RFC 1323).
    if (s.windowScale >= 0) fwd.winScale = Math.min(s.windowScale, 14);
    if ((f & SYN) !== 0 && s.optionsCut !== true) {
      // verify_tcp_window_scaling: scaling counts only if both SYNs offered it.
      if (fwd.winScale === -1) {
        fwd.winScale = -2;
        rev.winScale = -2;
      } else if ((f & ACK) !== 0 && rev.winScale === -2) {
        fwd.winScale = -2;
      }
    }

    if ((fl & (SegmentFlag.FAST_RETRANSMISSION | SegmentFlag.SPURIOUS_RETRANSMISSION)) !== 0) fl |= SegmentFlag.RETRANSMISSION;
    if (s.optionsCut === true) {
      this.hidden = fl;
      return 0;
    }
    return fl;
  }
}

/**
 * `a < b` with both read as Wireshark's guint64 nanosecond deltas: a negative difference (time
 * going backwards) wraps to a huge value.
 */
function u64Less(a: number, b: number): boolean {
  if (a >= 0 === b >= 0) return a < b;
  return a >= 0;
}

/** The tshark field suffixes, in SegmentFlag order: `tcp.analysis.<name>`. */
const NAMES: readonly string[] = [
  'retransmission',
  'fast_retransmission',
  'spurious_retransmission',
  'out_of_order',
  'lost_segment',
  'ack_lost_segment',
  'duplicate_ack',
  'zero_window',
  'zero_window_probe',
  'zero_window_probe_ack',
  'window_full',
  'window_update',
  'keep_alive',
  'keep_alive_ack',
  'reused_ports',
];

/** The `tcp.analysis.*` field suffixes tshark shows for these flags, e.g. ['retransmission']. */
export function segmentFlagNames(mask: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < NAMES.length; i++) if ((mask & (1 << i)) !== 0) out.push(NAMES[i]!);
  return out;
}

/**
 * Info-column labels, in the order Wireshark shows them (without brackets). The print helpers
 * each prepend their label, so the last one printed comes first. Duplicate ACKs read
 * "TCP Dup ACK" here; Wireshark adds "<frame>#<n>" (see `dupAckNumber`).
 */
const LABELS_IN_PRINT_ORDER: readonly [number, string][] = [
  [SegmentFlag.REUSED_PORTS, 'TCP Port numbers reused'],
  [SegmentFlag.RETRANSMISSION, 'TCP Retransmission'],
  [SegmentFlag.FAST_RETRANSMISSION, 'TCP Fast Retransmission'],
  [SegmentFlag.SPURIOUS_RETRANSMISSION, 'TCP Spurious Retransmission'],
  [SegmentFlag.OUT_OF_ORDER, 'TCP Out-Of-Order'],
  [SegmentFlag.LOST_SEGMENT, 'TCP Previous segment not captured'],
  [SegmentFlag.ACKED_UNSEEN, 'TCP ACKed unseen segment'],
  [SegmentFlag.WINDOW_UPDATE, 'TCP Window Update'],
  [SegmentFlag.WINDOW_FULL, 'TCP Window Full'],
  [SegmentFlag.KEEP_ALIVE, 'TCP Keep-Alive'],
  [SegmentFlag.KEEP_ALIVE_ACK, 'TCP Keep-Alive ACK'],
  [SegmentFlag.DUPLICATE_ACK, 'TCP Dup ACK'],
  [SegmentFlag.ZERO_WINDOW_PROBE, 'TCP ZeroWindowProbe'],
  [SegmentFlag.ZERO_WINDOW, 'TCP ZeroWindow'],
  [SegmentFlag.ZERO_WINDOW_PROBE_ACK, 'TCP ZeroWindowProbeAck'],
];

export function segmentFlagLabels(mask: number): string[] {
  // Fast and spurious retransmissions carry RETRANSMISSION only as a field, not as a label.
  const m = (mask & (SegmentFlag.FAST_RETRANSMISSION | SegmentFlag.SPURIOUS_RETRANSMISSION)) !== 0 ? mask & ~SegmentFlag.RETRANSMISSION : mask;
  const out: string[] = [];
  for (const [bit, label] of LABELS_IN_PRINT_ORDER) if ((m & bit) !== 0) out.unshift(label);
  return out;
}
