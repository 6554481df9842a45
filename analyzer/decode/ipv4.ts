import { setPayloadBounds } from './datagram';
import { addProblem, addTruncated } from './problems';
import type { Ipv4Header, ProblemSink, Writable } from './types';

const NO_BYTES = new Uint8Array(0);

/**
 * An IPv4 header with every field present, for `decodeIpv4` to fill in. Fresh and reused
 * headers all come from here, so they share one hidden class.
 */
export function blankIpv4Header(): Writable<Ipv4Header> {
  return {
    version: 4, data: NO_BYTES, offset: 0, headerLength: 0, protocol: 0, ttl: 0, srcOffset: 0, dstOffset: 0,
    isFragment: false, fragmentOffset: 0, moreFragments: false, fragmentId: 0, payloadOffset: 0,
    payloadLength: 0, payloadWireLength: 0, trailerLength: 0, missingLength: 0, zeroLength: false,
    transportDecodable: false, tos: 0, totalLength: 0, flags: 0, dontFragment: false, checksum: 0,
    src: 0, dst: 0, optionsOffset: 0, optionsLength: 0,
  };
}

/**
 * Decodes an IPv4 header at `off`.
 *
 * `end` bounds the captured bytes available to it; `wireEnd` is where the bytes ended on the
 * wire (past `end` when a snap length cut the packet). In a quote (`quoted`), the datagram
 * always claims more than the ICMP message holds, so that shortfall is not a problem.
 *
 * Returns null when not even the 20-byte fixed header is usable. Otherwise the header is
 * written into `into` when given (all of it is overwritten), else into a new object.
 */
export function decodeIpv4(
  d: Uint8Array,
  off: number,
  end: number,
  wireEnd: number,
  sink: ProblemSink,
  quoted: boolean,
  into?: Writable<Ipv4Header>,
): Ipv4Header | null {
  const avail = end - off;
  if (avail < 20) {
    addTruncated(sink, 'ipv4', 'IPv4 header', 20, avail);
    return null;
  }
  const vihl = d[off];
  if (vihl >> 4 !== 4) {
    addProblem(sink, 'ipv4', 'malformed', `IPv4 header has version ${vihl >> 4}`);
    return null;
  }
  const headerLength = (vihl & 0x0f) << 2;
  if (headerLength < 20) {
    addProblem(sink, 'ipv4', 'malformed', `IPv4 header length ${headerLength} is less than 20`);
    return null;
  }
  let decodable = true;
  const totalLength = (d[off + 2] << 8) | d[off + 3];
  const wireAvail = wireEnd - off;
  let length = totalLength;
  const zeroLength = totalLength === 0;
  if (zeroLength) {
    // TSO: the NIC fills the length in later. Wireshark (ip.tso_supported) does the same.
    length = wireAvail;
  } else if (totalLength < headerLength) {
    addProblem(sink, 'ipv4', 'malformed', `IPv4 total length ${totalLength} is less than the header length ${headerLength}`);
    length = headerLength;
    decodable = false;
  } else if (totalLength > wireAvail && !quoted) {
    addProblem(sink, 'ipv4', 'malformed', `IPv4 total length ${totalLength} exceeds the ${wireAvail} bytes on the wire`);
    length = wireAvail;
  }
  let optionsLength = headerLength - 20;
  if (headerLength > avail) {
    addTruncated(sink, 'ipv4', 'IPv4 header', headerLength, avail);
    optionsLength = avail - 20;
    decodable = false;
  }
  const ff = (d[off + 6] << 8) | d[off + 7];
  const flags = ff >> 13;
  const fragmentOffset = (ff & 0x1fff) << 3;
  const moreFragments = (flags & 1) !== 0;
  if (fragmentOffset !== 0) decodable = false;

  const h = into ?? blankIpv4Header();
  h.data = d;
  h.offset = off;
  h.headerLength = headerLength;
  h.protocol = d[off + 9];
  h.ttl = d[off + 8];
  h.srcOffset = off + 12;
  h.dstOffset = off + 16;
  h.isFragment = moreFragments || fragmentOffset !== 0;
  h.fragmentOffset = fragmentOffset;
  h.moreFragments = moreFragments;
  h.fragmentId = (d[off + 4] << 8) | d[off + 5];
  setPayloadBounds(h, off + headerLength, off + length, end);
  h.zeroLength = zeroLength;
  h.transportDecodable = decodable;
  h.tos = d[off + 1];
  h.totalLength = totalLength;
  h.flags = flags;
  h.dontFragment = (flags & 2) !== 0;
  h.checksum = (d[off + 10] << 8) | d[off + 11];
  h.src = ((d[off + 12] << 24) | (d[off + 13] << 16) | (d[off + 14] << 8) | d[off + 15]) >>> 0;
  h.dst = ((d[off + 16] << 24) | (d[off + 17] << 16) | (d[off + 18] << 8) | d[off + 19]) >>> 0;
  h.optionsOffset = off + 20;
  h.optionsLength = optionsLength;
  return h;
}

export interface Ipv4Option {
  /** The whole type byte: copied flag, class and number. */
  readonly type: number;
  readonly copied: boolean;
  readonly optionClass: number;
  readonly number: number;
  /** Offset of the type byte. */
  readonly offset: number;
  /** Whole length (1 for EOL and NOP). */
  readonly length: number;
  /** The length byte was < 2 or ran past the header; parsing stopped here. */
  readonly malformed: boolean;
}

/** The header's options in order, EOL and NOP included. Allocates; for display and rare checks. */
export function parseIpv4Options(ip: Ipv4Header): Ipv4Option[] {
  const d = ip.data;
  const out: Ipv4Option[] = [];
  const end = ip.optionsOffset + ip.optionsLength;
  let i = ip.optionsOffset;
  while (i < end) {
    const type = d[i];
    if (type === 0 || type === 1) {
      out.push(option(type, i, 1, false));
      i++;
      if (type === 0) break;
      continue;
    }
    const len = i + 1 < end ? d[i + 1] : -1;
    if (len < 2 || i + len > end) {
      out.push(option(type, i, end - i, true));
      break;
    }
    out.push(option(type, i, len, false));
    i += len;
  }
  return out;
}

function option(type: number, offset: number, length: number, malformed: boolean): Ipv4Option {
  return { type, copied: (type & 0x80) !== 0, optionClass: (type >> 5) & 3, number: type & 0x1f, offset, length, malformed };
}
