import type { ProblemSink } from '../../analyzer/decode';

export { concat } from '../helpers/captureBuilder';

/**
 * Bytes from a hex listing: whitespace ignored, `#` starts a comment to the end of the line,
 * so fixtures can be laid out field by field with the RFC names beside them.
 */
export function hex(listing: string): Uint8Array {
  const digits = listing.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || /[^0-9a-fA-F]/.test(digits)) throw new Error(`bad hex listing: ${digits}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.substr(2 * i, 2), 16);
  return out;
}

export function sink(): ProblemSink {
  return { problems: null, truncated: null };
}

export function messages(s: { readonly problems: readonly { readonly message: string }[] | null }): string[] {
  return s.problems === null ? [] : s.problems.map((p) => p.message);
}

/** A 20-byte IPv4 header, 10.0.0.1 → 10.0.0.2, protocol 253 (experimental: nothing to decode after it). */
export const IPV4_MINIMAL = hex(`
  45 00 0014   # version 4, IHL 5, TOS 0, total length 20
  0000 0000    # id 0, no flags, offset 0
  40 fd 0000   # TTL 64, protocol 253, checksum
  0a000001     # 10.0.0.1
  0a000002     # 10.0.0.2
`);

/** A 40-byte IPv6 header with No Next Header, ::1 → ::2. */
export const IPV6_MINIMAL = hex(`
  6000 0000                          # version 6, class 0, flow 0
  0000 3b 40                         # payload length 0, next header 59, hop limit 64
  0000 0000 0000 0000 0000 0000 0000 0001   # ::1
  0000 0000 0000 0000 0000 0000 0000 0002   # ::2
`);

/** dst 00:11:22:33:44:55, src 66:77:88:99:aa:bb, without the type field. */
export const ETH_ADDRS = hex('001122334455 66778899aabb');
