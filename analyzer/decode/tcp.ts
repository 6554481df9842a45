import { addProblem, addTruncated } from './problems';
import type { ProblemSink, TcpHeader, TcpRawOption, Writable } from './types';

export const TcpOptionKind = {
  EOL: 0,
  NOP: 1,
  MSS: 2,
  WINDOW_SCALE: 3,
  SACK_PERMITTED: 4,
  SACK: 5,
  TIMESTAMPS: 8,
} as const;

/** A TCP header with every field present, for `decodeTcp` to fill in (one hidden class for all). */
export function blankTcpHeader(): Writable<TcpHeader> {
  return {
    offset: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, headerLength: 0, flags: 0, window: 0, checksum: 0,
    urgentPointer: 0, optionsOffset: 0, optionsLength: 0, mss: -1, windowScale: -1, sackPermitted: false,
    sackBlocks: null, tsVal: -1, tsEcr: -1, otherOptions: null, optionsMalformed: false, payloadOffset: 0,
    payloadLength: 0, payloadWireLength: 0,
  };
}

/**
 * Decodes a TCP header at `off`. `end` is where the captured segment ends, `wireEnd` where the
 * IP length says it ends. Returns null when the 20-byte fixed header was not captured. Written
 * into `into` when given (all of it is overwritten), else into a new object.
 */
export function decodeTcp(
  d: Uint8Array, off: number, end: number, wireEnd: number, sink: ProblemSink, into?: Writable<TcpHeader>,
): TcpHeader | null {
  const avail = end - off;
  const wireAvail = wireEnd - off;
  if (avail < 20) {
    if (wireAvail < 20) {
      addProblem(sink, 'tcp', 'malformed', `TCP header needs 20 bytes but the IP payload has ${wireAvail}`);
    } else {
      addTruncated(sink, 'tcp', 'TCP header', 20, avail);
    }
    return null;
  }
  let headerLength = (d[off + 12] >> 4) << 2;
  let malformed = false;
  let headerEnd = off + headerLength;
  if (headerLength < 20) {
    addProblem(sink, 'tcp', 'malformed', `TCP data offset ${headerLength} is less than 20`);
    malformed = true;
    headerEnd = off + 20;
  } else if (headerLength > wireAvail) {
    addProblem(sink, 'tcp', 'malformed', `TCP data offset ${headerLength} exceeds the ${wireAvail} bytes of IP payload`);
    malformed = true;
    headerEnd = wireEnd;
  } else if (headerLength > avail) {
    addTruncated(sink, 'tcp', 'TCP header', headerLength, avail);
  }
  const optionsEnd = headerEnd < end ? headerEnd : end;

  // Options, inline: nearly every segment has some, and a list per packet would cost more
  // than the rest of the decode.
  let mss = -1;
  let windowScale = -1;
  let sackPermitted = false;
  let sackBlocks: number[] | null = null;
  let tsVal = -1;
  let tsEcr = -1;
  let otherOptions: TcpRawOption[] | null = null;
  let i = off + 20;
  while (i < optionsEnd) {
    const kind = d[i];
    if (kind === TcpOptionKind.EOL) break;
    if (kind === TcpOptionKind.NOP) {
      i++;
      continue;
    }
    if (i + 1 >= optionsEnd) {
      if (i + 1 >= headerEnd) {
        addProblem(sink, 'tcp', 'malformed', `TCP option ${kind} has no length byte`);
        malformed = true;
      }
      break;
    }
    const len = d[i + 1];
    if (len < 2) {
      addProblem(sink, 'tcp', 'malformed', `TCP option ${kind} has length ${len}`);
      malformed = true;
      break;
    }
    if (i + len > optionsEnd) {
      if (i + len > headerEnd) {
        addProblem(sink, 'tcp', 'malformed', `TCP option ${kind} (length ${len}) runs past the end of the header`);
        malformed = true;
      }
      break;
    }
    switch (kind) {
      case TcpOptionKind.MSS:
        if (len === 4) mss = (d[i + 2] << 8) | d[i + 3];
        else malformed = badLength(sink, kind, len, 4);
        break;
      case TcpOptionKind.WINDOW_SCALE:
        if (len === 3) windowScale = d[i + 2];
        else malformed = badLength(sink, kind, len, 3);
        break;
      case TcpOptionKind.SACK_PERMITTED:
        if (len === 2) sackPermitted = true;
        else malformed = badLength(sink, kind, len, 2);
        break;
      case TcpOptionKind.SACK:
        if (len >= 10 && (len - 2) % 8 === 0) {
          if (sackBlocks === null) sackBlocks = [];
          for (let j = i + 2; j < i + len; j += 4) sackBlocks.push(((d[j] << 24) | (d[j + 1] << 16) | (d[j + 2] << 8) | d[j + 3]) >>> 0);
        } else {
          addProblem(sink, 'tcp', 'malformed', `TCP option 5 (SACK) has length ${len}, expected 2 + 8n`);
          malformed = true;
        }
        break;
      case TcpOptionKind.TIMESTAMPS:
        if (len === 10) {
          tsVal = ((d[i + 2] << 24) | (d[i + 3] << 16) | (d[i + 4] << 8) | d[i + 5]) >>> 0;
          tsEcr = ((d[i + 6] << 24) | (d[i + 7] << 16) | (d[i + 8] << 8) | d[i + 9]) >>> 0;
        } else {
          malformed = badLength(sink, kind, len, 10);
        }
        break;
      default: {
        const raw: TcpRawOption = { kind, offset: i, length: len };
        if (otherOptions === null) otherOptions = [raw];
        else otherOptions.push(raw);
      }
    }
    i += len;
  }

  const payloadOffset = off + (headerLength < 20 ? 20 : headerLength);
  const h = into ?? blankTcpHeader();
  h.offset = off;
  h.srcPort = (d[off] << 8) | d[off + 1];
  h.dstPort = (d[off + 2] << 8) | d[off + 3];
  h.seq = ((d[off + 4] << 24) | (d[off + 5] << 16) | (d[off + 6] << 8) | d[off + 7]) >>> 0;
  h.ack = ((d[off + 8] << 24) | (d[off + 9] << 16) | (d[off + 10] << 8) | d[off + 11]) >>> 0;
  h.headerLength = headerLength;
  h.flags = ((d[off + 12] & 0x0f) << 8) | d[off + 13];
  h.window = (d[off + 14] << 8) | d[off + 15];
  h.checksum = (d[off + 16] << 8) | d[off + 17];
  h.urgentPointer = (d[off + 18] << 8) | d[off + 19];
  h.optionsOffset = off + 20;
  h.optionsLength = optionsEnd - (off + 20);
  h.mss = mss;
  h.windowScale = windowScale;
  h.sackPermitted = sackPermitted;
  h.sackBlocks = sackBlocks;
  h.tsVal = tsVal;
  h.tsEcr = tsEcr;
  h.otherOptions = otherOptions;
  h.optionsMalformed = malformed;
  h.payloadOffset = payloadOffset;
  h.payloadLength = end > payloadOffset ? end - payloadOffset : 0;
  h.payloadWireLength = wireEnd > payloadOffset ? wireEnd - payloadOffset : 0;
  return h;
}

