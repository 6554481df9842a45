/**
 * Damaged input: a problem names the byte offset and the last good frame, everything good before
 * the damage is written, the output is always a readable capture, and nothing crashes or loops.
 *
 * pcapng: the output stops at the first damaged block (whole blocks only).
 * pcap: the records the capture reader reads are converted, so after a record header with an
 * impossible length the output carries on where the reader resynchronises, with the reader's
 * frame numbers.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { CaptureAnnotator } from '../../analyzer/annotate/captureAnnotator';
import type { PacketRecord } from '../../analyzer/capture/types';
import { FIXTURES, SAMPLES, bytesOf, units } from '../capture/fixtures';
import { prng } from '../capture/harness';
import {
  FEEDS, annotate, assertSamePackets, capinfosPackets, fixedFeed, packetFacts, read, tempFile, tsharkComments,
  type Feed,
} from './helpers';

const PCAPNG = bytesOf(join(SAMPLES, 'http-keepalive.pcapng'));
const MULTI = bytesOf(join(FIXTURES, 'multisection.pcapng'));
const PCAP_BE_NS = bytesOf(join(FIXTURES, 'bigendian-nsec.pcap'));
const PCAP_LE = bytesOf(join(SAMPLES, 'udp-port-unreachable.pcap'));
const FEW_FEEDS: Feed[] = [fixedFeed(1), fixedFeed(7), fixedFeed(4096)];

const tag = (n: number): string[] => [`frame ${n}`];

function edited(src: Uint8Array, edit: (v: DataView) => void): Uint8Array {
  const b = src.slice();
  edit(new DataView(b.buffer));
  return b;
}

/** Packet blocks (pcapng) or records (pcap) that end at or before `cut`. */
function wholeFramesBefore(bytes: Uint8Array, cut: number): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ng = v.getUint32(0, true) === 0x0a0d0d0a;
  return units(bytes).filter((u, i) => u.end <= cut && (ng ? [2, 3, 6].includes(v.getUint32(u.start, u.le)) : i > 0)).length;
}

test('pcapng truncated at every byte: the output is the input up to the last whole block, and says where it stopped', () => {
  for (const [name, input] of [['http-keepalive.pcapng', PCAPNG], ['multisection.pcapng', MULTI]] as const) {
    const ends = units(input).map((u) => u.end);
    for (let cut = 0; cut < input.length; cut++) {
      const at = `${name} cut at ${cut}`;
      const { out, annotator } = annotate(input.subarray(0, cut), () => undefined);
      const lastEnd = cut < 4 ? 0 : Math.max(0, ...ends.filter((e) => e <= cut));
      assert.deepEqual(out, input.subarray(0, lastEnd), at);
      const frames = wholeFramesBefore(input, cut);
      assert.equal(annotator.framesWritten, frames, at);
      assert.equal(annotator.framesWritten, read(input.subarray(0, cut)).packets.length, `${at}: as many frames as the reader reads`);
      if (ends.includes(cut)) {
        assert.deepEqual(annotator.problems, [], at);
        continue;
      }
      assert.equal(annotator.problems.length, 1, at);
      const p = annotator.problems[0]!;
      assert.equal(p.severity, 'error', at);
      if (cut === 0) {
        assert.equal(p.code, 'empty');
      } else if (cut < 4) {
        assert.equal(p.code, 'truncated-header');
        assert.match(p.message, new RegExp(`^byte offset 0, before the first frame: the input has only ${cut} bytes, too few for any capture header; nothing written$`));
      } else {
        assert.equal(p.code, 'truncated-block', at);
        assert.equal(p.offset, lastEnd, at);
        assert.equal(p.frame, frames > 0 ? frames : undefined, at);
        const where = frames > 0 ? `after frame ${frames}` : 'before the first frame';
        assert.match(p.message, new RegExp(`^byte offset ${lastEnd}, ${where}: the input ends inside a block( header)?\\b.*; the output stops before this point`), at);
      }
    }
  }
});

