import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineSplitter, sniffEncoding, splitLines } from '../../analyzer/logs/lines';

const utf16le = (s: string, bom = true): Uint8Array => {
  const b = new Uint8Array((bom ? 2 : 0) + s.length * 2);
  let o = 0;
  if (bom) { b[0] = 0xff; b[1] = 0xfe; o = 2; }
  for (let i = 0; i < s.length; i++) { b[o + 2 * i] = s.charCodeAt(i) & 0xff; b[o + 2 * i + 1] = s.charCodeAt(i) >> 8; }
  return b;
};

test('UTF-16LE with a BOM (PowerShell Out-File), CRLF, no newline at the end', () => {
  const r = splitLines(utf16le('[0]0000.0000::2025/03/27-16:12:19.937105000 [Microsoft-Windows-TCPIP]TCP: a\r\nsecond ü\r\nthird'));
  assert.equal(r.encoding, 'utf-16le');
  assert.deepEqual(r.lines, ['[0]0000.0000::2025/03/27-16:12:19.937105000 [Microsoft-Windows-TCPIP]TCP: a', 'second ü', 'third']);
});

test('UTF-16LE without a BOM is recognised by its zero bytes', () => {
  assert.equal(sniffEncoding(utf16le('plain ASCII text, long enough to count', false)).encoding, 'utf-16le');
});

test('UTF-8 BOM dropped; invalid UTF-8 is read as Windows-1252 (the ANSI code page)', () => {
  assert.deepEqual(splitLines(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62])).lines, ['a', 'b']);
  const ansi = splitLines(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a, 0x80]));
  assert.equal(ansi.encoding, 'windows-1252');
  assert.deepEqual(ansi.lines, ['café', '€']);
});

test('a CRLF split between chunks is one line end; a lone CR ends a line; empty lines count', () => {
  const lines: [string, number][] = [];
  const s = new LineSplitter((t, n) => lines.push([t, n]));
  const enc = new TextEncoder();
  s.push(enc.encode('one\r'));
  s.push(enc.encode('\ntwo\rthree\n\nfo'));
  s.push(enc.encode('ur'));
  s.end();
  assert.deepEqual(lines, [['one', 1], ['two', 2], ['three', 3], ['', 4], ['four', 5]]);
  assert.equal(s.lines, 5);
});

test('a multi-byte character split between chunks survives', () => {
  const bytes = new TextEncoder().encode('ab€cd\n');
  const out: string[] = [];
  const s = new LineSplitter((t) => out.push(t));
  s.push(bytes.subarray(0, 3));
  s.push(bytes.subarray(3));
  s.end();
  assert.deepEqual(out, ['ab€cd']);
});
