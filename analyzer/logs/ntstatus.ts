/**
 * NTSTATUS values that afd.sys and tcpip.sys put in `Status`, and the Winsock error a program
 * sees for each. AFD completes a request with an NTSTATUS; ws2_32/mswsock turn it into the
 * error WSAGetLastError or WSAEnumNetworkEvents' iErrorCode reports.
 *
 * Values are ntstatus.h's (the notes §1.5 list, plus the network statuses of the same header the
 * mapping below needs).
 *
 * The mapping is the usual NTSTATUS → Winsock table (the one mswsock's status translation
 * applies, as reproduced by Wine, ReactOS and libuv's tables), except where marked:
 * - STATUS_DEVICE_NOT_READY → WSAEWOULDBLOCK: in the usual table; that a non-blocking AFD
 *   send/recv actually completes with it is the notes' guess (§1.5, unverified).
 * - STATUS_LOCAL_DISCONNECT → WSAECONNABORTED and STATUS_REMOTE_DISCONNECT → WSAECONNRESET: the
 *   usual table; the notes only say "→ WSAECONNRESET/ABORTED" without saying which (unverified).
 * - STATUS_PENDING is no error yet: the request is still running (0 here; the program saw
 *   WSA_IO_PENDING or WSAEWOULDBLOCK depending on the call, which the status cannot tell).
 * - STATUS_CANCELLED → WSA_OPERATION_ABORTED (995) and STATUS_GRACEFUL_DISCONNECT → WSAEDISCON
 *   (10101): the usual table; neither code is in WSA_ERRORS, so they are numbers here.
 */
import { wsaCode } from '../model/winsockErrors';

export const STATUS_SUCCESS = 0x00000000;
export const STATUS_PENDING = 0x00000103;

const NAMES: ReadonlyArray<readonly [string, number]> = [
  ['STATUS_SUCCESS', 0x00000000],
  ['STATUS_TIMEOUT', 0x00000102],
  ['STATUS_PENDING', 0x00000103],
  ['STATUS_BUFFER_OVERFLOW', 0x80000005],
  ['STATUS_UNSUCCESSFUL', 0xc0000001],
  ['STATUS_NOT_IMPLEMENTED', 0xc0000002],
  ['STATUS_ACCESS_VIOLATION', 0xc0000005],
  ['STATUS_INVALID_HANDLE', 0xc0000008],
  ['STATUS_INVALID_PARAMETER', 0xc000000d],
  ['STATUS_NO_MEMORY', 0xc0000017],
  ['STATUS_ACCESS_DENIED', 0xc0000022],
  ['STATUS_BUFFER_TOO_SMALL', 0xc0000023],
  ['STATUS_OBJECT_TYPE_MISMATCH', 0xc0000024],
  ['STATUS_SHARING_VIOLATION', 0xc0000043],
  ['STATUS_INSUFFICIENT_RESOURCES', 0xc000009a],
  ['STATUS_DEVICE_NOT_READY', 0xc00000a3],
  ['STATUS_PIPE_DISCONNECTED', 0xc00000b0],
  ['STATUS_IO_TIMEOUT', 0xc00000b5],
  ['STATUS_NOT_SUPPORTED', 0xc00000bb],
  ['STATUS_REMOTE_NOT_LISTENING', 0xc00000bc],
  ['STATUS_BAD_NETWORK_PATH', 0xc00000be],
  ['STATUS_NETWORK_BUSY', 0xc00000bf],
  ['STATUS_UNEXPECTED_NETWORK_ERROR', 0xc00000c4],
  ['STATUS_REQUEST_NOT_ACCEPTED', 0xc00000d0],
  ['STATUS_CANCELLED', 0xc0000120],
  ['STATUS_LOCAL_DISCONNECT', 0xc000013b],
  ['STATUS_REMOTE_DISCONNECT', 0xc000013c],
  ['STATUS_REMOTE_RESOURCES', 0xc000013d],
  ['STATUS_LINK_FAILED', 0xc000013e],
  ['STATUS_LINK_TIMEOUT', 0xc000013f],
  ['STATUS_INVALID_CONNECTION', 0xc0000140],
  ['STATUS_INVALID_ADDRESS', 0xc0000141],
  ['STATUS_INVALID_BUFFER_SIZE', 0xc0000206],
  ['STATUS_INVALID_ADDRESS_COMPONENT', 0xc0000207],
  ['STATUS_TOO_MANY_ADDRESSES', 0xc0000209],
  ['STATUS_ADDRESS_ALREADY_EXISTS', 0xc000020a],
  ['STATUS_ADDRESS_CLOSED', 0xc000020b],
  ['STATUS_CONNECTION_DISCONNECTED', 0xc000020c],
  ['STATUS_CONNECTION_RESET', 0xc000020d],
  ['STATUS_TRANSACTION_ABORTED', 0xc000020f],
  ['STATUS_CONNECTION_REFUSED', 0xc0000236],
  ['STATUS_GRACEFUL_DISCONNECT', 0xc0000237],
  ['STATUS_ADDRESS_ALREADY_ASSOCIATED', 0xc0000238],
  ['STATUS_ADDRESS_NOT_ASSOCIATED', 0xc0000239],
  ['STATUS_CONNECTION_INVALID', 0xc000023a],
  ['STATUS_CONNECTION_ACTIVE', 0xc000023b],
  ['STATUS_NETWORK_UNREACHABLE', 0xc000023c],
  ['STATUS_HOST_UNREACHABLE', 0xc000023d],
  ['STATUS_PROTOCOL_UNREACHABLE', 0xc000023e],
  ['STATUS_PORT_UNREACHABLE', 0xc000023f],
  ['STATUS_REQUEST_ABORTED', 0xc0000240],
  ['STATUS_CONNECTION_ABORTED', 0xc0000241],
  ['STATUS_CONNECTION_COUNT_LIMIT', 0xc0000246],
  ['STATUS_HOST_DOWN', 0xc0000350],
];

