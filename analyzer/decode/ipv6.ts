import * as linkTypes from './linkTypes';
import { setPayloadBounds } from './datagram';
import { addProblem, addTruncated } from './problems';
import type { Ipv6Extension, Ipv6Header, ProblemSink, Writable } from './types';

// Read once, not through the import on every packet: where imports are getters (tsx, which runs
// the tests and the benchmarks), each read is a call.
const { IpProtocol } = linkTypes;

const NO_BYTES = new Uint8Array(0);

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

/** An IPv6 header with every field present, for `decodeIpv6` to fill in (one hidden class for all). */
export function blankIpv6Header(): Writable<Ipv6Header> {
  return {
    version: 6, data: NO_BYTES, offset: 0, headerLength: 0, protocol: 0, ttl: 0, srcOffset: 0, dstOffset: 0,
    isFragment: false, fragmentOffset: 0, moreFragments: false, fragmentId: 0, payloadOffset: 0,
    payloadLength: 0, payloadWireLength: 0, trailerLength: 0, missingLength: 0, zeroLength: false,
    transportDecodable: false, trafficClass: 0, flowLabel: 0, payloadLengthField: 0, nextHeader: 0,
    hopLimit: 0, extensions: null,
  };
}

/**
 * Decodes an IPv6 header at `off` and walks its extension headers. Bounds as for `decodeIpv4`.
 * Returns null when the 40-byte fixed header is not usable. Written into `into` when given.
 */
export function decodeIpv6(
  d: Uint8Array,
  off: number,
  end: number,
  wireEnd: number,
  sink: ProblemSink,
  quoted: boolean,
  into?: Writable<Ipv6Header>,
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
  const h = into ?? blankIpv6Header();
  h.data = d;
  h.offset = off;
  h.headerLength = pos - off;
  h.protocol = next;
  h.ttl = d[off + 7];
  h.srcOffset = off + 8;
  h.dstOffset = off + 24;
  h.isFragment = isFragment;
  h.fragmentOffset = fragmentOffset;
  h.moreFragments = moreFragments;
  h.fragmentId = fragmentId;
  setPayloadBounds(h, pos, datagramEnd, end);
  h.zeroLength = zeroLength;
  h.transportDecodable = decodable;
  h.trafficClass = ((b0 & 0x0f) << 4) | (d[off + 1] >> 4);
  h.flowLabel = ((d[off + 1] & 0x0f) << 16) | (d[off + 2] << 8) | d[off + 3];
  h.payloadLengthField = payloadLengthField;
  h.nextHeader = nextHeader;
  h.hopLimit = d[off + 7];
  h.extensions = extensions;
  return h;
}
