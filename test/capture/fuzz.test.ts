/**
 * Thousands of damaged variants of every shipped capture: random truncations, byte flips and
 * length fields that lie. The reader must never throw, never loop, never allocate beyond its
 * bounds, and must read the same whole as in chunks. The generator is seeded, so a failure names
 * the seed and the mutation that reproduce it.
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { test } from 'node:test';
import { captureFiles, bytesOf, units } from './fixtures';
import { FEEDS, prng, read } from './harness';

const MUTATIONS_PER_FILE = Number(process.env['FUZZ_MUTATIONS'] ?? 400);

type Mutation = { readonly what: string; readonly bytes: Uint8Array };

/** Offsets of length fields: the pcap snaplen and record lengths, or the pcapng block lengths and EPB lengths. */
function lengthFields(bytes: Uint8Array): number[] {
  const pcapng = bytes[0] === 0x0a && bytes[1] === 0x0d;
  const out = units(bytes).flatMap((u) =>
    pcapng ? [u.start + 4, u.end - 4, u.start + 20, u.start + 24] : u.start === 0 ? [16] : [u.start + 8, u.start + 12]);
  return out.filter((o) => o + 4 <= bytes.length);
}

function mutate(src: Uint8Array, rnd: () => number, fields: number[]): Mutation {
  const b = src.slice();
  const v = new DataView(b.buffer);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const kind = pick(4);
  if (kind === 0) {
    const cut = pick(src.length);
    return { what: `truncate at ${cut}`, bytes: b.subarray(0, cut) };
  }
  if (kind === 1) {
    const flips: string[] = [];
    for (let i = 1 + pick(8); i > 0; i--) {
      const at = pick(b.length);
      const mask = 1 + pick(255);
      b[at]! ^= mask;
      flips.push(`${at}^${mask}`);
    }
    return { what: `flip ${flips.join(',')}`, bytes: b };
  }
  const at = fields[pick(fields.length)]!;
  const lies = [0, 1, 3, 4, 11, 12, 16, 0xffffffff, 0x7fffffff, 0x80000000, 65536, 262145, v.getUint32(at, true) + 4, v.getUint32(at, true) - 4, pick(4096)];
  const lie = lies[pick(lies.length)]! >>> 0;
  v.setUint32(at, lie, rnd() < 0.5);
  if (kind === 3) {
    const cut = at + pick(b.length - at);
    return { what: `length at ${at} := ${lie}, truncate at ${cut}`, bytes: b.subarray(0, cut) };
  }
  return { what: `length at ${at} := ${lie}`, bytes: b };
}

for (const file of captureFiles()) {
  test(`fuzz ${basename(file)}`, { timeout: 120_000 }, () => {
    const src = bytesOf(file);
    const fields = lengthFields(src);
    const seed = [...basename(file)].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
    const rnd = prng(seed);
    for (let i = 0; i < MUTATIONS_PER_FILE; i++) {
      const m = mutate(src, rnd, fields);
      const label = `${basename(file)} seed ${seed} #${i}: ${m.what}`;
      let t;
      try {
        t = read(m.bytes);
      } catch (e) {
        assert.fail(`${label}: threw ${(e as Error).stack}`);
      }
      assert.equal(t.summary.packets, t.packets.length, label);
      let total = 0;
      for (const p of t.packets) {
        assert.equal(p.data.length, p.caplen, label);
        total += p.caplen;
      }
      assert.ok(total <= m.bytes.length, `${label}: delivered more bytes than the file has`);
      for (const w of t.warnings) assert.ok(w.offset >= 0 && w.offset <= m.bytes.length, `${label}: warning offset ${w.offset}`);
      if (i % 8 === 0) {
        const feed = FEEDS[1 + (i / 8) % (FEEDS.length - 1)]!;
        const chunked = read(m.bytes, feed);
        assert.deepEqual(chunked.events, t.events, `${label}: ${feed.name} differs from the whole buffer`);
      }
    }
  });
}
