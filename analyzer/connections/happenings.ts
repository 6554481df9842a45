import type { Timestamp } from '../capture/timestamp';

/*
 * Network happenings: what each end of a connection experienced on the wire, in the words the
 * Winsock event model consumes. This is the contract between the connections stage and every
 * later stage (model, replay, views); docs/happenings.md explains each kind with examples.
 *
 * A happening is told from the point of view of one end (`at`): "peer-sends" at the client means
 * the server's bytes became readable at the client. Both ends of every connection get their
 * happenings, whether or not they are local: the local-side decision only says which ends are
 * sockets of the diagnosed program. Happenings of one connection are in capture order (frame
 * order); `frame` is the frame that caused it and `ts` that frame's capture time, except for
 * `connect-timeout`, which no frame causes (see there).
 */

/** The end that opened the connection (sent the first SYN, or the first datagram) or the other. */
export type End = 'client' | 'server';

export function otherEnd(e: End): End {
  return e === 'client' ? 'server' : 'client';
}

interface Base {
  readonly at: End;
  readonly ts: Timestamp;
  readonly frame: number;
}

/** The ICMP or ICMPv6 error that quoted one of this connection's packets. */
export interface IcmpErrorInfo {
  readonly version: 4 | 6;
  readonly type: number;
  readonly code: number;
  /** e.g. "port unreachable", "no route to destination". */
  readonly name: string;
  /** Address of the router or host that sent the error. */
  readonly from: string;
}

/** `at` sent a SYN: connect() was called. The first SYN of the connection. */
export interface ConnectAttempt extends Base { readonly kind: 'connect-attempt'; readonly isn: number }

/**
 * `at` sent its SYN again with the same initial sequence number: after silence (a retransmission
 * timeout) or after a RST answered it (Windows retries a refused connect twice before failing).
 * `attempt` counts SYNs: 2 for the first retry.
 */
export interface ConnectRetry extends Base {
  readonly kind: 'connect-retry';
  readonly attempt: number;
  readonly after: 'silence' | 'refusal' | 'unreachable';
}

/** The peer's SYN/ACK reached `at`, a connecting end: connect() succeeded. */
export interface ConnectEstablished extends Base { readonly kind: 'connect-established' }

/**
 * The handshake completed at `at`, the listening end: the client's ACK of the SYN/ACK (or its
 * first data, when that ACK was not captured) arrived, so a connection is ready for accept().
 */
export interface PeerConnects extends Base { readonly kind: 'peer-connects' }

/** A RST answered `at`'s SYN. A later `connect-retry` (after: 'refusal') means it tried again. */
export interface ConnectRefused extends Base { readonly kind: 'connect-refused' }

/** An ICMP error quoting `at`'s SYN arrived. A later `connect-retry` means the stack kept trying. */
export interface ConnectUnreachable extends Base { readonly kind: 'connect-unreachable'; readonly icmp: IcmpErrorInfo }

/**
 * `at`'s connection attempt got no answer. `abandoned`: the client stopped retransmitting its SYN
 * while the capture went on (ts = when it would have retransmitted next, doubling its last
 * interval, the moment the stack gave up as seen from outside; `frame` = its last SYN);
 * `capture-ended`: the capture stopped while the attempt was still retrying (ts = the capture's
 * last packet, `frame` = the last SYN), so the real outcome is unknown.
 */
export interface ConnectTimeout extends Base {
  readonly kind: 'connect-timeout';
  readonly reason: 'abandoned' | 'capture-ended';
  readonly attempts: number;
}

/**
 * `bytes` more of the peer's stream became readable at `at`: they arrived and everything before
 * them had arrived too. Retransmitted or duplicated bytes are never counted twice; bytes after a
 * gap wait until the gap is filled. `total` = readable bytes so far (out-of-band byte included).
 */
export interface PeerSends extends Base {
  readonly kind: 'peer-sends';
  readonly bytes: number;
  readonly total: number;
  /**
   * Present when the capture never showed these bytes but `at`'s own ACK (this frame) proves
   * they arrived: lost by the capture, or sent before it started.
   */
  readonly unseen?: number;
}

/**
 * The peer marked urgent data: `offset` is the stream offset (from 0 = first data byte) of the
 * out-of-band byte, the one before the urgent pointer (BSD reading, which Windows follows by
 * default); `value` is that byte when it was captured, else -1. Emitted once per new urgent
 * mark, when the segment carrying it arrives.
 */
