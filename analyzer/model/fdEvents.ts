/**
 * The FD_* network events of winsock2.h: bits, names, and what the seeds say about each one
 * (which errors it may carry, which call re-enables it, how it triggers).
 */

/** Bit positions, as winsock2.h's FD_*_BIT: they index `iErrorCode`. */
export const enum FdBit {
  READ = 0,
  WRITE = 1,
  OOB = 2,
  ACCEPT = 3,
  CONNECT = 4,
  CLOSE = 5,
  QOS = 6,
  GROUP_QOS = 7,
  ROUTING_INTERFACE_CHANGE = 8,
  ADDRESS_LIST_CHANGE = 9,
}

/** FD_MAX_EVENTS: the length of WSANETWORKEVENTS.iErrorCode. */
export const FD_MAX_EVENTS = 10;

export type FdName =
  | 'FD_READ' | 'FD_WRITE' | 'FD_OOB' | 'FD_ACCEPT' | 'FD_CONNECT' | 'FD_CLOSE'
  | 'FD_QOS' | 'FD_GROUP_QOS' | 'FD_ROUTING_INTERFACE_CHANGE' | 'FD_ADDRESS_LIST_CHANGE';

/** Index = bit position. */
export const FD_NAMES: readonly FdName[] = [
  'FD_READ', 'FD_WRITE', 'FD_OOB', 'FD_ACCEPT', 'FD_CONNECT', 'FD_CLOSE',
  'FD_QOS', 'FD_GROUP_QOS', 'FD_ROUTING_INTERFACE_CHANGE', 'FD_ADDRESS_LIST_CHANGE',
];

/** FD_ALL_EVENTS: ((1 << FD_MAX_EVENTS) - 1). */
export const FD_ALL_EVENTS = (1 << FD_MAX_EVENTS) - 1;

export function fdMask(bit: FdBit): number {
  return 1 << bit;
}

export function fdBitOf(name: string): FdBit | undefined {
  const i = FD_NAMES.indexOf(name as FdName);
  return i < 0 ? undefined : (i as FdBit);
}

/** The names of the bits set in `mask`, lowest bit first (the order of WSANETWORKEVENTS). */
export function fdNamesOf(mask: number): FdName[] {
  const names: FdName[] = [];
  for (let b = 0; b < FD_MAX_EVENTS; b++) if (mask & (1 << b)) names.push(FD_NAMES[b]!);
  return names;
}

/** `FD_READ|FD_CLOSE (0x21)`, or `0` for an empty mask: how users see masks in code and logs. */
export function formatMask(mask: number): string {
  if (mask === 0) return '0';
  return `${fdNamesOf(mask).join('|')} (0x${mask.toString(16)})`;
}

/**
 * How recording of an event is re-armed once it has been recorded (seed 004, "Having
 * successfully recorded the occurrence of the network event … no further actions are taken for
 * that network event until the application makes the function call that implicitly reenables"):
 * - `level`: the re-enabling call records the event again when its condition still holds
 *   (FD_READ, FD_OOB, FD_ACCEPT: "level-triggered");
 * - `edge`: recorded once per change, re-armed by the call (FD_QOS, FD_GROUP_QOS,
 *   FD_ROUTING_INTERFACE_CHANGE, FD_ADDRESS_LIST_CHANGE: "edge triggered");
 * - `write`: FD_WRITE's own rule (on connection, then after WSAEWOULDBLOCK and space);
 * - `once`: no re-enabling function (FD_CONNECT, FD_CLOSE): the outcome happens once.
 */
export type Trigger = 'level' | 'edge' | 'write' | 'once';

export interface FdEventInfo {
  readonly bit: FdBit;
  readonly name: FdName;
  readonly trigger: Trigger;
  /** The re-enabling function, as the seeds' tables name it (WSA level). */
  readonly reenabledBy: string;
  /** Errors an event may carry in iErrorCode / WSAGETSELECTERROR, per seeds 000, 002–004. */
  readonly errors: readonly string[];
  /** One line for hovers and explanations. */
  readonly meaning: string;
}

/**
 * Errors per event. Seed 000 (LPWSPEnumNetworkEvents) lists five for FD_CONNECT; seeds 002 and
 * 003 (LPWSPAsyncSelect) add WSAEFAULT, WSAEINVAL, WSAEISCONN, WSAEMFILE and WSAENOTCONN. The
 * union is allowed; `SAN_ERRORS` narrows it for seed 001.
 */
