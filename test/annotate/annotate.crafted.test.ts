/**
 * Corner cases real tools rarely write, built with test/helpers/captureBuilder: big-endian
 * sections, several sections of mixed byte order, Simple and obsolete Packet Blocks, packets that
 * already carry comments and other options, option lists without opt_endofopt or broken ones,
 * blocks that are not frames, big-endian/nanosecond and FCS pcap files. Each output is checked with
 * tshark (where tshark can read the input) and with our reader.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaptureAnnotator } from '../../analyzer/annotate/captureAnnotator';
import { MAX_BLOCK } from '../../analyzer/capture/pcapngFormat';
import {
  PcapngWriter, concat, ipv4TcpFrame, nrbIPv4, optTimestamp, optU32, optU64, optU8, pcapFile, u8, type Endian, type OptionSpec,
} from '../helpers/captureBuilder';
import { units } from '../capture/fixtures';
import {
  FEEDS, annotate, assertSamePackets, capinfosPackets, fixedFeed, read, run, tempFile, tsharkComments, tsharkFrames, withoutOffset,
} from './helpers';

const syn = ipv4TcpFrame({ src: '10.0.0.5', dst: '10.0.0.9', sport: 50412, dport: 80, seq: 1000, flags: 'S' });
const synAck = ipv4TcpFrame({ src: '10.0.0.9', dst: '10.0.0.5', sport: 80, dport: 50412, seq: 7000, ack: 1001, flags: 'SA' });
const odd = ipv4TcpFrame({ src: '10.0.0.5', dst: '10.0.0.9', sport: 50412, dport: 80, seq: 1001, ack: 7001, flags: 'PA', payload: u8(1, 2, 3) });
const big = ipv4TcpFrame({ src: '10.0.0.9', dst: '10.0.0.5', sport: 80, dport: 50412, seq: 7001, ack: 1004, flags: 'PA', payload: new Uint8Array(100).fill(0x61) });
const rst = ipv4TcpFrame({ src: '10.0.0.9', dst: '10.0.0.5', sport: 80, dport: 50412, seq: 7001, flags: 'R' });

const comment = (value: string): OptionSpec => ({ code: 1, value });
const FEEDS_TOO = [...FEEDS, fixedFeed(4096)];

/** Each frame n gets `frame n`; frames in `two` get a second comment. */
function everyFrame(two: readonly number[] = []): (n: number) => string[] {
  return (n) => (two.includes(n) ? [`frame ${n}`, `FD_CLOSE(WSAECONNABORTED) on 10.0.0.5:50412 [windows; documented: WSAECONNRESET]`] : [`frame ${n}`]);
}

/**
 * Annotates under every feeding (all must agree), then checks with our reader that every packet
 * kept everything and gained exactly its comments, and, unless `tshark` is false, with tshark and
 * capinfos that the output reads cleanly with the same frames and comments.
 */
function check(input: Uint8Array, commentsFor: (n: number) => string[] | undefined, opts: { tshark?: boolean; skip?: readonly number[] } = {}) {
  const result = annotate(input, commentsFor);
  for (const feed of FEEDS_TOO) assert.deepEqual(annotate(input, commentsFor, feed).out, result.out, feed.name);
  const before = read(input);
  const after = read(result.out);
  const added = (n: number): string[] => (opts.skip?.includes(n) ? [] : commentsFor(n) ?? []);
  assertSamePackets(before, after, added, 'reader');
  if (opts.tshark !== false) {
    const inPath = tempFile(input);
    const outPath = tempFile(result.out);
    const theirs = tsharkComments(inPath);
    const ours = tsharkComments(outPath);
    assert.equal(ours.size, theirs.size);
    for (const [n, old] of theirs) assert.deepEqual(ours.get(n), [...old, ...added(n)], `tshark frame ${n}`);
    assert.deepEqual(tsharkFrames(outPath), tsharkFrames(inPath));
    assert.equal(capinfosPackets(outPath), capinfosPackets(inPath));
  }
  return { ...result, before, after };
}

