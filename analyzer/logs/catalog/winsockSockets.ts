/**
 * Microsoft-Windows-Winsock-Sockets (user-mode ws2_32 tracing, Windows 11 builds): the API
 * boundary events (shared/notes/etw-formats.md §1.2, field lists from the manifest dump). Each
 * call is an odd `…Start` event with no payload and an even `…Stop` event with the outcome.
 * `Socket` is the program's SOCKET handle and `ErrorCode` the Winsock error it got, which makes
 * these the closest ETW view of what the program saw. No message texts are known (template null):
 * text exports show these events as name/value pairs.
 */
import type { EventSpec } from './eventSpec';

export const WINSOCK_SOCKETS_PROVIDER = 'Microsoft-Windows-Winsock-Sockets';
export const WINSOCK_SOCKETS_GUID = '{BDE46AEA-2357-51FE-7367-D5296F530BD1}';

function e(id: number, name: string, fields: string): EventSpec {
  return { provider: WINSOCK_SOCKETS_PROVIDER, id, name, fields: fields === '' ? [] : fields.split(' '), template: null };
}

/** The Start names are the notes' `…Start` pattern applied to each Stop's call name. */
export const WINSOCK_SOCKETS_EVENTS: readonly EventSpec[] = [
  e(1, 'SockCreateStart', ''),
  e(2, 'SockCreateStop', 'ErrorCode Socket AddressFamily SocketType Protocol ProcessId FailurePoint'),
  e(3, 'SockCloseStart', ''),
  e(4, 'SockCloseStop', 'ErrorCode Socket IsProviderSocket FailurePoint'),
  e(5, 'SockAcceptStart', ''),
  e(6, 'SockAcceptStop', 'ErrorCode SocketAccepted SocketListening ProcessId FailurePoint'),
  e(7, 'SockSetOptStart', ''),
  e(8, 'SockSetOptStop', 'ErrorCode Socket Level OptName OptLen OptVal FailurePoint'),
  e(9, 'SockConnectStart', ''),
  e(10, 'SockConnectStop', 'ErrorCode Socket AddressLength Address FailurePoint'),
  e(11, 'SockBindStart', ''),
  e(12, 'SockBindStop', 'ErrorCode Socket AddressLength Address FailurePoint'),
  e(13, 'SockGetOptStart', ''),
  e(14, 'SockGetOptStop', 'ErrorCode Socket Level OptName OptLen OptVal FailurePoint'),
  e(15, 'SockListenStart', ''),
  e(16, 'SockListenStop', 'ErrorCode Socket Backlog FailurePoint'),
];
