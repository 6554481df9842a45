import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureReader } from '../../analyzer/capture/captureReader';
import type { PacketRecord } from '../../analyzer/capture/types';
import { PacketScratch, decodeBytesInto, decodePacket, decodePacketInto } from '../../analyzer/decode';
import { bytesOf, captureFiles } from '../capture/fixtures';
import { prng } from '../capture/harness';

/*
 * decodePacketInto must give exactly what decodePacket gives, field by field, for every packet,
 * whatever the packets before it left in the scratch objects: so one scratch decodes every
 * packet of every shipped capture in a row, cut short and garbled versions interleaved.
 */

function framesOf(path: string): PacketRecord[] {
  const out: PacketRecord[] = [];
  const r = new CaptureReader({ packet: (p) => out.push(p) });
  r.push(bytesOf(path));
  r.end();
  return out;
}

const FRAMES = captureFiles().flatMap((f) => framesOf(f).map((p) => ({ where: `${f} packet ${p.n}`, p })));

/**
 * Also decodes the packet where it lies in a larger buffer of random bytes (decodeBytesInto),
 * at a place of its own for each call, with a second scratch.
 */
const inPlace = new PacketScratch();
const placeRnd = prng(3);

function same(scratch: PacketScratch, linkType: number, data: Uint8Array, origLen: number, why: string): void {
  const want = decodePacket(linkType, data, origLen);
  const got = decodePacketInto(scratch, linkType, data, origLen);
  assert.equal(got, scratch.packet, `${why}: decoded into the scratch packet`);
  assert.deepStrictEqual(got, want, why);
  const start = 1 + Math.floor(placeRnd() * 300);
  const big = new Uint8Array(start + data.length + 64);
  for (let i = 0; i < big.length; i++) big[i] = Math.floor(placeRnd() * 256);
  big.set(data, start);
  const placed = decodeBytesInto(inPlace, linkType, big, start, data.length, origLen);
  assert.equal(placed, inPlace.packet, `${why}: decoded in place into the scratch packet`);
  shiftedBy(placed, want, start, big, data, `${why}, in place at ${start}`);
}

/**
 * `got` (decoded at `start` in `big`) against `want` (decoded from `data` alone), field by field:
 * offsets into the bytes moved on by `start` (-1, none, stays), the link header's address
 * offsets (which count from the packet's start) and everything else the same.
 */
function shiftedBy(got: unknown, want: unknown, start: number, big: Uint8Array, data: Uint8Array, where: string, key = ''): void {
  if (want instanceof Uint8Array) {
    assert.ok(got instanceof Uint8Array, `${where}${key}: bytes`);
    if (want === data) assert.equal(got, big, `${where}${key}: the buffer decoded`);
    else assert.deepStrictEqual(Array.from(got), Array.from(want), `${where}${key}`);
    return;
  }
  if (typeof want !== 'object' || want === null) {
    const name = key.slice(key.lastIndexOf('.') + 1);
    const isOffset = (name === 'offset' || name.endsWith('Offset')) && name !== 'fragmentOffset' && !name.endsWith('AddrOffset');
    if (name === 'start') assert.equal(got, start, `${where}${key}`);
    else if (isOffset && typeof want === 'number' && want >= 0) assert.equal(got, want + start, `${where}${key}`);
    else assert.deepStrictEqual(got, want, `${where}${key}`);
    return;
  }
  assert.ok(typeof got === 'object' && got !== null, `${where}${key}: an object`);
  assert.equal(Array.isArray(got), Array.isArray(want), `${where}${key}: an array`);
  const wantKeys = Object.keys(want);
  assert.deepStrictEqual(Object.keys(got), wantKeys, `${where}${key}: keys`);
  for (const k of wantKeys) {
    shiftedBy((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], start, big, data, where, `${key}.${k}`);
  }
}

test('the shipped captures hold the layers worth comparing', () => {
  assert.ok(FRAMES.length > 500, `${FRAMES.length} packets`);
  const kinds = new Set(FRAMES.map(({ p }) => {
    const d = decodePacket(p.linkType, p.data, p.len);
    return `${d.ip?.version ?? '-'}/${d.tcp ? 'tcp' : d.udp ? 'udp' : d.icmp ? 'icmp' : '-'}`;
  }));
  for (const k of ['4/tcp', '6/tcp', '4/udp', '4/icmp']) assert.ok(kinds.has(k), `no ${k} packet in the samples`);
});

test('every shipped packet, in a row with one scratch: the same as decodePacket', () => {
  const scratch = new PacketScratch();
  for (const { where, p } of FRAMES) same(scratch, p.linkType, p.data, p.len, where);
});

test('cut short at random lengths, between whole packets: problems and missing layers reset', () => {
  const scratch = new PacketScratch();
  const rnd = prng(7);
  for (const { where, p } of FRAMES) {
    const cut = Math.floor(rnd() * (p.data.length + 1));
    same(scratch, p.linkType, p.data.subarray(0, cut), p.len, `${where} cut at ${cut}`);
    same(scratch, p.linkType, p.data, p.len, where);
  }
});

test('garbled bytes (and link types the bytes were not written for): still the same', () => {
  const scratch = new PacketScratch();
  const rnd = prng(11);
  const linkTypes = [0, 1, 101, 113, 228, 229, 276];
  for (let round = 0; round < 3; round++) {
    for (const { where, p } of FRAMES) {
      const bytes = p.data.slice();
      for (let k = 0; k < 3; k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      const linkType = rnd() < 0.2 ? linkTypes[Math.floor(rnd() * linkTypes.length)]! : p.linkType;
      same(scratch, linkType, bytes, p.len, `${where}, round ${round}, link type ${linkType}`);
    }
  }
});
