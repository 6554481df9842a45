import { formatSeconds, type Timestamp } from '../capture/timestamp';

/**
 * Output written as UTF-8 bytes into large chunks, handed to `sink` as each fills.
 *
 * Why not strings: analyze's JSON for a large capture is hundreds of megabytes of small pieces.
 * Built with `+=` they form rope strings that must be flattened, then encoded to UTF-8 by the
 * stream, then collected: on the 1 GB benchmark capture that was about 1.5 s of the replaying
 * thread, more than replaying itself. Digits and ASCII go straight into the chunk here; only
 * text that may hold anything goes through the TextEncoder.
 *
 * A chunk handed to `sink` is never written again (the stream may still hold it), so a new one
 * is allocated after each: a few hundred per gigabyte.
 */
export class ByteWriter {
  private buf: Uint8Array;
  private pos = 0;
  /** The last timestamp unit `seconds` saw, and nanoseconds per unit (0: not a whole number). */
  private units = 0;
  private nsPerUnit = 0;

  constructor(private readonly sink: (chunk: Uint8Array) => void, private readonly chunkSize = 1 << 18) {
    this.buf = new Uint8Array(chunkSize);
  }

  /** Bytes written and not yet handed on. */
  get pending(): number {
    return this.pos;
  }

  /** Hands on what was written (nothing when nothing was). */
  flush(): void {
    if (this.pos === 0) return;
    const full = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(this.chunkSize);
    this.pos = 0;
    this.sink(full);
  }

  /** One byte (an ASCII character code). */
  byte(c: number): void {
    if (this.pos === this.buf.length) this.flush();
    this.buf[this.pos++] = c;
  }

  /** A string known to be ASCII (keys, punctuation, names from fixed sets). */
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.makeRoom(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any string, as UTF-8. */
  text(s: string): void {
    // Three bytes per UTF-16 unit is the most encodeInto can write (a surrogate pair is 4 for 2).
    const most = s.length * 3;
    if (this.pos + most > this.buf.length) this.makeRoom(most);
    const r = ENCODER.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += r.written;
  }

  /** Bytes made before (a cached JSON literal). */
  bytes(x: Uint8Array): void {
    const n = x.length;
    if (this.pos + n > this.buf.length) this.makeRoom(n);
    const b = this.buf;
    let p = this.pos;
    // Short copies: a loop costs less than `set` on a subarray.
    if (n <= 64) for (let i = 0; i < n; i++) b[p++] = x[i]!;
    else {
      b.set(x, p);
      p += n;
    }
    this.pos = p;
  }

  /** `JSON.stringify(s)`. */
  json(s: string): void {
    const n = s.length;
    if (this.pos + n + 2 > this.buf.length) this.makeRoom(n + 2);
    const b = this.buf;
    let p = this.pos;
    b[p++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Anything JSON escapes, and anything beyond ASCII: the exact rules are JSON.stringify's.
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        this.text(JSON.stringify(s));
        return;
      }
      b[p++] = c;
    }
    b[p++] = QUOTE;
    this.pos = p;
  }

  /** A number as JSON writes it: integers digit by digit, anything else through String. */
  num(x: number): void {
    if (x >= 0 && x < 0x80000000 && x === Math.floor(x)) {
      this.uint(x);
      return;
    }
    this.ascii(String(x));
  }

  /** `formatSeconds(ts)`: `<seconds>.<9 digits>` (without quotes). */
  seconds(ts: Timestamp): void {
    const u = ts.unitsPerSec;
    if (u !== this.units) {
      this.units = u;
      // Units that divide a second into whole nanoseconds: formatSeconds' fast case.
      this.nsPerUnit = u <= 1e9 && 1e9 % u === 0 ? 1e9 / u : 0;
    }
    const sec = ts.sec;
    const ns = ts.frac * this.nsPerUnit;
    // Anything else (a BigInt unit, a time before 1970 or after 2038, a fraction out of range)
    // as formatSeconds writes it.
    if (this.nsPerUnit === 0 || !(sec >= 0 && sec < 0x80000000 && ns >= 0 && ns < 1e9)) {
      this.ascii(formatSeconds(ts));
      return;
    }
    this.uint(sec);
    if (this.pos + 10 > this.buf.length) this.makeRoom(10);
    const b = this.buf;
    const p = this.pos;
    b[p] = DOT;
    // Nine digits, leading zeros kept, written from the last.
    let v = ns | 0;
    for (let i = p + 9; i > p; i--) {
      const q = (v / 10) | 0;
      b[i] = 48 + v - q * 10;
      v = q;
    }
    this.pos = p + 10;
  }

  /** A whole number 0 ≤ x < 2^31 (digit arithmetic in 32-bit integers). */
  private uint(x: number): void {
    if (this.pos + 10 > this.buf.length) this.makeRoom(10);
    const b = this.buf;
    const p = this.pos;
    if (x < 10) {
      b[p] = 48 + x;
      this.pos = p + 1;
      return;
    }
    const digits = x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6 : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
    let v = x | 0;
    for (let i = p + digits - 1; i >= p; i--) {
      const q = (v / 10) | 0;
      b[i] = 48 + v - q * 10;
      v = q;
    }
    this.pos = p + digits;
  }

  /** Room for `n` more bytes: the chunk handed on, and one large enough when `n` is larger. */
  private makeRoom(n: number): void {
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n);
  }
}

/** Collects everything written into one string (tests, and outputs too small to stream). */
export function writtenText(write: (w: ByteWriter) => void): string {
  let text = '';
  // A chunk never ends inside a character, so each decodes on its own.
  const w = new ByteWriter((c) => { text += DECODER.decode(c); }, 1 << 12);
  write(w);
  w.flush();
  return text;
}

/** `JSON.stringify(s)` as UTF-8 bytes, for literals written often. */
export function jsonBytes(s: string): Uint8Array {
  return ENCODER.encode(JSON.stringify(s));
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
