import type { Writable } from '../decode/types';
import { u16, u32, u64, utf8Text } from './bytes';
import { parseOptions } from './options';
import {
  BT_CUSTOM_COPY, BT_CUSTOM_NOCOPY, BT_DSB, BT_EPB, BT_IDB, BT_ISB, BT_JOURNAL, BT_NRB, BT_PB, BT_SHB, BT_SPB,
  BYTE_ORDER_MAGIC, OPT_COMMENT,
  decodeCustom, decodeDecryptionSecrets, decodeInterface, decodeInterfaceStatistics, decodeJournal,
  decodeNameResolution, decodeSectionHeader, isKnownBlockType,
  type BlockProblem, type InterfaceRuntime,
} from './pcapngBlocks';
import type { ReaderContext } from './readerContext';
import { ticksToTimestamp } from './timestamp';
import type { Direction, PacketBlockKind, PacketRecord, RawOption } from './types';
import type { UnitParser } from './unitParser';

/** A block larger than this is taken as corruption rather than allocated (Wireshark allows 16 MiB). */
export const MAX_BLOCK = 64 * 1024 * 1024;
const MIN_BLOCK = 12;
/** How far ahead a resynchronisation scan looks before giving up on a stretch of bytes. */
const RESYNC_WINDOW = 1024 * 1024;

type Mode = 'blocks' | 'resync' | 'skip-section';

/** pcapng: one or more sections, each a Section Header Block followed by blocks in its byte order. */
export class PcapngFormat implements UnitParser {
  private mode: Mode = 'blocks';
  private resyncFrom = 0;
  /** Byte order of the current section; SHBs carry their own. */
  private le = true;
  private section = -1;
  private ifaces: InterfaceRuntime[] = [];
  private readonly problem: BlockProblem = (code, offset, message) => this.ctx.warn('warning', code, offset, message);

  constructor(private readonly ctx: ReaderContext) {}

  required(b: Uint8Array, pos: number, avail: number): number {
    if (this.mode !== 'blocks') return RESYNC_WINDOW;
    if (avail < MIN_BLOCK) return MIN_BLOCK;
    const len = this.lengthAt(b, pos);
    // A length that cannot be right is left for `parse` to report rather than waited for.
    return len === undefined ? MIN_BLOCK : len;
  }

  /** The block's total length at `pos` if it is well formed, with the byte order it implies. */
  private lengthAt(b: Uint8Array, pos: number): number | undefined {
    const le = this.blockOrder(b, pos);
    if (le === undefined) return undefined;
    const len = u32(b, pos + 4, le);
    if (len < MIN_BLOCK || len % 4 !== 0 || len > MAX_BLOCK) return undefined;
    if (u32(b, pos, le) === BT_SHB && len < 28) return undefined;
    return len;
  }

  /** SHBs announce their own byte order; every other block uses the current section's. */
  private blockOrder(b: Uint8Array, pos: number): boolean | undefined {
    if (u32(b, pos, true) !== BT_SHB) return this.section < 0 ? undefined : this.le;
    const bom = u32(b, pos + 8, true);
    if (bom === BYTE_ORDER_MAGIC) return true;
    if (bom === 0x4d3c2b1a) return false;
    return undefined;
  }

  parse(b: Uint8Array, pos: number, avail: number, offset: number, final: boolean): number {
    if (this.mode !== 'blocks') return this.resync(b, pos, avail, offset, final);
    if (avail < MIN_BLOCK) {
      this.ctx.warn('error', 'truncated-block', offset, `file ends inside a block header (${avail} of ${MIN_BLOCK} bytes)`);
      return avail;
    }
    const len = this.lengthAt(b, pos);
    if (len === undefined) {
      const isShb = u32(b, pos, true) === BT_SHB;
      const what = this.section < 0 && !isShb
        ? 'no Section Header Block where one must be'
        : isShb && this.blockOrder(b, pos) === undefined
          ? `Section Header Block with unknown byte-order magic 0x${u32(b, pos + 8, true).toString(16)}`
          : `block of type 0x${u32(b, pos, this.le).toString(16)} claims an impossible length ${u32(b, pos + 4, this.le)}`;
      return this.startResync(offset, `${what}; looking for the next block`);
    }
    if (avail < len) {
      this.ctx.warn('error', 'truncated-block', offset, `file ends inside a block: it claims ${len} bytes, ${avail} present`);
      return avail;
    }
    const le = this.blockOrder(b, pos)!;
    const trailing = u32(b, pos + len - 4, le);
    if (trailing !== len) {
      return this.startResync(offset, `block's trailing length ${trailing} disagrees with its leading length ${len}; block skipped, looking for the next block`);
    }
    this.block(b, pos, len, le, offset);
    return len;
  }

  private startResync(offset: number, message: string): number {
    this.ctx.warn('error', 'corrupt-block', offset, message);
    this.mode = 'resync';
    this.resyncFrom = offset;
    return 0;
  }

