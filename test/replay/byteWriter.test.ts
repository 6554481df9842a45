/**
 * ByteWriter writes analyze's output as bytes: what it writes must read back as exactly what
 * the string functions it replaces would have made (JSON.stringify, String, formatSeconds), at
 * any chunk size, and no chunk may end inside a character.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSeconds, type Timestamp } from '../../analyzer/capture/timestamp';
import { ByteWriter, jsonBytes, writtenText } from '../../analyzer/replay/byteWriter';

const STRINGS = [
  '', 'a', 'FD_READ', 'say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', '\u0000\u001f\u007f',
  'café', '日本語', '😀 emoji', 'lone \ud800 surrogate', 'x'.repeat(5000), 'é'.repeat(3000),
];

test('json() is JSON.stringify for plain, escaped and non-ASCII strings', () => {
  for (const s of STRINGS) assert.equal(writtenText((w) => w.json(s)), JSON.stringify(s), JSON.stringify(s));
});

test('text(), ascii() and bytes() write what they are given, in order', () => {
  const got = writtenText((w) => {
    w.ascii('{"a":');
    w.text('"ü→😀"');
    w.byte(0x2c);
    w.bytes(jsonBytes('b'));
    w.byte(0x2c);
    w.bytes(jsonBytes('c'.repeat(100)));
    w.byte(0x7d);
  });
  assert.equal(got, `{"a":"ü→😀","b","${'c'.repeat(100)}"}`);
});

test('num() writes numbers as String does, integers digit by digit', () => {
  const xs = [0, 1, 9, 10, 99, 100, 12345, 999999999, 1000000000, 2147483647, 2147483648, 4294967295, 4294967296,
    2 ** 53, -1, -123, 1.5, 0.1, 1e21];
  for (const x of xs) assert.equal(writtenText((w) => w.num(x)), String(x), String(x));
  for (let x = 1; x < 4e9; x = x * 3 + 7) assert.equal(writtenText((w) => w.num(x)), String(x));
});

test('seconds() is formatSeconds for every unit, including ones that need BigInt', () => {
  const cases: Timestamp[] = [
    { sec: 0, frac: 0, unitsPerSec: 1e6 },
    { sec: 1700000000, frac: 1, unitsPerSec: 1e6 },
    { sec: 1700000000, frac: 999999, unitsPerSec: 1e6 },
    { sec: 1700000000, frac: 123456789, unitsPerSec: 1e9 },
    { sec: 5, frac: 7, unitsPerSec: 1e3 },
    { sec: 5, frac: 0, unitsPerSec: 1 },
    // Out of range (never read from a capture): still as formatSeconds writes it.
    { sec: 5, frac: 7, unitsPerSec: 1 },
    { sec: -3, frac: 5, unitsPerSec: 1e6 },
    { sec: 2147483648, frac: 5, unitsPerSec: 1e9 },
    { sec: 1, frac: 3, unitsPerSec: 1024 },
    { sec: 1, frac: 123456789012, unitsPerSec: 1e12 },
    { sec: 1, frac: 5, unitsPerSec: 3 },
  ];
  // Alternating units: the writer remembers the last one.
  for (const ts of [...cases, ...cases.reverse()]) assert.equal(writtenText((w) => w.seconds(ts)), formatSeconds(ts), JSON.stringify(ts));
});

test('chunks end between writes, never inside a character, whatever the chunk size', () => {
  const pieces = ['ab', 'é', '😀😀', 'x'.repeat(40), '日本', '"q"'];
  for (const size of [1, 2, 3, 5, 16, 64]) {
    const chunks: Uint8Array[] = [];
    const w = new ByteWriter((c) => chunks.push(c), size);
    let expected = '';
    for (let i = 0; i < 50; i++) {
      const s = pieces[i % pieces.length]!;
      if (i % 3 === 0) w.json(s);
      else w.text(s);
      w.num(i);
      expected += (i % 3 === 0 ? JSON.stringify(s) : s) + String(i);
    }
    w.flush();
    // Each chunk decodes on its own (fatal: a cut character throws).
    const decoder = new TextDecoder('utf-8', { fatal: true });
    assert.equal(chunks.map((c) => decoder.decode(c)).join(''), expected, `chunk size ${size}`);
    assert.ok(chunks.every((c) => c.length > 0), 'no empty chunk is handed on');
  }
});

test('a chunk handed on is never written again', () => {
  const chunks: Uint8Array[] = [];
  const w = new ByteWriter((c) => chunks.push(c), 8);
  w.ascii('12345678');
  w.ascii('abcdefgh');
  w.flush();
  assert.deepEqual(chunks.map((c) => new TextDecoder().decode(c)), ['12345678', 'abcdefgh']);
  assert.equal(w.pending, 0);
  w.flush();
  assert.equal(chunks.length, 2, 'flushing nothing hands on nothing');
});
