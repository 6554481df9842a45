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
      out[k] = this.make(v[i]! >> 1, at, ts, frame, smi(v[i + 5]!), smi(v[i + 6]!), smi(v[i + 7]!));
    }
    return out;
  }

  private make(code: number, at: End, ts: Timestamp, frame: number, a: number, b: number, c: number): Happening {
    switch (code) {
      case C.CONNECT_ATTEMPT: return { kind: 'connect-attempt', at, ts, frame, isn: a >>> 0 };
      case C.CONNECT_RETRY: return { kind: 'connect-retry', at, ts, frame, attempt: a, after: RETRY_AFTER[b]! };
      case C.CONNECT_ESTABLISHED: return { kind: 'connect-established', at, ts, frame };
      case C.PEER_CONNECTS: return { kind: 'peer-connects', at, ts, frame };
      case C.CONNECT_REFUSED: return { kind: 'connect-refused', at, ts, frame };
      case C.CONNECT_UNREACHABLE: return { kind: 'connect-unreachable', at, ts, frame, icmp: this.extras![a] as IcmpErrorInfo };
      case C.CONNECT_TIMEOUT: return { kind: 'connect-timeout', at, ts, frame, reason: TIMEOUT_REASON[a]!, attempts: b };
      case C.PEER_SENDS: return { kind: 'peer-sends', at, ts, frame, bytes: a, total: b };
      case C.PEER_SENDS_UNSEEN: return { kind: 'peer-sends', at, ts, frame, bytes: a, total: b, unseen: c };
      case C.PEER_SENDS_OOB: return { kind: 'peer-sends-oob', at, ts, frame, offset: a, value: b };
      case C.PEER_FIN: return { kind: 'peer-fin', at, ts, frame, total: a };
      case C.PEER_RST: return { kind: 'peer-rst', at, ts, frame };
      case C.RST_IGNORED: return { kind: 'rst-ignored', at, ts, frame, reason: this.extras![a] as string };
      case C.LOCAL_FIN: return { kind: 'local-fin', at, ts, frame };
      case C.LOCAL_RST: return { kind: 'local-rst', at, ts, frame };
      case C.PEER_WINDOW_ZERO: return { kind: 'peer-window-zero', at, ts, frame };
      case C.PEER_WINDOW_OPEN: return { kind: 'peer-window-open', at, ts, frame, window: a };
      case C.LOCAL_WINDOW_GROWS: return { kind: 'local-window-grows', at, ts, frame, bytes: a, window: b, granularity: c >> 1, reopened: (c & 1) === 1 };
      case C.ICMP_ERROR: return { kind: 'icmp-error', at, ts, frame, icmp: this.extras![a] as IcmpErrorInfo };
      case C.DATAGRAM: return { kind: 'datagram', at, ts, frame, bytes: a };
      case C.PEER_UNREACHABLE: return { kind: 'peer-unreachable', at, ts, frame, icmp: this.extras![a] as IcmpErrorInfo };
      default: throw new Error(`HappeningLog: unknown code ${code}`);
    }
  }
}

/**
 * `x` as a small integer when it is one. (Once a number too large for one was stored, the
 * array holds every number as a double, and reads give boxed doubles back.)
 */
function smi(x: number): number {
  return (x | 0) === x ? x | 0 : x;
}