  private block(b: Uint8Array, pos: number, len: number, le: boolean, offset: number): void {
    const type = u32(b, pos, le);
    switch (type) {
      case BT_EPB: this.enhancedPacket(b, pos, len, offset); return;
      case BT_SPB: this.simplePacket(b, pos, len, offset); return;
      case BT_SHB: this.sectionHeader(b, pos, len, le, offset); return;
      case BT_IDB: {
        const d = decodeInterface(b, pos, len, this.le, this.section, this.ifaces.length, this.ctx.interfaces, offset, this.problem);
        this.ifaces.push(d.runtime);
        this.ctx.interfaces++;
        this.ctx.sink.iface?.(d.info);
        return;
      }
      case BT_PB: this.obsoletePacket(b, pos, len, offset); return;
      case BT_NRB: this.ctx.sink.block?.(decodeNameResolution(b, pos, len, this.le, this.section, offset, this.problem)); return;
      case BT_ISB: {
        const id = u32(b, pos + 8, this.le);
        const rt = this.ifaces[id];
        if (!rt) this.problem('unknown-interface', offset, `statistics for interface ${id}, which this section does not define`);
        this.ctx.sink.block?.(decodeInterfaceStatistics(b, pos, len, this.le, this.section, offset, rt?.globalIndex ?? -1, rt, this.problem));
        return;
      }
      case BT_DSB: this.ctx.sink.block?.(decodeDecryptionSecrets(b, pos, len, this.le, this.section, offset, this.problem)); return;
      case BT_CUSTOM_COPY:
      case BT_CUSTOM_NOCOPY: this.ctx.sink.block?.(decodeCustom(b, pos, len, this.le, type, this.section, offset)); return;
      case BT_JOURNAL: this.ctx.sink.block?.(decodeJournal(b, pos, len, this.section, offset)); return;
      default:
        this.ctx.sink.block?.({ kind: 'unknown', blockType: type, offset, section: this.section, length: len });
    }
  }

  private sectionHeader(b: Uint8Array, pos: number, len: number, le: boolean, offset: number): void {
    const info = decodeSectionHeader(b, pos, len, le, this.ctx.sections, offset, this.problem);
    if (info.version.major !== 1) {
      // The spec: a reader that cannot read a section's version skips to the next section.
      this.ctx.warn('error', 'unknown-version', offset, `section version ${info.version.major}.${info.version.minor} cannot be read; skipping to the next section`);
      this.mode = 'skip-section';
      this.resyncFrom = offset;
      return;
    }
    this.le = le;
    this.section = this.ctx.sections++;
    this.ifaces = [];
    this.ctx.sink.section?.(info);
  }

  private iface(id: number, offset: number): InterfaceRuntime | undefined {
    const rt = this.ifaces[id];
    if (!rt) this.ctx.warn('error', 'unknown-interface', offset, `packet on interface ${id}, which this section does not define; packet skipped`);
    return rt;
  }

  private enhancedPacket(b: Uint8Array, pos: number, len: number, offset: number): void {
    const le = this.le;
    if (len < 32) {
      this.ctx.warn('error', 'bad-length', offset, `Enhanced Packet Block of ${len} bytes is shorter than its fixed fields; skipped`);
      return;
    }
    const rt = this.iface(u32(b, pos + 8, le), offset);
    if (!rt) return;
    const caplen = u32(b, pos + 20, le);
    const origLen = u32(b, pos + 24, le);
    const dataEnd = pos + 28 + caplen;
    if (dataEnd > pos + len - 4) {
      this.ctx.warn('error', 'bad-length', offset, `packet claims ${caplen} captured bytes; its block holds ${len - 32}; skipped`);
      return;
    }
    const optStart = pos + 28 + ((caplen + 3) & ~3);
    this.emit('epb', b, pos, len, offset, rt, u32(b, pos + 12, le), u32(b, pos + 16, le), pos + 28, caplen, origLen, optStart);
  }

  private obsoletePacket(b: Uint8Array, pos: number, len: number, offset: number): void {
    const le = this.le;
    if (len < 32) {
      this.ctx.warn('error', 'bad-length', offset, `Packet Block of ${len} bytes is shorter than its fixed fields; skipped`);
      return;
    }
    const rt = this.iface(u16(b, pos + 8, le), offset);
    if (!rt) return;
    const caplen = u32(b, pos + 20, le);
    if (pos + 28 + caplen > pos + len - 4) {
      this.ctx.warn('error', 'bad-length', offset, `packet claims ${caplen} captured bytes; its block holds ${len - 32}; skipped`);
      return;
    }
    const optStart = pos + 28 + ((caplen + 3) & ~3);
    const drops = u16(b, pos + 10, le);
    this.emit('pb', b, pos, len, offset, rt, u32(b, pos + 12, le), u32(b, pos + 16, le), pos + 28, caplen, u32(b, pos + 24, le), optStart, drops);
  }

