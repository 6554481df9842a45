/**
 * Decoders for pcapng block bodies other than packets. Each gets the whole block (framing already
 * checked) and returns what the block says, keeping every option it does not interpret.
 */
import { i64, u16, u32, u64, utf8Text, utf8TextTrimNul } from './bytes';
import { formatIpv4Bytes, formatIpv6, formatMac } from '../decode/address';
import type { ParsedOptions } from './options';
import { parseOptions } from './options';
import { MICROSECONDS, resolutionFromTsresol, ticksToTimestamp, type TsResolution } from './timestamp';
import type {
  CustomBlock,
  DecryptionSecretsBlock,
  InterfaceStatisticsBlock,
  JournalExportBlock,
  NameResolutionBlock,
  RawOption,
  SectionInfo,
} from './types';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 1;
export const BT_PB = 2;
export const BT_SPB = 3;
export const BT_NRB = 4;
export const BT_ISB = 5;
export const BT_EPB = 6;
export const BT_JOURNAL = 9;
export const BT_DSB = 0x0a;
export const BT_CUSTOM_COPY = 0x00000bad;
export const BT_CUSTOM_NOCOPY = 0x40000bad;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export const OPT_COMMENT = 1;

/** Block types a resynchronisation scan may take as the start of a real block. */
export function isKnownBlockType(t: number): boolean {
  return t === BT_SHB || (t >= 1 && t <= 10 && t !== 7 && t !== 8) || t === BT_CUSTOM_COPY || t === BT_CUSTOM_NOCOPY;
}

/** Reports a problem found while decoding a block: (code, offset inside the file, message). */
export type BlockProblem = (code: string, offset: number, message: string) => void;

export function commentsOf(options: readonly RawOption[]): string[] {
  const out: string[] = [];
  for (const o of options) if (o.code === OPT_COMMENT) out.push(utf8Text(o.value));
  return out;
}

function stringOpt(options: readonly RawOption[], code: number): string | undefined {
  for (const o of options) if (o.code === code) return utf8TextTrimNul(o.value);
  return undefined;
}

/** Parses an option list and reports a malformed one; returns whatever options were readable. */
export function optionsOf(b: Uint8Array, start: number, end: number, le: boolean, blockOffset: number, pos: number, problem: BlockProblem): RawOption[] {
  const parsed: ParsedOptions = parseOptions(b, start, end, le);
  if (parsed.problem) problem('bad-option', blockOffset + (parsed.problem.at - pos), parsed.problem.message);
  return parsed.options;
}

export function decodeSectionHeader(b: Uint8Array, pos: number, len: number, le: boolean, index: number, offset: number, problem: BlockProblem): SectionInfo {
  const options = len > 28 ? optionsOf(b, pos + 24, pos + len - 4, le, offset, pos, problem) : [];
  const hardware = stringOpt(options, 2);
  const os = stringOpt(options, 3);
  const userAppl = stringOpt(options, 4);
  return {
    index,
    offset,
    format: 'pcapng',
    byteOrder: le ? 'little' : 'big',
    version: { major: u16(b, pos + 12, le), minor: u16(b, pos + 14, le) },
    sectionLength: i64(b, pos + 16, le),
    ...(hardware !== undefined ? { hardware } : {}),
    ...(os !== undefined ? { os } : {}),
    ...(userAppl !== undefined ? { userAppl } : {}),
    comments: commentsOf(options),
    options,
  };
}

/** The parts of an IDB the packet path needs on every packet, kept apart from the report. */
export interface InterfaceRuntime {
  readonly globalIndex: number;
  readonly linkType: number;
  readonly snapLen: number;
  readonly res: TsResolution;
  readonly offsetSec: number;
}

export interface DecodedInterface {
  readonly runtime: InterfaceRuntime;
  readonly info: import('./types').InterfaceInfo;
}

