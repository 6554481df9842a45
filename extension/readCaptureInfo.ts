/**
 * Reads one capture file to its summary. No `vscode` import: the command wraps this in VS Code's
 * progress UI, and tests can call it directly.
 */

import { CaptureInfoCollector, type CaptureInfo } from '../analyzer/capture/captureInfo';
import { readCaptureFile } from '../analyzer/io/readCaptureFile';

export interface ReadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export async function readCaptureInfo(path: string, options: ReadOptions = {}): Promise<CaptureInfo> {
  const collector = new CaptureInfoCollector();
  const summary = await readCaptureFile(path, collector, {
    ...(options.signal && { signal: options.signal }),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  return collector.result(summary);
}

/** Calls `fn` at most once per `intervalMs`, except that `force` always goes through. */
export function throttle<A extends unknown[]>(intervalMs: number, fn: (...args: A) => void, now: () => number = Date.now): (force: boolean, ...args: A) => void {
  let last = -Infinity;
  return (force, ...args) => {
    const t = now();
    if (!force && t - last < intervalMs) return;
    last = t;
    fn(...args);
  };
}
