import { open } from 'node:fs/promises';
import { CaptureReader } from '../capture/captureReader';
import type { CaptureSink, CaptureSummary } from '../capture/types';

export interface ReadFileOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Awaited after each chunk: lets a consumer with a slow output hold the reading back. */
  readonly afterChunk?: () => Promise<void> | void;
  /** Bytes per read; each read gets a fresh buffer because packets are views into it. */
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
  try {
    const total = (await handle.stat()).size;
    const reader = new CaptureReader(sink);
    let done = 0;
    for (;;) {
      opts.signal?.throwIfAborted();
      const buf = new Uint8Array(chunkSize);
      const { bytesRead } = await handle.read(buf, 0, chunkSize, null);
      if (bytesRead === 0) break;
      reader.push(bytesRead === chunkSize ? buf : buf.subarray(0, bytesRead));
      done += bytesRead;
      opts.onProgress?.(done, total);
      await opts.afterChunk?.();
    }
    return reader.end();
  } finally {
    await handle.close();
  }
}
