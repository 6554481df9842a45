/**
 * One side of a TCP connection as Zeek keeps it (`src/analyzer/protocol/tcp/TCP_Endpoint.h/.cc`),
 * plus the few numbers of its `TCP_Reassembler` that decide content gaps and when a close is
 * deferred. Plain numbers only: a capture can hold 100k connections.
 *
 * Number conventions (Zeek mixes uint32, int64 and uint64 arithmetic, and the mix is visible in
 * conn.log, so it is kept):
 * - raw sequence fields (`lastSeq`, `ackSeq`) are uint32 values in [0, 2^32);
 * - `startSeq` is Zeek's int64 `start_seq`; every caller stores a uint32 value in it;
 * - relative sequence numbers are Zeek's uint64. `get_relative_seq` can return a negative int32
 *   converted to uint64 (a huge number); it is kept here as that negative number, which keeps
 *   equality tests right and is turned into a huge value (`u64`) wherever Zeek orders them.
 */

/** `EndpointState` (`TCP_Endpoint.h`); the script-level `TCP_INACTIVE` … `TCP_RESET` have the same order. */
export const TcpState = {
  INACTIVE: 0,
  SYN_SENT: 1,
  SYN_ACK_SENT: 2,
  PARTIAL: 3,
  ESTABLISHED: 4,
  CLOSED: 5,
  RESET: 6,
} as const;

export const TWO32 = 4294967296;
const TWO64 = 18446744073709551616;
/** Below this many wraps, a position (wraps × 2^32 + a sequence number) is below 2^53, so exact. */
const EXACT_WRAPS = 2 ** 21;

/** `seq_delta`: the signed 32-bit distance a − b. */
export function seqDelta(a: number, b: number): number {
  return (a - b) | 0;
}

/** A relative sequence number as the uint64 Zeek compares (see the file comment). */
export function u64(x: number): number {
  return x < 0 ? x + TWO64 : x;
}

export class ZeekTcpEndpoint {
  /** Which physical end this is: the one that sent the first packet we saw (A) or not. */
  readonly isA: boolean;
  /** Flipped with the connection's roles (`TCPSessionAdapter::FlipRoles`). */
  isOrig: boolean;
  peer!: ZeekTcpEndpoint;

  state: number = TcpState.INACTIVE;
  prevState: number = TcpState.INACTIVE;

  // Unsigned 32-bit values kept as signed words, as in segmentAnalysis.ts's Flow (inline in
  // the object rather than boxed): see the accessors.
  private startSeqWord = 0;
  private lastSeqWord = 0;
  private ackSeqWord = 0;
  seqWraps = 0;
  ackWraps = 0;

  finCnt = 0;
  /** Relative sequence number one past the FIN, as a uint64 (`FIN_seq`). */
  finSeq = 0;
  didClose = false;

  histLastSyn = 0;
  histLastFin = 0;
  histLastRst = 0;

  // Letters Zeek records logarithmically: T (retransmission), W (zero window), G (content gap).
  // Made on first use: most connections never need them.
  rxmt: ScaledLetter | null = null;
  win0: ScaledLetter | null = null;
  gap: ScaledLetter | null = null;

  // ConnSize analyzer counters.
  pkts = 0;
  ipBytes = 0;

  // TCP_Reassembler, reduced to O(1): Zeek keeps a list of blocks; here the delivered prefix
  // (`lastReassem`), the trim point, the highest retained byte and at most one block above a hole.
  lastReassem = 1;
  trimSeq = 1;
  /** Upper end of the highest block still held (delivered but unacked, or above a hole); 0 = none. */
  blocksUpper = 0;
  holeLo = 0;
  /** 0 = no block above a hole. */
  holeHi = 0;
  skipDeliveries = false;
  didEOF = false;

  constructor(isA: boolean, isOrig: boolean) {
    this.isA = isA;
    this.isOrig = isOrig;
  }

  /** Back to the state of a new endpoint (`peer` stays). */
  reset(isOrig: boolean): void {
    this.isOrig = isOrig;
    this.state = TcpState.INACTIVE;
    this.prevState = TcpState.INACTIVE;
    this.startSeqWord = 0;
    this.lastSeqWord = 0;
    this.ackSeqWord = 0;
    this.seqWraps = 0;
    this.ackWraps = 0;
    this.finCnt = 0;
    this.finSeq = 0;
    this.didClose = false;
    this.histLastSyn = 0;
    this.histLastFin = 0;
    this.histLastRst = 0;
    this.rxmt = null;
    this.win0 = null;
    this.gap = null;
    this.pkts = 0;
    this.ipBytes = 0;
    this.lastReassem = 1;
    this.trimSeq = 1;
    this.blocksUpper = 0;
    this.holeLo = 0;
    this.holeHi = 0;
    this.skipDeliveries = false;
    this.didEOF = false;
  }