  private simplePacket(b: Uint8Array, pos: number, len: number, offset: number): void {
    // A Simple Packet Block belongs to the section's first interface and has no timestamp.
    const rt = this.iface(0, offset);
    if (!rt) return;
    const origLen = u32(b, pos + 8, this.le);
    let caplen = Math.min(origLen, len - 16);
    if (rt.snapLen > 0) caplen = Math.min(caplen, rt.snapLen);
    // No timestamp in the block: zero says "unknown" without inventing a time.
    const ts = { sec: 0, frac: 0, unitsPerSec: rt.res.unitsPerSec };
    this.ctx.deliver(this.ctx.record(offset, 'spb', rt.globalIndex, rt.linkType, ts, caplen, origLen, b.subarray(pos + 12, pos + 12 + caplen)));
  }

  private emit(
    kind: PacketBlockKind, b: Uint8Array, pos: number, len: number, offset: number, rt: InterfaceRuntime,
    tsHigh: number, tsLow: number, dataStart: number, caplen: number, origLen: number, optStart: number, pbDrops?: number,
  ): void {
    const ts = ticksToTimestamp(tsHigh, tsLow, rt.res, rt.offsetSec);
    const optEnd = pos + len - 4;
    const data = b.subarray(dataStart, dataStart + caplen);
    const record = this.ctx.record(offset, kind, rt.globalIndex, rt.linkType, ts, caplen, origLen, data);
    // The common case has no options: no extra work or allocation.
    if (optStart < optEnd || pbDrops !== undefined) {
      const parsed = parseOptions(b, optStart, optEnd, this.le);
      if (parsed.problem) this.problem('bad-option', offset + (parsed.problem.at - pos), parsed.problem.message);
      this.packetOptions(record, parsed.options);
      if (pbDrops !== undefined && pbDrops !== 0) record.dropCount = BigInt(pbDrops);
    }
    this.ctx.deliver(record);
  }

  private packetOptions(record: Writable<PacketRecord>, options: RawOption[]): void {
    const le = this.le;
    let comments: string[] | undefined;
    let verdicts: Uint8Array[] | undefined;
    let other: RawOption[] | undefined;
    for (const o of options) {
      const v = o.value;
      switch (o.code) {
        case OPT_COMMENT: (comments ??= []).push(utf8Text(v)); continue;
        case 2:
          if (v.length >= 4) {
            const flags = u32(v, 0, le);
            record.flags = flags;
            const dir: Direction | undefined = (flags & 3) === 1 ? 'inbound' : (flags & 3) === 2 ? 'outbound' : undefined;
            if (dir) record.direction = dir;
            continue;
          }
          break;
        case 4: if (v.length >= 8) { record.dropCount = u64(v, 0, le); continue; } break;
        case 5: if (v.length >= 8) { record.packetId = u64(v, 0, le); continue; } break;
        case 6: if (v.length >= 4) { record.queue = u32(v, 0, le); continue; } break;
        case 7: (verdicts ??= []).push(v); continue;
        case 8:
          if (v.length >= 8) { record.processId = u32(v, 0, le); record.threadId = u32(v, 4, le); continue; }
          break;
      }
      (other ??= []).push(o);
    }
    if (comments) record.comments = comments;
    if (verdicts) record.verdicts = verdicts;
    if (other) record.otherOptions = other;
  }

  /**
   * Finds the next offset where a whole, self-consistent block starts (known type, sane length,
   * trailing length equal to the leading one), so packets after the damage are still read. In
   * 'skip-section' mode only a Section Header Block will do.
   */
  private resync(b: Uint8Array, pos: number, avail: number, offset: number, final: boolean): number {
    const end = pos + avail;
    const first = this.mode === 'skip-section' ? pos : pos + 1;
    for (let p = first; p + MIN_BLOCK <= end; p++) {
      const isShb = u32(b, p, true) === BT_SHB;
      if (this.mode === 'skip-section' && !isShb) continue;
      const le = this.blockOrder(b, p);
      if (le === undefined || !isKnownBlockType(u32(b, p, le))) continue;
      const len = this.lengthAt(b, p);
      if (len === undefined) continue;
      if (p + len > end) {
        if (final || len > RESYNC_WINDOW) continue;
        return p - pos;
      }
      if (u32(b, p + len - 4, le) !== len) continue;
      const at = offset + (p - pos);
      const skipped = at - this.resyncFrom;
      if (this.mode === 'resync') this.ctx.warn('warning', 'resynchronised', at, `resumed at a block after skipping ${skipped} unreadable bytes from offset ${this.resyncFrom}`);
      this.mode = 'blocks';
      return p - pos;
    }
    if (final) {
      if (this.mode === 'resync') this.ctx.warn('error', 'no-resync', offset, `no readable block found in the last ${avail} bytes`);
      return avail;
    }
    // Every start up to here was tried; keep only the tail that could still begin a block.
    return Math.max(1, avail - MIN_BLOCK + 1);
  }
}
