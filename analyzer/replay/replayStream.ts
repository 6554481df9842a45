import { compareTimestamps, type Timestamp } from '../capture/timestamp';
import type { CaptureSink, CaptureWarning, InterfaceInfo, PacketRecord } from '../capture/types';
import { ConnectionTracker, type TrackerOptions } from '../connections/connectionTracker';
import { LocalSides, type LocalDecision } from '../connections/localSides';
import type { ConnectionRecord } from '../connections/record';
import type { ReplayOptions } from './options';
import { replaySockets } from './replay';
import { ReplayMemo } from './replayMemo';
import { planSockets, type PlannedSocket } from './socketPlan';
import type { SocketTimeline } from './timeline';

/** What the stream knows once the capture is read. */
export interface ReplayStreamSummary {
  readonly connections: number;
  /** Connections with no local end: not replayed. */
  readonly unplaced: number;
  readonly sockets: number;
  readonly firstTs: Timestamp | null;
  readonly lastTs: Timestamp | null;
  /** Caveats about the replay itself (a local-side decision that changed after sockets were shown). */
  readonly notes: readonly string[];
}

/**
 * The replay as a capture sink: connections are tracked while packets stream past, and each
 * client socket is replayed and handed on as soon as its connection is over, so memory follows
 * the open connections, not the capture. Sockets that need more than their own connection wait
 * for the end: a listener (with its accepted sockets) needs all the connections it accepted, and
 * a UDP socket all its flows. So does everything while the local side cannot be decided yet (the
 * address common to all connections is not known before two connections with different peers).
 *
 * Socket ids follow the order sockets are handed on: streamed clients first, then the rest in
 * order of first frame.
 */
export class ReplayStream implements CaptureSink {
  private readonly local: LocalSides;
  private readonly tracker: ConnectionTracker;
  /** Connections whose local side cannot be decided yet. */
  private undecided: ConnectionRecord[] = [];
  /** Connections of listeners and UDP sockets: replayed at the end, with all their connections. */
  private readonly waiting: ConnectionRecord[] = [];
  private connections = 0;
  private unplaced = 0;
  private sockets = 0;
  private firstTs: Timestamp | null = null;
  private lastTs: Timestamp | null = null;
  /** The common address that streamed decisions relied on, if any. */
  private reliedOnCommon: string | null = null;
  private readonly notes: string[] = [];
  /** Busy captures repeat a few connection shapes over and over: each is replayed once. */
  private readonly memo: ReplayMemo;
  /** What a tracker feeding `connection` must be told (window evidence for the `window` model). */
  readonly trackerOptions: TrackerOptions;

  constructor(
    private readonly options: ReplayOptions,
    localAddresses: readonly string[] | null,
    private readonly onSocket: (t: SocketTimeline) => void,
    private readonly onWarning: (w: CaptureWarning) => void = () => undefined,
    trackerOptions: TrackerOptions = {},
  ) {
    this.local = new LocalSides(localAddresses);
    this.memo = new ReplayMemo(options);
    // Window evidence costs a happening per ACK: only the `window` application model reads it.
    this.trackerOptions = options.app === 'window' ? { ...trackerOptions, windowEvidence: true } : trackerOptions;
    this.tracker = new ConnectionTracker({ connection: (r) => this.connection(r) }, this.trackerOptions);
  }

  iface(info: InterfaceInfo): void {
    this.local.iface(info);
  }

  packet(p: PacketRecord): void {
    if (this.firstTs === null) this.firstTs = p.ts;
    this.lastTs = p.ts;
    this.tracker.packet(p);
  }

  warning(w: CaptureWarning): void {
    this.onWarning(w);
  }

  /**
   * A finished connection: from this stream's own tracker, or from one that tracked the capture
   * elsewhere (the connections worker, analyzer/io/connectionsWorker.ts), in the same order.
   */
  connection(r: ConnectionRecord): void {
    this.connections++;
    this.local.see(r.client.address, r.server.address);
    const d = this.settledDecision(r);
    if (d === null) {
      this.undecided.push(r);
      return;
    }
    if (this.undecided.length > 0) this.releaseUndecided();
    if (streamable(r, d)) this.replay([r], () => d);
    else this.waiting.push(r);
  }