export interface PeerSendsOob extends Base { readonly kind: 'peer-sends-oob'; readonly offset: number; readonly value: number }

/** The peer's FIN became in order at `at` (every byte before it had arrived): a graceful close. */
export interface PeerFin extends Base { readonly kind: 'peer-fin'; readonly total: number }

/** An acceptable (in-window) RST from the peer arrived at `at`: the connection is reset. */
export interface PeerRst extends Base { readonly kind: 'peer-rst' }

/**
 * A RST from the peer arrived but a receiver would drop it, so nothing happened at `at`:
 * `reason` says why (sequence number outside the window, or the connection already closed).
 */
export interface RstIgnored extends Base { readonly kind: 'rst-ignored'; readonly reason: string }

/** `at` sent a FIN (shutdown(SD_SEND) or closesocket). Only the first FIN of the end counts. */
export interface LocalFin extends Base { readonly kind: 'local-fin' }

/**
 * `at` sent a RST: an abortive close (linger 0), or an answer to a segment it did not expect.
 * Not emitted for the RST a host sends for a port with no listener: no socket exists there.
 */
export interface LocalRst extends Base { readonly kind: 'local-rst' }

/** The peer advertised a zero receive window to `at`: `at` can send nothing more for now. */
export interface PeerWindowZero extends Base { readonly kind: 'peer-window-zero' }

/** The peer's window reopened after being zero: `at` has send space again. `window` is scaled. */
export interface PeerWindowOpen extends Base { readonly kind: 'peer-window-open'; readonly window: number }

/**
 * `at` advertised a receive window whose right edge (acknowledged offset + window) lies `bytes`
 * further into the peer's stream than any it advertised before: its receive buffer freed that
 * much space. That is normally the program reading; receive-window autotuning also grows it.
 * Emitted only when asked for (TrackerOptions.windowEvidence: the `window` application model
 * reads it) and only when both SYNs were seen, so the window scale is known. `window` is the
 * scaled window; `granularity` its unit (2^scale): a right edge is exact only to that.
 * `reopened`: the window before was smaller than the largest `at` ever advertised, so its stack
 * was counting unread bytes and now counts fewer: strong evidence of a read. Otherwise the window
 * only kept pace with the data, which a stack that rounds its window (Linux keeps it unless the
 * free space differs by an MSS) also shows when nothing was read.
 */
export interface LocalWindowGrows extends Base {
  readonly kind: 'local-window-grows';
  readonly bytes: number;
  readonly window: number;
  readonly granularity: number;
  readonly reopened: boolean;
}

/** An ICMP error quoting one of `at`'s packets arrived on an established connection (TCP keeps going). */
export interface IcmpError extends Base { readonly kind: 'icmp-error'; readonly icmp: IcmpErrorInfo }

/** UDP: a datagram of `bytes` payload bytes from the peer arrived at `at`. */
export interface Datagram extends Base { readonly kind: 'datagram'; readonly bytes: number }

/** UDP: an ICMP error quoting a datagram `at` sent (port unreachable …) arrived. */
export interface PeerUnreachable extends Base { readonly kind: 'peer-unreachable'; readonly icmp: IcmpErrorInfo }

export type Happening =
  | ConnectAttempt
  | ConnectRetry
  | ConnectEstablished
  | PeerConnects
  | ConnectRefused
  | ConnectUnreachable
  | ConnectTimeout
  | PeerSends
  | PeerSendsOob
  | PeerFin
  | PeerRst
  | RstIgnored
  | LocalFin
  | LocalRst
  | PeerWindowZero
  | PeerWindowOpen
  | LocalWindowGrows
  | IcmpError
  | Datagram
  | PeerUnreachable;

export type HappeningKind = Happening['kind'];

/** Every kind, in the order docs/happenings.md presents them. */
export const HAPPENING_KINDS: readonly HappeningKind[] = [
  'connect-attempt',
  'connect-retry',
  'connect-established',
  'peer-connects',
  'connect-refused',
  'connect-unreachable',
  'connect-timeout',
  'peer-sends',
  'peer-sends-oob',
  'peer-fin',
  'peer-rst',
  'rst-ignored',
  'local-fin',
  'local-rst',
  'peer-window-zero',
  'peer-window-open',
  'local-window-grows',
  'icmp-error',
  'datagram',
  'peer-unreachable',
];
