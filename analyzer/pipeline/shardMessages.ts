import type { Timestamp } from '../capture/timestamp';
import type { CaptureWarning, InterfaceInfo } from '../capture/types';
import type { RecordBatch } from './recordCodec';
import type { TrackedCaptureResult } from './trackerMessages';

/*
 * What each shard of a split capture (analyzer/io/shardedTracking.ts) tells the consumer: one
 * message per chunk of the file, the same chunks in every shard, so the consumer merges chunk k
 * of every shard at once.
 */

/** What the reader said, after `after` packets (the first shard only). */
export interface ShardNotice {
  readonly after: number;
  readonly m:
    | { readonly type: 'first'; readonly ts: Timestamp }
    | { readonly type: 'iface'; readonly info: InterfaceInfo }
    | { readonly type: 'warning'; readonly warning: CaptureWarning };
}

export interface ShardChunkMessage {
  readonly type: 'shard-chunk';
  /** The records this shard handed on in the chunk (with its own numbering: see `started`). */
  readonly batch: RecordBatch;
  /** Two numbers per record, in batch order: the frame it was let go at, and 1 when in that frame's sweep. */
  readonly handOn: Float64Array;
  /** First frames of the connections this shard started in the chunk, in order. */
  readonly started: Float64Array;
  /** First frame of the oldest connection the shard still holds (END_FRAME for none). */
  readonly oldestHeld: number;
  readonly notices: readonly ShardNotice[];
  /** Read progress after the chunk; -1 with the last message. */
  readonly done: number;
  readonly total: number;
  /** Set on the last message, which also holds what the end of the capture handed on. */
  readonly result: TrackedCaptureResult | null;
}

export type ShardMessage = ShardChunkMessage | { readonly type: 'failed'; readonly message: string; readonly stack: string };
