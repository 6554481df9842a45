/**
 * Damaged captures: every fault is reported with its byte offset and the last good packet, and
 * every good packet before it (and after it, where the format lets us find our footing) is kept.
 * Each case runs under every feeding.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { bytesOf, SAMPLES, FIXTURES, units } from './fixtures';
import { codes, conformance, read } from './harness';

const PCAP = bytesOf(join(FIXTURES, 'bigendian.pcap'));
const PCAP_LE = bytesOf(join(SAMPLES, 'udp-port-unreachable.pcap'));
const PCAPNG = bytesOf(join(SAMPLES, 'http-keepalive.pcapng'));
const original = { pcap: read(PCAP), pcapLE: read(PCAP_LE), pcapng: read(PCAPNG) };

function edited(src: Uint8Array, edit: (b: Uint8Array, v: DataView) => void): Uint8Array {
  const b = src.slice();
  edit(b, new DataView(b.buffer));
  return b;
}

test('truncating a capture at any byte keeps exactly the packets that end before the cut', () => {
  for (const [name, bytes, orig] of [['pcap', PCAP, original.pcap], ['pcapng', PCAPNG, original.pcapng]] as const) {
    const boundaries = units(bytes).map((u) => u.end);
    const packetEnds = orig.packets.map((p) => boundaries.find((e) => e > p.offset)!);
    for (let cut = 1; cut < bytes.length; cut++) {
      const t = read(bytes.subarray(0, cut));
      const whole = packetEnds.filter((e) => e <= cut).length;
      assert.equal(t.packets.length, whole, `${name} cut at ${cut}`);
      for (let i = 0; i < whole; i++) assert.deepEqual(t.packets[i]!.data, orig.packets[i]!.data);
      const errors = t.warnings.filter((w) => w.severity === 'error');
      assert.equal(errors.length, boundaries.includes(cut) ? 0 : 1, `${name} cut at ${cut}: ${codes(t)}`);
      for (const e of errors) assert.match(e.message, /^byte offset \d+, (after packet \d+|before the first packet): /);
    }
  }
});

conformance('an empty file says so', () => new Uint8Array(0), (t) => {
  assert.deepEqual(codes(t), ['empty']);
  assert.equal(t.summary.stopped, true);
});

conformance('a file that is not a capture names its first bytes', () => new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'), (t) => {
  assert.deepEqual(codes(t), ['not-a-capture']);
  assert.match(t.warnings[0]!.message, /first bytes 47 45 54 20/);
  assert.equal(t.packets.length, 0);
});

conformance('a pcap record with an impossible length: packets before and after are kept', () =>
  edited(PCAP, (_b, v) => v.setUint32(original.pcap.packets[2]!.offset + 8, 0x7ffffff0, false)), (t) => {
  assert.deepEqual(codes(t), ['impossible-length', 'resynchronised']);
  const bad = t.warnings[0]!;
  assert.equal(bad.offset, original.pcap.packets[2]!.offset);
  assert.equal(bad.packet, 2);
  assert.match(bad.message, new RegExp(`byte offset ${bad.offset}, after packet 2`));
  // Packet 3 is lost with its header; every other packet is delivered intact.
  const expected = original.pcap.packets.filter((_, i) => i !== 2).map((p) => p.data);
  assert.deepEqual(t.packets.map((p) => p.data), expected);
  assert.equal(t.warnings[1]!.offset, original.pcap.packets[3]!.offset);
});

conformance('a pcap record longer than the snaplen is kept, with one warning', () =>
  edited(PCAP_LE, (_b, v) => v.setUint32(16, 50, true)), (t) => {
  assert.equal(t.packets.length, original.pcapLE.packets.length);
  assert.deepEqual(codes(t), ['longer-than-snaplen']);
});

conformance('a pcap record cut short by the end of the file', () =>
  edited(PCAP_LE, (_b, v) => {
    const last = original.pcapLE.packets.at(-1)!;
    v.setUint32(last.offset + 8, last.caplen + 100, true);
    v.setUint32(last.offset + 12, last.len + 100, true);
  }), (t) => {
  assert.equal(t.packets.length, original.pcapLE.packets.length - 1);
  assert.deepEqual(codes(t), ['truncated-record']);
  assert.match(t.warnings[0]!.message, /record claims \d+ bytes, \d+ present/);
});

conformance('a pcapng block whose trailing length disagrees is skipped; the rest is read', () =>
  edited(PCAPNG, (b, v) => {
    const p = original.pcapng.packets[4]!;
    const len = v.getUint32(p.offset + 4, true);
    v.setUint32(p.offset + len - 4, len + 8, true);
    void b;
  }), (t) => {
  assert.deepEqual(codes(t), ['corrupt-block', 'resynchronised']);
  assert.match(t.warnings[0]!.message, /trailing length \d+ disagrees with its leading length \d+/);
  assert.equal(t.warnings[0]!.offset, original.pcapng.packets[4]!.offset);
  assert.deepEqual(t.packets.map((p) => p.data), original.pcapng.packets.filter((_, i) => i !== 4).map((p) => p.data));
});

conformance('a pcapng block with an impossible length: resynchronises on the next block', () =>
  edited(PCAPNG, (_b, v) => v.setUint32(original.pcapng.packets[1]!.offset + 4, 0xfffffff0, true)), (t) => {
  assert.deepEqual(codes(t), ['corrupt-block', 'resynchronised']);
  assert.match(t.warnings[0]!.message, /claims an impossible length 4294967280/);
  assert.equal(t.packets.length, original.pcapng.packets.length - 1);
});

conformance('an EPB whose captured length runs past its block is skipped alone', () =>
  edited(PCAPNG, (_b, v) => v.setUint32(original.pcapng.packets[0]!.offset + 20, 5000, true)), (t) => {
  assert.deepEqual(codes(t), ['bad-length']);
  assert.match(t.warnings[0]!.message, /packet claims 5000 captured bytes; its block holds \d+; skipped/);
  assert.equal(t.packets.length, original.pcapng.packets.length - 1);
  assert.equal(t.packets[0]!.n, 1);
});

conformance('a packet on an interface the section does not define', () =>
  edited(PCAPNG, (_b, v) => v.setUint32(original.pcapng.packets[2]!.offset + 8, 7, true)), (t) => {
  assert.deepEqual(codes(t), ['unknown-interface']);
  assert.match(t.warnings[0]!.message, /interface 7/);
  assert.equal(t.packets.length, original.pcapng.packets.length - 1);
});

conformance('garbage between pcapng blocks is skipped', () => {
  const cut = original.pcapng.packets[3]!.offset;
  const junk = new Uint8Array(333).map((_, i) => (i * 37 + 11) & 0xff);
  const out = new Uint8Array(PCAPNG.length + junk.length);
  out.set(PCAPNG.subarray(0, cut));
  out.set(junk, cut);
  out.set(PCAPNG.subarray(cut), cut + junk.length);
  return out;
}, (t) => {
  assert.deepEqual(codes(t), ['corrupt-block', 'resynchronised']);
  assert.equal(t.warnings[1]!.offset, original.pcapng.packets[3]!.offset + 333);
  assert.deepEqual(t.packets.map((p) => p.data), original.pcapng.packets.map((p) => p.data));
});
