import { stat } from 'node:fs/promises';
import type { CaptureSummary } from '../capture/types';
import type { ReplayStream, ReplayStreamSummary } from '../replay/replayStream';
import type { Timestamp } from '../capture/timestamp';
import { availableParallelism } from 'node:os';
import type { TrackedCaptureSink } from '../pipeline/trackerMessages';
import { trackConnectionsInWorker, type TrackInWorkerOptions } from './connectionsWorker';
import { trackConnectionsInShards } from './shardedTracking';
import { readCaptureFile } from './readCaptureFile';

/**
 * Below this size the capture is read on the calling thread: starting a worker (loading the
 * bundle again, some 50 ms) costs more than the second core wins on a small file.
 */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

export interface ReplayFileOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Awaited after each chunk's sockets are handed on: lets a slow output hold reading back. */
  readonly afterChunk?: () => Promise<void> | void;
  /** The first packet's capture time, before any socket is handed on. */
  readonly onFirstPacket?: (ts: Timestamp) => void;
  /** Files of at least this many bytes are tracked in a worker thread (default WORKER_MIN_BYTES). */
  readonly workerMinBytes?: number;
  /**
   * Worker threads to split the connections stage of a large file between (analyzer/io/
   * shardedTracking.ts); 1 for one worker. Default: `defaultShards()`.
   */
  readonly shards?: number;
}

/**
 * How many threads track a large capture's connections by default: one worker where there are
 * only two cores, else one per core but the replaying thread's, at most four. Each shard reads
 * and skims the whole file, so on two cores the three threads (two shards and the replay) cost
 * more than they win; past four, the skimming every shard repeats outweighs its share of the
 * tracking.
 */
export function defaultShards(cores = availableParallelism()): number {
  return cores < 3 ? 1 : Math.min(4, cores - 1);
}

export interface ReplayedFile {
  readonly summary: CaptureSummary;
  readonly end: ReplayStreamSummary;
}

/**
 * Reads the capture at `path` into `stream` and finishes it. A large file is read, decoded and
 * tracked in a worker thread (analyzer/io/connectionsWorker.ts), or split between several
 * (analyzer/io/shardedTracking.ts), while this one replays the connections handed back: the
 * slower side sets the time, not the sum.
 * Either way the stream sees the same interfaces, warnings and connections in the same order,
 * so every output is the same.
 */
export async function replayCaptureFile(path: string, stream: ReplayStream, opts: ReplayFileOptions = {}): Promise<ReplayedFile> {
  // A file that cannot be stat'ed is left to readCaptureFile, whose error names it.
  const size = await stat(path).then((s) => s.size, () => 0);
  if (size >= (opts.workerMinBytes ?? WORKER_MIN_BYTES)) {
    const shards = opts.shards ?? defaultShards();
    const track = shards >= 2
      ? (p: string, k: TrackedCaptureSink, o: TrackInWorkerOptions) => trackConnectionsInShards(p, k, { ...o, shards })
      : trackConnectionsInWorker;
    const tracked = await track(path, {
      firstPacket: (ts) => opts.onFirstPacket?.(ts),
      iface: (i) => stream.iface(i),
      warning: (w) => stream.warning(w),
      connection: (r) => stream.connection(r),
    }, {
      tracker: stream.trackerOptions, signal: opts.signal, onProgress: opts.onProgress, afterChunk: opts.afterChunk,
    });
    return { summary: tracked.summary, end: stream.finish({ firstTs: tracked.firstTs, lastTs: tracked.lastTs }) };
  }
  let first = true;
  const summary = await readCaptureFile(path, {
    iface: (i) => stream.iface(i),
    packet: (p) => {
      if (first) {
        first = false;
        opts.onFirstPacket?.(p.ts);
      }
      stream.packet(p);
    },
    warning: (w) => stream.warning(w),
  }, {
    // The stream keeps nothing of a packet's record.
    reuseRecords: true, signal: opts.signal, onProgress: opts.onProgress, afterChunk: opts.afterChunk,
  });
  return { summary, end: stream.finish() };
}
