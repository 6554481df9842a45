import { i32, u16, u32, hex } from './bytes';
import type { ReaderContext } from './readerContext';
import { MICROSECONDS, NANOSECONDS, type TsResolution } from './timestamp';
import type { InterfaceInfo, SectionInfo } from './types';
import type { UnitParser } from './unitParser';

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
/** Wireshark's usual ceiling for one packet; larger only when the snaplen says so. */
const DEFAULT_MAX_PACKET = 262144;
const HARD_MAX_PACKET = 64 * 1024 * 1024;
/** How far ahead a resynchronisation scan looks for the next plausible record. */
const RESYNC_WINDOW = 2 * DEFAULT_MAX_PACKET + 64;
/** Consecutive records further apart than this are not taken as a resynchronisation point. */
const RESYNC_MAX_GAP_SEC = 7 * 86400;

/** Which pcap variant a magic number announces, read as little-endian. */
export function pcapVariant(magicLE: number): { le: boolean; nanos: boolean } | undefined {
  switch (magicLE) {
    case PCAP_MAGIC_US: return { le: true, nanos: false };
    case PCAP_MAGIC_NS: return { le: true, nanos: true };
    case 0xd4c3b2a1: return { le: false, nanos: false };
    case 0x4d3cb2a1: return { le: false, nanos: true };
    default: return undefined;
  }
}

/** Classic libpcap format: a 24-byte header, then 16-byte record headers each followed by data. */
export class PcapFormat implements UnitParser {
  private headerDone = false;
  private resyncing = false;
  private resyncFrom = 0;
  private le = true;
  private res: TsResolution = MICROSECONDS;
  private snapLen = 0;
  private maxPacket = DEFAULT_MAX_PACKET;
  private linkType = 0;
  private lastSec = -1;
  private snapWarned = false;

  constructor(private readonly ctx: ReaderContext) {}

  required(b: Uint8Array, pos: number, avail: number): number {
    if (!this.headerDone) return GLOBAL_HEADER;
    if (this.resyncing) return RESYNC_WINDOW;
    if (avail < RECORD_HEADER) return RECORD_HEADER;
    const caplen = u32(b, pos + 8, this.le);
    // An impossible length is left for `parse` to report; asking for it would wait forever.
    return caplen > this.maxPacket ? RECORD_HEADER : RECORD_HEADER + caplen;
  }

  parse(b: Uint8Array, pos: number, avail: number, offset: number, final: boolean): number {
    if (!this.headerDone) return this.parseHeader(b, pos, avail, offset);
    if (this.resyncing) return this.resync(b, pos, avail, offset, final);
    if (avail < RECORD_HEADER) {
      this.ctx.warn('error', 'truncated-record', offset, `file ends inside a record header (${avail} of ${RECORD_HEADER} bytes)`);
      return avail;
    }
    const le = this.le;
    const sec = u32(b, pos, le);
    const frac = u32(b, pos + 4, le);
    const caplen = u32(b, pos + 8, le);
    const len = u32(b, pos + 12, le);
    if (caplen > this.maxPacket) {
      this.ctx.warn('error', 'impossible-length', offset, `record claims ${caplen} captured bytes (limit ${this.maxPacket}); looking for the next plausible record`);
      this.resyncing = true;
      this.resyncFrom = offset;
      return 0;
    }
    if (avail < RECORD_HEADER + caplen) {
      this.ctx.warn('error', 'truncated-record', offset, `file ends inside a packet: record claims ${caplen} bytes, ${avail - RECORD_HEADER} present`);
      return avail;
    }
    if (frac >= this.res.unitsPerSec) {
      this.ctx.warn('warning', 'bad-timestamp', offset, `sub-second field ${frac} is not below ${this.res.unitsPerSec}; kept as is`);
    }
    if (caplen > len) {
      this.ctx.warn('warning', 'caplen-exceeds-len', offset, `captured length ${caplen} exceeds original length ${len}`);
    }
    if (this.snapLen > 0 && caplen > this.snapLen && !this.snapWarned) {
      this.snapWarned = true;
      this.ctx.warn('warning', 'longer-than-snaplen', offset, `packet of ${caplen} captured bytes is longer than the snaplen ${this.snapLen}; kept`);
    }
    this.lastSec = sec;
    const ts = { sec, frac, unitsPerSec: this.res.unitsPerSec };
    const data = b.subarray(pos + RECORD_HEADER, pos + RECORD_HEADER + caplen);
    this.ctx.deliver(this.ctx.record(offset, 'pcap', 0, this.linkType, ts, caplen, len, data));
    return RECORD_HEADER + caplen;
  }

