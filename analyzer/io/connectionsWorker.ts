import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { TrackerOptions } from '../connections/connectionTracker';
import { TrackedCapture } from '../pipeline/trackedCapture';
import { TrackerMessageReader, type TrackedCaptureResult, type TrackedCaptureSink, type TrackerJob, type TrackerMessage } from '../pipeline/trackerMessages';
import type { CaptureSink, CaptureSummary } from '../capture/types';
import { readCaptureFile } from './readCaptureFile';

/*
 * The connections stage on a thread of its own: a worker reads the capture, decodes and tracks
 * connections, and sends each finished connection, encoded (analyzer/pipeline/recordCodec.ts), to
 * the thread that called `trackConnectionsInWorker`, which replays them meanwhile. On two cores
 * the slower of the two halves sets the time, instead of their sum.
 *
 * The worker runs this very file (the module's `__filename`: this .ts under tsx, the bundle
 * dist/cli.js once built): loaded in a worker whose data names WORKER_ROLE, the module starts the
 * job instead of exporting. A bundle whose top level does something of its own when loaded
 * (the extension's analysis worker) cannot be used this way; only the CLI's is.
 */

const WORKER_ROLE = 'winsock-replay/connections-worker';

/**
 * Chunks the worker may be ahead of the consumer. The consumer acknowledges each chunk once it
 * has replayed its connections (and written their output), so a slow consumer holds reading back
 * and memory stays bounded, while a few chunks in flight keep both threads busy.
 */
const CHUNKS_AHEAD = 8;

/**
 * The worker's young generation. The tracker's short-lived objects die young either way; a
 * smaller nursery is collected more often for about the same time and keeps the process's peak
 * RSS some 20 MB lower (the replay thread's heap comes on top of this one).
 */
export const YOUNG_GENERATION_MB = 8;

interface WorkerData extends TrackerJob {
  readonly role: typeof WORKER_ROLE;
}

export interface TrackInWorkerOptions {
  readonly tracker?: TrackerOptions;
  /** Bytes per read (readCaptureFile's). */
  readonly chunkSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Awaited after each chunk's connections are handed on: lets a slow output hold reading back. */
  readonly afterChunk?: () => Promise<void> | void;
}

/**
 * Reads the capture at `path` in a worker thread, handing its interfaces, warnings and finished
 * connections to `sink` on this thread, in the order a sink of ConnectionTracker on this thread
 * would see them. Resolves when the capture is read and every connection handed on.
 */
export function trackConnectionsInWorker(path: string, sink: TrackedCaptureSink, opts: TrackInWorkerOptions = {}): Promise<TrackedCaptureResult> {
  const data: WorkerData = {
    role: WORKER_ROLE, path, tracker: opts.tracker ?? {}, ...(opts.chunkSize !== undefined ? { chunkSize: opts.chunkSize } : {}),
  };
  opts.signal?.throwIfAborted();
  const worker = new Worker(loader(__filename), {
    eval: true, workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  return new Promise<TrackedCaptureResult>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      reject(e);
    };
    const onAbort = (): void => fail(opts.signal!.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    // Messages are handled one at a time, in order: a chunk's afterChunk may wait for the output.
    let queue = Promise.resolve();
    const reader = new TrackerMessageReader(sink);
    worker.on('message', (m: TrackerMessage) => {
      queue = queue.then(async () => {
        if (settled) return;
        const r = reader.read(m);
        if (m.type === 'chunk') {
          const p = r as { done: number; total: number };
          if (p.done >= 0) opts.onProgress?.(p.done, p.total);
          await opts.afterChunk?.();
          // The acknowledgement gives the batch's buffer back for the worker to write into again.
          const numbers = m.batch.numbers;
          worker.postMessage({ numbers }, [numbers.buffer as ArrayBuffer]);
        } else if (m.type === 'end') {
          await opts.afterChunk?.();
          settled = true;
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(r as TrackedCaptureResult);
        }
      }).catch(fail);
    });
    worker.on('error', fail);
    // After the messages it sent before exiting: the last of them may be the end.
    worker.on('exit', (code) => {
      queue = queue.then(() => fail(new Error(`the connections worker stopped (exit code ${code}) before the end of the capture`)));
    });
  });
}

/**
 * The worker's code: `require` the script. This module's own .ts (the tests and benchmarks run
 * under tsx) needs tsx's require hook first: a worker does not inherit the one `--import tsx`
 * installed on this thread.
 */
export function loader(script: string): string {
  const register = script.endsWith('.ts') ? "require('tsx/cjs/api').register();" : '';
  return `${register}require(${JSON.stringify(script)});`;
}

/** A connections thread's sink: told of each chunk read, and of the end. */
export interface ChunkedSink extends CaptureSink {
  chunk(done: number, total: number): void;
  end(summary: CaptureSummary): void;
  /** A batch's numbers the consumer gave back with its acknowledgement, to write into again. */
  returned?(numbers: Float64Array): void;
}

/**
 * A connections thread's reading loop: reads `path` into the sink `make` builds around a post
 * function, never more than CHUNKS_AHEAD chunks (posts that `isChunk` says are chunks) ahead of
 * the consumer's acknowledgements; a failure is posted as a `failed` message.
 */
export async function readAhead<M>(
  path: string, chunkSize: number | undefined, isChunk: (m: M) => boolean,
  make: (post: (m: M, transfer: ArrayBuffer[]) => void) => ChunkedSink,
): Promise<void> {
  const port = parentPort!;
  let ahead = 0;
  let wake: (() => void) | null = null;
  try {
    const sink = make((m, transfer) => {
      if (isChunk(m)) ahead++;
      port.postMessage(m, transfer);
    });
    // Acknowledgements come only after chunks were posted, so only once the sink exists.
    port.on('message', (m: unknown) => {
      ahead--;
      const numbers = (m as { numbers?: unknown } | null)?.numbers;
      if (numbers instanceof Float64Array) sink.returned?.(numbers);
      wake?.();
      wake = null;
    });
    const summary = await readCaptureFile(path, sink, {
      // The tracker keeps nothing of a packet's record.
      reuseRecords: true,
      ...(chunkSize !== undefined ? { chunkSize } : {}),
      onProgress: (done, total) => sink.chunk(done, total),
      afterChunk: async () => {
        while (ahead >= CHUNKS_AHEAD) await new Promise<void>((r) => { wake = r; });
      },
    });
    sink.end(summary);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ type: 'failed', message: err.message, stack: err.stack ?? err.message });
  }
  // Nothing more to say: let the thread end once its messages are out.
  port.unref();
}

/** The worker's side: reads and tracks, posting messages. */
function runWorker(job: TrackerJob): Promise<void> {
  return readAhead<TrackerMessage>(job.path, job.chunkSize, (m) => m.type === 'chunk', (post) => new TrackedCapture(job.tracker, post));
}

if (!isMainThread && (workerData as Partial<WorkerData> | null)?.role === WORKER_ROLE) void runWorker(workerData as WorkerData);
