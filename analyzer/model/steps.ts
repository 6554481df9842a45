/**
 * What drives the model: the program's calls and the network's happenings, one socket each.
 * Scenario files (scenario.ts) and the replay produce these; `fail` makes a call fail with that
 * error, doing what a failed call does (re-enabling included) and nothing it does only on success.
 */
import type { FdName } from './fdEvents';
import type { Api } from './modelSocket';

export type SendOutcome = 'ok' | 'partial';
export type ShutdownHow = 'SD_SEND' | 'SD_RECEIVE' | 'SD_BOTH';
export type IoctlCode = 'SIO_GET_QOS' | 'SIO_GET_GROUP_QOS' | 'SIO_ROUTING_INTERFACE_CHANGE' | 'SIO_ADDRESS_LIST_CHANGE' | 'FIONBIO';

interface CallBase {
  /** The socket's name. */
  readonly on: string;
  /** Make the call fail with this Winsock error (a name such as WSAEFAULT). */
  readonly fail?: string;
}

export type AppCall =
  | CallBase & { readonly app: 'select'; readonly api?: Api; readonly mask: number; readonly event?: string; readonly window?: string; readonly message?: string }
  | CallBase & { readonly app: 'enum'; /** The hEventObject passed; null passes NULL; absent passes the selected one. */ readonly event?: string | null }
  | CallBase & { readonly app: 'recv'; readonly bytes: number | 'all'; readonly peek: boolean; readonly oob: boolean }
  | CallBase & { readonly app: 'send'; readonly bytes: number; readonly outcome: SendOutcome; /** Bytes a short send took. */ readonly sent?: number }
  | CallBase & { readonly app: 'connect'; readonly blocking: boolean }
  | CallBase & { readonly app: 'bind' }
  | CallBase & { readonly app: 'listen' }
  | CallBase & { readonly app: 'accept'; readonly as?: string }
  | CallBase & { readonly app: 'shutdown'; readonly how: ShutdownHow }
  | CallBase & { readonly app: 'closesocket' }
  | CallBase & { readonly app: 'ioctl'; readonly code: IoctlCode; /** FIONBIO's argument: true = non-blocking. */ readonly value?: boolean }
  | CallBase & { readonly app: 'setsockopt'; readonly name: 'SO_OOBINLINE'; readonly value: boolean };

export type AppName = AppCall['app'];

interface NetBase {
  readonly on: string;
  /** The frame of the capture that showed it, when it comes from one. */
  readonly frame?: number;
}

export type NetHappening =
  | NetBase & { readonly net: 'connect-established' }
  | NetBase & { readonly net: 'connect-refused' | 'connect-timeout' | 'connect-unreachable'; /** Overrides the default FD_CONNECT error. */ readonly error?: string }
  | NetBase & { readonly net: 'peer-connects'; /** Names the queued connection, so later steps can reach it before accept. */ readonly conn?: string }
  | NetBase & { readonly net: 'peer-sends' | 'peer-sends-oob' | 'datagram'; readonly bytes: number }
  | NetBase & { readonly net: 'peer-fin' | 'peer-rst' | 'local-rst' | 'peer-window-zero' | 'peer-window-open' | 'peer-unreachable' }
  | NetBase & { readonly net: 'qos-change' | 'address-list-change' | 'network-down' }
  | NetBase & { readonly net: 'routing-interface-change'; readonly error?: string };

export type NetName = NetHappening['net'];

export const APP_NAMES: readonly AppName[] = ['select', 'enum', 'recv', 'send', 'connect', 'bind', 'listen', 'accept', 'shutdown', 'closesocket', 'ioctl', 'setsockopt'];
export const NET_NAMES: readonly NetName[] = [
  'connect-established', 'connect-refused', 'connect-timeout', 'connect-unreachable', 'peer-connects',
  'peer-sends', 'peer-sends-oob', 'datagram', 'peer-fin', 'peer-rst', 'local-rst', 'peer-window-zero', 'peer-window-open',
  'peer-unreachable', 'qos-change', 'address-list-change', 'network-down', 'routing-interface-change',
];

/** One event as WSAEnumNetworkEvents returns it. */
export interface ReportedEvent {
  readonly event: FdName;
  /** iErrorCode[FD_*_BIT]: 0 or a Winsock error code. */
  readonly error: number;
  /** The rule that recorded it. */
  readonly rule: string;
}

/** One WSAAsyncSelect message (PostMessage / WPUPostMessage). */
export interface PostedMessage {
  readonly socket: string;
  readonly window: string;
  readonly message: string;
  readonly event: FdName;
  readonly error: number;
  /** WSAMAKESELECTREPLY(event, error). */
  readonly lParam: number;
  /** The rule that posted it. */
  readonly rule: string;
}

/** A line of explanation: what the model did or did not do, and the rule that says so. */
export interface Notice {
  readonly socket: string;
  readonly what: 'recorded' | 'posted' | 'not-recorded' | 'signaled' | 'reset' | 'cleared' | 'reenabled' | 'result' | 'state';
  readonly event?: FdName;
  readonly error?: number;
  readonly rule: string;
  /** Extra words for this case (what was not recorded and why, the state that changed). */
  readonly detail?: string;
}

/** What one call or happening did. */
export interface StepOutcome {
  /** 0 for success, else the Winsock error the call returned. Always 0 for a happening. */
  readonly result: number;
  /** What recv/send returned (bytes), when it succeeded. */
  readonly returned?: number;
  /** WSAEnumNetworkEvents' output, when the step was a successful enum. */
  readonly reported?: readonly ReportedEvent[];
  readonly posted: readonly PostedMessage[];
  readonly notices: readonly Notice[];
}

/** A step the model cannot apply: it contradicts the socket's state (a datagram to an unbound socket …). */
export class ImpossibleStep extends Error {}
