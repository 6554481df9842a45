import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const SAMPLES = join(ROOT, 'samples');

/** Every capture file shipped in `samples/` and `test/fixtures/`. */
export function captureFiles(): string[] {
  const out: string[] = [];
  for (const dir of [SAMPLES, FIXTURES]) {
    for (const f of readdirSync(dir).sort()) if (/\.(pcap|pcapng|cap)$/.test(f)) out.push(join(dir, f));
  }
  return out;
}

export function bytesOf(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** One unit of a capture file: the pcap file header, a pcap record, or a pcapng block. */
export interface Unit {
  readonly start: number;
  readonly end: number;
  /** Byte order of the unit's section. */
  readonly le: boolean;
}

/**
 * Walks a well-formed capture's units by their length fields, independently of the reader, so
 * tests can name offsets (boundaries, length fields) without trusting the code under test.
 */
export function units(bytes: Uint8Array): Unit[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Unit[] = [];
  const magic = v.getUint32(0, true);
  if (magic === 0x0a0d0d0a) {
    let le = true;
    for (let p = 0; p + 12 <= bytes.length;) {
      if (v.getUint32(p, true) === 0x0a0d0d0a) le = v.getUint32(p + 8, true) === 0x1a2b3c4d;
      const len = v.getUint32(p + 4, le);
      if (len < 12 || p + len > bytes.length) break;
      out.push({ start: p, end: p + len, le });
      p += len;
    }
  } else {
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    out.push({ start: 0, end: 24, le });
    for (let p = 24; p + 16 <= bytes.length;) {
      const end = p + 16 + v.getUint32(p + 8, le);
      if (end > bytes.length) break;
      out.push({ start: p, end, le });
      p = end;
    }
  }
  return out;
}
