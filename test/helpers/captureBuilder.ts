/**
 * Synthetic pcap / pcapng writer for reader tests.
 *
 * Builds byte-exact capture files, including corner cases that real tools do
 * not produce (big-endian sections, odd timestamp resolutions, obsolete
 * Packet Blocks, lying block lengths, ...).  Pure Uint8Array/DataView code:
 * no Node imports, so it can run anywhere the readers run.
 *
 * pcapng blocks are encoded as soon as they are added, in the byte order the
 * writer has at that moment (see PcapngWriter.setEndian).  Option values that
 * are numbers (optU16/optU32/optU64/optTimestamp/...) are stored with an
 * encoder and written in that byte order too.
 */

import { parseIpv4, parseIpv6 } from '../../analyzer/decode/address';
export type Endian = 'little' | 'big';

export interface OptionSpec {
  code: number;
  /** Raw value bytes, or a string (written as UTF-8). */
  value: Uint8Array | string;
  /**
   * When present, produces the value bytes for the byte order of the section
   * the option is written in; `value` then only holds the little-endian form
   * for display.  Set by the numeric helpers (optU32, optU64, ...).
   */
  encode?: (littleEndian: boolean) => Uint8Array;
  /** Write this in the option-length field instead of the real length (for broken-file tests). */
  lengthOverride?: number;
}

// ---------------------------------------------------------------------------
// Byte helpers

export function u8(...bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes.map((b) => b & 0xff));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const utf8 = new TextEncoder();

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function padTo4(data: Uint8Array): Uint8Array {
  const padded = pad4(data.length);
  if (padded === data.length) return data;
  const out = new Uint8Array(padded);
  out.set(data);
  return out;
}

/** Small growable buffer with endian-aware integer writers. */
class Out {
  private chunks: Uint8Array[] = [];
  constructor(private readonly le: boolean) {}

  u8(v: number): this {
    this.chunks.push(u8(v));
    return this;
  }
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v & 0xffff, this.le);
    this.chunks.push(b);
    return this;
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, this.le);
    this.chunks.push(b);
    return this;
  }
  i32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, v | 0, this.le);
    this.chunks.push(b);
    return this;
  }
  u64(v: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), this.le);
    this.chunks.push(b);
    return this;
  }
  i64(v: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, v), this.le);
    this.chunks.push(b);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    return this;
  }
  /** Bytes followed by zero padding to a multiple of 4. */
  padded(b: Uint8Array): this {
    this.chunks.push(padTo4(b));
    return this;
  }
  done(): Uint8Array {
    return concat(...this.chunks);
  }
}

function isLE(e: Endian): boolean {
  return e === 'little';
}

// ---------------------------------------------------------------------------
// Classic pcap

export interface PcapPacket {
  sec: number;
  /** Microseconds, or nanoseconds when `nanos` is set. */
  frac: number;
  data: Uint8Array;
  /** orig_len; defaults to data.length. */
  origLen?: number;
  /** incl_len to write instead of data.length (for broken-file tests). */
  capLen?: number;
}

