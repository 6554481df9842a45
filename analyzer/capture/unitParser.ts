/**
 * A capture format seen as a sequence of self-delimiting units (the pcap global header and
 * records; pcapng blocks). The reader owns buffering and chunk boundaries; a format only says how
 * many bytes its next unit needs and then handles that unit. Keeping the two apart is what lets
 * one conformance suite feed every format in chunks of any size.
 */
export interface UnitParser {
  /**
   * Bytes needed at `pos` before `parse` can make progress: a header's size while the unit's
   * length is unknown, then the whole unit. Never less than 1. Must not report anything.
   */
  required(b: Uint8Array, pos: number, avail: number): number;

  /**
   * Handles the unit at `pos`. Called with `avail >= required(...)`, or with less when `final`
   * (the input has ended). Returns the bytes consumed; 0 is allowed only when the parser changed
   * state (so the next `required` differs), which keeps every loop finite.
   */
  parse(b: Uint8Array, pos: number, avail: number, offset: number, final: boolean): number;

  /**
   * Optional fast path: handles as many whole, ordinary units at `pos` as `b[pos, pos + avail)`
   * holds, exactly as `parse` would one by one, and returns the bytes consumed (0 when the next
   * unit needs `parse`: incomplete, odd, or one that would report something). `offset` is the
   * file offset of `pos`.
   */
  parseRun?(b: Uint8Array, pos: number, avail: number, offset: number): number;
}
