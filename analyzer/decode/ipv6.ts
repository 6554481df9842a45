import { IpProtocol } from './linkTypes';
import { addProblem, addTruncated } from './problems';
import type { Ipv6Extension, Ipv6Header, ProblemSink } from './types';

/** Extension headers this walk steps over; ESP (50) and No Next Header (59) end it. */
function isExtension(next: number): boolean {
  return (
    next === IpProtocol.HOP_BY_HOP ||
    next === IpProtocol.ROUTING ||
    next === IpProtocol.FRAGMENT ||
    next === IpProtocol.DESTINATION_OPTIONS ||
    next === IpProtocol.AH ||
    next === IpProtocol.MOBILITY
  );
}

export function ipv6ExtensionName(type: number): string {
  switch (type) {
    case IpProtocol.HOP_BY_HOP:
      return 'Hop-by-Hop Options';
    case IpProtocol.ROUTING:
      return 'Routing';
    case IpProtocol.FRAGMENT:
      return 'Fragment';
    case IpProtocol.DESTINATION_OPTIONS:
      return 'Destination Options';
    case IpProtocol.AH:
      return 'Authentication';
    case IpProtocol.MOBILITY:
      return 'Mobility';
    default:
      return `type ${type}`;
  }
}

/**
 * Decodes an IPv6 header at `off` and walks its extension headers. Bounds as for `decodeIpv4`.
 * Returns null when the 40-byte fixed header is not usable.
 */
export function decodeIpv6(
  d: Uint8Array,
  off: number,
  end: number,
  wireEnd: number,
  sink: ProblemSink,
  quoted: boolean,
): Ipv6Header | null {
  const avail = end - off;
  if (avail < 40) {
    addTruncated(sink, 'ipv6', 'IPv6 header', 40, avail);
    return null;
  }
  const b0 = d[off];
  if (b0 >> 4 !== 6) {
    addProblem(sink, 'ipv6', 'malformed', `IPv6 header has version ${b0 >> 4}`);
    return null;
  }
  const payloadLengthField = (d[off + 4] << 8) | d[off + 5];
  const nextHeader = d[off + 6];
  const wireAvail = wireEnd - off;
  let length = 40 + payloadLengthField;
  // Zero means a jumbogram or, in practice, a TSO segment the NIC had not sized yet; the
  // wire length covers both.
  const zeroLength = payloadLengthField === 0 && nextHeader !== IpProtocol.NO_NEXT_HEADER;
  if (zeroLength) {
    length = wireAvail;
  } else if (length > wireAvail && !quoted) {
    addProblem(sink, 'ipv6', 'malformed', `IPv6 payload length ${payloadLengthField} exceeds the ${wireAvail - 40} bytes on the wire`);
    length = wireAvail;
  }
  const datagramEnd = off + length;
  const capturedEnd = datagramEnd < end ? datagramEnd : end;

  let next = nextHeader;
  let pos = off + 40;
  let extensions: Ipv6Extension[] | null = null;
  let decodable = true;
  let isFragment = false;
  let moreFragments = false;
  let fragmentOffset = 0;
  let fragmentId = -1;
  while (isExtension(next)) {
    let len = 8;
    if (next !== IpProtocol.FRAGMENT && pos + 2 <= capturedEnd) {
      len = next === IpProtocol.AH ? (d[pos + 1] + 2) << 2 : (d[pos + 1] + 1) << 3;
    }
    if (pos + len > capturedEnd) {
      if (pos + len > datagramEnd) {
        addProblem(sink, 'ipv6', 'malformed', `IPv6 ${ipv6ExtensionName(next)} header runs past the end of the packet`);
      } else {
        addTruncated(sink, 'ipv6', `IPv6 ${ipv6ExtensionName(next)} header`, len, capturedEnd - pos);
      }
      decodable = false;
      break;
    }
    const ext: Ipv6Extension = { type: next, offset: pos, length: len, nextHeader: d[pos] };
    if (extensions === null) extensions = [ext];
    else extensions.push(ext);
    next = d[pos];
    if (ext.type === IpProtocol.FRAGMENT) {
      fragmentOffset = ((d[pos + 2] << 8) | d[pos + 3]) & 0xfff8;
      moreFragments = (d[pos + 3] & 1) !== 0;
      fragmentId = ((d[pos + 4] << 24) | (d[pos + 5] << 16) | (d[pos + 6] << 8) | d[pos + 7]) >>> 0;
      // Offset 0 with M clear is an "atomic fragment" (RFC 6946): a whole datagram.
      isFragment = moreFragments || fragmentOffset !== 0;
      if (fragmentOffset !== 0) {
        // What follows is the middle of someone else's payload, not more headers.
        pos += len;
        decodable = false;
        break;
      }
    }
    pos += len;
  }
  const payloadLength = capturedEnd > pos ? capturedEnd - pos : 0;
  const payloadWireLength = datagramEnd > pos ? datagramEnd - pos : 0;
  return {
    version: 6,
    data: d,
    offset: off,
    headerLength: pos - off,
    protocol: next,
    ttl: d[off + 7],
    srcOffset: off + 8,
    dstOffset: off + 24,
    isFragment,
    fragmentOffset,
    moreFragments,
    fragmentId,
    payloadOffset: pos,
    payloadLength,
    payloadWireLength,
    trailerLength: end > datagramEnd ? end - datagramEnd : 0,
    missingLength: datagramEnd > end ? datagramEnd - end : 0,
    zeroLength,
    transportDecodable: decodable,
    trafficClass: ((b0 & 0x0f) << 4) | (d[off + 1] >> 4),
    flowLabel: ((d[off + 1] & 0x0f) << 16) | (d[off + 2] << 8) | d[off + 3],
    payloadLengthField,
    nextHeader,
    hopLimit: d[off + 7],
    extensions,
  };
}
