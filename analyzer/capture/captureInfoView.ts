/**
 * Turns the analyzer's `CaptureInfo` into the JSON-safe `CaptureInfoView`: what `info --json`
 * prints and what the webview renders.
 *
 * `postMessage` structured-clones its payload: bigints would survive it but not JSON, raw options
 * carry Uint8Arrays nobody shows, and exact timestamps must not become floats. So this is the
 * one place that decides how each value is spelt for display. No `vscode` import: unit-testable.
 */

import type { CaptureInfo } from './captureInfo';
import type { InterfaceInfo, SectionInfo } from './types';
import { diffNanoseconds, formatSeconds, type Timestamp, type TsResolution } from './timestamp';
import { isSupportedLinkType, linkTypeName } from '../decode/linkTypes';

/** A capture's summary as the webview shows it (built by `captureInfoView` below). */
export interface CaptureInfoView {
  readonly format: 'pcap' | 'pcapng' | 'unknown';
  /** File size in bytes. */
  readonly bytes: number;
  readonly packets: number;
  /** Copies pktmon wrote of a packet already counted (same `epb_packetid`). */
  readonly duplicates: number;
  /** Exact first/last packet time, `"<seconds>.<9 digits>"` since the epoch (see formatSeconds). */
  readonly firstTime?: string;
  readonly lastTime?: string;
  /** The same instants as UTC calendar time, nanosecond digits kept, e.g. `2024-05-01T12:00:00.123456789Z`. */
  readonly firstTimeUtc?: string;
  readonly lastTimeUtc?: string;
  /** lastTime − firstTime, `"<seconds>.<9 digits>"`. */
  readonly duration?: string;
  /** True when reading stopped before the end of the file (an unrecoverable error). */
  readonly stopped: boolean;
  readonly sections: readonly SectionView[];
  readonly interfaces: readonly InterfaceView[];
  readonly warnings: readonly WarningView[];
  /** Blocks seen, by kind (`epb`, `isb`, …). */
  readonly blockCounts: Readonly<Record<string, number>>;
}

export interface SectionView {
  readonly index: number;
  readonly offset: number;
  readonly format: 'pcap' | 'pcapng';
  readonly byteOrder: 'little' | 'big';
  /** `"2.4"`, `"1.0"`. */
  readonly version: string;
  readonly hardware?: string;
  readonly os?: string;
  readonly userAppl?: string;
  readonly comments: readonly string[];
}

export interface InterfaceView {
  readonly index: number;
  readonly section: number;
  readonly localId: number;
  readonly linkType: number;
  /** `ETHERNET`, `LINUX_SLL2` … when the analyzer knows the link type. */
  readonly linkTypeName?: string;
  readonly snapLen: number;
  /** Packets captured on this interface. */
  readonly packets: number;
  /** Clock resolution in words: `"µs (10^-6 s)"`, `"2^-32 s"`. */
  readonly resolution: string;
  readonly tsOffsetSec: number;
  readonly name?: string;
  readonly description?: string;
  readonly os?: string;
  readonly hardware?: string;
  readonly filter?: string;
  readonly macAddress?: string;
  /** Bits per second, decimal (a u64 in the file). */
  readonly speed?: string;
  readonly addresses: readonly string[];
  readonly comments: readonly string[];
}

export interface WarningView {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly packet?: number;
}

/** The analyzer's name for a link type it decodes (`ETHERNET`, `LINUX_SLL2` …), else undefined. */
export function knownLinkTypeName(linkType: number): string | undefined {
  return isSupportedLinkType(linkType) ? linkTypeName(linkType) : undefined;
}

const DECIMAL_UNITS: Readonly<Record<number, string>> = { 0: 's', 3: 'ms', 6: 'µs', 9: 'ns', 12: 'ps' };

export function describeResolution(res: TsResolution): string {
  let text: string;
  if (res.base === 10) {
    const unit = DECIMAL_UNITS[res.exponent];
    text = unit === undefined ? `10^-${res.exponent} s` : `${unit} (10^-${res.exponent} s)`;
  } else {
    text = `2^-${res.exponent} s`;
  }
  return res.coarsened ? `${text}, kept to ${res.unitsPerSec} units/s` : text;
}