const BY_NAME = new Map<string, number>(NAMES);
const BY_VALUE = new Map<number, string>(NAMES.map(([n, v]) => [v, n]));

/** Winsock codes the usual table uses that WSA_ERRORS does not list. */
const WSA_OPERATION_ABORTED = 995;
const WSAEDISCON = 10101;

const TO_WINSOCK = new Map<number, number>([
  [0x80000005, wsaCode('WSAEMSGSIZE')], // BUFFER_OVERFLOW
  [0xc0000002, wsaCode('WSAEINVAL')], // NOT_IMPLEMENTED
  [0xc0000005, wsaCode('WSAEFAULT')], // ACCESS_VIOLATION
  [0xc0000008, wsaCode('WSAENOTSOCK')], // INVALID_HANDLE
  [0xc000000d, wsaCode('WSAEINVAL')], // INVALID_PARAMETER
  [0xc0000017, wsaCode('WSAENOBUFS')], // NO_MEMORY
  [0xc0000022, wsaCode('WSAEACCES')], // ACCESS_DENIED
  [0xc0000023, wsaCode('WSAEFAULT')], // BUFFER_TOO_SMALL
  [0xc0000024, wsaCode('WSAENOTSOCK')], // OBJECT_TYPE_MISMATCH
  [0xc0000043, wsaCode('WSAEADDRINUSE')], // SHARING_VIOLATION
  [0xc000009a, wsaCode('WSAENOBUFS')], // INSUFFICIENT_RESOURCES
  [0xc00000a3, wsaCode('WSAEWOULDBLOCK')], // DEVICE_NOT_READY (use by AFD unverified, see above)
  [0xc00000b0, wsaCode('WSAESHUTDOWN')], // PIPE_DISCONNECTED
  [0xc00000b5, wsaCode('WSAETIMEDOUT')], // IO_TIMEOUT
  [0xc00000bb, wsaCode('WSAEOPNOTSUPP')], // NOT_SUPPORTED
  [0xc00000bc, wsaCode('WSAECONNREFUSED')], // REMOTE_NOT_LISTENING
  [0xc00000be, wsaCode('WSAENETUNREACH')], // BAD_NETWORK_PATH
  [0xc00000bf, wsaCode('WSAENETDOWN')], // NETWORK_BUSY
  [0xc00000c4, wsaCode('WSAENETDOWN')], // UNEXPECTED_NETWORK_ERROR
  [0xc00000d0, wsaCode('WSAEWOULDBLOCK')], // REQUEST_NOT_ACCEPTED
  [0xc0000120, WSA_OPERATION_ABORTED], // CANCELLED
  [0xc000013b, wsaCode('WSAECONNABORTED')], // LOCAL_DISCONNECT (notes: which of the two unverified)
  [0xc000013c, wsaCode('WSAECONNRESET')], // REMOTE_DISCONNECT (same)
  [0xc000013d, wsaCode('WSAENOBUFS')], // REMOTE_RESOURCES
  [0xc000013e, wsaCode('WSAECONNRESET')], // LINK_FAILED
  [0xc000013f, wsaCode('WSAETIMEDOUT')], // LINK_TIMEOUT
  [0xc0000140, wsaCode('WSAENOTCONN')], // INVALID_CONNECTION
  [0xc0000141, wsaCode('WSAEADDRNOTAVAIL')], // INVALID_ADDRESS
  [0xc0000206, wsaCode('WSAEMSGSIZE')], // INVALID_BUFFER_SIZE
  [0xc0000207, wsaCode('WSAEADDRNOTAVAIL')], // INVALID_ADDRESS_COMPONENT
  [0xc0000209, wsaCode('WSAENOBUFS')], // TOO_MANY_ADDRESSES
  [0xc000020a, wsaCode('WSAEADDRINUSE')], // ADDRESS_ALREADY_EXISTS
  [0xc000020c, wsaCode('WSAECONNRESET')], // CONNECTION_DISCONNECTED
  [0xc000020d, wsaCode('WSAECONNRESET')], // CONNECTION_RESET
  [0xc000020f, wsaCode('WSAECONNABORTED')], // TRANSACTION_ABORTED
  [0xc0000236, wsaCode('WSAECONNREFUSED')], // CONNECTION_REFUSED
  [0xc0000237, WSAEDISCON], // GRACEFUL_DISCONNECT
  [0xc000023b, wsaCode('WSAEISCONN')], // CONNECTION_ACTIVE
  [0xc000023c, wsaCode('WSAENETUNREACH')], // NETWORK_UNREACHABLE
  [0xc000023d, wsaCode('WSAEHOSTUNREACH')], // HOST_UNREACHABLE
  [0xc000023e, wsaCode('WSAENETUNREACH')], // PROTOCOL_UNREACHABLE
  [0xc000023f, wsaCode('WSAECONNRESET')], // PORT_UNREACHABLE
  [0xc0000240, wsaCode('WSAEINTR')], // REQUEST_ABORTED
  [0xc0000241, wsaCode('WSAECONNABORTED')], // CONNECTION_ABORTED
  [0xc0000350, wsaCode('WSAEHOSTDOWN')], // HOST_DOWN
]);

