/**
 * The annotator's output byte by byte, against expectations built independently of it: a pcapng
 * with no comments comes out identical; with comments, every block but the annotated packet
 * blocks is identical and those differ only by the inserted options; a classic pcap becomes the
 * pcapng that test/helpers/captureBuilder writes for the same records. Every feeding (whole, 1, 7,
 * 4096 bytes, random) gives the same bytes.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_USER_APPL } from '../../analyzer/annotate/captureAnnotator';
import { bytesOf, captureFiles, units } from '../capture/fixtures';
import { PcapngWriter, optU8, type OptionSpec } from '../helpers/captureBuilder';
import { FEEDS, annotate, fixedFeed, sampleComments } from './helpers';

const ALL_FEEDS = [...FEEDS, fixedFeed(4096)];
const FILES = captureFiles();
const PCAPNG = FILES.filter((f) => f.endsWith('.pcapng'));
const PCAP = FILES.filter((f) => !f.endsWith('.pcapng'));
const utf8 = new TextEncoder();

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Number of packet blocks / records in a well-formed file (independent of the reader). */
function frameUnits(bytes: Uint8Array): { start: number; end: number; le: boolean; type: number }[] {
  const v = view(bytes);
  const isNg = v.getUint32(0, true) === 0x0a0d0d0a;
  return units(bytes)
    .map((u) => ({ ...u, type: isNg ? v.getUint32(u.start, u.le) : -1 }))
    .filter((u, i) => (isNg ? u.type === 2 || u.type === 3 || u.type === 6 : i > 0));
}

test('with no comments, every pcapng comes out identical, byte for byte, under every feeding', () => {
  for (const file of PCAPNG) {
    const input = bytesOf(file);
    for (const feed of ALL_FEEDS) {
      for (const none of [() => undefined, () => [], () => ['']]) {
        const { out, annotator } = annotate(input, none, feed);
        assert.deepEqual(out, input, `${basename(file)}, ${feed.name}`);
        assert.deepEqual(annotator.problems, []);
        assert.equal(annotator.framesAnnotated, 0);
        assert.equal(annotator.framesWritten, frameUnits(input).length);
      }
    }
  }
});

test('every feeding gives the same annotated output (pcap and pcapng)', () => {
  for (const file of FILES) {
    const input = bytesOf(file);
    const last = frameUnits(input).length;
    const reference = annotate(input, (n) => sampleComments(n, last));
    assert.ok(reference.annotator.framesAnnotated > 0);
    for (const feed of ALL_FEEDS) {
      const got = annotate(input, (n) => sampleComments(n, last), feed);
      assert.deepEqual(got.out, reference.out, `${basename(file)}, ${feed.name}`);
      assert.deepEqual(got.annotator.problems, reference.annotator.problems);
      assert.deepEqual(got.asked, reference.asked);
    }
  }
});

/** opt_comment options (code 1) holding `comments`, encoded in byte order `le`. */
function commentOptions(comments: readonly string[], le: boolean): Uint8Array {
  const parts: number[] = [];
  for (const c of comments) {
    const v = utf8.encode(c);
    const head = new Uint8Array(4);
    view(head).setUint16(0, 1, le);
    view(head).setUint16(2, v.length, le);
    parts.push(...head, ...v, ...new Array((4 - (v.length % 4)) % 4).fill(0));
  }
  return Uint8Array.from(parts);
}

/**
 * The block an annotated EPB/PB must become, built here from the spec: the option list is walked
 * to its opt_endofopt, the comments go just before it, both lengths grow.
 */
function expectedBlock(block: Uint8Array, le: boolean, comments: readonly string[]): Uint8Array {
  const v = view(block);
  const len = block.length;
  const caplen = v.getUint32(20, le);
  let p = 28 + Math.ceil(caplen / 4) * 4;
  let addEnd = true;
  while (p < len - 4) {
    if (v.getUint16(p, le) === 0) { addEnd = false; break; }
    p += 4 + Math.ceil(v.getUint16(p + 2, le) / 4) * 4;
  }
  const extra = Uint8Array.from([...commentOptions(comments, le), ...(addEnd ? [0, 0, 0, 0] : [])]);
  const out = new Uint8Array(len + extra.length);
  out.set(block.subarray(0, p));
  out.set(extra, p);
  out.set(block.subarray(p), p + extra.length);
  view(out).setUint32(4, out.length, le);
  view(out).setUint32(out.length - 4, out.length, le);
  return out;
}