test('truncated pcapng with comments: the frames before the cut carry theirs, under every feeding; tshark reads the output', () => {
  const ends = units(PCAPNG).map((u) => u.end);
  // Inside the SHB, the IDB, an EPB's header, an EPB's data, an EPB's trailing length.
  const cuts = [10, ends[0]! + 6, ends[4]! + 3, ends[6]! + 40, ends[9]! - 2];
  for (const cut of cuts) {
    const input = PCAPNG.subarray(0, cut);
    const { out, annotator } = annotate(input, tag);
    for (const feed of FEW_FEEDS) assert.deepEqual(annotate(input, tag, feed).out, out, `cut ${cut}, ${feed.name}`);
    const before = read(input);
    assert.equal(annotator.problems[0]!.code, 'truncated-block');
    if (out.length === 0) {
      assert.equal(cut, 10, 'only a cut inside the first block leaves nothing');
      continue;
    }
    const after = read(out);
    assert.deepEqual(after.warnings, [], `cut ${cut}: the output reads cleanly`);
    assertSamePackets(before, after, tag, `cut ${cut}`);
    {
      const path = tempFile(out);
      const theirs = tsharkComments(path);
      assert.deepEqual([...theirs.keys()], before.packets.map((p) => p.n));
      for (const [n, c] of theirs) assert.deepEqual(c, tag(n));
      assert.equal(capinfosPackets(path), before.packets.length);
    }
  }
});

test('classic pcap truncated at every byte: the output holds every whole record, converted, and the reader\'s problem', () => {
  for (const [name, input] of [['bigendian-nsec.pcap', PCAP_BE_NS], ['udp-port-unreachable.pcap', PCAP_LE]] as const) {
    const full = annotate(input, tag).out;
    const recordEnds = units(input).map((u) => u.end);
    for (let cut = 0; cut < input.length; cut++) {
      const at = `${name} cut at ${cut}`;
      const part = input.subarray(0, cut);
      const { out, annotator } = annotate(part, tag);
      const before = read(part);
      if (cut < 24) {
        assert.equal(out.length, 0, at);
      } else {
        // SHB, IDB and the first frames of the whole file's output, cut at a block boundary.
        assert.deepEqual(out, full.subarray(0, out.length), at);
        assert.ok(units(full).some((u) => u.end === out.length), at);
        const after = read(out);
        assert.deepEqual(after.warnings, [], at);
        assertSamePackets(before, after, tag, at);
      }
      assert.equal(annotator.framesWritten, wholeFramesBefore(input, cut), at);
      if (recordEnds.includes(cut)) {
        assert.deepEqual(annotator.problems, [], at);
        continue;
      }
      if (cut > 24 && cut % 97 === 0) {
        // A sample of cuts through tshark and capinfos too.
        const path = tempFile(out);
        assert.deepEqual([...tsharkComments(path)], before.packets.map((p) => [p.n, tag(p.n)]), at);
        assert.equal(capinfosPackets(path), before.packets.length, at);
      }
      // The reader's own problem, passed on.
      const errors = annotator.problems.filter((p) => p.severity === 'error');
      assert.equal(errors.length, 1, at);
      assert.deepEqual(errors.map((e) => [e.code, e.offset]), before.warnings.map((w) => [w.code, w.offset]), at);
      if (cut >= 4) assert.match(errors[0]!.message, /^byte offset \d+, (after frame \d+|before the first frame): file ends inside/, at);
    }
  }
});

test('a pcapng block whose trailing length disagrees: the output stops before it', () => {
  const u = units(PCAPNG);
  const bad = u[6]!; // the 5th EPB
  const input = edited(PCAPNG, (v) => v.setUint32(bad.end - 4, 1234, true));
  for (const feed of [...FEEDS, fixedFeed(4096)]) {
    const { out, annotator } = annotate(input, tag, feed);
    assert.deepEqual(out, annotate(PCAPNG.subarray(0, bad.start), tag).out, feed.name);
    assert.equal(annotator.framesWritten, 4);
    assert.equal(annotator.problems.length, 1);
    const p = annotator.problems[0]!;
    assert.deepEqual([p.severity, p.code, p.offset, p.frame], ['error', 'corrupt-block', bad.start, 4]);
    assert.equal(p.message, `byte offset ${bad.start}, after frame 4: block's trailing length 1234 disagrees with its leading length ${bad.end - bad.start}; the output stops before this point (pcapng input is not resynchronised, so nothing from this offset on is written)`);
  }
  // The reader skips the block and reads on; the annotator's frames are the reader's up to there.
  const reader = read(input);
  assert.equal(reader.packets.length, 12);
  const { out } = annotate(input, tag);
  assert.deepEqual(read(out).packets.map(packetFacts), reader.packets.slice(0, 4).map(packetFacts));
  assert.deepEqual([...tsharkComments(tempFile(out)).keys()], [1, 2, 3, 4]);
});

