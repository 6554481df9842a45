/**
 * What a log record says about a socket, in the replay's own terms: the vocabulary the tie
 * (tie.ts), the clock alignment (clock.ts), the comparison (compare.ts) and the `from log`
 * application model read. logFacts.ts turns records into these; a record that says nothing a
 * socket cares about gives no fact but stays in the log lane.
 */
import type { FdName } from '../model/fdEvents';

/**
 * Whose socket a fact is about, as the log names it. Kernel pointers are only unique within
 * one boot and one kind: an AFD endpoint and a TCPIP Tcb are never the same object.
 */
export interface LogSubject {
  /**
   * `afd`: Winsock-AFD Endpoint pointer; `tcb`: TCPIP Tcb (or TCP endpoint/listener) pointer;
   * `socket`: a user-mode SOCKET handle (Winsock-Sockets events, program logs);
   * `none`: the log gave no identity, only addresses.
   */
  readonly kind: 'afd' | 'tcb' | 'socket' | 'none';
  /** As written, lower-cased (`0xffffe189bd811aa0`, `356`). Empty for `none`. */
  readonly id: string;
}

/** `ip:port` as the connections stage writes it (IPv6 as `[addr]:port`). */
export type EndpointText = string;

interface FactBase {
  readonly subject: LogSubject;
  /** Addresses the record names (connect/accept/bind events, TCPIP `local=`/`remote=`). */
  readonly local?: EndpointText;
  readonly remote?: EndpointText;
  /** The process, when the log names it (AFD create, TCPIP PID=, the line prefix). */
  readonly pid?: number;
}

/**
 * `status`: the NTSTATUS the record carries (0 success); `error`: the Winsock error it maps to
 * (0 when none, WSAEWOULDBLOCK for STATUS_DEVICE_NOT_READY …).
 */
interface Outcome {
  readonly status: number;
  readonly error: number;
}

export type LogFact =
  // The program's calls (Winsock-AFD requests, Winsock-Sockets, program logs).
  | FactBase & { readonly kind: 'socket'; readonly family?: number; readonly type?: 'stream' | 'dgram' | 'other' }
  | FactBase & { readonly kind: 'bind' } & Outcome
  | FactBase & { readonly kind: 'listen'; readonly backlog?: number } & Outcome
  /** `phase`: `request` when the call starts, `complete` with its outcome. */
  | FactBase & { readonly kind: 'connect'; readonly phase: 'request' | 'complete' } & Partial<Outcome>
  /** An accept on a listener; `accepted` names the new socket when the record does. */
  | FactBase & { readonly kind: 'accept'; readonly accepted?: LogSubject; readonly backlog?: number } & Outcome
  | FactBase & { readonly kind: 'recv'; readonly bytes?: number } & Outcome
  | FactBase & { readonly kind: 'send'; readonly bytes?: number } & Outcome
  | FactBase & { readonly kind: 'shutdown'; readonly how?: 'receive' | 'send' | 'both' } & Outcome
  | FactBase & { readonly kind: 'closesocket' } & Partial<Outcome>
  /** WSAEventSelect / WSAAsyncSelect with its mask (AFD legacy 32, program logs). */
  | FactBase & { readonly kind: 'select'; readonly mask: number }
  // What the transport told AFD (Winsock-AFD indications): the causes of FD_* events.
  | FactBase & { readonly kind: 'connect-indication'; readonly backlog?: number }
  | FactBase & { readonly kind: 'data-indication'; readonly bytes?: number }
  | FactBase & { readonly kind: 'disconnect-indication' }
  | FactBase & { readonly kind: 'abort'; readonly by: 'afd' | 'transport'; readonly reason?: string }
  // TCP/IP's view of the connection (Microsoft-Windows-TCPIP).
  | FactBase & {
    readonly kind: 'tcp';
    readonly what:
      | 'connect-request' | 'connect-complete' | 'connect-failed' | 'connect-timeout' | 'connect-rst'
      | 'accept-complete' | 'accept-rejected' | 'close' | 'abort' | 'disconnect-complete' | 'shutdown'
      | 'rst-received' | 'rst-sent' | 'syn-received' | 'rto-timeout' | 'keepalive-timeout' | 'fin-received'
      | 'state' | 'data-received' | 'data-sent' | 'connect-retransmit';
    /** For `state`: the new TCP state's name (`EstablishedState`); `bytes` for data. */
    readonly state?: string;
    readonly bytes?: number;
  } & Partial<Outcome>
  // What the program says it saw (program logs): the events the comparison checks most directly.
  | FactBase & { readonly kind: 'fd-event'; readonly event: FdName; readonly error: number; readonly via: 'enum' | 'message' };

export type LogFactKind = LogFact['kind'];

/** A fact with where it came from: the record's line and time. */
export interface PlacedFact {
  readonly fact: LogFact;
  /** Index of the record in its LogFile's records. */
  readonly record: number;
}