test('an annotated pcapng differs from its input only by the comment options, inserted before opt_endofopt', () => {
  let withExisting = 0;
  for (const file of PCAPNG) {
    const input = bytesOf(file);
    const inUnits = units(input);
    const last = frameUnits(input).length;
    const { out } = annotate(input, (n) => sampleComments(n, last));
    const outUnits = units(out);
    assert.equal(outUnits.length, inUnits.length, basename(file));
    assert.equal(outUnits.at(-1)!.end, out.length, 'the output is whole blocks');
    let frame = 0;
    inUnits.forEach((u, i) => {
      const block = input.subarray(u.start, u.end);
      const got = out.subarray(outUnits[i]!.start, outUnits[i]!.end);
      const type = view(block).getUint32(0, u.le);
      const comments = type === 6 || type === 2 ? sampleComments(++frame, last) : undefined;
      if (comments) {
        if (view(block).getUint32(4, u.le) > 32 + Math.ceil(view(block).getUint32(20, u.le) / 4) * 4) withExisting++;
        assert.deepEqual(got, expectedBlock(block, u.le, comments), `${basename(file)} frame ${frame}`);
      } else {
        assert.deepEqual(got, block, `${basename(file)} block ${i} is copied byte for byte`);
      }
    });
  }
  assert.ok(withExisting > 0, 'some annotated blocks already had options');
});

test('a classic pcap becomes SHB + IDB + one EPB per record, as the test builder writes them', () => {
  for (const file of PCAP) {
    const input = bytesOf(file);
    const v = view(input);
    const magic = v.getUint32(0, true);
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    const nanos = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
    const network = v.getUint32(20, le);
    const idbOptions: OptionSpec[] = [optU8(9, nanos ? 9 : 6)];
    if (network & 0x04000000) idbOptions.push(optU8(13, (network >>> 28) * 2));
    const w = new PcapngWriter(le ? 'little' : 'big')
      .shb({ options: [{ code: 4, value: DEFAULT_USER_APPL }] })
      .idb(network & 0xffff, { snapLen: v.getUint32(16, le), options: idbOptions });
    const records = units(input).slice(1);
    const last = records.length;
    records.forEach((r, i) => {
      const ticks = BigInt(v.getUint32(r.start, le)) * (nanos ? 1_000_000_000n : 1_000_000n) + BigInt(v.getUint32(r.start + 4, le));
      const comments = sampleComments(i + 1, last) ?? [];
      w.epb(0, Number(ticks >> 32n), Number(ticks & 0xffffffffn), input.subarray(r.start + 16, r.end), {
        origLen: v.getUint32(r.start + 12, le),
        options: comments.map((c) => ({ code: 1, value: c })),
      });
    });
    const { out, annotator } = annotate(input, (n) => sampleComments(n, last));
    assert.deepEqual(out, w.bytes(), basename(file));
    assert.deepEqual(annotator.problems, []);
    assert.equal(annotator.framesWritten, last);
  }
});

test('FCS bits and byte order of the tested pcap files are covered', () => {
  const seen = new Set<string>();
  for (const file of PCAP) {
    const v = view(bytesOf(file));
    const magic = v.getUint32(0, true);
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    seen.add(`${le ? 'le' : 'be'}-${magic === 0xa1b23c4d || magic === 0x4d3cb2a1 ? 'ns' : 'us'}`);
    if (v.getUint32(20, le) & 0x04000000) seen.add('fcs');
  }
  assert.deepEqual([...seen].sort(), ['be-ns', 'be-us', 'fcs', 'le-ns', 'le-us']);
});