function badLength(sink: ProblemSink, kind: number, len: number, expected: number): true {
  addProblem(sink, 'tcp', 'malformed', `TCP option ${kind} has length ${len}, expected ${expected}`);
  return true;
}

export type TcpOption =
  | { readonly type: 'eol'; readonly kind: 0; readonly offset: number; readonly length: 1 }
  | { readonly type: 'nop'; readonly kind: 1; readonly offset: number; readonly length: 1 }
  | { readonly type: 'mss'; readonly kind: 2; readonly offset: number; readonly length: number; readonly mss: number }
  | { readonly type: 'wscale'; readonly kind: 3; readonly offset: number; readonly length: number; readonly shift: number }
  | { readonly type: 'sack-permitted'; readonly kind: 4; readonly offset: number; readonly length: number }
  | { readonly type: 'sack'; readonly kind: 5; readonly offset: number; readonly length: number; readonly blocks: readonly (readonly [number, number])[] }
  | { readonly type: 'timestamps'; readonly kind: 8; readonly offset: number; readonly length: number; readonly tsVal: number; readonly tsEcr: number }
  /** Any other kind, or a known kind with the wrong length (`malformed`), value bytes kept. */
  | { readonly type: 'other'; readonly kind: number; readonly offset: number; readonly length: number; readonly value: Uint8Array; readonly malformed: boolean };

/**
 * Every option in order, EOL and NOP included: for display and rare checks (allocates).
 * Stops at EOL, at an option the capture cut, or at an option whose length is impossible (that
 * one is returned as `other` with `malformed` set and the bytes that were there).
 */
export function parseTcpOptions(data: Uint8Array, tcp: TcpHeader): TcpOption[] {
  const out: TcpOption[] = [];
  const end = tcp.optionsOffset + tcp.optionsLength;
  const headerEnd = tcp.offset + tcp.headerLength;
  let i = tcp.optionsOffset;
  while (i < end) {
    const kind = data[i];
    if (kind === 0) {
      out.push({ type: 'eol', kind: 0, offset: i, length: 1 });
      break;
    }
    if (kind === 1) {
      out.push({ type: 'nop', kind: 1, offset: i, length: 1 });
      i++;
      continue;
    }
    const hasLength = i + 1 < end;
    const len = hasLength ? data[i + 1] : 0;
    // Cut by the capture rather than broken: nothing more to show.
    const cut = hasLength ? len >= 2 && i + len > end && i + len <= headerEnd : i + 1 < headerEnd;
    if (cut) break;
    if (len < 2 || i + len > end) {
      out.push({ type: 'other', kind, offset: i, length: end - i, value: data.subarray(Math.min(i + 2, end), end), malformed: true });
      break;
    }
    const v = i + 2;
    if (kind === 2 && len === 4) {
      out.push({ type: 'mss', kind, offset: i, length: len, mss: (data[v] << 8) | data[v + 1] });
    } else if (kind === 3 && len === 3) {
      out.push({ type: 'wscale', kind, offset: i, length: len, shift: data[v] });
    } else if (kind === 4 && len === 2) {
      out.push({ type: 'sack-permitted', kind, offset: i, length: len });
    } else if (kind === 5 && len >= 10 && (len - 2) % 8 === 0) {
      const blocks: (readonly [number, number])[] = [];
      for (let j = v; j < i + len; j += 8) blocks.push([readU32(data, j), readU32(data, j + 4)]);
      out.push({ type: 'sack', kind, offset: i, length: len, blocks });
    } else if (kind === 8 && len === 10) {
      out.push({ type: 'timestamps', kind, offset: i, length: len, tsVal: readU32(data, v), tsEcr: readU32(data, v + 4) });
    } else {
      const malformed = kind === 2 || kind === 3 || kind === 4 || kind === 5 || kind === 8;
      out.push({ type: 'other', kind, offset: i, length: len, value: data.subarray(v, i + len), malformed });
    }
    i += len;
  }
  return out;
}

function readU32(d: Uint8Array, i: number): number {
  return ((d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]) >>> 0;
}