/** The output's blocks: type (in its section's order), length, byte order. */
function blocks(bytes: Uint8Array): { type: number; start: number; end: number; le: boolean }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return units(bytes).map((u) => ({ ...u, type: v.getUint32(u.start, u.le) }));
}

for (const endian of ['little', 'big'] as Endian[]) {
  test(`${endian}-endian pcapng: an EPB with comments and other options keeps them all, new comments after the old`, () => {
    const input = new PcapngWriter(endian)
      .shb({ options: [{ code: 4, value: 'crafted' }] })
      .idb(1, { snapLen: 65535, options: [{ code: 2, value: 'eth0' }, optU8(9, 9)] })
      .epb(0, 0x0019_0000, 0x1234_5678, syn, {
        options: [
          comment('already here'), optU32(2, 0x0000_0002), comment('and another'), optU64(5, 0x1122_3344_5566_7788n),
          { code: 3, value: u8(2, 0xde, 0xad, 0xbe, 0xef) }, optU64(4, 3n), optU32(6, 1),
        ],
      })
      .epb(0, 0x0019_0000, 0x1234_9999, synAck.subarray(0, 30), { origLen: synAck.length })
      .isb(0, 0x0019_0000, 0x1235_0000, [optTimestamp(2, 0x0019_0000, 0x1234_0000), optU64(4, 2n)])
      .epb(0, 0x0019_0000, 0x1236_0000, odd, { options: [optU32(2, 1)] })
      .bytes();
    const { out, annotator, before } = check(input, everyFrame([1, 3]));
    assert.equal(before.sections[0]!.byteOrder, endian);
    assert.deepEqual(annotator.problems, []);
    assert.equal(annotator.framesAnnotated, 3);
    // The comments went in the section's byte order: option code 1 reads as 1 in `endian`.
    const le = endian === 'little';
    const epb = blocks(out).filter((b) => b.type === 6);
    assert.equal(epb.length, 3);
    for (const b of epb) assert.equal(b.le, le);
    const after = read(out);
    assert.deepEqual(after.packets[0]!.comments, ['already here', 'and another', 'frame 1', 'FD_CLOSE(WSAECONNABORTED) on 10.0.0.5:50412 [windows; documented: WSAECONNRESET]']);
    assert.equal(after.packets[0]!.direction, 'outbound');
    assert.equal(after.packets[0]!.packetId, 0x1122_3344_5566_7788n);
    assert.equal(after.packets[0]!.dropCount, 3n);
    assert.deepEqual(after.blocks.map(withoutOffset), before.blocks.map(withoutOffset));
    // tshark still sees the direction flags, packet id and drop count (4.0 does not show epb_hash).
    const r = run('tshark', ['-r', tempFile(out), '-T', 'fields', '-e', 'frame.packet_flags_direction', '-e', 'frame.packet_id', '-e', 'frame.drop_count']);
    assert.equal(r.errors, '');
    assert.deepEqual(r.stdout.split('\n'), ['0x00000002\t1234605616436508552\t3', '\t\t', '0x00000001\t\t', '']);
  });
}

test('several sections with different byte orders and interfaces: frames numbered across sections', () => {
  const w = new PcapngWriter('little')
    .shb().idb(1, { options: [optU8(9, 6)] })
    .epb(0, 0, 1_000_000, syn).epb(0, 0, 2_000_000, synAck);
  w.setEndian('big')
    .shb({ options: [comment('big-endian section')] })
    .idb(1, { options: [optU8(9, 9)] }).idb(101, { snapLen: 1500 })
    .epb(1, 0, 3_000_000, syn.subarray(14)).epb(0, 1, 4, odd, { options: [comment('old')] }).pb(1, 0, 5_000_000, rst.subarray(14));
  w.setEndian('little')
    .shb().idb(101)
    .epb(0, 0, 6_000_000, rst.subarray(14));
  const input = w.bytes();
  const { annotator, after } = check(input, everyFrame([4]));
  assert.equal(annotator.framesWritten, 6);
  assert.deepEqual(after.sections.map((s) => s.byteOrder), ['little', 'big', 'little']);
  assert.deepEqual(after.packets.map((p) => [p.n, p.iface, p.kind]), [[1, 0, 'epb'], [2, 0, 'epb'], [3, 2, 'epb'], [4, 1, 'epb'], [5, 2, 'pb'], [6, 3, 'epb']]);
});

