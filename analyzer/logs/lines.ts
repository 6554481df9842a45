/**
 * Bytes of a text log to lines, streaming: a log of gigabytes is never held whole.
 *
 * Windows tools write UTF-16LE with a BOM (PowerShell 5 `Out-File`, some netsh builds), UTF-8
 * with or without a BOM, or the ANSI code page (Windows-1252 on most Western machines). The
 * encoding is decided from the first bytes: a BOM; else UTF-16 by the zero bytes ASCII text has
 * in every other position; else UTF-8 when the first block is valid UTF-8, else Windows-1252.
 * Lines end at LF, CRLF or a lone CR.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes looked at before deciding (a BOM-less file's first block). */
const SNIFF_BYTES = 4096;

export function sniffEncoding(head: Uint8Array): { encoding: TextEncodingName; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, SNIFF_BYTES) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  // ASCII in UTF-16LE has a zero in every high (odd) byte; allow some non-Latin text.
  if (n >= 4 && oddZeros > n / 4 && evenZeros < n / 16) return { encoding: 'utf-16le', bom: 0 };
  if (n >= 4 && evenZeros > n / 4 && oddZeros < n / 16) return { encoding: 'utf-16be', bom: 0 };
  try {
    // A multi-byte sequence cut at the end of the sniffed block is not an error (stream: true).
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, SNIFF_BYTES), { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/**
 * Feeds chunks in, gets `(text, lineNumber)` out. The first chunk decides the encoding (give
 * it at least a few kilobytes when the file has them).
 */
export class LineSplitter {
  private decoder: TextDecoder | null = null;
  private rest = '';
  private lineNo = 0;
  /** The previous chunk ended in CR: a LF starting the next one belongs to it. */
  private pendingCr = false;
  encoding: TextEncodingName | null = null;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  push(chunk: Uint8Array): void {
    if (this.decoder === null) {
      const { encoding, bom } = sniffEncoding(chunk);
      this.encoding = encoding;
      this.decoder = new TextDecoder(encoding);
      chunk = chunk.subarray(bom);
    }
    this.split(this.decoder.decode(chunk, { stream: true }));
  }

  /** Flushes the last line (a file need not end with a newline). */
  end(): void {
    if (this.decoder !== null) this.split(this.decoder.decode());
    if (this.rest.length > 0) this.emit(this.rest);
    this.rest = '';
  }

  /** Lines handed out so far. */
  get lines(): number {
    return this.lineNo;
  }

  private split(text: string): void {
    let start = 0;
    if (this.pendingCr && text.charCodeAt(0) === 10) start = 1;
    this.pendingCr = false;
    const s = this.rest.length > 0 ? this.rest + text.slice(start) : text.slice(start);
    this.rest = '';
    let from = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.emit(s.slice(from, i));
      if (c === 13) {
        if (i + 1 < s.length) {
          if (s.charCodeAt(i + 1) === 10) i++;
        } else {
          this.pendingCr = true;
        }
      }
      from = i + 1;
    }
    this.rest = s.slice(from);
  }

  private emit(text: string): void {
    this.onLine(text, ++this.lineNo);
  }
}

/** Lines of a whole text already in memory (tests, pasted excerpts). */
export function splitLines(bytes: Uint8Array): { lines: string[]; encoding: TextEncodingName } {
  const lines: string[] = [];
  const s = new LineSplitter((t) => lines.push(t));
  s.push(bytes);
  s.end();
  return { lines, encoding: s.encoding ?? 'utf-8' };
}
