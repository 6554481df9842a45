import type { Timestamp } from '../capture/timestamp';
import type { End, Happening, IcmpErrorInfo } from './happenings';

/*
 * A connection's happenings while it is open, as numbers: the Happening objects are made only
 * when the connection is handed on (`toHappenings`). A busy capture holds thousands of
 * connections through their close linger, and their happenings (and the packets' Timestamp
 * objects they held) were most of the objects the garbage collector had to copy and promote;
 * here they are one array of small integers per connection, reused with it.
 *
 * Entry layout, ENTRY numbers each: code (kind × 2, +1 when `at` is the server), frame, the
 * timestamp's sec, frac and unitsPerSec, then up to three numbers of the kind's own (see
 * `toHappenings`, which writes each kind's fields in the order the emitters always used, so the
 * objects, and their JSON, are as before). Strings and objects (a rare RST's reason, an ICMP
 * error) go to a side list and the entry holds their index.
 *
 * Small integers stay small integers: an ISN is kept as a signed word, and every number read
 * back goes through `smi`. A Timestamp built from a boxed double would turn the `sec`, `frac`
 * and `unitsPerSec` fields of every Timestamp, the reader's included, into boxed doubles, and
 * every packet would pay for it.
 */
export const HappeningCode = {
  CONNECT_ATTEMPT: 0,
  CONNECT_RETRY: 1,
  CONNECT_ESTABLISHED: 2,
  PEER_CONNECTS: 3,
  CONNECT_REFUSED: 4,
  CONNECT_UNREACHABLE: 5,
  CONNECT_TIMEOUT: 6,
  PEER_SENDS: 7,
  /** peer-sends with `unseen`. */
  PEER_SENDS_UNSEEN: 8,
  PEER_SENDS_OOB: 9,
  PEER_FIN: 10,
  PEER_RST: 11,
  RST_IGNORED: 12,
  LOCAL_FIN: 13,
  LOCAL_RST: 14,
  PEER_WINDOW_ZERO: 15,
  PEER_WINDOW_OPEN: 16,
  ICMP_ERROR: 17,
  DATAGRAM: 18,
  PEER_UNREACHABLE: 19,
  LOCAL_WINDOW_GROWS: 20,
} as const;

const C = HappeningCode;

const ENTRY = 8;

/** connect-retry's `after`, by number. */
export const RETRY_AFTER: readonly ('silence' | 'refusal' | 'unreachable')[] = ['silence', 'refusal', 'unreachable'];
/** connect-timeout's `reason`, by number. */
export const TIMEOUT_REASON: readonly ('abandoned' | 'capture-ended')[] = ['abandoned', 'capture-ended'];

export class HappeningLog {
  /** Entries, ENTRY numbers each; only the first `used` numbers are this connection's. */
  private v: number[] = [];
  private used = 0;
  private extras: (string | IcmpErrorInfo)[] | null = null;

  get length(): number {
    return this.used / ENTRY;
  }

  /** Empties the log for a reused connection (the array keeps its storage). */
  clear(): void {
    this.used = 0;
    this.extras = null;
  }

  /** One happening: `code` a HappeningCode, `server` whether `at` is the server. */
  add(code: number, server: boolean, frame: number, ts: Timestamp, a: number, b: number, c: number): void {
    let v = this.v;
    const i = this.used;
    if (i + ENTRY > v.length) {
      // Grown by hand: an array's own growth (push) and `length = 0` call into the runtime.
      const grown = new Array<number>(v.length === 0 ? 4 * ENTRY : 2 * v.length).fill(0);
      for (let k = 0; k < i; k++) grown[k] = v[k]!;
      this.v = v = grown;
    }
    v[i] = code * 2 + (server ? 1 : 0);
    v[i + 1] = frame;
    v[i + 2] = ts.sec;
    v[i + 3] = ts.frac;
    v[i + 4] = ts.unitsPerSec;
    v[i + 5] = a;
    v[i + 6] = b;
    v[i + 7] = c;
    this.used = i + ENTRY;
  }

  /** Keeps a string or object for an entry; returns its index (the entry's number). */
  extra(x: string | IcmpErrorInfo): number {
    const e = (this.extras ??= []);
    e.push(x);
    return e.length - 1;
  }

