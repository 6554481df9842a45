import { u32 } from './bytes';
import { PcapFormat, pcapVariant } from './pcapFormat';
import { BT_SHB } from './pcapngBlocks';
import { MAX_BLOCK, PcapngFormat } from './pcapngFormat';
import { ReaderContext } from './readerContext';
import type { CaptureFormat, CaptureSink, CaptureSummary } from './types';
import type { UnitParser } from './unitParser';

export interface ReaderOptions {
  /**
   * For a sink that keeps neither the record nor its `data` once `packet` returns: it is handed
   * one PacketRecord object, refilled for every packet, and `data` may be a view of a buffer
   * the I/O edge fills again later (see readCaptureFile). `ts` stays the packet's own.
   */
  readonly reuseRecords?: boolean;
}

/**
 * Streaming capture reader: feed it chunks of any size (down to one byte) with `push`, then call
 * `end`. Packets are delivered to the sink synchronously, in file order, as soon as each is
 * complete.
 *
 * Records that lie wholly inside a chunk are handed out as views of that chunk with no copy;
 * only a record split across chunks is assembled in a side buffer, which is bounded by the
 * largest legal unit. Memory therefore stays flat however large the file.
 */
export class CaptureReader {
  private readonly ctx: ReaderContext;
  private parser: UnitParser | undefined;
  private format: CaptureFormat | 'unknown' = 'unknown';
  private pending = new Uint8Array(0);
  private pendingLen = 0;
  /** File offset of the first byte not yet consumed. */
  private consumed = 0;
  private bytes = 0;
  private ended = false;

  constructor(sink: CaptureSink, opts: ReaderOptions = {}) {
    this.ctx = new ReaderContext(sink, opts.reuseRecords === true);
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('CaptureReader.push after end');
    this.bytes += chunk.length;
    if (this.ctx.stopped || chunk.length === 0) return;
    let pos = 0;
    // First finish the unit that straddles the previous chunk boundary.
    while (this.pendingLen > 0 && pos < chunk.length && !this.ctx.stopped) {
      const need = this.required(this.pending, 0, this.pendingLen);
      if (this.ctx.stopped) break;
      if (this.pendingLen < need) {
        const take = Math.min(need - this.pendingLen, chunk.length - pos);
        this.append(chunk, pos, take);
        pos += take;
        continue;
      }
      this.consumePending(need, false);
    }
    if (this.ctx.stopped) return;
    if (this.pendingLen > 0) return;
    pos = this.run(chunk, pos, chunk.length);
    if (pos < chunk.length && !this.ctx.stopped) this.append(chunk, pos, chunk.length - pos);
  }

  /** Signals the end of input; reports a unit cut short and returns the totals. */
  end(): CaptureSummary {
    if (!this.ended) {
      this.ended = true;
      if (!this.parser && !this.ctx.stopped) {
        const why = this.bytes === 0 ? 'the file is empty' : `the file has only ${this.bytes} bytes, too few for any capture header`;
        this.ctx.warn('error', this.bytes === 0 ? 'empty' : 'truncated-header', 0, why);
        this.ctx.stopped = true;
      }
      while (this.pendingLen > 0 && !this.ctx.stopped) {
        const need = this.required(this.pending, 0, this.pendingLen);
        if (this.ctx.stopped) break;
        this.consumePending(Math.min(need, this.pendingLen), this.pendingLen < need);
      }
      this.ctx.flushSuppressed(this.consumed);
    }
    return {
      format: this.format,
      bytes: this.bytes,
      packets: this.ctx.packets,
      sections: this.ctx.sections,
      interfaces: this.ctx.interfaces,
      warnings: this.ctx.warnings,
      stopped: this.ctx.stopped,
    };
  }

  /** Parses every complete unit in `b[pos, end)` and returns where the first incomplete one starts. */
  private run(b: Uint8Array, pos: number, end: number): number {
    while (pos < end && !this.ctx.stopped) {
      if (this.parser?.parseRun !== undefined) {
        const used = this.parser.parseRun(b, pos, end - pos, this.consumed);
        pos += used;
        this.consumed += used;
        if (pos >= end || this.ctx.stopped) break;
      }
      const avail = end - pos;
      const need = this.required(b, pos, avail);
      if (need > avail || this.ctx.stopped) break;
      const used = this.parser!.parse(b, pos, avail, this.consumed, false);
      pos += used;
      this.consumed += used;
    }
    return pos;
  }

  /**
   * Parses one unit from the side buffer. The unit is copied out first: packet views must never
   * point into a buffer that is reused.
   */
  private consumePending(len: number, final: boolean): void {
    const unit = this.pending.slice(0, len);
    const used = this.parser!.parse(unit, 0, len, this.consumed, final);
    this.consumed += used;
    this.pending.copyWithin(0, used, this.pendingLen);
    this.pendingLen -= used;
  }

  private required(b: Uint8Array, pos: number, avail: number): number {
    if (!this.parser) {
      if (avail < 4) return 4;
      this.detect(b, pos);
      if (!this.parser) return 1;
    }
    return this.parser.required(b, pos, avail);
  }

  private detect(b: Uint8Array, pos: number): void {
    const magic = u32(b, pos, true);
    if (pcapVariant(magic)) {
      this.format = 'pcap';
      this.parser = new PcapFormat(this.ctx);
    } else if (magic === BT_SHB) {
      this.format = 'pcapng';
      this.parser = new PcapngFormat(this.ctx);
    } else {
      const text = Array.from(b.subarray(pos, pos + 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
      this.ctx.warn('error', 'not-a-capture', 0, `not a pcap or pcapng file (first bytes ${text}); pcap starts with d4 c3 b2 a1 (or a1 b2 c3 d4, 4d 3c b2 a1, a1 b2 3c 4d), pcapng with 0a 0d 0d 0a`);
      this.ctx.stopped = true;
    }
  }

  private append(src: Uint8Array, from: number, count: number): void {
    const need = this.pendingLen + count;
    if (need > this.pending.length) {
      // Units are bounded (MAX_BLOCK, or the resynchronisation window), so this never runs away.
      const grown = new Uint8Array(Math.min(Math.max(need, this.pending.length * 2, 4096), MAX_BLOCK + 4096));
      grown.set(this.pending.subarray(0, this.pendingLen));
      this.pending = grown;
    }
    this.pending.set(src.subarray(from, from + count), this.pendingLen);
    this.pendingLen += count;
  }
}
