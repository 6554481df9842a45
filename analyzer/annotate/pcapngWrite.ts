/**
 * Writing pcapng: comment options, the comment-adding rewrite of a packet block, and the three
 * blocks (SHB, IDB, EPB) a classic pcap becomes. Every multi-byte field is written in the byte
 * order of the section it belongs to.
 */
import { u16 } from '../capture/bytes';
import { BT_EPB, BT_IDB, BT_SHB, BYTE_ORDER_MAGIC, OPT_COMMENT } from '../capture/pcapngBlocks';
import { pad4, put16, put32, type Output } from './output';

/** An option value's length is a u16. */
export const MAX_OPTION_VALUE = 0xffff;

const utf8 = new TextEncoder();

/**
 * Comments as the UTF-8 values of `opt_comment` options. Empty strings are left out (an empty
 * option says nothing). A comment longer than an option can hold is cut at a character boundary;
 * `cut` is told how many bytes it had.
 */
export function commentValues(comments: readonly string[], cut: (bytes: number) => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const c of comments) {
    if (c.length === 0) continue;
    let v = utf8.encode(c);
    if (v.length > MAX_OPTION_VALUE) {
      cut(v.length);
      let end = MAX_OPTION_VALUE;
      // Back up to the start of a character: UTF-8 continuation bytes are 10xxxxxx.
      while (end > 0 && (v[end]! & 0xc0) === 0x80) end--;
      v = v.subarray(0, end);
    }
    out.push(v);
  }
  return out;
}

/** Bytes the options take: each a 4-byte header plus its value padded to 32 bits. */
export function optionsSize(values: readonly Uint8Array[]): number {
  let n = 0;
  for (const v of values) n += 4 + pad4(v.length);
  return n;
}

/** Writes options with one code; the padding is zeroed. Returns the offset after them. */
function writeOptions(b: Uint8Array, at: number, code: number, values: readonly Uint8Array[], le: boolean): number {
  for (const v of values) {
    put16(b, at, code, le);
    put16(b, at + 2, v.length, le);
    b.set(v, at + 4);
    const end = at + 4 + pad4(v.length);
    b.fill(0, at + 4 + v.length, end);
    at = end;
  }
  return at;
}

/**
 * Where comment options go in a packet block whose options start at `optStart` (offsets inside
 * the block): before its `opt_endofopt`, or at the end of an option list that has none (then an
 * `opt_endofopt` is added). A list with an option that runs past the block cannot be extended
 * safely: a sentence saying why is returned instead.
 */
export function commentInsertion(b: Uint8Array, pos: number, len: number, optStart: number, le: boolean):
  { readonly at: number; readonly addEnd: boolean } | { readonly problem: string } {
  const optEnd = len - 4;
  let p = optStart;
  while (p + 4 <= optEnd) {
    const code = u16(b, pos + p, le);
    const vlen = u16(b, pos + p + 2, le);
    if (code === 0) return { at: p, addEnd: false };
    if (p + 4 + vlen > optEnd) {
      return { problem: `its option ${code} at block offset ${p} claims ${vlen} bytes, more than the block holds` };
    }
    p += 4 + pad4(vlen);
  }
  // The block and its option list are 32-bit aligned, so the walk ends exactly at `optEnd`.
  return p === optEnd ? { at: p, addEnd: true } : { problem: 'its option list is not 32-bit aligned' };
}

/**
 * The packet block `b[pos, pos+len)` with `values` added as `opt_comment` options at `at` (see
 * `commentInsertion`), both length fields fixed. Everything else is copied byte for byte.
 */
export function writeWithComments(
  out: Output, b: Uint8Array, pos: number, len: number, le: boolean, at: number, addEnd: boolean, values: readonly Uint8Array[],
): void {
  const extra = optionsSize(values) + (addEnd ? 4 : 0);
  const total = len + extra;
  const { buf, at: o } = out.reserve(total);
  buf.set(b.subarray(pos, pos + at), o);
  put32(buf, o + 4, total, le);
  let w = writeOptions(buf, o + at, OPT_COMMENT, values, le);
  if (addEnd) {
    put32(buf, w, 0, le);
    w += 4;
  }
  // The original opt_endofopt and anything after it, up to the trailing length.
  buf.set(b.subarray(pos + at, pos + len - 4), w);
  put32(buf, o + total - 4, total, le);
}

/** A Section Header Block: version 1.0, unknown section length, `shb_userappl`. */
export function writeSectionHeader(out: Output, le: boolean, userAppl: string): void {
  const appl = utf8.encode(userAppl).subarray(0, MAX_OPTION_VALUE);
  const total = 28 + optionsSize([appl]) + 4;
  const { buf, at } = out.reserve(total);
  put32(buf, at, BT_SHB, le);
  put32(buf, at + 4, total, le);
  put32(buf, at + 8, BYTE_ORDER_MAGIC, le);
  put16(buf, at + 12, 1, le);
  put16(buf, at + 14, 0, le);
  // Section length -1: not known while streaming.
  put32(buf, at + 16, 0xffffffff, le);
  put32(buf, at + 20, 0xffffffff, le);
  const w = writeOptions(buf, at + 24, 4, [appl], le);
  put32(buf, w, 0, le);
  put32(buf, at + total - 4, total, le);
}

/** An Interface Description Block with `if_tsresol` (10^-tsresol s) and, when given, `if_fcslen`. */
export function writeInterface(out: Output, le: boolean, linkType: number, snapLen: number, tsresol: number, fcsLength?: number): void {
  const total = 20 + 8 + (fcsLength !== undefined ? 8 : 0) + 4;
  const { buf, at } = out.reserve(total);
  put32(buf, at, BT_IDB, le);
  put32(buf, at + 4, total, le);
  put16(buf, at + 8, linkType, le);
  put16(buf, at + 10, 0, le);
  put32(buf, at + 12, snapLen, le);
  let w = writeOptions(buf, at + 16, 9, [Uint8Array.of(tsresol)], le);
  if (fcsLength !== undefined) w = writeOptions(buf, w, 13, [Uint8Array.of(fcsLength)], le);
  put32(buf, w, 0, le);
  put32(buf, at + total - 4, total, le);
}

/**
 * An Enhanced Packet Block on interface 0. `ticks` is the timestamp in the interface's units;
 * `comments` become `opt_comment` options (none: no option list at all).
 */
export function writeEnhancedPacket(
  out: Output, le: boolean, ticks: bigint, caplen: number, origLen: number, data: Uint8Array, comments: readonly Uint8Array[],
): void {
  const optBytes = comments.length > 0 ? optionsSize(comments) + 4 : 0;
  const total = 28 + pad4(caplen) + optBytes + 4;
  const { buf, at } = out.reserve(total);
  put32(buf, at, BT_EPB, le);
  put32(buf, at + 4, total, le);
  put32(buf, at + 8, 0, le);
  put32(buf, at + 12, Number(BigInt.asUintN(64, ticks) >> 32n), le);
  put32(buf, at + 16, Number(BigInt.asUintN(32, ticks)), le);
  put32(buf, at + 20, caplen, le);
  put32(buf, at + 24, origLen, le);
  buf.set(data, at + 28);
  let w = at + 28 + pad4(caplen);
  buf.fill(0, at + 28 + data.length, w);
  if (comments.length > 0) {
    w = writeOptions(buf, w, OPT_COMMENT, comments, le);
    put32(buf, w, 0, le);
  }
  put32(buf, at + total - 4, total, le);
}

