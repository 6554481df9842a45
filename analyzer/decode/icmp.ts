import { decodeIpv4 } from './ipv4';
import { decodeIpv6 } from './ipv6';
import { IpProtocol } from './linkTypes';
import { addProblem, addTruncated } from './problems';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';
import type { DecodeLayer, DecodeProblem, IcmpHeader, IcmpQuote, IpHeader, ProblemSink, TcpHeader, UdpHeader } from './types';

/** True for the types that carry the offending datagram: unreachable, quench, redirect, time exceeded, parameter problem. */
export function isIcmpError(version: 4 | 6, type: number): boolean {
  if (version === 4) return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
  return type >= 1 && type <= 4;
}

function isEcho(version: 4 | 6, type: number): boolean {
  return version === 4 ? type === 0 || type === 8 : type === 128 || type === 129;
}

/**
 * Decodes an ICMP (version 4) or ICMPv6 (version 6) header at `off`; bounds as for
 * `decodeTcp`. Error messages get their quoted datagram decoded into `quote`.
 */
export function decodeIcmp(
  d: Uint8Array,
  off: number,
  end: number,
  wireEnd: number,
  version: 4 | 6,
  sink: ProblemSink,
): IcmpHeader | null {
  const layer: DecodeLayer = version === 4 ? 'icmp' : 'icmpv6';
  const name = version === 4 ? 'ICMP' : 'ICMPv6';
  const avail = end - off;
  if (avail < 8) {
    if (wireEnd - off < 8) addProblem(sink, layer, 'malformed', `${name} header needs 8 bytes but the IP payload has ${wireEnd - off}`);
    else addTruncated(sink, layer, `${name} header`, 8, avail);
    return null;
  }
  const type = d[off];
  const code = d[off + 1];
  const echo = isEcho(version, type);
  const isError = isIcmpError(version, type);
  let mtu = -1;
  if (version === 4 && type === 3 && code === 4) mtu = (d[off + 6] << 8) | d[off + 7];
  else if (version === 6 && type === 2) mtu = readU32(d, off + 4);
  return {
    version,
    offset: off,
    type,
    code,
    checksum: (d[off + 2] << 8) | d[off + 3],
    rest: readU32(d, off + 4),
    echoId: echo ? (d[off + 4] << 8) | d[off + 5] : -1,
    echoSeq: echo ? (d[off + 6] << 8) | d[off + 7] : -1,
    mtu,
    isError,
    quote: isError && avail > 8 ? decodeQuote(d, off, end, wireEnd, version, type) : null,
    payloadOffset: off + 8,
    payloadLength: avail - 8,
  };
}

/**
 * RFC 4884 lets an error carry extensions after the quote, giving the quote's length (in
 * 32-bit words for ICMP, 64-bit for ICMPv6) so they can be told apart; 0 means the legacy
 * layout where the quote runs to the end.
 */
function quoteLength(d: Uint8Array, off: number, version: 4 | 6, type: number): number {
  if (version === 4) return type === 3 || type === 11 || type === 12 ? d[off + 5] << 2 : 0;
  return type === 1 || type === 3 ? d[off + 4] << 3 : 0;
}

function decodeQuote(d: Uint8Array, off: number, end: number, wireEnd: number, version: 4 | 6, type: number): IcmpQuote {
  const sink: ProblemSink = { problems: null, truncated: null };
  const start = off + 8;
  const declared = quoteLength(d, off, version, type);
  let qEnd = end;
  let qWireEnd = wireEnd;
  if (declared !== 0 && start + declared <= wireEnd) {
    qWireEnd = start + declared;
    if (qWireEnd < qEnd) qEnd = qWireEnd;
  }
  const ip: IpHeader | null =
    version === 4 ? decodeIpv4(d, start, qEnd, qWireEnd, sink, true) : decodeIpv6(d, start, qEnd, qWireEnd, sink, true);
  let protocol = -1;
  let transportOffset = qEnd;
  let transportLength = 0;
  let srcPort = -1;
  let dstPort = -1;
  let tcpSeq = -1;
  let tcp: TcpHeader | null = null;
  let udp: UdpHeader | null = null;
  let echoId = -1;
  let echoSeq = -1;
  if (ip !== null) {
    protocol = ip.protocol;
    transportOffset = ip.payloadOffset;
    transportLength = ip.payloadLength;
    const t = transportOffset;
    const n = ip.transportDecodable ? transportLength : 0;
    const tWireEnd = ip.payloadOffset + ip.payloadWireLength;
    if (protocol === IpProtocol.TCP || protocol === IpProtocol.UDP) {
      if (n >= 4) {
        srcPort = (d[t] << 8) | d[t + 1];
        dstPort = (d[t + 2] << 8) | d[t + 3];
      }
      if (protocol === IpProtocol.TCP) {
        if (n >= 8) tcpSeq = readU32(d, t + 4);
        // Only a full header is worth decoding; the usual 8-byte quote would just be reported cut.
        if (n >= 20) tcp = decodeTcp(d, t, t + n, tWireEnd, sink);
      } else if (n >= 8) {
        udp = decodeUdp(d, t, t + n, tWireEnd, sink);
      }
    } else if (
      n >= 8 &&
      ((version === 4 && protocol === IpProtocol.ICMP) || (version === 6 && protocol === IpProtocol.ICMPV6)) &&
      isEcho(version, d[t])
    ) {
      echoId = (d[t + 4] << 8) | d[t + 5];
      echoSeq = (d[t + 6] << 8) | d[t + 7];
    }
  }
  const problems: readonly DecodeProblem[] | null = sink.problems;
  return { ip, protocol, transportOffset, transportLength, srcPort, dstPort, tcpSeq, tcp, udp, echoId, echoSeq, problems, truncated: sink.truncated };
}

function readU32(d: Uint8Array, i: number): number {
  return ((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]) >>> 0;
}
