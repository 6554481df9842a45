import type { IpHeader } from './types';

/** Dotted quad of an address held as an unsigned 32-bit number. */
export function formatIpv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 0xff}.${(addr >>> 8) & 0xff}.${addr & 0xff}`;
}

/** Dotted quad of 4 bytes at `offset`. */
export function formatIpv4Bytes(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/**
 * RFC 5952 text of the 16 bytes at `offset`: lowercase, no leading zeros, the longest run of
 * two or more zero groups (the first on a tie) as "::". Like inet_ntop and tshark, IPv4-mapped
 * (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses end in a dotted quad.
 */
export function formatIpv6(bytes: Uint8Array, offset: number): string {
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    const zero = bytes[offset + 2 * g] === 0 && bytes[offset + 2 * g + 1] === 0;
    if (zero) {
      if (runStart < 0) runStart = g;
      const len = g - runStart + 1;
      if (len > bestLen) {
        bestLen = len;
        bestStart = runStart;
      }
    } else {
      runStart = -1;
    }
  }
  if (bestLen < 2) bestStart = -1;
  const embedsIpv4 =
    bestStart === 0 &&
    (bestLen === 6 || (bestLen === 5 && bytes[offset + 10] === 0xff && bytes[offset + 11] === 0xff));
  const groups = embedsIpv4 ? 6 : 8;
  let s = '';
  for (let g = 0; g < groups; g++) {
    if (g === bestStart) {
      s += g === 0 ? '::' : ':';
      g += bestLen - 1;
      continue;
    }
    s += ((bytes[offset + 2 * g] << 8) | bytes[offset + 2 * g + 1]).toString(16);
    if (g < 7) s += ':';
  }
  if (embedsIpv4) s += formatIpv4Bytes(bytes, offset + 12);
  return s;
}

/** The header's source or destination address as tshark prints it. */
export function formatIp(ip: IpHeader, which: 'src' | 'dst'): string {
  if (ip.version === 4) return formatIpv4(which === 'src' ? ip.src : ip.dst);
  return formatIpv6(ip.data, which === 'src' ? ip.srcOffset : ip.dstOffset);
}

/** "aa:bb:cc:dd:ee:ff" (or as many bytes as `length`). */
export function formatMac(bytes: Uint8Array, offset: number, length = 6): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const b = bytes[offset + i];
    s += (i === 0 ? '' : ':') + (b < 16 ? '0' : '') + b.toString(16);
  }
  return s;
}