export function decodeInterface(
  b: Uint8Array, pos: number, len: number, le: boolean,
  section: number, localId: number, globalIndex: number, offset: number, problem: BlockProblem,
): DecodedInterface {
  const linkType = u16(b, pos + 8, le);
  const snapLen = u32(b, pos + 12, le);
  const options = len > 20 ? optionsOf(b, pos + 16, pos + len - 4, le, offset, pos, problem) : [];
  let res: TsResolution = MICROSECONDS;
  let offsetSec = 0;
  let fcsLength: number | undefined;
  let speed: bigint | undefined;
  let tzone: number | undefined;
  let macAddress: string | undefined;
  let filter: string | undefined;
  const ipv4Addresses: { address: string; netmask: string }[] = [];
  const ipv6Addresses: { address: string; prefixLength: number }[] = [];
  for (const o of options) {
    const v = o.value;
    switch (o.code) {
      case 4:
        if (v.length >= 8) ipv4Addresses.push({ address: formatIpv4Bytes(v, 0), netmask: formatIpv4Bytes(v, 4) });
        else problem('bad-option', offset, `if_IPv4addr of ${v.length} bytes (expected 8)`);
        break;
      case 5:
        if (v.length >= 17) ipv6Addresses.push({ address: formatIpv6(v, 0), prefixLength: v[16]! });
        else problem('bad-option', offset, `if_IPv6addr of ${v.length} bytes (expected 17)`);
        break;
      case 6: if (v.length === 6) macAddress = formatMac(v, 0); break;
      case 8: if (v.length >= 8) speed = u64(v, 0, le); break;
      case 9:
        if (v.length >= 1) res = resolutionFromTsresol(v[0]!);
        if (res.coarsened) problem('coarse-resolution', offset, `if_tsresol ${v[0]} is finer than can be kept exactly; timestamps rounded to 1/${res.unitsPerSec} s`);
        break;
      case 10: if (v.length >= 4) tzone = u32(v, 0, le) | 0; break;
      case 11: if (v.length >= 1) filter = utf8TextTrimNul(v.subarray(1)); break;
      case 13: if (v.length >= 1) fcsLength = v[0]!; break;
      case 14: if (v.length >= 8) offsetSec = Number(i64(v, 0, le)); break;
    }
  }
  const name = stringOpt(options, 2);
  const description = stringOpt(options, 3);
  const os = stringOpt(options, 12);
  const hardware = stringOpt(options, 15);
  const ianaTzName = stringOpt(options, 18);
  return {
    runtime: { globalIndex, linkType, snapLen, res, offsetSec },
    info: {
      index: globalIndex, section, localId, offset, linkType, snapLen,
      ...(fcsLength !== undefined ? { fcsLength } : {}),
      tsResolution: res,
      tsOffsetSec: offsetSec,
      ...(name !== undefined ? { name } : {}),
      ...(description !== undefined ? { description } : {}),
      ipv4Addresses, ipv6Addresses,
      ...(macAddress !== undefined ? { macAddress } : {}),
      ...(speed !== undefined ? { speed } : {}),
      ...(filter !== undefined ? { filter } : {}),
      ...(os !== undefined ? { os } : {}),
      ...(hardware !== undefined ? { hardware } : {}),
      ...(tzone !== undefined ? { tzone } : {}),
      ...(ianaTzName !== undefined ? { ianaTzName } : {}),
      comments: commentsOf(options),
      options,
    },
  };
}

export function decodeNameResolution(b: Uint8Array, pos: number, len: number, le: boolean, section: number, offset: number, problem: BlockProblem): NameResolutionBlock {
  const end = pos + len - 4;
  const records: { type: number; address: string; names: string[]; raw?: Uint8Array }[] = [];
  let p = pos + 8;
  let ended = false;
  while (p + 4 <= end) {
    const type = u16(b, p, le);
    const rlen = u16(b, p + 2, le);
    if (type === 0) { p += 4; ended = true; break; }
    if (p + 4 + rlen > end) {
      problem('bad-record', offset + (p - pos), `name record of ${rlen} bytes runs past the block`);
      break;
    }
    const v = b.subarray(p + 4, p + 4 + rlen);
    const addrLen = type === 1 ? 4 : type === 2 ? 16 : type === 3 ? 6 : type === 4 ? 8 : -1;
    if (addrLen < 0 || rlen < addrLen) {
      records.push({ type, address: '', names: [], raw: v.slice() });
    } else {
      const address = type === 1 ? formatIpv4Bytes(v, 0) : type === 2 ? formatIpv6(v, 0) : formatMac(v, 0, addrLen);
      const names = utf8Text(v.subarray(addrLen)).split('\0').filter((s) => s.length > 0);
      records.push({ type, address, names });
    }
    p += 4 + ((rlen + 3) & ~3);
  }
  const options = ended && p < end ? optionsOf(b, p, end, le, offset, pos, problem) : [];
  return { kind: 'nrb', blockType: BT_NRB, offset, section, records, comments: commentsOf(options), options };
}

