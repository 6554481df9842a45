import type { CaptureWarning } from '../capture/types';
import { ByteWriter } from '../replay/byteWriter';
import { UsageError } from './args';

export interface Output {
  readonly out: (s: string) => void;
  /** Standard output as bytes (UTF-8), where the host can take them without a string; else `out`. */
  readonly outBytes?: (b: Uint8Array) => void;
  readonly err: (s: string) => void;
  /** Resolves when the consumer of `out` has room again (a pipe that is being read slowly). */
  readonly drain: () => Promise<void>;
  /** Whether standard output / error is a terminal: colour, and progress that rewrites its line. */
  readonly outIsTTY?: boolean;
  readonly errIsTTY?: boolean;
}

/** A reading problem as users grep for it: the file first, then offset and packet. */
export function warningLine(file: string, w: CaptureWarning): string {
  return `winsock-replay: ${file}: ${w.severity}: ${w.message}\n`;
}

/** The one capture file every capture command takes. */
export function captureArgument(positional: readonly string[]): string {
  const file = positional[0];
  if (file === undefined) throw new UsageError('missing capture file');
  if (positional.length > 1) throw new UsageError(`one capture file expected, got ${positional.length}`);
  return file;
}

/**
 * Collects output lines and hands them on in large pieces: one write per line costs more than
 * decoding the packet did.
 */
export class LineBuffer {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly io: Output, private readonly limit = 1 << 16) {}

  add(line: string): void {
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= this.limit) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.io.out(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * A writer of standard output. Each chunk it hands on ends between two writes, never inside a
 * character, so a host that takes only strings gets each chunk decoded on its own.
 */
export function outputWriter(io: Output): ByteWriter {
  if (io.outBytes !== undefined) return new ByteWriter(io.outBytes);
  const decoder = new TextDecoder();
  return new ByteWriter((b) => io.out(decoder.decode(b)));
}