test('a pcapng block with an impossible length, or a section header with a bad byte-order magic: the output stops there', () => {
  const u = units(PCAPNG);
  const cases: [string, Uint8Array, number, RegExp][] = [
    ['length not a multiple of 4', edited(PCAPNG, (v) => v.setUint32(u[3]!.start + 4, 99, true)), u[3]!.start, /block of type 0x6 claims an impossible length 99/],
    ['length below 12', edited(PCAPNG, (v) => v.setUint32(u[3]!.start + 4, 8, true)), u[3]!.start, /impossible length 8/],
    ['length beyond 64 MiB', edited(PCAPNG, (v) => v.setUint32(u[3]!.start + 4, 0x7ffffff0, true)), u[3]!.start, /impossible length 2147483632/],
    ['length past the end of the file', edited(PCAPNG, (v) => v.setUint32(u[3]!.start + 4, 1_000_000, true)), u[3]!.start, /the input ends inside a block: it claims 1000000 bytes, \d+ present/],
  ];
  const second = units(MULTI).filter((x) => new DataView(MULTI.buffer, MULTI.byteOffset).getUint32(x.start, true) === 0x0a0d0d0a)[1]!;
  cases.push(['second section header with a bad byte-order magic', edited(MULTI, (v) => v.setUint32(second.start + 8, 0x11223344, true)), second.start, /Section Header Block with unknown byte-order magic 0x11223344/]);
  for (const [what, input, offset, why] of cases) {
    for (const feed of [...FEW_FEEDS, FEEDS[0]!]) {
      const { out, annotator } = annotate(input, tag, feed);
      assert.deepEqual(out, annotate(input.subarray(0, offset), tag).out, `${what}, ${feed.name}`);
      assert.equal(annotator.problems.length, 1, what);
      const p = annotator.problems[0]!;
      assert.equal(p.offset, offset, what);
      assert.equal(p.severity, 'error');
      assert.match(p.message, why, what);
      assert.match(p.message, new RegExp(`^byte offset ${offset}, after frame ${annotator.framesWritten}: `), what);
    }
  }
});

test('a pcap record with an impossible length: the output follows the reader past it, with the reader\'s frame numbers', () => {
  const before = read(PCAP_BE_NS);
  const badAt = before.packets[2]!.offset;
  const input = edited(PCAP_BE_NS, (v) => v.setUint32(badAt + 8, 0x7ffffff0, false));
  const damaged = read(input);
  assert.equal(damaged.packets.length, 12);
  for (const feed of [...FEEDS, fixedFeed(4096)]) {
    const { out, annotator, asked } = annotate(input, tag, feed);
    assert.deepEqual(asked, damaged.packets.map((p) => p.n), feed.name);
    assert.deepEqual(annotator.problems.map((p) => [p.severity, p.code, p.offset]), damaged.warnings.map((w) => [w.severity, w.code, w.offset]));
    assert.deepEqual(annotator.problems.map((p) => p.code), ['impossible-length', 'resynchronised']);
    assert.match(annotator.problems[0]!.message, new RegExp(`^byte offset ${badAt}, after frame 2: record claims 2147483632 captured bytes`));
    const after = read(out);
    assert.deepEqual(after.warnings, []);
    assertSamePackets(damaged, after, tag, feed.name);
  }
  const path = tempFile(annotate(input, tag).out);
  assert.deepEqual([...tsharkComments(path)].map(([n, c]) => [n, c]), damaged.packets.map((p) => [p.n, tag(p.n)]));
});