export function decodeInterfaceStatistics(
  b: Uint8Array, pos: number, len: number, le: boolean,
  section: number, offset: number, iface: number, runtime: InterfaceRuntime | undefined, problem: BlockProblem,
): InterfaceStatisticsBlock {
  const res = runtime?.res ?? MICROSECONDS;
  const off = runtime?.offsetSec ?? 0;
  const ts = ticksToTimestamp(u32(b, pos + 12, le), u32(b, pos + 16, le), res, off);
  const options = len > 24 ? optionsOf(b, pos + 20, pos + len - 4, le, offset, pos, problem) : [];
  const out: { -readonly [K in keyof InterfaceStatisticsBlock]?: InterfaceStatisticsBlock[K] } = {};
  for (const o of options) {
    if (o.value.length < 8) continue;
    const v = o.value;
    switch (o.code) {
      case 2: out.startTime = ticksToTimestamp(u32(v, 0, le), u32(v, 4, le), res, off); break;
      case 3: out.endTime = ticksToTimestamp(u32(v, 0, le), u32(v, 4, le), res, off); break;
      case 4: out.ifRecv = u64(v, 0, le); break;
      case 5: out.ifDrop = u64(v, 0, le); break;
      case 6: out.filterAccept = u64(v, 0, le); break;
      case 7: out.osDrop = u64(v, 0, le); break;
      case 8: out.usrDeliv = u64(v, 0, le); break;
    }
  }
  return { ...out, kind: 'isb', blockType: BT_ISB, offset, section, iface, ts, comments: commentsOf(options), options };
}

const SECRETS_TYPES: Record<number, string> = {
  0x544c534b: 'TLS key log',
  0x5353484b: 'SSH key log',
  0x57474b4c: 'WireGuard key log',
  0x5a4e574b: 'ZigBee NWK key',
  0x5a415053: 'ZigBee APS key',
  0x55414b4c: 'OPC UA key log',
  0x45535053: 'ESP SA',
};

export function decodeDecryptionSecrets(b: Uint8Array, pos: number, len: number, le: boolean, section: number, offset: number, problem: BlockProblem): DecryptionSecretsBlock {
  const secretsType = u32(b, pos + 8, le);
  let secretsLen = u32(b, pos + 12, le);
  const room = len - 20;
  if (secretsLen > room) {
    problem('bad-length', offset, `decryption secrets claim ${secretsLen} bytes; the block holds ${room}`);
    secretsLen = room;
  }
  const optStart = pos + 16 + ((secretsLen + 3) & ~3);
  const options = optStart < pos + len - 4 ? optionsOf(b, optStart, pos + len - 4, le, offset, pos, problem) : [];
  return {
    kind: 'dsb', blockType: BT_DSB, offset, section, secretsType,
    secretsTypeName: SECRETS_TYPES[secretsType] ?? `unknown (0x${secretsType.toString(16)})`,
    secrets: b.slice(pos + 16, pos + 16 + secretsLen),
    comments: commentsOf(options), options,
  };
}

export function decodeCustom(b: Uint8Array, pos: number, len: number, le: boolean, type: number, section: number, offset: number): CustomBlock {
  return {
    kind: 'custom', blockType: type, offset, section,
    copyable: type === BT_CUSTOM_COPY,
    pen: u32(b, pos + 8, le),
    data: b.slice(pos + 12, pos + len - 4),
  };
}

export function decodeJournal(b: Uint8Array, pos: number, len: number, section: number, offset: number): JournalExportBlock {
  // The entry is padded to 32 bits with NULs that are not part of it.
  let end = pos + len - 4;
  while (end > pos + 8 && b[end - 1] === 0) end--;
  return { kind: 'journal', blockType: BT_JOURNAL, offset, section, entry: b.slice(pos + 8, end) };
}
