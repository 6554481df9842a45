import { formatSeconds, type Timestamp } from '../capture/timestamp';
import { relativeSeconds } from '../connections/connectionView';
import { packetSummary, type PacketSummary } from '../decode/packetSummary';
import type { PacketLocation } from './packetIndex';

/** One row of the capture editor's packet list: text only, ready to show. */
export interface PacketRowView {
  readonly n: number;
  /** Capture time, `<s>.<9 digits>` (UTC seconds). */
  readonly abs: string;
  /** Seconds after the first packet, to the microsecond, as Wireshark shows them. */
  readonly rel: string;
  /** Seconds since the previous frame. */
  readonly delta: string;
  readonly src: string;
  readonly dst: string;
  /** `TCP`, `UDP`, `ICMP`, `ICMPv6`, `IPv4` … */
  readonly proto: string;
  /** TCP flags as letters (`S`, `SA`, `FA` …), else empty. */
  readonly flags: string;
  readonly len: number;
  readonly info: string;
  /** Decoding problems (a cut header …). */
  readonly problems: readonly string[];
}

const PROTO: Readonly<Record<string, string>> = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', icmpv6: 'ICMPv6', ipv4: 'IPv4', ipv6: 'IPv6' };

function endpoint(addr: string | undefined, port: number | undefined): string {
  if (addr === undefined) return '';
  if (port === undefined) return addr;
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

function info(s: PacketSummary): string {
  if (s.tcp !== undefined) {
    const t = s.tcp;
    const urg = t.flags.includes('U') ? ` Urg=${t.urg}` : '';
    return `${s.sport} → ${s.dport} [${t.flags || '·'}] Seq=${t.seq} Ack=${t.ack} Win=${t.win} Len=${s.payload ?? 0}${urg}`;
  }
  if (s.proto === 'udp') return `${s.sport} → ${s.dport} Len=${s.payload ?? 0}`;
  if (s.icmp !== undefined) return `type ${s.icmp.type} code ${s.icmp.code}${s.icmp.quoted === undefined ? '' : ` quoting ${s.icmp.quoted}`}`;
  return s.proto;
}

/**
 * The row of the packet at `at`, whose captured bytes are `data`; `first` is the capture's first
 * packet's time and `previous` the time of the frame before (null for the first).
 */
export function packetRow(at: PacketLocation, data: Uint8Array, first: Timestamp, previous: Timestamp | null): PacketRowView {
  const s = packetSummary(at.linkType, data, at.len);
  return {
    n: at.n,
    abs: formatSeconds(at.ts),
    rel: relativeSeconds(at.ts, first),
    delta: relativeSeconds(at.ts, previous ?? at.ts),
    src: s.proto === 'tcp' || s.proto === 'udp' ? endpoint(s.src, s.sport) : endpoint(s.src, undefined),
    dst: s.proto === 'tcp' || s.proto === 'udp' ? endpoint(s.dst, s.dport) : endpoint(s.dst, undefined),
    proto: PROTO[s.proto] ?? s.proto,
    flags: s.tcp?.flags ?? '',
    len: at.len,
    info: info(s),
    problems: s.problems ?? [],
  };
}
