import { addProblem, addTruncated } from './problems';
import type { ProblemSink, UdpHeader } from './types';

/**
 * Decodes a UDP header at `off`; bounds as for `decodeTcp`. The payload ends where the UDP
 * length says when that is shorter than the IP payload.
 */
export function decodeUdp(d: Uint8Array, off: number, end: number, wireEnd: number, sink: ProblemSink): UdpHeader | null {
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
  return {
    offset: off,
    srcPort: (d[off] << 8) | d[off + 1],
    dstPort: (d[off + 2] << 8) | d[off + 3],
    length,
    checksum: (d[off + 6] << 8) | d[off + 7],
    payloadOffset,
    payloadLength: capturedEnd > payloadOffset ? capturedEnd - payloadOffset : 0,
    payloadWireLength: udpWireEnd > payloadOffset ? udpWireEnd - payloadOffset : 0,
  };
}
