import { isMainThread, Worker, workerData } from 'node:worker_threads';
import type { TrackerOptions } from '../connections/connectionTracker';
import { ShardCapture } from '../pipeline/shardCapture';
import { ShardMerger } from '../pipeline/shardMerge';
import type { ShardChunkMessage, ShardMessage } from '../pipeline/shardMessages';
import type { TrackedCaptureResult, TrackedCaptureSink } from '../pipeline/trackerMessages';
import { loader, readAhead, YOUNG_GENERATION_MB, type TrackInWorkerOptions } from './connectionsWorker';

/*
 * The connections stage split between several worker threads. Connection tracking is per flow,
 * so flows are dealt out by a hash of their 4-tuple (either direction, ICMP errors with the flow
 * they quote: ConnectionTracker's `shard`): each worker reads and decodes the whole capture,
 * which costs a fraction of tracking, and tracks its share. All of them follow every packet's
 * time, so they let connections go at the same packets one tracker would; each tags what it
 * hands on with where, and the consumer merges the workers' chunks (read in the same chunks of
 * the file) into exactly the stream one tracker makes (analyzer/pipeline/shardMerge.ts): the
 * same records, numbered alike, in the same order, between the same interfaces and warnings.
 *
 * Like connectionsWorker.ts, the workers run this very file (its `__filename`).
 */

const SHARD_ROLE = 'winsock-replay/connections-shard';

interface ShardJob {
  readonly role: typeof SHARD_ROLE;
  readonly path: string;
  readonly tracker: TrackerOptions;
  readonly chunkSize?: number;
  readonly index: number;
  readonly count: number;
}

export interface TrackInShardsOptions extends TrackInWorkerOptions {
  /** Worker threads to split the flows between (at least 2). */
  readonly shards: number;
}

/**
 * Reads the capture at `path` in `opts.shards` worker threads, handing its interfaces, warnings
 * and finished connections to `sink` on this thread exactly as a sink of one ConnectionTracker on
 * this thread would see them. Resolves when the capture is read and every connection handed on.
 */
export function trackConnectionsInShards(path: string, sink: TrackedCaptureSink, opts: TrackInShardsOptions): Promise<TrackedCaptureResult> {
  const count = opts.shards;
  if (!(Number.isInteger(count) && count >= 2)) throw new Error(`shards must be an integer of at least 2, not ${count}`);
  opts.signal?.throwIfAborted();
  const workers = Array.from({ length: count }, (_, index) => new Worker(loader(__filename), {
    eval: true,
    workerData: {
      role: SHARD_ROLE, path, tracker: { ...opts.tracker, shard: { index, count } }, index, count,
      ...(opts.chunkSize !== undefined ? { chunkSize: opts.chunkSize } : {}),
    } satisfies ShardJob,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  }));
  const merger = new ShardMerger(count, sink);
  return new Promise<TrackedCaptureResult>((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (e: unknown): void => {
      if (settled) return;
      finish();
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const onAbort = (): void => fail(opts.signal!.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // Chunks received and not yet merged, per shard; chunk k is merged once every shard sent it.
    const waiting: ShardChunkMessage[][] = workers.map(() => []);
    // A shard that sent its last message may end while the others still read.
    const ended = workers.map(() => false);
    let queue = Promise.resolve();
    const mergeReady = async (): Promise<void> => {
      while (!settled && waiting.every((w) => w.length > 0)) {
        const chunks = waiting.map((w) => w.shift()!);
        const last = chunks[0]!.result;
        if (chunks.some((c) => (c.result === null) !== (last === null))) throw new Error('the connections shards read the capture in different chunks');
        merger.merge(chunks);
        if (last === null) {
          if (chunks[0]!.done >= 0) opts.onProgress?.(chunks[0]!.done, chunks[0]!.total);
          await opts.afterChunk?.();
          for (const w of workers) w.postMessage('ack');
        } else {
          await opts.afterChunk?.();
          finish();
          resolve(last);
        }
      }
    };
    workers.forEach((worker, s) => {
      worker.on('message', (m: ShardMessage) => {
        queue = queue.then(async () => {
          if (settled) return;
          if (m.type === 'failed') {
            const e = new Error(m.message);
            e.stack = m.stack;
            throw e;
          }
          if (m.result !== null) ended[s] = true;
          waiting[s]!.push(m);
          await mergeReady();
        }).catch(fail);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        queue = queue.then(() => ended[s] ? undefined : fail(new Error(`connections shard ${s + 1} of ${count} stopped (exit code ${code}) before the end of the capture`)));
      });
    });
  });
}

/** A shard's side: reads the capture and tracks its flows, posting one message per chunk. */
function runShard(job: ShardJob): Promise<void> {
  return readAhead<ShardChunkMessage>(job.path, job.chunkSize, () => true, (post) => new ShardCapture(job.tracker, job.index === 0, post));
}

if (!isMainThread && (workerData as Partial<ShardJob> | null)?.role === SHARD_ROLE) void runShard(workerData as ShardJob);