export function pcapFile(opts: {
  endian?: Endian;
  nanos?: boolean;
  /** Full value of the low 16 bits (may include higher bits too: it is OR-ed in). Default 1 (Ethernet). */
  linkType?: number;
  /** Value of the top 4 bits of the link-type field (FCS length in 16-bit words). */
  fcsBits?: number;
  /** Set the P bit (0x04000000, "FCS length present"); defaults to true when fcsBits is given. */
  fcsPresent?: boolean;
  snapLen?: number;
  version?: [number, number];
  thisZone?: number;
  sigFigs?: number;
  packets: PcapPacket[];
}): Uint8Array {
  const out = new Out(isLE(opts.endian ?? 'little'));
  const [major, minor] = opts.version ?? [2, 4];
  let network = (opts.linkType ?? 1) >>> 0;
  if (opts.fcsBits !== undefined) network = (network | ((opts.fcsBits & 0xf) << 28)) >>> 0;
  if (opts.fcsPresent ?? opts.fcsBits !== undefined) network = (network | 0x04000000) >>> 0;
  out
    .u32(opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(major)
    .u16(minor)
    .i32(opts.thisZone ?? 0)
    .u32(opts.sigFigs ?? 0)
    .u32(opts.snapLen ?? 262144)
    .u32(network);
  for (const p of opts.packets) {
    out
      .u32(p.sec)
      .u32(p.frac)
      .u32(p.capLen ?? p.data.length)
      .u32(p.origLen ?? p.data.length)
      .bytes(p.data);
  }
  return out.done();
}

// ---------------------------------------------------------------------------
// pcapng

export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 0x00000001;
export const BLOCK_PB = 0x00000002;
export const BLOCK_SPB = 0x00000003;
export const BLOCK_NRB = 0x00000004;
export const BLOCK_ISB = 0x00000005;
export const BLOCK_EPB = 0x00000006;
export const BLOCK_JOURNAL = 0x00000009;
export const BLOCK_DSB = 0x0000000a;
export const BLOCK_CUSTOM = 0x00000bad;
export const BLOCK_CUSTOM_NOCOPY = 0x40000bad;

function optionValueBytes(o: OptionSpec, le: boolean): Uint8Array {
  if (o.encode) return o.encode(le);
  return typeof o.value === 'string' ? utf8.encode(o.value) : o.value;
}

/** Options area: each option padded to 4 bytes, then opt_endofopt (unless the list already ends with code 0). */
function encodeOptions(options: OptionSpec[] | undefined, le: boolean): Uint8Array {
  if (!options || options.length === 0) return new Uint8Array(0);
  const out = new Out(le);
  for (const o of options) {
    const v = optionValueBytes(o, le);
    out.u16(o.code).u16(o.lengthOverride ?? v.length).padded(v);
  }
  if (options[options.length - 1]!.code !== 0) out.u16(0).u16(0);
  return out.done();
}

export class PcapngWriter {
  private blocks: Uint8Array[] = [];
  private endian: Endian;

  constructor(endian: Endian = 'little') {
    this.endian = endian;
  }

  private get le(): boolean {
    return isLE(this.endian);
  }

  private out(): Out {
    return new Out(this.le);
  }

  /** Appends a block: type, total length, body (padded), total length. */
  private block(type: number, body: Uint8Array, trailingLength?: number, totalLength?: number): this {
    const padded = padTo4(body);
    const total = totalLength ?? padded.length + 12;
    this.blocks.push(
      this.out()
        .u32(type)
        .u32(total)
        .bytes(padded)
        .u32(trailingLength ?? total)
        .done(),
    );
    return this;
  }

  /** Byte order used for the blocks added from now on (call before shb() to start a section in another order). */
  setEndian(e: Endian): this {
    this.endian = e;
    return this;
  }

  /** Section Header Block: starts a new section. sectionLength defaults to -1 (unknown). */
  shb(opts: { options?: OptionSpec[]; sectionLength?: bigint; major?: number; minor?: number } = {}): this {
    const body = this.out()
      .u32(0x1a2b3c4d)
      .u16(opts.major ?? 1)
      .u16(opts.minor ?? 0)
      .i64(opts.sectionLength ?? -1n)
      .bytes(encodeOptions(opts.options, this.le))
      .done();
    return this.block(BLOCK_SHB, body);
  }

  /** Interface Description Block. snapLen defaults to 0 (no limit). */
  idb(linkType: number, opts: { snapLen?: number; reserved?: number; options?: OptionSpec[] } = {}): this {
    const body = this.out()
      .u16(linkType)
      .u16(opts.reserved ?? 0)
      .u32(opts.snapLen ?? 0)
      .bytes(encodeOptions(opts.options, this.le))
      .done();
    return this.block(BLOCK_IDB, body);
  }

  /** Enhanced Packet Block; tsHigh/tsLow are the two halves of the 64-bit timestamp in if_tsresol units. */
  epb(
    ifaceId: number,
    tsHigh: number,
    tsLow: number,
    data: Uint8Array,
    opts: { origLen?: number; capLen?: number; options?: OptionSpec[] } = {},
  ): this {
    const body = this.out()
      .u32(ifaceId)
      .u32(tsHigh)
      .u32(tsLow)
      .u32(opts.capLen ?? data.length)
      .u32(opts.origLen ?? data.length)
      .padded(data)
      .bytes(encodeOptions(opts.options, this.le))
      .done();
    return this.block(BLOCK_EPB, body);
  }

  /** Simple Packet Block (interface 0, no timestamp); captured length is implied by the block length and the IDB snaplen. */
  spb(data: Uint8Array, origLen?: number): this {
    const body = this.out()
      .u32(origLen ?? data.length)
      .padded(data)
      .done();
    return this.block(BLOCK_SPB, body);
  }

  /** Obsolete Packet Block (type 2): 16-bit interface id and drops count. */
  pb(
    ifaceId: number,
    tsHigh: number,
    tsLow: number,
    data: Uint8Array,
    opts: { dropsCount?: number; origLen?: number; options?: OptionSpec[] } = {},
  ): this {
    const body = this.out()
      .u16(ifaceId)
      .u16(opts.dropsCount ?? 0)
      .u32(tsHigh)
      .u32(tsLow)
      .u32(data.length)
      .u32(opts.origLen ?? data.length)
      .padded(data)
      .bytes(encodeOptions(opts.options, this.le))
      .done();
    return this.block(BLOCK_PB, body);
  }

  /**
   * Name Resolution Block. Record values are raw bytes (use nrbIPv4/nrbIPv6
   * to build the usual ones); the end-of-records record is appended.
   */
  nrb(records: { type: number; value: Uint8Array }[], options?: OptionSpec[]): this {
    const out = this.out();
    for (const r of records) out.u16(r.type).u16(r.value.length).padded(r.value);
    out.u16(0).u16(0);
    out.bytes(encodeOptions(options, this.le));
    return this.block(BLOCK_NRB, out.done());
  }

  /** Interface Statistics Block. */
  isb(ifaceId: number, tsHigh: number, tsLow: number, options?: OptionSpec[]): this {
    const body = this.out()
      .u32(ifaceId)
      .u32(tsHigh)
      .u32(tsLow)
      .bytes(encodeOptions(options, this.le))
      .done();
    return this.block(BLOCK_ISB, body);
  }

  /** Decryption Secrets Block (secretsType e.g. 0x544c534b 'TLSK'). */
  dsb(secretsType: number, secrets: Uint8Array, options?: OptionSpec[]): this {
    const body = this.out()
      .u32(secretsType)
      .u32(secrets.length)
      .padded(secrets)
      .bytes(encodeOptions(options, this.le))
      .done();
    return this.block(BLOCK_DSB, body);
  }

  /** Custom Block (0x00000BAD if copyable, else 0x40000BAD); data is padded to 4 bytes. */
  custom(pen: number, data: Uint8Array, copyable = true): this {
    const body = this.out().u32(pen).padded(data).done();
    return this.block(copyable ? BLOCK_CUSTOM : BLOCK_CUSTOM_NOCOPY, body);
  }

  /** systemd Journal Export Block (type 9): one journal entry in export format, padded to 4 bytes. */
  journal(entry: Uint8Array): this {
    return this.block(BLOCK_JOURNAL, entry);
  }

  /**
   * Any block. The body is padded to 4 bytes; totalLength (leading length
   * field) and trailingLength may be set to lie.
   */
  raw(blockType: number, body: Uint8Array, opts: { trailingLength?: number; totalLength?: number } = {}): this {
    return this.block(blockType, body, opts.trailingLength, opts.totalLength);
  }

  /** Appends bytes verbatim (e.g. a truncated block or garbage). */
  rawBytes(data: Uint8Array): this {
    this.blocks.push(data);
    return this;
  }

  bytes(): Uint8Array {
    return concat(...this.blocks);
  }
}

// ---------------------------------------------------------------------------
// Option helpers (numeric values are encoded in the section's byte order)

function numericOption(code: number, encode: (le: boolean) => Uint8Array): OptionSpec {
  return { code, value: encode(true), encode };
}

export function optU8(code: number, v: number): OptionSpec {
  return { code, value: u8(v) };
}

export function optU16(code: number, v: number): OptionSpec {
  return numericOption(code, (le) => new Out(le).u16(v).done());
}

export function optU32(code: number, v: number): OptionSpec {
  return numericOption(code, (le) => new Out(le).u32(v).done());
}

export function optU64(code: number, v: bigint): OptionSpec {
  return numericOption(code, (le) => new Out(le).u64(v).done());
}

/** Signed 64-bit value (e.g. if_tsoffset). */
export function optI64(code: number, v: bigint): OptionSpec {
  return numericOption(code, (le) => new Out(le).i64(v).done());
}

/** A timestamp as two 32-bit halves, high first (isb_starttime / isb_endtime). */
export function optTimestamp(code: number, tsHigh: number, tsLow: number): OptionSpec {
  return numericOption(code, (le) => new Out(le).u32(tsHigh).u32(tsLow).done());
}

/** Bytes in network order: 4-byte address + 4-byte mask (if_IPv4addr). */
export function optIPv4(code: number, addr: string, mask: string): OptionSpec {
  return { code, value: concat(parseIPv4(addr), parseIPv4(mask)) };
}

/** Bytes in network order: 16-byte address + 1-byte prefix length (if_IPv6addr). */
export function optIPv6(code: number, addr: string, prefix: number): OptionSpec {
  return { code, value: concat(parseIPv6(addr), u8(prefix)) };
}

/** NRB record helpers: type 1 (IPv4) / 2 (IPv6) with zero-terminated names. */
export function nrbIPv4(addr: string, ...names: string[]): { type: number; value: Uint8Array } {
  return { type: 1, value: concat(parseIPv4(addr), ...names.map((n) => concat(utf8.encode(n), u8(0)))) };
}

export function nrbIPv6(addr: string, ...names: string[]): { type: number; value: Uint8Array } {
  return { type: 2, value: concat(parseIPv6(addr), ...names.map((n) => concat(utf8.encode(n), u8(0)))) };
}

// ---------------------------------------------------------------------------
// Addresses

export function parseIPv4(addr: string): Uint8Array {
  const b = parseIpv4(addr);
  if (b === null) throw new Error(`bad IPv4 address: ${addr}`);
  return b;
}

export function parseIPv6(addr: string): Uint8Array {
  const b = parseIpv6(addr);
  if (b === null) throw new Error(`bad IPv6 address: ${addr}`);
  return b;
}

// ---------------------------------------------------------------------------
// Packets

/** Internet checksum (RFC 1071) over the given bytes. */
export function inetChecksum(data: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i + 1 < data.length; i += 2) sum += (data[i]! << 8) | data[i + 1]!;
  if (data.length % 2 === 1) sum += data[data.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const TCP_FLAG_BITS: Record<string, number> = {
  F: 0x01,
  S: 0x02,
  R: 0x04,
  P: 0x08,
  A: 0x10,
  '.': 0x10,
  U: 0x20,
  E: 0x40,
  C: 0x80,
};

/**
 * An Ethernet II + IPv4 + TCP frame (or just IPv4 + TCP with ethernet:false).
 * flags: letters F S R P A U E C (tcpdump's '.' also means ACK), e.g. "SA".
 * The IPv4 header checksum and the TCP checksum are both correct.
 */
export function ipv4TcpFrame(opts: {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  flags: string;
  win?: number;
  urgent?: number;
  /** Raw TCP options, padded by the caller to a multiple of 4 bytes. */
  tcpOptions?: Uint8Array;
  payload?: Uint8Array;
  ethernet?: boolean;
  ipId?: number;
  ttl?: number;
  srcMac?: Uint8Array;
  dstMac?: Uint8Array;
}): Uint8Array {
  const payload = opts.payload ?? new Uint8Array(0);
  const tcpOptions = opts.tcpOptions ?? new Uint8Array(0);
  if (tcpOptions.length % 4 !== 0 || tcpOptions.length > 40) throw new Error(`TCP options of ${tcpOptions.length} bytes`);
  let flags = 0;
  for (const ch of opts.flags.toUpperCase()) {
    const bit = TCP_FLAG_BITS[ch];
    if (bit === undefined) throw new Error(`unknown TCP flag '${ch}' in "${opts.flags}"`);
    flags |= bit;
  }
  const src = parseIPv4(opts.src);
  const dst = parseIPv4(opts.dst);

  const tcp = new Out(false)
    .u16(opts.sport)
    .u16(opts.dport)
    .u32(opts.seq)
    .u32(opts.ack ?? 0)
    .u8((5 + tcpOptions.length / 4) << 4)
    .u8(flags)
    .u16(opts.win ?? 65535)
    .u16(0) // checksum, filled below
    .u16(opts.urgent ?? 0)
    .bytes(tcpOptions)
    .bytes(payload)
    .done();
  const pseudo = new Out(false).bytes(src).bytes(dst).u8(0).u8(6).u16(tcp.length).done();
  const tcpSum = inetChecksum(concat(pseudo, tcp));
  tcp[16] = tcpSum >> 8;
  tcp[17] = tcpSum & 0xff;

  const ip = new Out(false)
    .u8(0x45)
    .u8(0)
    .u16(20 + tcp.length)
    .u16(opts.ipId ?? 0)
    .u16(0x4000) // DF
    .u8(opts.ttl ?? 64)
    .u8(6)
    .u16(0) // header checksum, filled below
    .bytes(src)
    .bytes(dst)
    .done();
  const ipSum = inetChecksum(ip);
  ip[10] = ipSum >> 8;
  ip[11] = ipSum & 0xff;

  const packet = concat(ip, tcp);
  if (opts.ethernet === false) return packet;
  const eth = concat(
    opts.dstMac ?? u8(0x02, 0, 0, 0, 0, 0x02),
    opts.srcMac ?? u8(0x02, 0, 0, 0, 0, 0x01),
    u8(0x08, 0x00),
  );
  return concat(eth, packet);
}
