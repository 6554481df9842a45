import { readFile } from 'node:fs/promises';

/** Largest text input read whole (scenario files are a few kilobytes). */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

/**
 * The Node edge for small text inputs (scenario files): read whole, UTF-8, a leading BOM
 * dropped (editors on Windows write one).
 */
export async function readTextFile(path: string): Promise<string> {
  const buf = await readFile(path);
  if (buf.length > MAX_TEXT_BYTES) throw new Error(`${path}: ${buf.length} bytes is too large for a scenario file`);
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