  get startSeq(): number { return this.startSeqWord >>> 0; }
  set startSeq(v: number) { this.startSeqWord = v | 0; }
  get lastSeq(): number { return this.lastSeqWord >>> 0; }
  set lastSeq(v: number) { this.lastSeqWord = v | 0; }
  get ackSeq(): number { return this.ackSeqWord >>> 0; }
  set ackSeq(v: number) { this.ackSeqWord = v | 0; }

  /** `TCP_Endpoint::NoDataAcked`. */
  noDataAcked(): boolean {
    const ack = this.ackWraps * TWO32 + this.ackSeq;
    return ack === this.startSeq || ack === this.startSeq + 1;
  }

  /**
   * `TCP_Endpoint::Size` in doubles, for the reassembler's thresholds (exact below 2^53; a uint64
   * underflow, which Zeek can produce for a partial connection starting at sequence 0, comes out
   * as a huge value, as in Zeek). `sizeExact` is the conn.log value.
   */
  sizeApprox(): number {
    if (this.sizeIsZeroedHalfOpen()) return 0;
    const span = this.span();
    return this.lessSynFin(span < 0 ? span + TWO64 : span);
  }

  /**
   * The conn.log value, `sizeExact`, as a number. Plain arithmetic gives it exactly unless a
   * position passed 2^53 or the span wrapped around 2^64; only then is BigInt needed.
   */
  size(): number {
    if (this.sizeIsZeroedHalfOpen()) return 0;
    const span = this.span();
    if (span >= 0 && this.seqWraps < EXACT_WRAPS && this.ackWraps < EXACT_WRAPS) return this.lessSynFin(span);
    return Number(this.sizeExact());
  }

  /** The further of last_seq and ack_seq, unwrapped, less start_seq (may be below 0). */
  private span(): number {
    const last = this.seqWraps * TWO32 + this.lastSeq;
    const ack = this.ackWraps * TWO32 + this.ackSeq;
    return (last > ack ? last : ack) - this.startSeq;
  }

  /** `Size()`'s last steps: less the SYN's sequence number and, after a FIN, the FIN's. */
  private lessSynFin(size: number): number {
    if (size !== 0) size--;
    if (this.finCnt > 0 && size !== 0) size--;
    return size;
  }

  sizeExact(): bigint {
    if (this.sizeIsZeroedHalfOpen()) return 0n;
    const last = BigInt(this.seqWraps) * 4294967296n + BigInt(this.lastSeq);
    const ack = BigInt(this.ackWraps) * 4294967296n + BigInt(this.ackSeq);
    let size = (last > ack ? last : ack) - BigInt(this.startSeq);
    if (size < 0n) size += 18446744073709551616n;
    if (size !== 0n) size--;
    if (this.finCnt > 0 && size !== 0n) size--;
    return size;
  }

  /** A half-open connection that was found and aborted: its sequence numbers mean nothing. */
  private sizeIsZeroedHalfOpen(): boolean {
    return (
      this.prevState === TcpState.SYN_SENT &&
      this.state === TcpState.RESET &&
      this.peer.state === TcpState.INACTIVE &&
      !this.noDataAcked()
    );
  }

  /** `ToRelativeSeqSpace(AckSeq(), AckWraps())`: how far the peer has acked, relative. */
  relativeAck(): number {
    return u64(this.ackWraps * TWO32 + this.ackSeq - this.startSeq);
  }

  /** `TCP_Reassembler::HasUndeliveredData` (any block held, delivered or not). */
  hasBlocks(): boolean {
    return this.blocksUpper !== 0;
  }
}

/**
 * A history letter recorded logarithmically (`Session::ScaledHistoryEntry`): at the 1st, 10th,
 * 100th … occurrence. The threshold is a uint32 that wraps; when the wrapped value is not larger,
 * the counter restarts instead.
 */
export class ScaledLetter {
  private count = 0;
  private threshold = 1;

  /** Counts one occurrence; true when the letter is to be added to the history. */
  bump(): boolean {
    this.count = (this.count + 1) >>> 0;
    if (this.count !== this.threshold) return false;
    const next = (this.threshold * 10) >>> 0;
    if (next <= this.threshold) this.count = 0;
    else this.threshold = next;
    return true;
  }
}