export const FD_EVENTS: readonly FdEventInfo[] = [
  { bit: FdBit.READ, name: 'FD_READ', trigger: 'level', reenabledBy: 'recv, recvfrom, WSARecv, WSARecvEx, WSARecvFrom', errors: ['WSAENETDOWN'], meaning: 'data is ready to be read' },
  { bit: FdBit.WRITE, name: 'FD_WRITE', trigger: 'write', reenabledBy: 'send, sendto, WSASend, WSASendTo', errors: ['WSAENETDOWN'], meaning: 'sending is possible' },
  { bit: FdBit.OOB, name: 'FD_OOB', trigger: 'level', reenabledBy: 'recv, recvfrom, WSARecv, WSARecvEx, WSARecvFrom', errors: ['WSAENETDOWN'], meaning: 'out-of-band data is ready to be read with MSG_OOB' },
  { bit: FdBit.ACCEPT, name: 'FD_ACCEPT', trigger: 'level', reenabledBy: 'accept, AcceptEx, WSAAccept (unless it fails with WSATRY_AGAIN)', errors: ['WSAENETDOWN'], meaning: 'a connection is waiting to be accepted' },
  {
    bit: FdBit.CONNECT, name: 'FD_CONNECT', trigger: 'once', reenabledBy: 'none',
    errors: ['WSAEAFNOSUPPORT', 'WSAECONNREFUSED', 'WSAENETUNREACH', 'WSAEFAULT', 'WSAEINVAL', 'WSAEISCONN', 'WSAEMFILE', 'WSAENOBUFS', 'WSAENOTCONN', 'WSAETIMEDOUT'],
    meaning: 'a connect attempt has completed, successfully or not',
  },
  { bit: FdBit.CLOSE, name: 'FD_CLOSE', trigger: 'once', reenabledBy: 'none', errors: ['WSAENETDOWN', 'WSAECONNRESET', 'WSAECONNABORTED'], meaning: 'the connection has been closed' },
  { bit: FdBit.QOS, name: 'FD_QOS', trigger: 'edge', reenabledBy: 'WSAIoctl(SIO_GET_QOS)', errors: ['WSAENETDOWN'], meaning: 'the socket\'s quality of service changed' },
  { bit: FdBit.GROUP_QOS, name: 'FD_GROUP_QOS', trigger: 'edge', reenabledBy: 'WSAIoctl(SIO_GET_GROUP_QOS) (reserved)', errors: ['WSAENETDOWN'], meaning: 'reserved: the socket group\'s quality of service changed' },
  { bit: FdBit.ROUTING_INTERFACE_CHANGE, name: 'FD_ROUTING_INTERFACE_CHANGE', trigger: 'edge', reenabledBy: 'WSAIoctl(SIO_ROUTING_INTERFACE_CHANGE)', errors: ['WSAENETUNREACH', 'WSAENETDOWN'], meaning: 'the local interface to reach the destination changed' },
  { bit: FdBit.ADDRESS_LIST_CHANGE, name: 'FD_ADDRESS_LIST_CHANGE', trigger: 'edge', reenabledBy: 'WSAIoctl(SIO_ADDRESS_LIST_CHANGE)', errors: ['WSAENETDOWN'], meaning: 'the list of local addresses changed' },
];

/** Seed 001: what a SAN provider may report (FD_CONNECT and FD_ACCEPT only). */
export const SAN_ERRORS: Readonly<Partial<Record<FdName, readonly string[]>>> = {
  FD_CONNECT: ['WSAECONNREFUSED', 'WSAENETUNREACH', 'WSAENOBUFS', 'WSAETIMEDOUT'],
  FD_ACCEPT: ['WSAENETDOWN'],
};

/** Seed 001: "the switch previously called the SAN service provider's WSPEventSelect function to register … FD_ACCEPT … and FD_CONNECT". */
export const SAN_SWITCH_MASK = fdMask(FdBit.ACCEPT) | fdMask(FdBit.CONNECT);

/** WSAMAKESELECTREPLY(event, error): lParam of a WSAAsyncSelect message (MAKELONG: error in the high word). */
export function makeSelectReply(event: number, error: number): number {
  return ((error & 0xffff) * 0x10000 + (event & 0xffff)) >>> 0;
}

/** The high and low words back: WSAGETSELECTEVENT and WSAGETSELECTERROR. */
export function selectEvent(lParam: number): number {
  return lParam & 0xffff;
}
export function selectError(lParam: number): number {
  return (lParam >>> 16) & 0xffff;
}
