import { open } from 'node:fs/promises';
import { CaptureReader, type ReaderOptions } from '../capture/captureReader';
import type { CaptureSink, CaptureSummary } from '../capture/types';

export interface ReadFileOptions extends ReaderOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Awaited after each chunk: lets a consumer with a slow output hold the reading back. */
  readonly afterChunk?: () => Promise<void> | void;
  /**
   * Bytes per read. Each read gets a fresh buffer because packets are views into it, unless
   * `reuseRecords` says the sink keeps no view: then two buffers take turns.
   */
  readonly chunkSize?: number;
}

const DEFAULT_CHUNK = 1024 * 1024;

/**
 * The Node edge of the reader: streams a file through `CaptureReader` one chunk at a time, so
 * memory does not grow with the file. Yields to the event loop between chunks so that a caller
 * can cancel through `signal` and the host stays responsive.
 */
export async function readCaptureFile(path: string, sink: CaptureSink, opts: ReadFileOptions = {}): Promise<CaptureSummary> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
  const handle = await open(path, 'r');
  let pending: Promise<Uint8Array> | null = null;
  try {
    const total = (await handle.stat()).size;
    const reader = new CaptureReader(sink, opts);
    let done = 0;
    // Buffers the reader is done with, when the sink keeps no views of them.
    const spare: Uint8Array[] = [];
    const readChunk = async (): Promise<Uint8Array> => {
      const buf = spare.pop() ?? new Uint8Array(chunkSize);
      const { bytesRead } = await handle.read(buf, 0, chunkSize, null);
      return bytesRead === chunkSize ? buf : buf.subarray(0, bytesRead);
    };
    // One read ahead: the disk fills the next chunk while this one is parsed.
    pending = readChunk();
    for (;;) {
      opts.signal?.throwIfAborted();
      const chunk = await pending;
      if (chunk.length === 0) break;
      pending = readChunk();
      reader.push(chunk);
      // The reader copies what it keeps of a chunk (a unit cut at its end) before `push` returns.
      if (opts.reuseRecords === true && chunk.length === chunkSize) spare.push(chunk);
      done += chunk.length;
      opts.onProgress?.(done, total);
      await opts.afterChunk?.();
    }
    return reader.end();
  } finally {
    // A read still in flight (cancelled, or the sink threw) must settle before the file closes.
    await pending?.catch(() => undefined);
    await handle.close();
  }
}
