/**
 * pcapng in, pcapng out: every block is copied byte for byte, except that packet blocks of
 * annotated frames get `opt_comment` options.
 *
 * Blocks are framed exactly as the capture reader frames them (analyzer/capture/pcapngFormat.ts:
 * known byte order, length a multiple of 4 between 12 and MAX_BLOCK, SHB at least 28 bytes,
 * trailing length equal to the leading one), and a packet block counts as a frame exactly when
 * the reader would deliver it, so frame numbers are the reader's (and, on a file tshark reads
 * without error, tshark's):
 *
 * - only in a section whose major version is 1 (the reader skips other sections: it scans for
 *   the next Section Header Block byte by byte, where the annotator walks the skipped section's
 *   blocks by their lengths; the two differ only if packet bytes there look like a section header);
 * - an Enhanced or obsolete Packet Block needs at least 32 bytes, an interface the section has
 *   defined, and its captured bytes inside the block;
 * - a Simple Packet Block needs the section to have an interface (it belongs to the first).
 *
 * A packet block that fails these is copied unchanged, not counted, and reported. tshark 4.0
 * also shows custom (0xBAD) and systemd-journal blocks (which etl2pcapng writes) as frames; the
 * reader does not, so on such files tshark's frame numbers run ahead of these.
 *
 * The one other change: a Section Header Block that gives its section's length gets -1 (not
 * known) instead, since added comments would make the length wrong and the header is written
 * before the section.
 *
 * At the first damaged block (a length that cannot be right, a trailing length that disagrees,
 * or the input ending inside a block) the output stops: it then holds every whole block before
 * the damage, which is a readable pcapng. The reader would look for the next plausible block and
 * read on; the annotator does not, because a block found by scanning may be packet bytes that
 * happen to look like one, and copying it would write a file that is wrong in a way no reader
 * reports.
 */
import { u16, u32 } from '../capture/bytes';
import { BT_EPB, BT_IDB, BT_PB, BT_SHB, BT_SPB, BYTE_ORDER_MAGIC } from '../capture/pcapngBlocks';
import { MAX_BLOCK } from '../capture/pcapngFormat';
import type { AnnotateContext, FormatWriter } from './context';
import { pad4 } from './output';
import { commentInsertion, commentValues, optionsSize, writeWithComments } from './pcapngWrite';

const MIN_BLOCK = 12;
/** A side buffer grown past this for one large block is dropped once that block is written. */
const KEEP_PENDING = 1024 * 1024;

const NAMES: Record<number, string> = { [BT_EPB]: 'Enhanced Packet Block', [BT_PB]: 'Packet Block', [BT_SPB]: 'Simple Packet Block' };

export class PcapngCopier implements FormatWriter {
  /** Bytes of a block that straddles chunks. */
  private pending = new Uint8Array(0);
  private pendingLen = 0;
  /** Input offset of the first byte not yet handled. */
  private consumed = 0;
  private stopped = false;
  /** Byte order of the current section. */
  private le = true;
  /** Whether a section has started (the first block must be its header). */
  private inSection = false;
  /** Whether the current section's version can be read (major 1). */
  private readable = false;
  /** Interfaces the current section has defined so far. */
  private interfaces = 0;

