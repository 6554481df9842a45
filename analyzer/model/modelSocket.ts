import { FD_MAX_EVENTS } from './fdEvents';

/** Which notification API a selection uses. */
export type Api = 'WSAEventSelect' | 'WSAAsyncSelect';

/** A WSAEVENT: several sockets may share one (an accepted socket inherits its listener's). */
export interface EventObject {
  readonly name: string;
  signaled: boolean;
}

export interface Selection {
  readonly api: Api;
  /** The events asked for (after the SAN switch's narrowing, when it applies). */
  readonly mask: number;
  /** WSAEventSelect's event object; null for WSAAsyncSelect. */
  readonly event: EventObject | null;
  /** WSAAsyncSelect's hWnd and wMsg (names, as a scenario gives them). */
  readonly window: string;
  readonly message: string;
}

export type Phase = 'new' | 'bound' | 'listening' | 'connecting' | 'connected' | 'failed' | 'closed';

/**
 * A connection waiting in a listener's backlog. It already has a life of its own: data, a FIN
 * or a RST may reach it before accept, and the accepted socket starts from that.
 */
export interface PendingConnection {
  readonly name: string | null;
  unread: number;
  oob: number;
  peerFin: boolean;
  /** The reset's FD_CLOSE error (per profile) when the peer reset it; 0 when not reset. */
  abortError: number;
}

/** One socket's state as the provider keeps it. */
export class ModelSocket {
  phase: Phase;
  nonBlocking = false;
  oobInline = false;
  selection: Selection | null = null;
  /** The event object of the last WSAEventSelect, kept after cancellation so its state can be shown. */
  lastEvent: EventObject | null = null;

  /** lNetworkEvents and iErrorCode of the internal record (WSAEventSelect only). */
  record = 0;
  readonly recordErrors = new Array<number>(FD_MAX_EVENTS).fill(0);
  /** The rule that recorded each slot, so a report can say why. */
  readonly recordRules = new Array<string>(FD_MAX_EVENTS).fill('');
  /** Events recorded or posted and awaiting their re-enabling call. */
  disabled = 0;

  // Conditions.
  /** Unread normal bytes (stream), with inline out-of-band bytes counted in. */
  unread = 0;
  /** Unread out-of-band bytes (SO_OOBINLINE off). */
  oob = 0;
  /** Unread datagrams' sizes, oldest first. */
  readonly datagrams: number[] = [];
  /** A datagram socket's pending ICMP error (port unreachable): the next recv fails with it. */
  datagramError = 0;
  readonly backlog: PendingConnection[] = [];
  peerFin = false;
  /** Nonzero once the connection was reset or aborted: the FD_CLOSE error. */
  abortError = 0;
  /** The error recv and send give after the abort (WSAECONNRESET after a peer's RST). */
  abortCallError = 0;
  sendShut = false;
  recvShut = false;
  /** A send failed with WSAEWOULDBLOCK or sent less than asked, and no space has come since. */
  writeBlocked = false;
  /** The outcome of the connect, once known: 0 = connected, else its error. */
  connectError: number | null = null;
  /** FD_CLOSE was reported under the current selection. */
  closeReported = false;
  /** FD_QOS: the QOS changed and the program has not asked for it since (SIO_GET_QOS). */
  qosChanged = false;
  /** SIO_ROUTING_INTERFACE_CHANGE / SIO_ADDRESS_LIST_CHANGE issued and not yet answered. */
  routingArmed = false;
  addressArmed = false;

  constructor(
    readonly name: string,
    readonly type: 'stream' | 'dgram',
    phase: Phase,
  ) {
    this.phase = phase;
  }

  get closed(): boolean {
    return this.phase === 'closed';
  }

  /** The event object whose state a step shows: the selected one, else the last one used. */
  get eventObject(): EventObject | null {
    return this.selection?.event ?? this.lastEvent;
  }
}
