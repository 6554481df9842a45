import type { IpHeader, Writable } from './types';

/**
 * The fields of an IP header (either version) that follow from where its payload starts, where
 * the datagram ends by its length field (`datagramEnd`) and where the captured bytes end (`end`).
 */
export function setPayloadBounds(h: Writable<IpHeader>, payloadOffset: number, datagramEnd: number, end: number): void {
  const capturedEnd = datagramEnd < end ? datagramEnd : end;
  h.payloadOffset = payloadOffset;
  h.payloadLength = capturedEnd > payloadOffset ? capturedEnd - payloadOffset : 0;
  h.payloadWireLength = datagramEnd > payloadOffset ? datagramEnd - payloadOffset : 0;
  h.trailerLength = end > datagramEnd ? end - datagramEnd : 0;
  h.missingLength = datagramEnd > end ? datagramEnd - end : 0;
}