  constructor(private readonly ctx: AnnotateContext) {}

  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    let pos = 0;
    // First finish the block that straddles the previous chunk boundary.
    while (this.pendingLen > 0 && pos < chunk.length && !this.stopped) {
      const need = this.required(this.pending, 0, this.pendingLen);
      if (this.pendingLen < need) {
        const take = Math.min(need - this.pendingLen, chunk.length - pos);
        this.append(chunk, pos, take);
        pos += take;
        continue;
      }
      this.unit(this.pending, 0, need);
      this.pendingLen = 0;
      if (this.pending.length > KEEP_PENDING) this.pending = new Uint8Array(0);
    }
    if (this.stopped || this.pendingLen > 0) return;
    const end = chunk.length;
    while (pos < end && !this.stopped) {
      const need = this.required(chunk, pos, end - pos);
      if (need > end - pos) break;
      this.unit(chunk, pos, need);
      pos += need;
    }
    if (pos < end && !this.stopped) this.append(chunk, pos, end - pos);
  }

  end(): void {
    if (this.stopped || this.pendingLen === 0) return;
    // Whatever is left is less than the block it begins: it cannot be whole.
    this.unit(this.pending, 0, this.pendingLen);
    this.pendingLen = 0;
  }

  /** Bytes needed at `pos` before the block there can be handled (12 while its length is unknown or wrong). */
  private required(b: Uint8Array, pos: number, avail: number): number {
    if (avail < MIN_BLOCK) return MIN_BLOCK;
    return this.lengthAt(b, pos) ?? MIN_BLOCK;
  }

  /** The reader's framing rule: the block's total length if it can be right. */
  private lengthAt(b: Uint8Array, pos: number): number | undefined {
    const le = this.orderAt(b, pos);
    if (le === undefined) return undefined;
    const len = u32(b, pos + 4, le);
    if (len < MIN_BLOCK || len % 4 !== 0 || len > MAX_BLOCK) return undefined;
    if (u32(b, pos, le) === BT_SHB && len < 28) return undefined;
    return len;
  }

  /** A Section Header Block carries its own byte order; any other block uses its section's. */
  private orderAt(b: Uint8Array, pos: number): boolean | undefined {
    if (u32(b, pos, true) !== BT_SHB) return this.inSection ? this.le : undefined;
    const bom = u32(b, pos + 8, true);
    if (bom === BYTE_ORDER_MAGIC) return true;
    if (bom === 0x4d3c2b1a) return false;
    return undefined;
  }

  /**
   * Handles the block at `pos`: `avail` is its whole length, or less at the end of the input or
   * when its length cannot be right; anything but a whole, consistent block stops the output.
   */
  private unit(b: Uint8Array, pos: number, avail: number): void {
    const offset = this.consumed;
    if (avail < MIN_BLOCK) {
      this.stop('truncated-block', offset, `the input ends inside a block header (${avail} of ${MIN_BLOCK} bytes)`);
      return;
    }
    const len = this.lengthAt(b, pos);
    if (len === undefined) {
      const isShb = u32(b, pos, true) === BT_SHB;
      const what = !this.inSection && !isShb
        ? 'no Section Header Block where one must be'
        : isShb && this.orderAt(b, pos) === undefined
          ? `Section Header Block with unknown byte-order magic 0x${u32(b, pos + 8, true).toString(16)}`
          : `block of type 0x${u32(b, pos, this.le).toString(16)} claims an impossible length ${u32(b, pos + 4, this.le)}`;
      this.stop('corrupt-block', offset, what);
      return;
    }
    if (avail < len) {
      this.stop('truncated-block', offset, `the input ends inside a block: it claims ${len} bytes, ${avail} present`);
      return;
    }
    const le = this.orderAt(b, pos)!;
    const trailing = u32(b, pos + len - 4, le);
    if (trailing !== len) {
      this.stop('corrupt-block', offset, `block's trailing length ${trailing} disagrees with its leading length ${len}`);
      return;
    }
    this.block(b, pos, len, le, offset);
    this.consumed += len;
  }

  private stop(code: string, offset: number, what: string): void {
    this.stopped = true;
    this.ctx.problems.add('error', code, offset, `${what}; the output stops before this point (pcapng input is not resynchronised, so nothing from this offset on is written)`, { lastFrame: this.ctx.frames });
  }

  private block(b: Uint8Array, pos: number, len: number, le: boolean, offset: number): void {
    const type = u32(b, pos, le);
    switch (type) {
      case BT_SHB: {
        this.le = le;
        this.inSection = true;
        this.interfaces = 0;
        const major = u16(b, pos + 12, le);
        this.readable = major === 1;
        if (!this.readable) {
          this.ctx.problems.add('warning', 'unknown-version', offset,
            `section version ${major}.${u16(b, pos + 14, le)} cannot be read; its blocks are copied unchanged and its packets are not counted as frames (the capture reader skips them too)`,
            { lastFrame: this.ctx.frames });
        }
        if (u32(b, pos + 16, le) !== 0xffffffff || u32(b, pos + 20, le) !== 0xffffffff) {
          this.unknownSectionLength(b, pos, len, le, offset);
          return;
        }
        break;
      }
      case BT_IDB:
        if (this.readable) this.interfaces++;
        break;
      case BT_EPB:
      case BT_PB:
      case BT_SPB:
        if (this.readable) {
          this.packet(type, b, pos, len, le, offset);
          return;
        }
        break;
    }
    this.ctx.out.copy(b.subarray(pos, pos + len));
  }

  /**
   * A section header that gives the section's length: added comments would make it wrong, and it
   * cannot be fixed while streaming (the header is written before the section), so the output
   * says -1, "not known", which is always right.
   */
  private unknownSectionLength(b: Uint8Array, pos: number, len: number, le: boolean, offset: number): void {
    const { buf, at } = this.ctx.out.reserve(len);
    buf.set(b.subarray(pos, pos + len), at);
    buf.fill(0xff, at + 16, at + 24);
    const hi = u32(b, pos + 16, le);
    const lo = u32(b, pos + 20, le);
    const length = le ? (BigInt(lo) << 32n) | BigInt(hi) : (BigInt(hi) << 32n) | BigInt(lo);
    this.ctx.problems.add('warning', 'section-length-cleared', offset,
      `the Section Header Block gives the section's length (${BigInt.asIntN(64, length)} bytes), which added comments would make wrong; it is written as -1 (not known)`,
      { lastFrame: this.ctx.frames });
  }

  /** Why the reader would not deliver this packet block, or undefined when it is a frame. */
  private notAFrame(type: number, b: Uint8Array, pos: number, len: number, le: boolean): string | undefined {
    if (type === BT_SPB) return this.interfaces > 0 ? undefined : 'the section defines no interface for it';
    if (len < 32) return `it has ${len} bytes, fewer than its fixed fields`;
    const id = type === BT_EPB ? u32(b, pos + 8, le) : u16(b, pos + 8, le);
    if (id >= this.interfaces) return `it is on interface ${id}, which this section does not define`;
    const caplen = u32(b, pos + 20, le);
    if (28 + caplen > len - 4) return `it claims ${caplen} captured bytes; the block holds ${len - 32}`;
    return undefined;
  }

  private packet(type: number, b: Uint8Array, pos: number, len: number, le: boolean, offset: number): void {
    const ctx = this.ctx;
    const copy = (): void => ctx.out.copy(b.subarray(pos, pos + len));
    const why = this.notAFrame(type, b, pos, len, le);
    if (why !== undefined) {
      ctx.problems.add('warning', 'not-a-frame', offset,
        `${NAMES[type]} copied unchanged but not counted as a frame: ${why} (the capture reader skips it too)`, { lastFrame: ctx.frames });
      copy();
      return;
    }
    const frame = ++ctx.frames;
    const comments = ctx.commentsFor(frame);
    if (comments === undefined || comments.length === 0) {
      copy();
      return;
    }
    const values = commentValues(comments, (bytes) => {
      ctx.problems.add('warning', 'comment-truncated', offset, `a comment of ${bytes} bytes was cut to fit an option (at most 65535 bytes)`, { frame });
    });
    if (values.length === 0) {
      copy();
      return;
    }
    const count = `${values.length} comment${values.length === 1 ? '' : 's'}`;
    if (type === BT_SPB) {
      ctx.problems.add('warning', 'not-annotated', offset,
        `a Simple Packet Block has no options, so it cannot carry comments; copied unchanged without its ${count}`, { frame });
      copy();
      return;
    }
    const place = commentInsertion(b, pos, len, 28 + pad4(u32(b, pos + 20, le)), le);
    if ('problem' in place) {
      ctx.problems.add('warning', 'not-annotated', offset,
        `the options of this ${NAMES[type]} cannot be extended safely (${place.problem}); copied unchanged without its ${count}`, { frame });
      copy();
      return;
    }
    if (len + optionsSize(values) + (place.addEnd ? 4 : 0) > MAX_BLOCK) {
      ctx.problems.add('warning', 'not-annotated', offset,
        `with its ${count} the block would exceed ${MAX_BLOCK} bytes; copied unchanged without them`, { frame });
      copy();
      return;
    }
    writeWithComments(ctx.out, b, pos, len, le, place.at, place.addEnd, values);
    ctx.framesAnnotated++;
  }

  private append(src: Uint8Array, from: number, count: number): void {
    const need = this.pendingLen + count;
    if (need > this.pending.length) {
      // Bounded: a block is never waited for beyond MAX_BLOCK bytes.
      const grown = new Uint8Array(Math.min(Math.max(need, this.pending.length * 2, 4096), MAX_BLOCK + MIN_BLOCK));
      grown.set(this.pending.subarray(0, this.pendingLen));
      this.pending = grown;
    }
    this.pending.set(src.subarray(from, from + count), this.pendingLen);
    this.pendingLen += count;
  }
}