  /** The Happening objects, in order. Happenings in a row with the same time share one Timestamp. */
  toHappenings(): Happening[] {
    const v = this.v;
    const n = this.used / ENTRY;
    const out: Happening[] = new Array<Happening>(n);
    let ts: Timestamp | null = null;
    for (let i = 0, k = 0; k < n; i += ENTRY, k++) {
      const at: End = (v[i]! & 1) === 0 ? 'client' : 'server';
      const frame = smi(v[i + 1]!);
      const sec = smi(v[i + 2]!);
      const frac = smi(v[i + 3]!);
      const unitsPerSec = smi(v[i + 4]!);
      if (ts === null || ts.sec !== sec || ts.frac !== frac || ts.unitsPerSec !== unitsPerSec) ts = { sec, frac, unitsPerSec };
      const code = v[i]! >> 1;
      const a = smi(v[i + 5]!);
      out[k] = makeHappening(code, at, ts, frame, a, smi(v[i + 6]!), smi(v[i + 7]!), HAS_EXTRA[code] === 1 ? this.extras![a]! : null);
    }
    return out;
  }

  /**
   * The entries as numbers, for an encoder that rebuilds them elsewhere with `makeHappening`:
   * each entry's numbers (code × 2 + server, frame, sec, frac, unitsPerSec, a, b, c, as `add`
   * took them) go into `out` from `i`, and after an entry whose kind has one, `extra` writes its
   * string or ICMP error. Returns the index after the last number written.
   */
  writeEntries(out: Float64Array, i: number, extra: (x: string | IcmpErrorInfo, i: number) => number): number {
    const v = this.v;
    const used = this.used;
    for (let k = 0; k < used; k += ENTRY) {
      out[i] = v[k]!;
      out[i + 1] = v[k + 1]!;
      out[i + 2] = v[k + 2]!;
      out[i + 3] = v[k + 3]!;
      out[i + 4] = v[k + 4]!;
      out[i + 5] = v[k + 5]!;
      out[i + 6] = v[k + 6]!;
      out[i + 7] = v[k + 7]!;
      i += ENTRY;
      if (HAS_EXTRA[v[k]! >> 1] === 1) i = extra(this.extras![v[k + 5]!]!, i);
    }
    return i;
  }
}

/** Numbers per entry (see HappeningLog). */
export const HAPPENING_ENTRY = ENTRY;

/** By HappeningCode: 1 where the kind's `a` is the index of a string or ICMP error. */
export const HAS_EXTRA: readonly number[] = (() => {
  const has: number[] = new Array<number>(Object.keys(C).length).fill(0);
  for (const c of [C.CONNECT_UNREACHABLE, C.RST_IGNORED, C.ICMP_ERROR, C.PEER_UNREACHABLE]) has[c] = 1;
  return has;
})();

/**
 * The Happening of one entry: `a`, `b` and `c` are the kind's numbers as HappeningLog.add took
 * them, `extra` its string or ICMP error. One place makes them, so that a record rebuilt from its
 * numbers on another thread (pipeline/recordCodec.ts) has the same objects, keys in the same
 * order, as the tracker's.
 */
export function makeHappening(
  code: number, at: End, ts: Timestamp, frame: number, a: number, b: number, c: number, extra: string | IcmpErrorInfo | null,
): Happening {
  switch (code) {
    case C.CONNECT_ATTEMPT: return { kind: 'connect-attempt', at, ts, frame, isn: a >>> 0 };
    case C.CONNECT_RETRY: return { kind: 'connect-retry', at, ts, frame, attempt: a, after: RETRY_AFTER[b]! };
    case C.CONNECT_ESTABLISHED: return { kind: 'connect-established', at, ts, frame };
    case C.PEER_CONNECTS: return { kind: 'peer-connects', at, ts, frame };
    case C.CONNECT_REFUSED: return { kind: 'connect-refused', at, ts, frame };
    case C.CONNECT_UNREACHABLE: return { kind: 'connect-unreachable', at, ts, frame, icmp: extra as IcmpErrorInfo };
    case C.CONNECT_TIMEOUT: return { kind: 'connect-timeout', at, ts, frame, reason: TIMEOUT_REASON[a]!, attempts: b };
    case C.PEER_SENDS: return { kind: 'peer-sends', at, ts, frame, bytes: a, total: b };
    case C.PEER_SENDS_UNSEEN: return { kind: 'peer-sends', at, ts, frame, bytes: a, total: b, unseen: c };
    case C.PEER_SENDS_OOB: return { kind: 'peer-sends-oob', at, ts, frame, offset: a, value: b };
    case C.PEER_FIN: return { kind: 'peer-fin', at, ts, frame, total: a };
    case C.PEER_RST: return { kind: 'peer-rst', at, ts, frame };
    case C.RST_IGNORED: return { kind: 'rst-ignored', at, ts, frame, reason: extra as string };
    case C.LOCAL_FIN: return { kind: 'local-fin', at, ts, frame };
    case C.LOCAL_RST: return { kind: 'local-rst', at, ts, frame };
    case C.PEER_WINDOW_ZERO: return { kind: 'peer-window-zero', at, ts, frame };
    case C.PEER_WINDOW_OPEN: return { kind: 'peer-window-open', at, ts, frame, window: a };
    case C.LOCAL_WINDOW_GROWS: return { kind: 'local-window-grows', at, ts, frame, bytes: a, window: b, granularity: c >> 1, reopened: (c & 1) === 1 };
    case C.ICMP_ERROR: return { kind: 'icmp-error', at, ts, frame, icmp: extra as IcmpErrorInfo };
    case C.DATAGRAM: return { kind: 'datagram', at, ts, frame, bytes: a };
    case C.PEER_UNREACHABLE: return { kind: 'peer-unreachable', at, ts, frame, icmp: extra as IcmpErrorInfo };
    default: throw new Error(`HappeningLog: unknown code ${code}`);
  }
}

