/**
 * Every rule the event model applies, with a stable id, one line a user reads, and where it comes
 * from. Seeds are the five documents in shared/seeds (000 LPWSPEnumNetworkEvents, 001 SAN
 * WSPEnumNetworkEvents, 002/003 LPWSPAsyncSelect, 004 WSAEventSelect); `windows` rules cite the
 * public tests that show real Windows behaviour (Wine's dlls/ws2_32/tests/sock.c, whose
 * expectations are what Windows does: they run on Windows in Wine's test farm).
 *
 * Ids are part of the JSON output: never rename one, add a new one instead.
 */

export type RuleProfile = 'both' | 'documented' | 'windows';

export interface Rule {
  readonly id: string;
  /** One line: what happens and why. */
  readonly text: string;
  /** Where it comes from: a seed and its words, or a test on real Windows. */
  readonly source: string;
  readonly profile: RuleProfile;
  /** For a rule that holds in one profile: how the other profile differs, in one line. */
  readonly divergence?: string;
}

/** Wine's conformance tests, as of Wine 11.13 (wine-tkg mirror commit 1ade8af1, identical upstream): they run on Windows. */
const WINE_SOCK = 'Wine dlls/ws2_32/tests/sock.c (11.13)';

const RULE_LIST: readonly Rule[] = [
  // --- selection
  { id: 'select.starts', profile: 'both', text: 'Recording starts with a select call with a nonzero mask.', source: 'seed 000: "Recording of network events commences when LPWSPEventSelect or LPWSPAsyncSelect is called with a nonzero lNetworkEvents argument"' },
  { id: 'select.cancel', profile: 'both', text: 'A select call with mask 0 stops recording and posting.', source: 'seed 000: "remains in effect until another corresponding call is made … with the lNetworkEvents argument set to zero"; seed 004: "lNetworkEvents should be set to zero"' },
  { id: 'select.replaces', profile: 'both', text: 'A new select call replaces the previous selection (WSAEventSelect and WSAAsyncSelect cancel each other).', source: 'seed 004: "Issuing a WSAEventSelect for a socket cancels any previous WSAAsyncSelect or WSAEventSelect for the same socket"; seed 003: "Invoking LPWSPAsyncSelect for a socket cancels any previous LPWSPAsyncSelect or LPWSPEventSelect"' },
  { id: 'select.clears-record', profile: 'documented', text: 'WSAEventSelect clears the internal network event record.', source: 'seed 004: "cancels any previous WSAAsyncSelect or WSAEventSelect for the same socket and clears the internal network event record"', divergence: 'windows: a new WSAEventSelect keeps the record and leaves the event object set' },
  { id: 'select.keeps-record', profile: 'windows', text: 'WSAEventSelect keeps what the record holds and does not reset the event object; the new mask decides what is reported.', source: `${WINE_SOCK}, test_accept_events lines 6680-6713`, divergence: 'documented: a new WSAEventSelect clears the record (seed 004)' },
  { id: 'select.async-conditions', profile: 'windows', text: 'WSAAsyncSelect posts a message for each selected condition that holds now (data, connections waiting, send space, closed), even if posted before; never FD_CONNECT.', source: `${WINE_SOCK}, test_read_events / test_write_events / test_close_events re-selection blocks (e.g. lines 7087-7097, 7398-7408)`, divergence: 'documented: the same conditions, FD_CONNECT included when the socket is connected (seed 003, FD_CONNECT item 1)' },
  { id: 'record.afd', profile: 'windows', text: 'Recorded although no selection includes it: the socket keeps the record whatever the mask, and a later WSAEventSelect that includes the event reports it.', source: `${WINE_SOCK}, test_read_events lines 7152-7172 ("WSAEnumNetworkEvents() should not clear events we are not currently selecting for"), test_connect_events lines 6864-6907`, divergence: 'documented: recording happens only while a selection includes the event' },
  { id: 'record.consumed', profile: 'windows', text: 'The program consumed the condition (read the data, accepted the connection): its unreported record bit goes with it.', source: `${WINE_SOCK}, test_read_events lines 7143-7150, test_accept_events lines 6732-6745`, divergence: 'documented: the record is cleared by each select call, and select reports only conditions that hold, so a consumed one is never reported either' },
  { id: 'reenable.failed-event', profile: 'windows', text: 'A recv that fails does not re-enable FD_READ under WSAEventSelect (it does under WSAAsyncSelect).', source: `${WINE_SOCK}, test_read_events lines 7112-7119 (recv with an invalid length: a message is posted, the event is not set)`, divergence: 'documented: "Any call to the reenabling routine, even one that fails" re-enables (seed 004)' },
  { id: 'connect.datagram-async', profile: 'windows', text: 'connect on a datagram socket posts no FD_CONNECT under WSAAsyncSelect, only FD_WRITE.', source: `${WINE_SOCK}, test_connect_events lines 6912-6934`, divergence: 'documented: FD_CONNECT happens "even when LPWSPConnect succeeds immediately, as is typical with a datagram socket" (seed 003)' },
  { id: 'select.nonblocking', profile: 'both', text: 'A select call makes the socket non-blocking.', source: 'seed 004: "automatically sets socket s to nonblocking mode, regardless of the value of lNetworkEvents"; seed 003 likewise' },
  { id: 'select.persist', profile: 'both', text: 'A condition that already holds when select is called is recorded at once.', source: 'seed 004: "If a network event has already happened when the application calls WSAEventSelect … a network event is recorded and the associated event object is set"; seed 003 per-event lists, item 1' },
  { id: 'select.persist.connect', profile: 'documented', text: 'Select reports FD_CONNECT when the socket is connected already.', source: 'seed 003, FD_CONNECT item 1: "When LPWSPAsyncSelect is called, if there is currently a connection established"', divergence: 'windows: WSAAsyncSelect never posts a stale FD_CONNECT; WSAEventSelect reports it only if it has not been reported before' },
  { id: 'select.stale', profile: 'windows', text: 'Recorded earlier, while no selection included it: this WSAEventSelect includes it, so the event object is set and the next WSAEnumNetworkEvents reports it.', source: `${WINE_SOCK}, test_connect_events lines 6864-6907 (FD_CONNECT), test_accept_events lines 6704-6725`, divergence: 'documented: select reports only the conditions that still hold, FD_CONNECT only for a connected socket' },
  { id: 'select.stale.connect-async', profile: 'windows', text: 'WSAAsyncSelect never posts FD_CONNECT for a connect that completed before it was called.', source: `${WINE_SOCK}, test_connect_events lines 6864-6907 (message mode) and test_write_events lines 7026-7041`, divergence: 'documented: WSAAsyncSelect posts FD_CONNECT when the socket is connected already (seed 003, FD_CONNECT item 1)' },
  { id: 'select.inherit', profile: 'both', text: 'An accepted socket inherits the listening socket\'s selection: same events, same event object or window and message.', source: 'seed 004: "Any WSAEventSelect association and network events selection set for the listening socket apply to the accepted socket"; seed 003 likewise' },
  { id: 'select.closed', profile: 'both', text: 'closesocket cancels the selection; nothing is recorded or posted for the socket afterwards.', source: 'seed 004: "Closing a socket with closesocket also cancels the association and selection of network events"' },
  { id: 'select.san', profile: 'both', text: 'On a SAN provider the switch selects only FD_ACCEPT and FD_CONNECT; other events are not asked of the provider.', source: 'seed 001: "the switch previously called the SAN service provider\'s WSPEventSelect function to register … (FD_ACCEPT) and … (FD_CONNECT) events … only those events are reported to the switch"' },

  // --- recording and notification
  { id: 'record.event', profile: 'both', text: 'The event is recorded in the internal record with its error code, and the event object is set.', source: 'seed 004: "The WSAEventSelect sets the associated event object and records the occurrence of this event in an internal network event record"' },
  { id: 'record.disabled', profile: 'both', text: 'Not recorded: the event was recorded (or posted) already and its re-enabling call has not been made since.', source: 'seed 004: "no further actions are taken for that network event until the application makes the function call that implicitly reenables"; seed 003: "no further message(s) for that network event will be posted … until …"' },
  { id: 'record.unselected', profile: 'both', text: 'Not recorded: no selection includes this event.', source: 'seed 000: "only reports network activity and errors nominated through LPWSPEventSelect"' },
  { id: 'record.closed', profile: 'both', text: 'Not recorded: the socket was closed with closesocket.', source: 'seed 003: "FD_CLOSE is not posted after LPWSPCloseSocket is called"; seed 004: closesocket cancels the selection' },

  // --- re-enabling and triggering
  { id: 'reenable.call', profile: 'both', text: 'The call re-enables the event, even when it fails.', source: 'seed 004: "Any call to the reenabling routine, even one that fails, results in reenabling of recording and signaling for the relevant network event"' },
  { id: 'reenable.accept-defer', profile: 'both', text: 'An accept that fails with WSATRY_AGAIN (CF_DEFER) does not re-enable FD_ACCEPT.', source: 'seed 004: "accept … unless the error code returned is WSATRY_AGAIN indicating that the condition function returned CF_DEFER"' },
  { id: 'level.read', profile: 'both', text: 'FD_READ is level-triggered: after recv, it is recorded again while data remains.', source: 'seed 004: "if the reenabling routine is called and the relevant network condition is still valid after the call, the network event is recorded"; seed 003 FD_READ item 3' },
  { id: 'level.oob', profile: 'both', text: 'FD_OOB is level-triggered: after recv, it is recorded again while out-of-band data remains.', source: 'seed 003 FD_OOB item 3: "After LPWSPRecv … is called with or without MSG_OOB flag, if OOB data is still available"' },
  { id: 'level.accept', profile: 'both', text: 'FD_ACCEPT is level-triggered: after accept, it is recorded again while connections wait.', source: 'seed 003 FD_ACCEPT item 3: "After LPWSPAccept is called, if there is another connection request available"' },
  { id: 'edge.change', profile: 'both', text: 'Edge-triggered: recorded once per change; the re-enabling WSAIoctl arms the next one.', source: 'seed 004: "The FD_QOS event is considered edge triggered … The FD_ROUTING_INTERFACE_CHANGE and FD_ADDRESS_LIST_CHANGE events are considered edge triggered as well"' },
  { id: 'edge.needs-ioctl', profile: 'both', text: 'Not recorded: FD_ROUTING_INTERFACE_CHANGE / FD_ADDRESS_LIST_CHANGE need the WSAIoctl request first (and again after each report).', source: 'seed 004: "Other messages will not be forthcoming until the application reissues the IOCTL and another change is detected"' },

  // --- per event
  { id: 'read.data', profile: 'both', text: 'Data arrived: FD_READ.', source: 'seed 003 FD_READ item 2: "When data arrives, if FD_READ not already posted"' },
  { id: 'read.oob-inline', profile: 'both', text: 'With SO_OOBINLINE on, out-of-band data is normal data: FD_READ, not FD_OOB.', source: 'seed 004: "If the socket is configured to receive OOB data inline, the OOB (expedited) data is treated as normal data … will get FD_READ network event, not FD_OOB"' },
  { id: 'oob.data', profile: 'both', text: 'Out-of-band data arrived (SO_OOBINLINE off): FD_OOB.', source: 'seed 003 FD_OOB item 2: "When OOB data arrives, if FD_OOB not already posted"' },
  { id: 'accept.request', profile: 'both', text: 'A connection request arrived: FD_ACCEPT.', source: 'seed 003 FD_ACCEPT item 2: "When a connection request arrives, if FD_ACCEPT not already posted"' },
  { id: 'connect.outcome', profile: 'both', text: 'The non-blocking connect has an outcome: FD_CONNECT, with the error when it failed.', source: 'seed 003 FD_CONNECT item 4: "Whether the operation eventually succeeds or not, when the outcome has been determined, FD_CONNECT happens"' },
  { id: 'connect.datagram', profile: 'both', text: 'connect on a datagram socket succeeds at once, and FD_CONNECT happens.', source: 'seed 003 FD_CONNECT item 2: "even when LPWSPConnect succeeds immediately, as is typical with a datagram socket"' },
  { id: 'write.connected', profile: 'both', text: 'The connection is established: FD_WRITE (after FD_CONNECT).', source: 'seed 004: "An FD_WRITE network event is recorded when a socket is first connected … or when a socket is accepted"; seed 003: "(after FD_CONNECT, if also registered)"' },
  { id: 'write.space', profile: 'both', text: 'Send space is available again after a send failed with WSAEWOULDBLOCK: FD_WRITE.', source: 'seed 004: "and then after a send fails with WSAEWOULDBLOCK and buffer space becomes available"' },
  { id: 'write.after-send', profile: 'documented', text: 'A send re-enables FD_WRITE, and since sending is still possible it is recorded again.', source: 'seed 004: the re-enabling function of FD_WRITE is send, and "If a network event has already happened when … the reenabling function is called, then a network event is recorded"', divergence: 'windows: a successful send neither records nor clears FD_WRITE; only WSAEWOULDBLOCK (or a short send) arms the next one' },
  { id: 'write.send-quiet', profile: 'windows', text: 'A successful send neither records nor clears FD_WRITE.', source: `${WINE_SOCK}, test_write_events lines 6991-6999 and 7046-7056 ("Despite the documentation … calling send() doesn't clear the FD_WRITE bit")`, divergence: 'documented: send is FD_WRITE\'s re-enabling call, so a send that leaves space records FD_WRITE again' },
  { id: 'write.blocked', profile: 'both', text: 'The send could not take everything (WSAEWOULDBLOCK or a short send): FD_WRITE comes when space is available again.', source: 'seed 004: "an application can assume that sends are possible … until a send returns WSAEWOULDBLOCK. After such a failure the application will find out that sends are again possible when an FD_WRITE network event is recorded"' },
  { id: 'write.datagram', profile: 'both', text: 'A datagram socket is writable once bound: FD_WRITE when selected.', source: 'seed 003 FD_WRITE item 4: "a connectionless socket is always writable immediately after LPWSPBind"' },
  { id: 'close.graceful', profile: 'documented', text: 'The peer closed gracefully and no data is left to read: FD_CLOSE with error 0.', source: 'seed 003 FD_CLOSE item 2: "if data has been received and is waiting to be read when the remote system initiates a graceful close, then the FD_CLOSE is not delivered until all pending data has been read"', divergence: 'windows: FD_CLOSE is recorded when the FIN arrives, even with data unread' },
  { id: 'close.waits-for-read', profile: 'documented', text: 'The peer\'s FIN arrived but data is unread: FD_CLOSE waits until it is read.', source: 'seed 003 FD_CLOSE item 2; seed 004: "FD_CLOSE being posted after all data is read from a socket"', divergence: 'windows: FD_CLOSE is recorded now, with FD_READ still pending' },
  { id: 'close.on-fin', profile: 'windows', text: 'The peer\'s FIN arrived: FD_CLOSE with error 0 at once, even with data unread; FD_READ goes on until the data is read.', source: `${WINE_SOCK}, test_close_events lines 7339-7364 (FD_CLOSE on the FIN with 2 bytes unread; nothing after the last recv)`, divergence: 'documented: FD_CLOSE only after all data is read' },
  { id: 'close.reset', profile: 'documented', text: 'The peer reset the connection: FD_CLOSE with WSAECONNRESET.', source: 'seed 003 FD_CLOSE item 4: "When the remote system aborts the connection (for example, sent TCP RST), and lParam will contain the WSAECONNRESET error value"', divergence: 'windows: FD_CLOSE carries WSAECONNABORTED' },
  { id: 'close.reset-aborted', profile: 'windows', text: 'The peer reset the connection: FD_CLOSE with WSAECONNABORTED (recv and send then fail with WSAECONNRESET).', source: `${WINE_SOCK}, test_close_events lines 7390-7399 (MAKELONG(FD_CLOSE, WSAECONNABORTED) in both modes); test_tcp_reset lines 13979-13990 (recv and send then fail with WSAECONNRESET)`, divergence: 'documented: FD_CLOSE carries WSAECONNRESET' },
  { id: 'close.aborted', profile: 'both', text: 'The local stack aborted the connection (time-out or other failure): FD_CLOSE with WSAECONNABORTED.', source: 'seed 000 FD_CLOSE: "WSAECONNABORTED: The connection was terminated due to a time-out or other failure"' },
  { id: 'close.netdown', profile: 'both', text: 'The network subsystem failed: the event carries WSAENETDOWN.', source: 'seed 000: WSAENETDOWN "The network subsystem has failed" for FD_CLOSE and the other events' },
  { id: 'close.once', profile: 'both', text: 'FD_CLOSE is reported once per selection.', source: 'seed 003: FD_CLOSE has no re-enabling function' },
  { id: 'qos.change', profile: 'both', text: 'The QOS changed: FD_QOS.', source: 'seed 003 FD_QOS item 2: "After LPWSPIoctl with SIO_GET_QOS is called, when the QOS is changed"' },
  { id: 'routing.change', profile: 'both', text: 'The routing interface changed after SIO_ROUTING_INTERFACE_CHANGE: FD_ROUTING_INTERFACE_CHANGE.', source: 'seed 004: "recorded when the local interface that should be used to reach the destination specified in WSAIoctl with SIO_ROUTING_INTERFACE_CHANGE changes after such IOCTL has been issued"' },
  { id: 'address.change', profile: 'both', text: 'The local address list changed after SIO_ADDRESS_LIST_CHANGE: FD_ADDRESS_LIST_CHANGE.', source: 'seed 004: "recorded when the list of addresses … changes after WSAIoctl with SIO_ADDRESS_LIST_CHANGE has been issued"' },

  // --- enumeration
  { id: 'enum.copy-clear-reset', profile: 'both', text: 'WSAEnumNetworkEvents copies the record, clears it and resets the event object, atomically.', source: 'seed 000: "The Windows Sockets provider guarantees that the operations of copying the network event record, clearing it, and resetting any associated event object are atomic"' },
  { id: 'enum.no-event-handle', profile: 'both', text: 'Called without an event handle: the record is copied and cleared, the event object is left set.', source: 'seed 000: "If hEventObject is non-null, the indicated event object is also reset"' },
  { id: 'enum.failed', profile: 'both', text: 'The call failed: the record is not cleared and the event object not reset.', source: 'seed 000: "In the case of this function returning SOCKET_ERROR, the associated event object is not reset and the record of network events is not cleared"' },
  { id: 'enum.slots', profile: 'both', text: 'Only the iErrorCode slots of reported events are written.', source: 'seed 000: "only those elements of the iErrorCode array are set that correspond to the bits set in the lNetworkEvents member"' },
  { id: 'enum.selected-bits', profile: 'windows', text: 'WSAEnumNetworkEvents reports and clears only the bits of the current WSAEventSelect mask; the rest stays recorded. Reported events wait for their re-enabling call.', source: `${WINE_SOCK}, test_read_events lines 7152-7172, test_WSAEnumNetworkEvents lines 4082-4151`, divergence: 'documented: the record holds only selected events, and WSAEnumNetworkEvents reports and clears all of it' },
  { id: 'enum.async', profile: 'both', text: 'WSAEnumNetworkEvents reports only events nominated through WSAEventSelect: with WSAAsyncSelect the record stays empty.', source: 'seed 000: "LPWSPEnumNetworkEvents only reports network activity and errors nominated through LPWSPEventSelect"' },

  // --- the calls' own results
  { id: 'call.notsock', profile: 'both', text: 'The socket was closed: WSAENOTSOCK.', source: 'seed 000 / seed 004: "WSAENOTSOCK: The descriptor is not a socket"' },
  { id: 'call.failed', profile: 'both', text: 'The call failed as the scenario says: it does what a failed call does (re-enabling included) and nothing it does only on success.', source: 'seed 004: "Any call to the reenabling routine, even one that fails, results in reenabling"' },
  { id: 'call.wouldblock', profile: 'both', text: 'Nothing to do yet on a non-blocking socket: WSAEWOULDBLOCK.', source: 'seed 004: "a robust application must be prepared for the possibility that the event object is set and it issues a Windows Sockets call that returns WSAEWOULDBLOCK immediately"' },
  { id: 'call.connect-pending', profile: 'both', text: 'A non-blocking connect returns WSAEWOULDBLOCK; the outcome comes later as FD_CONNECT.', source: 'seed 003 FD_CONNECT item 4: "The initial operation returned with a specific error of WSAEWOULDBLOCK, but the network operation went ahead"' },
  { id: 'call.blocking-with-selection', profile: 'both', text: 'A socket with a selection cannot be made blocking: WSAEINVAL.', source: 'seed 004: "To set socket s back to blocking mode, it is first necessary to clear the event record … via a call to WSAEventSelect with lNetworkEvents set to zero"' },
  { id: 'call.reset', profile: 'both', text: 'The connection was reset: recv and send fail with WSAECONNRESET.', source: 'Microsoft recv/send docs: "WSAECONNRESET: The virtual circuit was reset by the remote side"' },
  { id: 'call.eof', profile: 'both', text: 'The peer closed gracefully and everything was read: recv returns 0.', source: 'Microsoft recv docs: "If the connection has been gracefully closed, the return value is zero"' },
  { id: 'call.oob-inline', profile: 'both', text: 'recv with MSG_OOB on a socket with SO_OOBINLINE on: WSAEINVAL.', source: 'Microsoft recv docs: WSAEINVAL "MSG_OOB was specified for a socket with SO_OOBINLINE enabled"' },
  { id: 'call.notconn', profile: 'both', text: 'The socket is not connected: WSAENOTCONN.', source: 'Microsoft recv/send docs: "WSAENOTCONN: The socket is not connected"' },
  { id: 'call.shutdown', profile: 'both', text: 'That direction was shut down: WSAESHUTDOWN.', source: 'Microsoft recv/send docs: "WSAESHUTDOWN: The socket has been shut down"' },
  { id: 'call.invalid-state', profile: 'both', text: 'The socket is in the wrong state for this call: WSAEINVAL.', source: 'Microsoft bind/listen/accept docs: WSAEINVAL' },
  { id: 'call.isconn', profile: 'both', text: 'The socket is connected already: WSAEISCONN.', source: 'Microsoft connect docs: "WSAEISCONN: The socket is already connected"' },
  { id: 'call.already', profile: 'both', text: 'A non-blocking connect is already in progress: WSAEALREADY.', source: 'Microsoft connect docs: "WSAEALREADY: A nonblocking connect call is in progress"' },
  { id: 'call.opnotsupp', profile: 'both', text: 'Not supported for this type of socket: WSAEOPNOTSUPP.', source: 'Microsoft listen/accept docs: "WSAEOPNOTSUPP: The referenced socket is not of a type that supports the … operation"' },
];

export const RULES: ReadonlyMap<string, Rule> = new Map(RULE_LIST.map((r) => [r.id, r]));

export function rule(id: string): Rule {
  const r = RULES.get(id);
  if (r === undefined) throw new Error(`unknown model rule ${id}`);
  return r;
}
