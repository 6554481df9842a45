/**
 * The annotator's output: bytes are written into buffers the annotator owns, never views of the
 * caller's chunk, so a caller may reuse its input buffer as soon as `push` returns. What one
 * `push` produced is handed over in a few large arrays rather than one per block.
 */
const MIN_BUFFER = 256;
const MAX_BUFFER = 1024 * 1024;

export class Output {
  private buf = new Uint8Array(0);
  private used = 0;
  private readonly ready: Uint8Array[] = [];
  /** Size of the next buffer to allocate; set from the expected output of a push. */
  private hint = MIN_BUFFER;

  /** Expected output size of the coming push, so that one buffer usually holds all of it. */
  expect(bytes: number): void {
    this.hint = Math.min(Math.max(bytes, MIN_BUFFER), MAX_BUFFER);
  }

  /**
   * Makes room for `n` bytes and returns the buffer and the offset to write them at; the caller
   * must fill all `n`.
   */
  reserve(n: number): { readonly buf: Uint8Array; readonly at: number } {
    if (this.buf.length - this.used < n) {
      if (this.used > 0) this.ready.push(this.buf.subarray(0, this.used));
      this.buf = new Uint8Array(Math.max(n, this.hint));
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return { buf: this.buf, at };
  }

  copy(src: Uint8Array): void {
    if (src.length === 0) return;
    const { buf, at } = this.reserve(src.length);
    buf.set(src, at);
  }

  /**
   * Everything written since the last call. A mostly empty buffer is copied out and kept for the
   * next push, so that tiny pushes do not each pin a large allocation.
   */
  take(): Uint8Array[] {
    if (this.used > 0) {
      if (this.used * 2 < this.buf.length) {
        this.ready.push(this.buf.slice(0, this.used));
      } else {
        this.ready.push(this.buf.subarray(0, this.used));
        this.buf = new Uint8Array(0);
      }
      this.used = 0;
    }
    return this.ready.splice(0, this.ready.length);
  }
}

export function put16(b: Uint8Array, o: number, v: number, le: boolean): void {
  if (le) {
    b[o] = v & 0xff;
    b[o + 1] = (v >>> 8) & 0xff;
  } else {
    b[o] = (v >>> 8) & 0xff;
    b[o + 1] = v & 0xff;
  }
}

export function put32(b: Uint8Array, o: number, v: number, le: boolean): void {
  if (le) {
    b[o] = v & 0xff;
    b[o + 1] = (v >>> 8) & 0xff;
    b[o + 2] = (v >>> 16) & 0xff;
    b[o + 3] = (v >>> 24) & 0xff;
  } else {
    b[o] = (v >>> 24) & 0xff;
    b[o + 1] = (v >>> 16) & 0xff;
    b[o + 2] = (v >>> 8) & 0xff;
    b[o + 3] = v & 0xff;
  }
}

export function pad4(n: number): number {
  return (n + 3) & ~3;
}
