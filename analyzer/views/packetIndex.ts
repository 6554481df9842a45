import type { PacketBlockKind, PacketRecord } from '../capture/types';
import type { Timestamp } from '../capture/timestamp';

/** Where one packet lies in the file and what a packet list needs to read and show it again. */
export interface PacketLocation {
  /** Frame number, from 1. */
  readonly n: number;
  /** File offset of the packet's bytes (after its record or block header). */
  readonly dataOffset: number;
  readonly caplen: number;
  readonly len: number;
  readonly iface: number;
  readonly linkType: number;
  readonly ts: Timestamp;
}

const KINDS: readonly PacketBlockKind[] = ['pcap', 'epb', 'spb', 'pb'];
/** Bytes before the packet data: pcap record header; EPB, SPB and PB block headers. */
const HEADER: Readonly<Record<PacketBlockKind, number>> = { pcap: 16, epb: 28, spb: 12, pb: 28 };

/** The arrays an index is made of, to move it between threads (all transferable). */
export interface PacketIndexArrays {
  readonly count: number;
  readonly offset: Float64Array;
  readonly sec: Uint32Array;
  readonly frac: Uint32Array;
  readonly caplen: Uint32Array;
  readonly len: Uint32Array;
  readonly iface: Uint16Array;
  readonly linkType: Uint16Array;
  /** Kind (low 2 bits) and the index of the timestamp unit in `units` (the rest). */
  readonly kindUnit: Uint8Array;
  readonly units: readonly number[];
}

/**
 * Every packet's place in the capture, 30 bytes a packet in typed arrays, so a packet list can
 * page through a million packets by reading them again from the file (as a hex editor pages its
 * data) instead of keeping them. Frames are numbered from 1 in reading order.
 */
export class PacketIndex {
  private n = 0;
  private offset: Float64Array = new Float64Array(1024);
  private sec: Uint32Array = new Uint32Array(1024);
  private frac: Uint32Array = new Uint32Array(1024);
  private caplen: Uint32Array = new Uint32Array(1024);
  private len: Uint32Array = new Uint32Array(1024);
  private iface: Uint16Array = new Uint16Array(1024);
  private linkType: Uint16Array = new Uint16Array(1024);
  private kindUnit: Uint8Array = new Uint8Array(1024);
  private readonly units: number[] = [];

  static from(a: PacketIndexArrays): PacketIndex {
    const x = new PacketIndex();
    x.n = a.count;
    x.offset = a.offset;
    x.sec = a.sec;
    x.frac = a.frac;
    x.caplen = a.caplen;
    x.len = a.len;
    x.iface = a.iface;
    x.linkType = a.linkType;
    x.kindUnit = a.kindUnit;
    x.units.push(...a.units);
    return x;
  }

  get count(): number {
    return this.n;
  }

  add(p: PacketRecord): void {
    if (this.n === this.offset.length) this.grow();
    const i = this.n++;
    this.offset[i] = p.offset;
    this.sec[i] = p.ts.sec;
    this.frac[i] = p.ts.frac;
    this.caplen[i] = p.caplen;
    this.len[i] = p.len;
    this.iface[i] = p.iface;
    this.linkType[i] = p.linkType;
    let u = this.units.indexOf(p.ts.unitsPerSec);
    if (u < 0) {
      // Timestamp units come from interfaces' if_tsresol: a handful at most.
      if (this.units.length === 63) throw new Error('more than 63 timestamp resolutions in one capture');
      u = this.units.push(p.ts.unitsPerSec) - 1;
    }
    this.kindUnit[i] = KINDS.indexOf(p.kind) | (u << 2);
  }

  /** Frame `n` (from 1). */
  at(n: number): PacketLocation {
    if (!(n >= 1 && n <= this.n)) throw new RangeError(`frame ${n} is not in the capture (1–${this.n})`);
    const i = n - 1;
    const ku = this.kindUnit[i]!;
    return {
      n,
      dataOffset: this.offset[i]! + HEADER[KINDS[ku & 3]!],
      caplen: this.caplen[i]!,
      len: this.len[i]!,
      iface: this.iface[i]!,
      linkType: this.linkType[i]!,
      ts: { sec: this.sec[i]!, frac: this.frac[i]!, unitsPerSec: this.units[ku >> 2]! },
    };
  }

  /** The arrays, trimmed to the packets held (for a transfer to another thread). */
  arrays(): PacketIndexArrays {
    const n = this.n;
    return {
      count: n,
      offset: this.offset.slice(0, n),
      sec: this.sec.slice(0, n),
      frac: this.frac.slice(0, n),
      caplen: this.caplen.slice(0, n),
      len: this.len.slice(0, n),
      iface: this.iface.slice(0, n),
      linkType: this.linkType.slice(0, n),
      kindUnit: this.kindUnit.slice(0, n),
      units: [...this.units],
    };
  }

  private grow(): void {
    const size = this.offset.length * 2;
    const grown = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(size);
      b.set(a);
      return b;
    };
    this.offset = grown(this.offset, Float64Array);
    this.sec = grown(this.sec, Uint32Array);
    this.frac = grown(this.frac, Uint32Array);
    this.caplen = grown(this.caplen, Uint32Array);
    this.len = grown(this.len, Uint32Array);
    this.iface = grown(this.iface, Uint16Array);
    this.linkType = grown(this.linkType, Uint16Array);
    this.kindUnit = grown(this.kindUnit, Uint8Array);
  }
}
