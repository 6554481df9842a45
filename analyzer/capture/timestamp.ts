/**
 * Exact capture timestamps.
 *
 * A capture's clock ticks in units of 10^-n or 2^-n seconds (pcapng `if_tsresol`), and Winsock
 * timing questions are settled at microsecond or nanosecond level, so a float of seconds (53 bits,
 * about 0.2 µs of precision at today's epoch) or a `Date` (milliseconds) would lose the very
 * ordering users come to check. A timestamp is an exact pair: whole seconds plus a fraction
 * counted in the interface's own units.
 */
export interface Timestamp {
  /** Whole seconds since 1970-01-01 UTC, `if_tsoffset` included. May be negative only if the offset is. */
  readonly sec: number;
  /** Fraction of a second, an integer in [0, unitsPerSec). */
  readonly frac: number;
  /** 10^n or 2^n; at most 2^53 so that `frac` stays exact. */
  readonly unitsPerSec: number;
}

/** Resolution of an interface's clock, decoded from `if_tsresol` (or implied by a pcap magic). */
export interface TsResolution {
  /** 10 for 10^-exponent, 2 for 2^-exponent. */
  readonly base: 10 | 2;
  readonly exponent: number;
  /** base^exponent, capped (see `resolutionFromTsresol`). */
  readonly unitsPerSec: number;
  /**
   * True when the unit is finer than we keep exactly (finer than 2^-53 s or 10^-15 s, which no
   * real capture tool writes): fractions are then kept in the coarser `unitsPerSec`.
   */
  readonly coarsened: boolean;
}

export const MICROSECONDS: TsResolution = { base: 10, exponent: 6, unitsPerSec: 1e6, coarsened: false };
export const NANOSECONDS: TsResolution = { base: 10, exponent: 9, unitsPerSec: 1e9, coarsened: false };

const MAX_EXACT_UNITS = 2 ** 53;

/** Decodes the one-byte `if_tsresol` option: MSB clear means 10^-n, set means 2^-n. */
export function resolutionFromTsresol(byte: number): TsResolution {
  const exponent = byte & 0x7f;
  if ((byte & 0x80) !== 0) {
    const kept = Math.min(exponent, 53);
    return { base: 2, exponent, unitsPerSec: 2 ** kept, coarsened: exponent > kept };
  }
  if (exponent <= 15) return { base: 10, exponent, unitsPerSec: 10 ** exponent, coarsened: false };
  // 10^-16 .. 10^-127: keep 10^-15 exactly; the division below discards the rest.
  return { base: 10, exponent, unitsPerSec: 1e15, coarsened: true };
}

/**
 * Splits a 64-bit tick count (given as two u32 halves) into whole seconds and a fraction.
 *
 * BigInt would be simpler but costs an allocation per packet on the hottest path; long division
 * in base 2^16 keeps every intermediate below 2^53 for any unit up to 2^37 per second, which
 * covers every resolution real tools write (µs, ns, 100 ns for Windows, 2^-32). Finer units take
 * the BigInt path.
 */
export function ticksToTimestamp(hi: number, lo: number, res: TsResolution, offsetSec = 0): Timestamp {
  const u = res.unitsPerSec;
  if (res.base === 2 && !res.coarsened) {
    // Powers of two split by shifting; exponent ≤ 53 and the count < 2^64.
    const e = res.exponent;
    if (e <= 32) {
      const fracLoMask = e === 32 ? 0xffffffff : (2 ** e) - 1;
      const frac = (lo & fracLoMask) >>> 0;
      const sec = hi * 2 ** (32 - e) + Math.floor(lo / 2 ** e);
      return { sec: sec + offsetSec, frac: e === 32 ? lo : frac, unitsPerSec: u };
    }
    return bigTicks(hi, lo, res, offsetSec);
  }
  if (u <= 2 ** 37 && !res.coarsened) {
    const qa = Math.floor(hi / u);
    const b = (hi - qa * u) * 65536 + (lo >>> 16);
    const qb = Math.floor(b / u);
    const c = (b - qb * u) * 65536 + (lo & 0xffff);
    const qc = Math.floor(c / u);
    return { sec: qa * 4294967296 + qb * 65536 + qc + offsetSec, frac: c - qc * u, unitsPerSec: u };
  }
  return bigTicks(hi, lo, res, offsetSec);
}

function bigTicks(hi: number, lo: number, res: TsResolution, offsetSec: number): Timestamp {
  const count = (BigInt(hi) << 32n) | BigInt(lo);
  const full = BigInt(res.base) ** BigInt(res.exponent);
  const sec = count / full;
  const rem = count % full;
  // Scale the remainder down to the unit we keep (exact when nothing is dropped).
  const frac = (rem * BigInt(res.unitsPerSec)) / full;
  return { sec: Number(sec) + offsetSec, frac: Number(frac), unitsPerSec: Math.min(res.unitsPerSec, MAX_EXACT_UNITS) };
}

/**
 * Nanoseconds since the epoch. Exact when the unit divides a nanosecond evenly (10^-0 .. 10^-9);
 * finer or binary units are rounded toward negative infinity, as `formatSeconds` does.
 */
export function toNanoseconds(ts: Timestamp): bigint {
  return BigInt(ts.sec) * 1_000_000_000n + fracToNanos(ts);
}

function fracToNanos(ts: Timestamp): bigint {
  if (ts.unitsPerSec === 1e9) return BigInt(ts.frac);
  if (ts.unitsPerSec <= 1e9 && 1e9 % ts.unitsPerSec === 0) return BigInt(ts.frac * (1e9 / ts.unitsPerSec));
  return (BigInt(ts.frac) * 1_000_000_000n) / BigInt(ts.unitsPerSec);
}

/** `"<seconds>.<9 digits>"`, the textual form used in JSON output (never a float). */
export function formatSeconds(ts: Timestamp): string {
  // Units that divide a second into whole nanoseconds: exact in a number (below 10^9), and far
  // cheaper than a BigInt for each of the millions of events of a large capture.
  if (ts.unitsPerSec <= 1e9 && 1e9 % ts.unitsPerSec === 0) return `${ts.sec}.${String(ts.frac * (1e9 / ts.unitsPerSec)).padStart(9, '0')}`;
  const ns = fracToNanos(ts);
  return `${ts.sec}.${ns.toString().padStart(9, '0')}`;
}

/** Orders two timestamps exactly, even across interfaces with different resolutions. */
export function compareTimestamps(a: Timestamp, b: Timestamp): number {
  if (a.sec !== b.sec) return a.sec < b.sec ? -1 : 1;
  if (a.unitsPerSec === b.unitsPerSec) return a.frac - b.frac;
  const l = BigInt(a.frac) * BigInt(b.unitsPerSec);
  const r = BigInt(b.frac) * BigInt(a.unitsPerSec);
  return l === r ? 0 : l < r ? -1 : 1;
}

/** Difference a − b in nanoseconds (rounded as `toNanoseconds`). */
export function diffNanoseconds(a: Timestamp, b: Timestamp): bigint {
  return toNanoseconds(a) - toNanoseconds(b);
}
