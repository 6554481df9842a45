/*
 * TCP sequence numbers are 32-bit and wrap. Everything downstream works in unwrapped stream
 * offsets (plain numbers, exact up to 2^53 bytes), so the only place that has to reason about
 * wrapping is the conversion from a wire sequence number to an offset near a known one.
 */

/** b − a as a signed 32-bit distance: positive when b is after a (RFC 793 modular comparison). */
export function seqDelta(a: number, b: number): number {
  return ((b - a) | 0);
}

/**
 * The unwrapped offset of wire sequence number `seq`, given that wire number `refSeq` has offset
 * `refOffset`: the candidate within ±2^31 of the reference.
 */
export function seqToOffset(seq: number, refSeq: number, refOffset: number): number {
  return refOffset + seqDelta(refSeq, seq);
}