  /**
   * `parse` for a run of whole records that need no warning: the common case, one loop with the
   * header read in place. Stops at the first record that is cut off by the end of `b`'s bytes or
   * that `parse` must handle (it reports something).
   */
  parseRun(b: Uint8Array, pos: number, avail: number, offset: number): number {
    if (!this.headerDone || this.resyncing) return 0;
    const ctx = this.ctx;
    const reused = ctx.reusedRecord;
    const units = this.res.unitsPerSec;
    const snap = this.snapWarned || this.snapLen === 0 ? Infinity : this.snapLen;
    const max = this.maxPacket;
    const le = this.le;
    const linkType = this.linkType;
    const end = pos + avail;
    const router = ctx.sink.router ?? null;
    let p = pos;
    while (end - p >= RECORD_HEADER && !ctx.stopped) {
      let sec: number;
      let frac: number;
      let caplen: number;
      let len: number;
      if (le) {
        sec = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
        frac = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0;
        caplen = (b[p + 8]! | (b[p + 9]! << 8) | (b[p + 10]! << 16) | (b[p + 11]! << 24)) >>> 0;
        len = (b[p + 12]! | (b[p + 13]! << 8) | (b[p + 14]! << 16) | (b[p + 15]! << 24)) >>> 0;
      } else {
        sec = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
        frac = ((b[p + 4]! << 24) | (b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!) >>> 0;
        caplen = ((b[p + 8]! << 24) | (b[p + 9]! << 16) | (b[p + 10]! << 8) | b[p + 11]!) >>> 0;
        len = ((b[p + 12]! << 24) | (b[p + 13]! << 16) | (b[p + 14]! << 8) | b[p + 15]!) >>> 0;
      }
      // Anything `parse` would report, or a record not wholly here: leave it to `parse`.
      if (caplen > max || end - p < RECORD_HEADER + caplen || frac >= units || caplen > len || caplen > snap) break;
      this.lastSec = sec;
      if (router !== null && !router.wants(b, p + RECORD_HEADER, caplen, linkType)) {
        router.passed(++ctx.packets, sec, frac, units);
        p += RECORD_HEADER + caplen;
        continue;
      }
      const at = offset + (p - pos);
      if (reused !== null) {
        // No Timestamp, no view: the record makes them if the sink asks.
        reused.refill(at, sec, frac, units, caplen, len, b, p + RECORD_HEADER);
        ctx.deliver(reused);
      } else {
        const data = b.subarray(p + RECORD_HEADER, p + RECORD_HEADER + caplen);
        ctx.deliver(ctx.record(at, 'pcap', 0, linkType, { sec, frac, unitsPerSec: units }, caplen, len, data));
      }
      p += RECORD_HEADER + caplen;
    }
    return p - pos;
  }

  private parseHeader(b: Uint8Array, pos: number, avail: number, offset: number): number {
    if (avail < GLOBAL_HEADER) {
      this.ctx.warn('error', 'truncated-header', offset, `file ends inside the pcap file header (${avail} of ${GLOBAL_HEADER} bytes)`);
      this.ctx.stopped = true;
      return avail;
    }
    const variant = pcapVariant(u32(b, pos, true))!;
    const le = variant.le;
    this.le = le;
    this.res = variant.nanos ? NANOSECONDS : MICROSECONDS;
    const major = u16(b, pos + 4, le);
    const minor = u16(b, pos + 6, le);
    if (major !== 2) {
      this.ctx.warn('warning', 'unknown-version', offset, `pcap version ${major}.${minor} (expected 2.4); reading as 2.4`);
    }
    const thisZone = i32(b, pos + 8, le);
    this.snapLen = u32(b, pos + 16, le);
    const network = u32(b, pos + 20, le);
    this.linkType = network & 0xffff;
    // libpcap's LT_FCS_DATALINK_EXT: flag 0x04000000 says the top 4 bits give the FCS length in
    // 16-bit words; bits 16–25 are reserved.
    const hasFcs = (network & 0x04000000) !== 0;
    const fcsLength = hasFcs ? ((network >>> 28) & 0xf) * 2 : undefined;
    if ((network & 0x03ff0000) !== 0) {
      this.ctx.warn('warning', 'reserved-bits', offset + 20, `link-type field ${hex(network)} has reserved bits set; link type taken as ${this.linkType}`);
    }
    if (this.snapLen > DEFAULT_MAX_PACKET) this.maxPacket = Math.min(this.snapLen, HARD_MAX_PACKET);
    this.headerDone = true;
    // The reused record's constant fields, and its options cleared, for `parseRun`.
    if (this.ctx.reusedRecord !== null) this.ctx.record(0, 'pcap', 0, this.linkType, this.ctx.reusedRecord.ts, 0, 0, this.ctx.reusedRecord.data);
    this.ctx.sections++;
    this.ctx.interfaces++;
    const section: SectionInfo = {
      index: 0,
      offset,
      format: 'pcap',
      byteOrder: le ? 'little' : 'big',
      version: { major, minor },
      comments: [],
      options: [],
    };
    const iface: InterfaceInfo = {
      index: 0,
      section: 0,
      localId: 0,
      offset,
      linkType: this.linkType,
      snapLen: this.snapLen,
      ...(fcsLength !== undefined ? { fcsLength } : {}),
      tsResolution: this.res,
      // thiszone is always 0 in practice; honour it the way libpcap documents it (seconds to add).
      tsOffsetSec: 0,
      ...(thisZone !== 0 ? { tzone: thisZone } : {}),
      ipv4Addresses: [],
      ipv6Addresses: [],
      comments: [],
      options: [],
    };
    this.ctx.sink.section?.(section);
    this.ctx.sink.iface?.(iface);
    return GLOBAL_HEADER;
  }

  /**
   * After a corrupt record header, finds the next offset where a plausible record is followed by
   * another plausible record (or by the end of the file), so that packets after the damage are
   * still delivered.
   */
  private resync(b: Uint8Array, pos: number, avail: number, offset: number, final: boolean): number {
    const end = pos + avail;
    for (let p = pos + 1; p + RECORD_HEADER <= end; p++) {
      if (!this.plausible(b, p)) continue;
      const next = p + RECORD_HEADER + u32(b, p + 8, this.le);
      if (next + RECORD_HEADER > end && !(final && next === end)) {
        if (final) continue;
        // Not enough lookahead to confirm: skip to here and wait for more bytes.
        return p - pos;
      }
      if (next === end || this.plausible(b, next)) {
        this.resyncing = false;
        const at = offset + (p - pos);
        this.ctx.warn('warning', 'resynchronised', at, `resumed reading after skipping ${at - this.resyncFrom} unreadable bytes from offset ${this.resyncFrom}`);
        return p - pos;
      }
    }
    if (final) {
      this.ctx.warn('error', 'no-resync', offset, `no readable record found in the last ${avail} bytes`);
      return avail;
    }
    // Every start up to here was tried; keep only the tail that could still begin a record.
    return Math.max(1, avail - RECORD_HEADER + 1);
  }

  private plausible(b: Uint8Array, p: number): boolean {
    const sec = u32(b, p, this.le);
    const frac = u32(b, p + 4, this.le);
    const caplen = u32(b, p + 8, this.le);
    const len = u32(b, p + 12, this.le);
    if (frac >= this.res.unitsPerSec || caplen > this.maxPacket || caplen > len || len > HARD_MAX_PACKET) return false;
    if (caplen === 0 && len === 0) return false;
    return this.lastSec < 0 || Math.abs(sec - this.lastSec) <= RESYNC_MAX_GAP_SEC;
  }
}