test('input that is no capture, or too short for one, writes nothing and says why', () => {
  const cases: [Uint8Array, string, RegExp][] = [
    [new Uint8Array(0), 'empty', /^byte offset 0, before the first frame: the input is empty; nothing written$/],
    [Uint8Array.of(0x0a, 0x0d, 0x0d), 'truncated-header', /only 3 bytes/],
    [new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), 'not-a-capture', /not a pcap or pcapng file \(first bytes 47 45 54 20\)/],
    [PCAP_LE.subarray(0, 20), 'truncated-header', /byte offset 0, before the first frame: file ends inside the pcap file header \(20 of 24 bytes\)/],
    [PCAPNG.subarray(0, 20), 'truncated-block', /byte offset 0, before the first frame: the input ends inside a block: it claims \d+ bytes, 20 present/],
  ];
  for (const [input, code, message] of cases) {
    for (const feed of [FEEDS[0]!, fixedFeed(1)]) {
      const { out, annotator } = annotate(input, tag, feed);
      assert.equal(out.length, 0);
      assert.deepEqual(annotator.problems.map((p) => [p.severity, p.code]), [['error', code]]);
      assert.match(annotator.problems[0]!.message, message);
      assert.equal(annotator.framesWritten, 0);
    }
  }
});

test('push after end is a programming error; end twice is harmless', () => {
  const a = new CaptureAnnotator(() => undefined);
  a.push(PCAPNG);
  a.end();
  assert.deepEqual(a.end(), []);
  assert.throws(() => a.push(PCAPNG), /push after end/);
});

/** Timestamps as one count of units, so a carried sub-second field compares equal. */
function ticks(p: PacketRecord): bigint {
  return BigInt(p.ts.sec) * BigInt(p.ts.unitsPerSec) + BigInt(p.ts.frac);
}

test('fuzz: damaged captures never crash or hang; the output reads cleanly and holds what the reader reads before the damage', () => {
  const sources = [PCAPNG, MULTI, PCAP_BE_NS, PCAP_LE, bytesOf(join(FIXTURES, 'commented.pcapng'))];
  const rnd = prng(20260521);
  const feeds = [FEEDS[0]!, fixedFeed(1), fixedFeed(7), FEEDS.at(-1)!];
  for (let round = 0; round < 300; round++) {
    const src = sources[round % sources.length]!;
    const input = src.slice();
    const flips = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < flips; i++) input[Math.floor(rnd() * input.length)] = Math.floor(rnd() * 256);
    const cut = rnd() < 0.3 ? Math.floor(rnd() * input.length) : input.length;
    const damaged = input.subarray(0, cut);
    const at = `round ${round}`;
    const reference = annotate(damaged, tag);
    for (const feed of feeds) {
      const got = annotate(damaged, tag, feed);
      assert.deepEqual(got.out, reference.out, `${at}, ${feed.name}`);
      assert.deepEqual(got.annotator.problems, reference.annotator.problems, `${at}, ${feed.name}`);
    }
    const { out, annotator } = reference;
    const after = read(out);
    if (out.length > 0) assert.ok(!after.warnings.some((w) => /truncated|corrupt|resync|not-a-capture|empty/.test(w.code)), `${at}: ${after.warnings.map((w) => w.code)}`);
    else assert.ok(annotator.problems.some((p) => p.severity === 'error'), `${at}: nothing written, and an error says why`);
    const reader = read(damaged);
    const ng = reference.annotator.format === 'pcapng';
    // pcapng: the reader's packets up to the first error; pcap: all of them.
    const stop = ng ? annotator.problems.find((p) => p.severity === 'error')?.offset ?? Infinity : Infinity;
    const expected = reader.packets.filter((p) => p.offset < stop);
    assert.equal(annotator.framesWritten, expected.length, at);
    assert.deepEqual(after.packets.map((p) => [p.n, p.iface, ticks(p), p.caplen, p.len, Array.from(p.data)]),
      expected.map((p) => [p.n, p.iface, ticks(p), p.caplen, p.len, Array.from(p.data)]), at);
    if (ng) {
      // Without comments, the output is exactly the input up to where it stopped (but for a
      // section length the damage set, which is written as -1).
      const plain = annotate(damaged, () => undefined);
      const expectedPlain = damaged.slice(0, plain.out.length);
      for (const p of plain.annotator.problems) if (p.code === 'section-length-cleared') expectedPlain.fill(0xff, p.offset + 16, p.offset + 24);
      assert.deepEqual(plain.out, expectedPlain, at);
    }
  }
});
