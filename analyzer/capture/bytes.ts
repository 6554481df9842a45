/**
 * Endian-aware reads straight off a byte array. A DataView per block would cost an allocation on
 * the hottest path; these read the bytes in place.
 */
export function u16(b: Uint8Array, o: number, le: boolean): number {
  return le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
}

export function u32(b: Uint8Array, o: number, le: boolean): number {
  return le
    ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
    : ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function i32(b: Uint8Array, o: number, le: boolean): number {
  return u32(b, o, le) | 0;
}

/** 64-bit fields in pcapng are not 8-byte aligned, so they are read as two u32 halves. */
export function u64(b: Uint8Array, o: number, le: boolean): bigint {
  const first = BigInt(u32(b, o, le));
  const second = BigInt(u32(b, o + 4, le));
  return le ? (second << 32n) | first : (first << 32n) | second;
}

export function i64(b: Uint8Array, o: number, le: boolean): bigint {
  return BigInt.asIntN(64, u64(b, o, le));
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Decodes UTF-8, replacing invalid sequences with U+FFFD: comments are often not valid UTF-8. */
export function utf8Text(b: Uint8Array): string {
  return utf8.decode(b);
}

/** Like `utf8Text`, for C strings some writers NUL-terminate although the format says not to. */
export function utf8TextTrimNul(b: Uint8Array): string {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return utf8.decode(b.subarray(0, end));
}

export function hex(value: number, width = 8): string {
  return '0x' + value.toString(16).padStart(width, '0');
}
