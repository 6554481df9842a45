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
