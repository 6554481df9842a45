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

/** The 4 bytes of a dotted quad; null for anything else (no shorthand forms such as "10.1"). */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

/** The 16 bytes of an RFC 4291 text address ("::" and a trailing dotted quad allowed); null when malformed. */
export function parseIpv6(text: string): Uint8Array | null {
  let rest = text;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
  if (v4) {
    const b = parseIpv4(v4[2]!);
    if (b === null) return null;
    tail.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
    rest = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const after = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || after === null) return null;
  const known = head.length + after.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const words = [...head, ...new Array<number>(8 - known).fill(0), ...after, ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/**
 * The address as `formatIp` prints it (so user input compares equal to decoded addresses:
 * "0:0::1" and "::1" are one host), or null when `text` is not an IPv4 or IPv6 address.
 */
export function canonicalIp(text: string): string | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return formatIpv4Bytes(v4, 0);
  const v6 = parseIpv6(text);
  return v6 === null ? null : formatIpv6(v6, 0);
}