/**
 * What `winsockErrorOf` gives for a failure status the table does not know: never a real
 * Winsock code, so a comparison with an expected error fails instead of matching by accident.
 */
export const UNMAPPED_WINSOCK_ERROR = -1;

/**
 * The `status` of a fact whose source gave a Winsock error but no NTSTATUS (Winsock-Sockets
 * events): NTSTATUS values are unsigned, so this is never a real one.
 */
export const NO_NTSTATUS = -1;

/** `STATUS_CONNECTION_REFUSED` for 0xC0000236; undefined when the table lacks it. */
export function ntstatusName(status: number): string | undefined {
  return BY_VALUE.get(status >>> 0);
}

/** The value of a `STATUS_…` name (case-insensitive); undefined when unknown. */
export function ntstatusValue(name: string): number | undefined {
  return BY_NAME.get(name.trim().toUpperCase());
}

/** Severity bits 11 (error) or 10 (warning): the request failed or partly failed. */
export function isFailure(status: number): boolean {
  return (status >>> 0) >= 0x80000000;
}

export function isPending(status: number): boolean {
  return (status >>> 0) === STATUS_PENDING;
}

/**
 * The Winsock error a program sees for a completion status: 0 for success, informational and
 * pending statuses; the mapped code; UNMAPPED_WINSOCK_ERROR for a failure the table lacks.
 */
export function winsockErrorOf(status: number): number {
  const s = status >>> 0;
  if (!isFailure(s)) return 0;
  return TO_WINSOCK.get(s) ?? UNMAPPED_WINSOCK_ERROR;
}

/** `0xC0000236` (upper-case hex, 8 digits), as ntstatus.h and netsh write it. */
export function ntstatusHex(status: number): string {
  return `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}