test('an obsolete Packet Block gets comments like an EPB (with and without options of its own)', () => {
  const input = new PcapngWriter('big').shb().idb(1)
    .pb(0, 0, 1_000_000, syn, { dropsCount: 2 })
    .pb(0, 0, 2_000_000, synAck, { options: [comment('pb'), optU32(2, 1)] })
    .bytes();
  const { out, annotator, after } = check(input, everyFrame([2]));
  assert.equal(annotator.framesAnnotated, 2);
  assert.deepEqual(blocks(out).map((b) => b.type), [0x0a0d0d0a, 1, 2, 2]);
  assert.equal(after.packets[0]!.dropCount, 2n);
});

test('a Simple Packet Block cannot carry comments: copied unchanged, with a warning naming the frame', () => {
  const w = new PcapngWriter('little').shb().idb(1, { snapLen: 0 }).epb(0, 0, 1_000_000, syn);
  const spbAt = w.bytes().length;
  w.spb(synAck).epb(0, 0, 3_000_000, odd);
  const input = w.bytes();
  const { out, annotator } = check(input, everyFrame(), { skip: [2] });
  assert.equal(annotator.framesWritten, 3);
  assert.equal(annotator.framesAnnotated, 2);
  assert.equal(annotator.problems.length, 1);
  const p = annotator.problems[0]!;
  assert.deepEqual([p.severity, p.code, p.offset, p.frame], ['warning', 'not-annotated', spbAt, 2]);
  assert.match(p.message, new RegExp(`^byte offset ${spbAt}, frame 2: a Simple Packet Block has no options.*without its 1 comment$`));
  const spb = blocks(out).find((b) => b.type === 3)!;
  assert.deepEqual(out.subarray(spb.start, spb.end), input.subarray(spbAt, spbAt + (spb.end - spb.start)));
  // Not asked for a comment on the SPB: nothing to say.
  assert.deepEqual(annotate(input, (n) => (n === 2 ? undefined : ['x'])).annotator.problems, []);
});

/** An EPB built by hand: `options` is the raw option area, `data` 4-byte aligned. */
function rawEpb(le: boolean, data: Uint8Array, options: Uint8Array, ts = 1_000_000): Uint8Array {
  const body = new Uint8Array(20 + data.length + options.length);
  const v = new DataView(body.buffer);
  v.setUint32(0, 0, le);
  v.setUint32(4, 0, le);
  v.setUint32(8, ts, le);
  v.setUint32(12, data.length, le);
  v.setUint32(16, data.length, le);
  body.set(data, 20);
  body.set(options, 20 + data.length);
  return body;
}

function opt(le: boolean, code: number, value: Uint8Array, lengthField = value.length): Uint8Array {
  const b = new Uint8Array(4 + Math.ceil(value.length / 4) * 4);
  new DataView(b.buffer).setUint16(0, code, le);
  new DataView(b.buffer).setUint16(2, lengthField, le);
  b.set(value, 4);
  return b;
}

test('an option list without opt_endofopt gets the comments at its end, and an opt_endofopt', () => {
  const data = syn.subarray(0, 52);
  for (const le of [true, false]) {
    const w = new PcapngWriter(le ? 'little' : 'big').shb().idb(1);
    const flags = le ? u8(1, 0, 0, 0) : u8(0, 0, 0, 1);
    const noEnd = rawEpb(le, data, concat(opt(le, 1, new TextEncoder().encode('no end')), opt(le, 2, flags)));
    w.raw(6, noEnd);
    const input = w.bytes();
    const { out } = check(input, everyFrame());
    const epb = blocks(out).find((b) => b.type === 6)!;
    const block = out.subarray(epb.start, epb.end);
    // old options, then `frame 1` (4 + 8 bytes), then opt_endofopt, then the trailing length.
    assert.equal(block.length, 12 + noEnd.length + 12 + 4);
    assert.deepEqual(block.subarray(8, 8 + noEnd.length), noEnd);
    assert.deepEqual(Array.from(block.subarray(block.length - 8, block.length - 4)), [0, 0, 0, 0]);
  }
});