/** Signed nanoseconds as `"<seconds>.<9 digits>"`. */
export function formatNanoseconds(ns: bigint): string {
  const negative = ns < 0n;
  const abs = negative ? -ns : ns;
  const sec = abs / 1_000_000_000n;
  const frac = abs % 1_000_000_000n;
  return `${negative ? '-' : ''}${sec}.${frac.toString().padStart(9, '0')}`;
}

/** UTC calendar time with all nine fraction digits, or undefined beyond what `Date` can hold. */
export function formatUtc(ts: Timestamp): string | undefined {
  const date = new Date(ts.sec * 1000);
  if (!Number.isFinite(date.getTime())) return undefined;
  const digits = formatSeconds(ts).split('.')[1] ?? '000000000';
  // toISOString gives `…T12:34:56.000Z`; the milliseconds are always 000 here (whole seconds).
  const iso = date.toISOString();
  return `${iso.slice(0, iso.lastIndexOf('.'))}.${digits}Z`;
}

function sectionView(s: SectionInfo): SectionView {
  return {
    index: s.index,
    offset: s.offset,
    format: s.format,
    byteOrder: s.byteOrder,
    version: `${s.version.major}.${s.version.minor}`,
    ...(s.hardware !== undefined && { hardware: s.hardware }),
    ...(s.os !== undefined && { os: s.os }),
    ...(s.userAppl !== undefined && { userAppl: s.userAppl }),
    comments: [...s.comments],
  };
}

function interfaceView(i: InterfaceInfo, packets: number): InterfaceView {
  const name = knownLinkTypeName(i.linkType);
  return {
    index: i.index,
    section: i.section,
    localId: i.localId,
    linkType: i.linkType,
    ...(name !== undefined && { linkTypeName: name }),
    snapLen: i.snapLen,
    packets,
    resolution: describeResolution(i.tsResolution),
    tsOffsetSec: i.tsOffsetSec,
    ...(i.name !== undefined && { name: i.name }),
    ...(i.description !== undefined && { description: i.description }),
    ...(i.os !== undefined && { os: i.os }),
    ...(i.hardware !== undefined && { hardware: i.hardware }),
    ...(i.filter !== undefined && { filter: i.filter }),
    ...(i.macAddress !== undefined && { macAddress: i.macAddress }),
    ...(i.speed !== undefined && { speed: i.speed.toString() }),
    addresses: [
      ...i.ipv4Addresses.map((a) => `${a.address}/${a.netmask}`),
      ...i.ipv6Addresses.map((a) => `${a.address}/${a.prefixLength}`),
    ],
    comments: [...i.comments],
  };
}

export function captureInfoView(info: CaptureInfo): CaptureInfoView {
  const warnings: WarningView[] = info.warnings.map((w) => ({
    severity: w.severity,
    code: w.code,
    message: w.message,
    offset: w.offset,
    ...(w.packet !== undefined && { packet: w.packet }),
  }));
  const first = info.firstTs;
  const last = info.lastTs;
  const firstUtc = first && formatUtc(first);
  const lastUtc = last && formatUtc(last);
  return {
    format: info.format,
    bytes: info.bytes,
    packets: info.packets,
    duplicates: info.duplicates,
    ...(first && { firstTime: formatSeconds(first) }),
    ...(last && { lastTime: formatSeconds(last) }),
    ...(firstUtc && { firstTimeUtc: firstUtc }),
    ...(lastUtc && { lastTimeUtc: lastUtc }),
    ...(first && last && { duration: formatNanoseconds(diffNanoseconds(last, first)) }),
    stopped: info.stopped,
    sections: info.sections.map(sectionView),
    interfaces: info.interfaces.map((i) => interfaceView(i, info.packetsPerInterface[i.index] ?? 0)),
    warnings,
    blockCounts: { ...info.blockCounts },
  };
}
