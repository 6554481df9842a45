import { LatestTime } from '../capture/latestTime';
import type { Timestamp } from '../capture/timestamp';
import type { CaptureSink, CaptureSummary, CaptureWarning, InterfaceInfo, PacketRecord, PacketRouter } from '../capture/types';
import { ConnectionTracker, type TrackerOptions } from '../connections/connectionTracker';
import { RecordWriter } from './recordCodec';
import type { ShardChunkMessage, ShardNotice } from './shardMessages';

/**
 * One shard's sink (analyzer/io/shardedTracking.ts): every shard reads the whole capture, tracks
 * the flows that are its own, and sends per chunk of the file the records it handed on, each
 * tagged with where it was let go, plus the first frames of the connections it started. The
 * first shard alone also passes on what the reader says (interfaces, warnings, the first packet's
 * time), tagged with the number of packets before it. The consumer merges the shards' chunks
 * into the order one tracker would have handed everything on in.
 */
export class ShardCapture implements CaptureSink {
  private readonly tracker: ConnectionTracker;
  private readonly writer = new RecordWriter();
  private handOn: number[] = [];
  private notices: ShardNotice[] = [];
  private packets = 0;
  private firstTs: Timestamp | null = null;
  /** The last packet's time, handled or passed. */
  private readonly last = new LatestTime();

  /** Other shards' packets are passed by without being decoded (ConnectionTracker.wants). */
  readonly router: PacketRouter = {
    wants: (b, start, caplen, linkType) => this.tracker.wants(b, start, caplen, linkType),
    passed: (n, sec, frac, unitsPerSec) => {
      if (this.firstTs === null) this.first({ sec, frac, unitsPerSec });
      this.last.note(sec, frac, unitsPerSec);
      this.packets = n;
      this.tracker.passed(n, sec, frac, unitsPerSec);
    },
  };

  constructor(
    trackerOptions: TrackerOptions,
    private readonly speaks: boolean,
    private readonly post: (m: ShardChunkMessage, transfer: ArrayBuffer[]) => void,
  ) {
    const tracker = new ConnectionTracker({
      connection: (r) => {
        this.writer.add(r);
        this.handOn.push(tracker.frame, tracker.inSweep ? 1 : 0);
      },
      tcpConnection: (c) => {
        this.writer.addTcp(c);
        this.handOn.push(tracker.frame, tracker.inSweep ? 1 : 0);
      },
    }, trackerOptions);
    this.tracker = tracker;
  }

  iface(info: InterfaceInfo): void {
    if (this.speaks) this.notices.push({ after: this.packets, m: { type: 'iface', info } });
  }

  warning(warning: CaptureWarning): void {
    if (this.speaks) this.notices.push({ after: this.packets, m: { type: 'warning', warning } });
  }

  packet(p: PacketRecord): void {
    // The record is reused for the next packet, but its `ts` is the packet's own.
    if (this.firstTs === null) this.first(p.ts);
    this.last.note(p.tsSec, p.tsFrac, p.tsUnits);
    this.packets = p.n;
    this.tracker.packet(p);
  }

  private first(ts: Timestamp): void {
    this.firstTs = ts;
    if (this.speaks) this.notices.push({ after: this.packets, m: { type: 'first', ts } });
  }

  /** A chunk of the file was read: what it handed on, and the progress. */
  chunk(done: number, total: number): void {
    this.send(done, total, null);
  }

  /** The capture is read: the connections still held are handed on, then the totals. */
  end(summary: CaptureSummary): void {
    this.tracker.finish();
    this.send(-1, -1, { summary, firstTs: this.firstTs, lastTs: this.last.timestamp() });
  }

  private send(done: number, total: number, result: ShardChunkMessage['result']): void {
    const batch = this.writer.take();
    const handOn = Float64Array.from(this.handOn);
    const started = Float64Array.from(this.tracker.takeStarted());
    const m: ShardChunkMessage = {
      type: 'shard-chunk', batch, handOn, started, oldestHeld: this.tracker.oldestHeld(), notices: this.notices, done, total, result,
    };
    this.handOn = [];
    this.notices = [];
    this.post(m, [batch.numbers.buffer as ArrayBuffer, handOn.buffer as ArrayBuffer, started.buffer as ArrayBuffer]);
  }
}
