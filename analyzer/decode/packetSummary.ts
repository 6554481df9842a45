import { formatIp } from './address';
import { decodePacket } from './decodePacket';
import { tcpFlagLetters } from './tcpFlags';

/** The per-packet facts a packet list shows, with addresses as text (only for display paths). */
export interface PacketSummary {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, else the network protocol (`ipv4`, `ipv6`, `ethertype-0x0806` …) or `unsupported`. */
  readonly proto: string;
  readonly src?: string;
  readonly dst?: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly tcp?: { readonly flags: string; readonly seq: number; readonly ack: number; readonly win: number; readonly urg: number };
  readonly icmp?: { readonly type: number; readonly code: number; readonly quoted?: string };
  /** TCP/UDP payload bytes as on the wire (what `tcp.len` / `udp.length - 8` say). */
  readonly payload?: number;
  readonly problems?: readonly string[];
}

export function packetSummary(linkType: number, data: Uint8Array, len: number): PacketSummary {
  const d = decodePacket(linkType, data, len);
  const problems = d.problems ? d.problems.map((p) => p.message) : undefined;
  const base = problems ? { problems } : {};
  const ip = d.ip;
  if (!ip) {
    const proto = d.link.kind === 'unsupported' ? 'unsupported' : d.link.network === 'other' ? `ethertype-0x${d.link.protocol.toString(16).padStart(4, '0')}` : 'other';
    return { proto, ...base };
  }
  const addrs = { src: formatIp(ip, 'src'), dst: formatIp(ip, 'dst') };
  if (d.tcp) {
    const t = d.tcp;
    return {
      proto: 'tcp', ...addrs, sport: t.srcPort, dport: t.dstPort,
      tcp: { flags: tcpFlagLetters(t.flags), seq: t.seq, ack: t.ack, win: t.window, urg: t.urgentPointer },
      payload: t.payloadWireLength, ...base,
    };
  }
  if (d.udp) {
    return { proto: 'udp', ...addrs, sport: d.udp.srcPort, dport: d.udp.dstPort, payload: d.udp.payloadWireLength, ...base };
  }
  if (d.icmp) {
    const q = d.icmp.quote;
    // An error usually quotes only 8 bytes of TCP: ports and sequence, not a whole header.
    const quotedProto = q?.protocol === 6 ? 'tcp' : q?.protocol === 17 ? 'udp' : undefined;
    const quoted = q && q.ip && quotedProto && q.srcPort >= 0
      ? `${quotedProto} ${formatIp(q.ip, 'src')}:${q.srcPort} → ${formatIp(q.ip, 'dst')}:${q.dstPort}`
      : undefined;
    return {
      proto: d.icmp.version === 4 ? 'icmp' : 'icmpv6', ...addrs,
      icmp: { type: d.icmp.type, code: d.icmp.code, ...(quoted ? { quoted } : {}) }, ...base,
    };
  }
  return { proto: ip.version === 4 ? 'ipv4' : 'ipv6', ...addrs, ...base };
}
