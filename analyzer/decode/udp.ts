import { addProblem, addTruncated } from './problems';
import type { ProblemSink, UdpHeader, Writable } from './types';

/** A UDP header with every field present, for `decodeUdp` to fill in (one hidden class for all). */
export function blankUdpHeader(): Writable<UdpHeader> {
  return { offset: 0, srcPort: 0, dstPort: 0, length: 0, checksum: 0, payloadOffset: 0, payloadLength: 0, payloadWireLength: 0 };
}

/**
 * Decodes a UDP header at `off`; bounds as for `decodeTcp`. The payload ends where the UDP
 * length says when that is shorter than the IP payload. Written into `into` when given.
 */
export function decodeUdp(
  d: Uint8Array, off: number, end: number, wireEnd: number, sink: ProblemSink, into?: Writable<UdpHeader>,
): UdpHeader | null {
  const avail = end - off;
  const wireAvail = wireEnd - off;
  if (avail < 8) {
    if (wireAvail < 8) addProblem(sink, 'udp', 'malformed', `UDP header needs 8 bytes but the IP payload has ${wireAvail}`);
    else addTruncated(sink, 'udp', 'UDP header', 8, avail);
    return null;
  }
  const length = (d[off + 4] << 8) | d[off + 5];
  let datagram = length;
  if (length === 0) {
    // Only legal in an IPv6 jumbogram, where the IP layer carries the length.
    datagram = wireAvail;
  } else if (length < 8) {
    addProblem(sink, 'udp', 'malformed', `UDP length ${length} is less than 8`);
    datagram = 8;
  } else if (length > wireAvail) {
    addProblem(sink, 'udp', 'malformed', `UDP length ${length} exceeds the ${wireAvail} bytes of IP payload`);
    datagram = wireAvail;
  }
  const udpWireEnd = off + datagram;
  const capturedEnd = udpWireEnd < end ? udpWireEnd : end;
  const payloadOffset = off + 8;
  const h = into ?? blankUdpHeader();
  h.offset = off;
  h.srcPort = (d[off] << 8) | d[off + 1];
  h.dstPort = (d[off + 2] << 8) | d[off + 3];
  h.length = length;
  h.checksum = (d[off + 6] << 8) | d[off + 7];
  h.payloadOffset = payloadOffset;
  h.payloadLength = capturedEnd > payloadOffset ? capturedEnd - payloadOffset : 0;
  h.payloadWireLength = udpWireEnd > payloadOffset ? udpWireEnd - payloadOffset : 0;
  return h;
}