  /**
   * The local decision, when more connections cannot change it. The rules before the common
   * address are fixed once the connection is seen; the common address is taken as settled once a
   * single address is common (it could only disappear later, which finish() reports).
   */
  private settledDecision(r: ConnectionRecord): LocalDecision | null {
    const d = this.local.decide(r);
    switch (d.rule) {
      case 'common-address':
        this.reliedOnCommon = this.local.commonAddress();
        return d;
      case 'windows-ttl':
      case 'undecided':
        // Final only when no address is common to all connections: then none ever will be.
        // While two or more are (one peer so far), a third connection may single one out.
        return this.local.commonCount() === 0 ? d : null;
      default:
        return d;
    }
  }

  /** Connections held for want of a decision: those that can be decided now go on. */
  private releaseUndecided(): void {
    const keep: ConnectionRecord[] = [];
    const ready: ConnectionRecord[] = [];
    for (const u of this.undecided) {
      const d = this.settledDecision(u);
      if (d === null) keep.push(u);
      else if (streamable(u, d)) ready.push(u);
      else this.waiting.push(u);
    }
    this.undecided = keep;
    if (ready.length > 0) this.replay(ready, (x) => this.local.decide(x));
  }

  private replay(records: readonly ConnectionRecord[], decide: (r: ConnectionRecord) => LocalDecision): void {
    const plan = planSockets(records, decide);
    this.unplaced += plan.unplaced.length;
    for (const t of replaySockets(plan.sockets, this.options, this.memo)) {
      (t.socket as PlannedSocket).id = ++this.sockets;
      this.onSocket(t);
    }
  }

  /**
   * Ends the capture: the remaining sockets go out in order of first frame. `span` gives the first
   * and last packet times when the packets did not pass through `packet` (tracked elsewhere).
   */
  finish(span?: { readonly firstTs: Timestamp | null; readonly lastTs: Timestamp | null }): ReplayStreamSummary {
    this.tracker.finish();
    if (span !== undefined) {
      this.firstTs = span.firstTs;
      this.lastTs = span.lastTs;
    }
    const rest = [...this.undecided, ...this.waiting];
    this.undecided = [];
    this.waiting.length = 0;
    rest.sort((a, b) => a.id - b.id);
    const common = this.local.commonAddress();
    if (this.reliedOnCommon !== null && common !== this.reliedOnCommon) {
      this.notes.push(
        `sockets shown before the end took ${this.reliedOnCommon} as this host (the address common to the connections so far); ` +
        `a later connection does not have it, so the local side may be wrong: run again with --local`,
      );
    }
    const plan = planSockets(rest, (r) => this.local.decide(r));
    this.unplaced += plan.unplaced.length;
    const timelines = replaySockets(plan.sockets, this.options, this.memo);
    timelines.sort((a, b) => a.socket.firstFrame - b.socket.firstFrame || compareTimestamps(a.socket.firstTs, b.socket.firstTs) || a.socket.id - b.socket.id);
    for (const t of timelines) {
      (t.socket as PlannedSocket).id = ++this.sockets;
      this.onSocket(t);
    }
    return { connections: this.connections, unplaced: this.unplaced, sockets: this.sockets, firstTs: this.firstTs, lastTs: this.lastTs, notes: this.notes };
  }
}

/** A TCP connection whose local ends are all clients (or partial): its sockets need nothing else. */
function streamable(r: ConnectionRecord, d: LocalDecision): boolean {
  if (r.protocol !== 'tcp') return false;
  if (!d.server) return true;
  // A server end belongs to a listener unless the handshake was not seen.
  return r.partial && !r.happenings.some((h) => h.at === 'server' && h.kind === 'peer-connects');
}