test('an option list that cannot be walked safely is not extended: the frame is copied without its comments', () => {
  const le = true;
  const data = syn.subarray(0, 52);
  const cases: [string, Uint8Array, RegExp][] = [
    ['a second option longer than the block', concat(opt(le, 2, u8(1, 0, 0, 0)), opt(le, 1, u8(0x41, 0x42, 0x43, 0x44), 400)), /\(its option 1 at block offset 88 claims 400 bytes, more than the block holds\)/],
    ['garbage where the options are', u8(9, 9, 9, 9, 1, 2, 3, 4), /\(its option 2313 at block offset 80 claims 2313 bytes/],
  ];
  for (const [what, options, why] of cases) {
    const w = new PcapngWriter('little').shb().idb(1).epb(0, 0, 1, syn);
    const at = w.bytes().length;
    w.raw(6, rawEpb(le, data, options)).epb(0, 0, 3, synAck);
    const input = w.bytes();
    const { out, annotator } = annotate(input, everyFrame());
    assert.equal(annotator.problems.length, 1, what);
    const p = annotator.problems[0]!;
    assert.deepEqual([p.severity, p.code, p.offset, p.frame], ['warning', 'not-annotated', at, 2], what);
    assert.match(p.message, /^byte offset \d+, frame 2: the options of this Enhanced Packet Block cannot be extended safely/);
    assert.match(p.message, why);
    assert.match(p.message, /copied unchanged without its 1 comment$/);
    assert.equal(annotator.framesAnnotated, 2);
    const u = blocks(out)[3]!;
    assert.deepEqual(out.subarray(u.start, u.end), input.subarray(at, at + (u.end - u.start)), 'copied unchanged');
    assert.deepEqual(read(out).packets.map((q) => q.comments), [['frame 1'], undefined, ['frame 3']]);
  }
});

test('blocks that are not packets are copied as they are: NRB, ISB, DSB, custom, journal, unknown types', () => {
  const w = new PcapngWriter('big').shb().idb(1, { options: [optU8(9, 6)] })
    .nrb([nrbIPv4('10.0.0.9', 'server.example')], [comment('names')])
    .dsb(0x544c534b, new TextEncoder().encode('CLIENT_RANDOM 00 11\n'))
    .epb(0, 0, 1_000_000, syn)
    .isb(0, 0, 1_500_000, [optU64(4, 1n)])
    .raw(0x8000_1234, u8(1, 2, 3, 4, 5, 6, 7, 8))
    .epb(0, 0, 2_000_000, synAck);
  const input = w.bytes();
  const { out, annotator, after, before } = check(input, everyFrame());
  assert.deepEqual(annotator.problems, []);
  assert.deepEqual(after.blocks.map(withoutOffset), before.blocks.map(withoutOffset));
  const inBlocks = blocks(input);
  const outBlocks = blocks(out);
  assert.deepEqual(outBlocks.map((b) => b.type), inBlocks.map((b) => b.type));
  inBlocks.forEach((b, i) => {
    if (b.type === 6) return;
    assert.deepEqual(out.subarray(outBlocks[i]!.start, outBlocks[i]!.end), input.subarray(b.start, b.end), `block ${i}`);
  });
});

test('custom and journal blocks: tshark 4.0 counts them as frames, the reader (and so the annotator) does not', () => {
  const input = new PcapngWriter().shb().idb(1)
    .epb(0, 0, 1_000_000, syn)
    .journal(new TextEncoder().encode('__REALTIME_TIMESTAMP=1000001\nMESSAGE=etw event\n'))
    .custom(32473, u8(1, 2, 3, 4), true)
    .epb(0, 0, 2_000_000, synAck)
    .bytes();
  const { out, annotator, after } = check(input, everyFrame(), { tshark: false });
  assert.equal(annotator.framesWritten, 2);
  assert.deepEqual(after.packets.map((p) => p.comments), [['frame 1'], ['frame 2']]);
  // Reader frame 2 is tshark's frame 4: the frame numbers of the two differ on such files.
  const comments = tsharkComments(tempFile(out));
  assert.deepEqual([...comments], [[1, ['frame 1']], [2, []], [3, []], [4, ['frame 2']]]);
});

test('packet blocks the reader does not deliver are copied, not counted, and reported; numbering stays the reader\'s', () => {
  const w = new PcapngWriter('little').shb().idb(1).epb(0, 0, 1, syn);
  const offsets: number[] = [];
  const mark = (): void => { offsets.push(w.bytes().length); };
  mark(); w.epb(3, 0, 2, synAck); // interface 3 is not defined
  mark(); w.epb(1, 0, 2, synAck); // nor is interface 1: the section has one, numbered 0
  mark(); w.raw(6, new Uint8Array(16)); // 28 bytes: shorter than an EPB's fixed fields
  mark(); w.raw(6, rawEpb(true, syn.subarray(0, 8), new Uint8Array(0)).map((x, i) => (i === 12 ? 9 : x))); // caplen 9: one more than the block holds
  mark(); w.pb(1, 0, 3, syn); // PB on an undefined interface
  w.epb(0, 0, 4, odd);
  // A section whose version cannot be read: copied, its packets not frames.
  mark(); w.shb({ major: 2 }).idb(1).epb(0, 0, 5, rst);
  w.shb().spb(syn); // an SPB in a section with no interface
  offsets.push(w.bytes().length - 16 - Math.ceil(syn.length / 4) * 4);
  w.idb(1).epb(0, 0, 6, rst).spb(synAck);
  const input = w.bytes();
  const before = read(input);
  for (const feed of FEEDS_TOO) {
    const { out, annotator, asked } = annotate(input, (n) => [`#${n}`], feed);
    assert.deepEqual(asked, before.packets.map((p) => p.n), feed.name);
    assert.equal(annotator.framesWritten, before.packets.length);
    // Same bytes in, same blocks out; the reader numbers the output as it numbered the input.
    const after = read(out);
    assert.equal(units(out).length, units(input).length);
    assert.deepEqual(after.packets.map((p) => p.n), before.packets.map((p) => p.n));
    after.packets.forEach((p) => assert.deepEqual(p.comments, p.kind === 'spb' ? undefined : [`#${p.n}`]));
    const notFrames = annotator.problems.filter((p) => p.code === 'not-a-frame');
    assert.deepEqual(notFrames.map((p) => p.offset), [offsets[0], offsets[1], offsets[2], offsets[3], offsets[4], offsets[6]], feed.name);
    assert.match(notFrames[0]!.message, /^byte offset \d+, after frame 1: Enhanced Packet Block copied unchanged but not counted as a frame: it is on interface 3, which this section does not define/);
    assert.match(notFrames[1]!.message, /it is on interface 1, which this section does not define/);
    assert.match(notFrames[2]!.message, /it has 28 bytes, fewer than its fixed fields/);
    assert.match(notFrames[3]!.message, /it claims 9 captured bytes; the block holds 8/);
    assert.match(notFrames[4]!.message, /^byte offset \d+, after frame 1: Packet Block copied unchanged .* interface 1/);
    assert.match(notFrames[5]!.message, /^byte offset \d+, after frame 2: Simple Packet Block .* the section defines no interface/);
    const version = annotator.problems.find((p) => p.code === 'unknown-version')!;
    assert.equal(version.offset, offsets[5]);
    assert.match(version.message, /section version 2\.0 cannot be read; its blocks are copied unchanged/);
    assert.ok(annotator.problems.every((p) => p.severity === 'warning'));
    assert.equal(annotator.problems.find((p) => p.code === 'not-annotated')?.frame, before.packets.at(-1)!.n);
  }
});

test('a comment longer than an option can hold is cut at a character boundary, with a warning', () => {
  const input = new PcapngWriter().shb().idb(1).epb(0, 0, 1, syn).bytes();
  const long = 'é'.repeat(40000); // 80000 bytes
  const { out, annotator } = annotate(input, () => [long, 'short']);
  assert.equal(annotator.problems.length, 1);
  assert.equal(annotator.problems[0]!.code, 'comment-truncated');
  assert.match(annotator.problems[0]!.message, /^byte offset 48, frame 1: a comment of 80000 bytes was cut/);
  const comments = tsharkComments(tempFile(out)).get(1)!;
  assert.deepEqual(comments, ['é'.repeat(32767), 'short']);
  assert.deepEqual(read(out).packets[0]!.comments, ['é'.repeat(32767), 'short']);
});

test('a block that would grow past the 64 MiB the reader accepts is copied without its comments', () => {
  const head = new PcapngWriter().shb().idb(1).bytes();
  // An EPB 8 bytes short of the limit: a comment (8 bytes) and an opt_endofopt (4) do not fit.
  const len = MAX_BLOCK - 8;
  const epb = new Uint8Array(len);
  const v = new DataView(epb.buffer);
  v.setUint32(0, 6, true);
  v.setUint32(4, len, true);
  v.setUint32(20, len - 32, true);
  v.setUint32(24, len - 32, true);
  v.setUint32(len - 4, len, true);
  const small = new PcapngWriter().epb(0, 0, 1, syn).bytes();
  const input = concat(head, epb, small);
  for (const feed of [FEEDS[0]!, fixedFeed(1 << 20)]) {
    const { out, annotator } = annotate(input, () => ['x'], feed);
    assert.equal(annotator.framesAnnotated, 1, feed.name);
    assert.deepEqual(annotator.problems.map((p) => [p.code, p.frame, p.offset]), [['not-annotated', 1, head.length]]);
    assert.match(annotator.problems[0]!.message, /with its 1 comment the block would exceed 67108864 bytes; copied unchanged without them/);
    assert.deepEqual(out.subarray(0, head.length + len), input.subarray(0, head.length + len));
    assert.deepEqual(read(out).packets.map((p) => p.comments), [undefined, ['x']]);
  }
});

test('a section header that gives the section length gets -1 (not known): added comments would make it wrong', () => {
  for (const endian of ['little', 'big'] as Endian[]) {
    const w = new PcapngWriter(endian).shb({ sectionLength: 1234n }).idb(1).epb(0, 0, 1, syn);
    w.shb().idb(1).epb(0, 0, 2, synAck);
    const input = w.bytes();
    const second = units(input)[3]!.start;
    const { out, annotator } = check(input, () => undefined);
    const expected = input.slice();
    expected.fill(0xff, 16, 24);
    assert.deepEqual(out, expected, endian);
    assert.deepEqual(annotator.problems.map((p) => [p.severity, p.code, p.offset]), [['warning', 'section-length-cleared', 0]]);
    assert.match(annotator.problems[0]!.message, /^byte offset 0, before the first frame: the Section Header Block gives the section's length \(1234 bytes\)/);
    assert.equal(read(out).sections[0]!.sectionLength, -1n);
    assert.equal(second, 28 + 20 + 32 + syn.length + 2);
    check(input, everyFrame());
  }
});

test('empty comment lists and empty strings add nothing', () => {
  const input = new PcapngWriter().shb().idb(1).epb(0, 0, 1, syn).epb(0, 0, 2, syn).bytes();
  const { out, annotator } = annotate(input, (n) => (n === 1 ? ['', ''] : []));
  assert.deepEqual(out, input);
  assert.equal(annotator.framesAnnotated, 0);
  const one = annotate(input, (n) => (n === 1 ? ['', 'x', ''] : undefined));
  assert.deepEqual(read(one.out).packets[0]!.comments, ['x']);
});

// ---------------------------------------------------------------------------------------------
// Classic pcap

for (const [endian, nanos] of [['big', true], ['big', false], ['little', true]] as [Endian, boolean][]) {
  test(`${endian}-endian ${nanos ? 'nanosecond' : 'microsecond'} pcap: timestamps at the edges of 32 bits survive`, () => {
    const units = nanos ? 999_999_999 : 999_999;
    const input = pcapFile({
      endian, nanos, snapLen: 65535,
      packets: [
        { sec: 0, frac: 0, data: syn },
        { sec: 1_795_277_006, frac: units, data: synAck.subarray(0, 40), origLen: synAck.length },
        { sec: 0xffff_ffff, frac: units, data: odd },
        { sec: 0x8000_0000, frac: 1, data: rst },
      ],
    });
    const { out, annotator, after } = check(input, everyFrame([3]));
    assert.deepEqual(annotator.problems, []);
    assert.equal(after.sections[0]!.byteOrder, endian);
    assert.equal(after.ifaces[0]!.tsResolution.exponent, nanos ? 9 : 6);
    assert.deepEqual(after.packets.map((p) => p.ts.sec), [0, 1_795_277_006, 0xffff_ffff, 0x8000_0000]);
    const times = tsharkFrames(tempFile(out)).map((l) => l.split('\t')[1]);
    const f = nanos ? '999999999' : '999999000';
    assert.deepEqual(times, ['0.000000000', `1795277006.${f}`, `4294967295.${f}`, `2147483648.00000${nanos ? '0001' : '1000'}`]);
  });
}

test('pcap FCS bits become if_fcslen; a link-type field with only the P bit gives if_fcslen 0', () => {
  for (const [fcsBits, fcsPresent, expected] of [[2, true, 4], [0, true, 0], [2, false, undefined]] as const) {
    const input = pcapFile({ fcsBits, fcsPresent, packets: [{ sec: 1, frac: 2, data: concat(syn, u8(1, 2, 3, 4)) }] });
    const { after, annotator } = check(input, everyFrame());
    assert.equal(after.ifaces[0]!.fcsLength, expected);
    assert.equal(annotator.problems.length, 0);
  }
});

test('pcap: snaplen-cut packets keep both lengths; a sub-second field out of range is carried, with a warning', () => {
  const input = pcapFile({ snapLen: 60, packets: [{ sec: 5, frac: 1, data: big.subarray(0, 60), origLen: big.length }, { sec: 5, frac: 1_500_000, data: syn }] });
  const { out, annotator } = annotate(input, everyFrame());
  const after = read(out);
  assert.deepEqual(after.packets.map((p) => [p.caplen, p.len]), [[60, big.length], [syn.length, syn.length]]);
  assert.deepEqual(after.packets[0]!.data, big.subarray(0, 60));
  assert.deepEqual(after.packets[1]!.ts, { sec: 6, frac: 500_000, unitsPerSec: 1_000_000 });
  const codes = annotator.problems.map((p) => p.code);
  assert.ok(codes.includes('bad-timestamp'), codes.join());
  const carried = annotator.problems.find((p) => p.code === 'timestamp-carried')!;
  assert.equal(carried.frame, 2);
  assert.match(carried.message, /^byte offset 100, frame 2: the record's sub-second field 1500000 is not below 1000000; .* written as 6 s \+ 500000 units$/);
});

test('a pcap with no records becomes a section and an interface', () => {
  const { out, annotator } = annotate(pcapFile({ linkType: 101, packets: [] }), () => ['x']);
  assert.deepEqual(blocks(out).map((b) => b.type), [0x0a0d0d0a, 1]);
  assert.equal(annotator.framesWritten, 0);
  const t = read(out);
  assert.equal(t.ifaces[0]!.linkType, 101);
  assert.equal(capinfosPackets(tempFile(out)), 0);
});

test('the userAppl option names the writer of a converted pcap', () => {
  const a = new CaptureAnnotator(() => undefined, { userAppl: 'winsock-replay 0.1.0 annotate' });
  const out = concat(...a.push(pcapFile({ packets: [{ sec: 1, frac: 0, data: syn }] })), ...a.end());
  assert.equal(read(out).sections[0]!.userAppl, 'winsock-replay 0.1.0 annotate');
});
