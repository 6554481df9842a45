import type { ConnectionRecord } from '../connections/record';
import { RecordReader } from './recordCodec';
import type { ShardChunkMessage, ShardNotice } from './shardMessages';
import type { TrackedCaptureSink } from './trackerMessages';

/** A record or a notice of one chunk, with the key that puts it where one tracker would have. */
interface Item {
  readonly frame: number;
  /** 0: let go while its frame was handled; 1: in the sweep after it; 2: a notice after the frame. */
  readonly phase: number;
  /** First frame (records), or order of arrival (notices). */
  readonly third: number;
  readonly record: ConnectionRecord | null;
  readonly notice: ShardNotice | null;
}

function byKey(a: Item, b: Item): number {
  return a.frame - b.frame || a.phase - b.phase || a.third - b.third;
}

/**
 * The consumer's side of a split capture: merges the same chunk from every shard into the
 * stream one tracker would have made (analyzer/io/shardedTracking.ts). One tracker hands
 * connections on while handling a frame (a SYN reusing a 4-tuple), then in the sweep after it
 * in order of first frame, and at the end in order of first frame; the reader's interfaces and
 * warnings come between frames. Connections are numbered by first frame across the shards.
 */
export class ShardMerger {
  private readonly readers: RecordReader[];
  private readonly numbering = new FirstFrameNumbering();

  constructor(count: number, private readonly sink: TrackedCaptureSink) {
    this.readers = Array.from({ length: count }, () => new RecordReader());
  }

  /** Chunk k of every shard, by shard index. */
  merge(chunks: readonly ShardChunkMessage[]): void {
    const started: number[] = [];
    for (const c of chunks) for (const f of c.started) started.push(f);
    started.sort((a, b) => a - b);
    this.numbering.add(started);
    const items: Item[] = [];
    chunks.forEach((c, s) => {
      let k = 0;
      this.readers[s]!.read(c.batch, (record) => {
        items.push({ frame: c.handOn[2 * k]!, phase: c.handOn[2 * k + 1]!, third: record.firstFrame, record, notice: null });
        k++;
      });
      c.notices.forEach((notice, i) => items.push({ frame: notice.after, phase: 2, third: i, record: null, notice }));
    });
    items.sort(byKey);
    const sink = this.sink;
    for (const it of items) {
      if (it.record !== null) {
        (it.record as { id: number }).id = this.numbering.id(it.record.firstFrame);
        sink.connection(it.record);
        continue;
      }
      const m = it.notice!.m;
      if (m.type === 'first') sink.firstPacket?.(m.ts);
      else if (m.type === 'iface') sink.iface?.(m.info);
      else sink.warning?.(m.warning);
    }
    this.numbering.forgetBefore(Math.min(...chunks.map((c) => c.oldestHeld)));
  }
}

/**
 * Connection numbers as one tracker gives them, in order of first frame: the first frames of
 * every connection started (in order), less those older than any connection still held, which
 * are only counted.
 */
export class FirstFrameNumbering {
  private frames: number[] = [];
  private from = 0;
  private forgotten = 0;

  add(sorted: readonly number[]): void {
    for (const f of sorted) this.frames.push(f);
  }

  /** The number of the connection that started at `firstFrame`. */
  id(firstFrame: number): number {
    const a = this.frames;
    let lo = this.from;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! < firstFrame) lo = mid + 1;
      else hi = mid;
    }
    if (lo === a.length || a[lo] !== firstFrame) throw new Error(`shard merge: no connection started at frame ${firstFrame}`);
    return this.forgotten + (lo - this.from) + 1;
  }

  /** No connection that started before `frame` will be handed on any more. */
  forgetBefore(frame: number): void {
    const a = this.frames;
    while (this.from < a.length && a[this.from]! < frame) {
      this.from++;
      this.forgotten++;
    }
    if (this.from > 4096 && this.from * 2 > a.length) {
      this.frames = a.slice(this.from);
      this.from = 0;
    }
  }
}
