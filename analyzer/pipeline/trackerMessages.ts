import type { Timestamp } from '../capture/timestamp';
import type { CaptureSummary, CaptureWarning, InterfaceInfo } from '../capture/types';
import type { TrackerOptions } from '../connections/connectionTracker';
import type { ConnectionRecord } from '../connections/record';
import { RecordReader, type RecordBatch } from './recordCodec';

/*
 * What the connections thread tells the thread that consumes its connections, in one ordered
 * stream: an interface or a warning goes out only after the records handed on before it, so the
 * consumer sees everything in the order a sink on the reading thread would have.
 */

/** A chunk of the file was read: the records it finished, and how far reading is. */
export interface ChunkMessage {
  readonly type: 'chunk';
  readonly batch: RecordBatch;
  readonly done: number;
  readonly total: number;
}

export interface EndMessage {
  readonly type: 'end';
  /** Records handed on by the end of the capture (the tracker's `finish`). */
  readonly batch: RecordBatch;
  readonly result: TrackedCaptureResult;
}

export type TrackerMessage =
  | { readonly type: 'first'; readonly ts: Timestamp }
  | { readonly type: 'iface'; readonly info: InterfaceInfo }
  | { readonly type: 'warning'; readonly warning: CaptureWarning }
  | ChunkMessage
  | EndMessage
  | { readonly type: 'failed'; readonly message: string; readonly stack: string };

/** What the consumer learns once the capture is read, besides the connections. */
export interface TrackedCaptureResult {
  readonly summary: CaptureSummary;
  /** Capture times of the first and last packets in file order; null for no packets. */
  readonly firstTs: Timestamp | null;
  readonly lastTs: Timestamp | null;
}

/** What the connections thread needs to know, set once when it starts. */
export interface TrackerJob {
  readonly path: string;
  readonly tracker: TrackerOptions;
  readonly chunkSize?: number;
}

/** The consumer's side: what a ReplayStream (or any sink of connections) is told, in order. */
export interface TrackedCaptureSink {
  /** The first packet's capture time (relative times count from it), before any connection. */
  firstPacket?(ts: Timestamp): void;
  iface?(info: InterfaceInfo): void;
  warning?(warning: CaptureWarning): void;
  connection(record: ConnectionRecord): void;
}

/**
 * The consumer's end of one stream of TrackerMessages: hands each message's contents to the sink.
 * Messages must come in the order they were posted (records refer to strings sent before them).
 */
export class TrackerMessageReader {
  private readonly records = new RecordReader();

  constructor(private readonly sink: TrackedCaptureSink) {}

  /**
   * Returns the result at the end, the read progress after a chunk, and null otherwise; throws
   * what the connections thread failed with.
   */
  read(m: TrackerMessage): TrackedCaptureResult | { done: number; total: number } | null {
    const sink = this.sink;
    switch (m.type) {
      case 'first':
        sink.firstPacket?.(m.ts);
        return null;
      case 'iface':
        sink.iface?.(m.info);
        return null;
      case 'warning':
        sink.warning?.(m.warning);
        return null;
      case 'chunk':
        this.records.read(m.batch, (r) => sink.connection(r));
        return { done: m.done, total: m.total };
      case 'end':
        this.records.read(m.batch, (r) => sink.connection(r));
        return m.result;
      case 'failed': {
        const e = new Error(m.message);
        e.stack = m.stack;
        throw e;
      }
    }
  }
}
