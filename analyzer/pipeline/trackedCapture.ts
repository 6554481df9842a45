import { LatestTime } from '../capture/latestTime';
import type { Timestamp } from '../capture/timestamp';
import type { CaptureSink, CaptureSummary, CaptureWarning, InterfaceInfo, PacketRecord } from '../capture/types';
import { ConnectionTracker, type TrackerOptions } from '../connections/connectionTracker';
import { RecordWriter } from './recordCodec';
import type { TrackerMessage } from './trackerMessages';

/**
 * The connections thread's sink: tracks connections as packets stream past and turns what the
 * consumer must learn into TrackerMessages. Records are encoded as they are handed on and go out
 * with the chunk that finished them (`chunk`); an interface or a warning first sends the records
 * before it, so order is kept. `post`'s second argument lists the buffers to transfer.
 */
export class TrackedCapture implements CaptureSink {
  private readonly tracker: ConnectionTracker;
  private readonly writer = new RecordWriter();
  private firstTs: Timestamp | null = null;
  private readonly last = new LatestTime();

  constructor(
    trackerOptions: TrackerOptions,
    private readonly post: (m: TrackerMessage, transfer: ArrayBuffer[]) => void,
  ) {
    this.tracker = new ConnectionTracker({ connection: (r) => this.writer.add(r), tcpConnection: (c) => this.writer.addTcp(c) }, trackerOptions);
  }

  iface(info: InterfaceInfo): void {
    this.flush();
    this.post({ type: 'iface', info }, []);
  }

  warning(warning: CaptureWarning): void {
    this.flush();
    this.post({ type: 'warning', warning }, []);
  }

  packet(p: PacketRecord): void {
    // The record is reused for the next packet, but its `ts` is the packet's own.
    if (this.firstTs === null) {
      this.firstTs = p.ts;
      this.post({ type: 'first', ts: p.ts }, []);
    }
    this.last.note(p.tsSec, p.tsFrac, p.tsUnits);
    this.tracker.packet(p);
  }

  /** A chunk of the file was read: the records finished so far, and the progress. */
  chunk(done: number, total: number): void {
    const batch = this.writer.take();
    this.post({ type: 'chunk', batch, done, total }, [batch.numbers.buffer as ArrayBuffer]);
  }

  /** A chunk's numbers the consumer is done with, given back with its acknowledgement. */
  returned(numbers: Float64Array): void {
    this.writer.recycle(numbers);
  }

  /** The capture is read: the connections still open are handed on, then the totals. */
  end(summary: CaptureSummary): void {
    this.tracker.finish();
    const batch = this.writer.take();
    this.post({ type: 'end', batch, result: { summary, firstTs: this.firstTs, lastTs: this.last.timestamp() } }, [batch.numbers.buffer as ArrayBuffer]);
  }

  /** Records waiting for their chunk go out now, ahead of a message that must follow them. */
  private flush(): void {
    if (this.writer.count === 0) return;
    const batch = this.writer.take();
    // Progress as of the last chunk: -1 tells the consumer there is none to report.
    this.post({ type: 'chunk', batch, done: -1, total: -1 }, [batch.numbers.buffer as ArrayBuffer]);
  }
}