/** One entry's numbers as HappeningLog.add takes them, and its string or ICMP error. */
export interface HappeningEntry {
  code: number;
  a: number;
  b: number;
  c: number;
  extra: string | IcmpErrorInfo | null;
}

/**
 * The entry numbers of a Happening object (HappeningLog.add's code, a, b, c), the inverse of
 * makeHappening, for records whose happenings are objects (UDP flows). `extra` is the kind's
 * string or ICMP error, when it has one.
 */
export function happeningEntry(h: Happening, out: HappeningEntry): void {
  out.a = 0;
  out.b = 0;
  out.c = 0;
  out.extra = null;
  switch (h.kind) {
    case 'connect-attempt': out.code = C.CONNECT_ATTEMPT; out.a = h.isn | 0; break;
    case 'connect-retry': out.code = C.CONNECT_RETRY; out.a = h.attempt; out.b = RETRY_AFTER.indexOf(h.after); break;
    case 'connect-established': out.code = C.CONNECT_ESTABLISHED; break;
    case 'peer-connects': out.code = C.PEER_CONNECTS; break;
    case 'connect-refused': out.code = C.CONNECT_REFUSED; break;
    case 'connect-unreachable': out.code = C.CONNECT_UNREACHABLE; out.extra = h.icmp; break;
    case 'connect-timeout': out.code = C.CONNECT_TIMEOUT; out.a = TIMEOUT_REASON.indexOf(h.reason); out.b = h.attempts; break;
    case 'peer-sends':
      if ('unseen' in h) {
        out.code = C.PEER_SENDS_UNSEEN;
        out.c = h.unseen!;
      } else {
        out.code = C.PEER_SENDS;
      }
      out.a = h.bytes;
      out.b = h.total;
      break;
    case 'peer-sends-oob': out.code = C.PEER_SENDS_OOB; out.a = h.offset; out.b = h.value; break;
    case 'peer-fin': out.code = C.PEER_FIN; out.a = h.total; break;
    case 'peer-rst': out.code = C.PEER_RST; break;
    case 'rst-ignored': out.code = C.RST_IGNORED; out.extra = h.reason; break;
    case 'local-fin': out.code = C.LOCAL_FIN; break;
    case 'local-rst': out.code = C.LOCAL_RST; break;
    case 'peer-window-zero': out.code = C.PEER_WINDOW_ZERO; break;
    case 'peer-window-open': out.code = C.PEER_WINDOW_OPEN; out.a = h.window; break;
    case 'local-window-grows':
      out.code = C.LOCAL_WINDOW_GROWS; out.a = h.bytes; out.b = h.window; out.c = h.granularity * 2 + (h.reopened ? 1 : 0);
      break;
    case 'icmp-error': out.code = C.ICMP_ERROR; out.extra = h.icmp; break;
    case 'datagram': out.code = C.DATAGRAM; out.a = h.bytes; break;
    case 'peer-unreachable': out.code = C.PEER_UNREACHABLE; out.extra = h.icmp; break;
  }
}

/**
 * `x` as a small integer when it is one. (Once a number too large for one was stored, the
 * array holds every number as a double, and reads give boxed doubles back.)
 */
function smi(x: number): number {
  return (x | 0) === x ? x | 0 : x;
}
