import { linkTypeName } from '../decode/linkTypes';
import { describeResolution } from './captureInfoView';
import { PktmonDuplicates } from './duplicates';
import { compareTimestamps, formatSeconds, type Timestamp } from './timestamp';
import type { AuxBlock, CaptureFormat, CaptureSink, CaptureSummary, CaptureWarning, InterfaceInfo, PacketRecord, SectionInfo } from './types';

export interface CaptureInfo {
  readonly format: CaptureFormat | 'unknown';
  readonly bytes: number;
  readonly sections: SectionInfo[];
  readonly interfaces: InterfaceInfo[];
  readonly packets: number;
  /** Copies pktmon wrote of a packet already counted (same `epb_packetid`). */
  readonly duplicates: number;
  readonly packetsPerInterface: number[];
  readonly firstTs?: Timestamp;
  readonly lastTs?: Timestamp;
  readonly warnings: CaptureWarning[];
  readonly blockCounts: Record<string, number>;
  readonly stopped: boolean;
}

/** Collects what `info` reports: structure, counts and time span, without keeping packets. */
export class CaptureInfoCollector implements CaptureSink {
  private readonly sectionList: SectionInfo[] = [];
  private readonly ifaceList: InterfaceInfo[] = [];
  private readonly perIface: number[] = [];
  private readonly warningList: CaptureWarning[] = [];
  private readonly blocks: Record<string, number> = {};
  private readonly dups = new PktmonDuplicates();
  private first: Timestamp | undefined;
  private last: Timestamp | undefined;

  section(s: SectionInfo): void { this.sectionList.push(s); }
  iface(i: InterfaceInfo): void { this.ifaceList.push(i); this.perIface.push(0); }
  warning(w: CaptureWarning): void { this.warningList.push(w); }
  block(b: AuxBlock): void { this.blocks[b.kind] = (this.blocks[b.kind] ?? 0) + 1; }

  packet(p: PacketRecord): void {
    this.perIface[p.iface] = (this.perIface[p.iface] ?? 0) + 1;
    this.dups.check(p);
    // Simple Packet Blocks carry no time; they must not drag the span back to 1970.
    if (p.kind === 'spb') return;
    if (!this.first || compareTimestamps(p.ts, this.first) < 0) this.first = p.ts;
    if (!this.last || compareTimestamps(p.ts, this.last) > 0) this.last = p.ts;
  }

  result(summary: CaptureSummary): CaptureInfo {
    return {
      format: summary.format,
      bytes: summary.bytes,
      sections: this.sectionList,
      interfaces: this.ifaceList,
      packets: summary.packets,
      duplicates: this.dups.count,
      packetsPerInterface: this.perIface,
      ...(this.first ? { firstTs: this.first } : {}),
      ...(this.last ? { lastTs: this.last } : {}),
      warnings: this.warningList,
      blockCounts: this.blocks,
      stopped: summary.stopped,
    };
  }
}

/** The human form of `info`. */
export function captureInfoText(info: CaptureInfo, file: string): string {
  const lines: string[] = [];
  lines.push(`File:        ${file}`);
  lines.push(`Format:      ${info.format}${info.sections.length > 1 ? `, ${info.sections.length} sections` : ''} (${info.bytes} bytes)`);
  lines.push(`Packets:     ${info.packets}${info.duplicates ? ` (${info.duplicates} pktmon duplicate copies)` : ''}`);
  if (info.firstTs && info.lastTs) {
    lines.push(`First:       ${formatSeconds(info.firstTs)}`);
    lines.push(`Last:        ${formatSeconds(info.lastTs)}`);
  }
  for (const s of info.sections) {
    const bits = [`${s.byteOrder}-endian`, `version ${s.version.major}.${s.version.minor}`];
    if (s.userAppl) bits.push(`written by ${s.userAppl}`);
    if (s.os) bits.push(`on ${s.os}`);
    lines.push(`Section ${s.index}:   ${bits.join(', ')}`);
    for (const c of s.comments) lines.push(`  comment: ${c}`);
  }
  for (const i of info.interfaces) {
    const bits = [`${linkTypeName(i.linkType)} (${i.linkType})`, `resolution ${describeResolution(i.tsResolution)}`, `snaplen ${i.snapLen}`, `${info.packetsPerInterface[i.index] ?? 0} packets`];
    if (i.tsOffsetSec) bits.push(`offset ${i.tsOffsetSec} s`);
    if (i.fcsLength !== undefined) bits.push(`FCS ${i.fcsLength} bytes`);
    const name = i.name ? ` ${i.name}` : '';
    lines.push(`Interface ${i.index}:${name} ${bits.join(', ')}`);
    if (i.description) lines.push(`  description: ${i.description}`);
    for (const a of i.ipv4Addresses) lines.push(`  IPv4: ${a.address}/${a.netmask}`);
    for (const a of i.ipv6Addresses) lines.push(`  IPv6: ${a.address}/${a.prefixLength}`);
  }
  const blocks = Object.entries(info.blockCounts);
  if (blocks.length) lines.push(`Other blocks: ${blocks.map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  if (info.warnings.length) {
    lines.push(`Warnings:    ${info.warnings.length}`);
    for (const w of info.warnings) lines.push(`  ${w.severity}: ${w.message}`);
  }
  if (info.stopped) lines.push('Reading stopped early: the rest of the file could not be read.');
  return lines.join('\n') + '\n';
}
