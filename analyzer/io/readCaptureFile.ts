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
  let pending: Promise<Uint8Array> | null = null;
  try {
    const total = (await handle.stat()).size;
    const reader = new CaptureReader(sink);
    let done = 0;
    const readChunk = async (): Promise<Uint8Array> => {
      const buf = new Uint8Array(chunkSize);
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
