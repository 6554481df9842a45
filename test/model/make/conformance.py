#!/usr/bin/env python3
"""Writes test/model/conformance/*.wsr.json from the hand-written table below.

Each entry is a scenario (the format `winsock-replay simulate` reads) with the expected outcome
of every step, worked out by hand from the seeds and the sources named in `sources`; never from
the model's output. Expectation syntax: test/model/expectation.ts. Re-run after editing:
    python3 test/model/make/conformance.py
"""
import json, os

W = 'Wine dlls/ws2_32/tests/sock.c (11.13), '
S = {
    'level': 'seed 004: "if the reenabling routine is called and the relevant network condition is still valid after the call, the network event is recorded"',
    'noaction': 'seed 004: "no further actions are taken for that network event until the application makes the function call that implicitly reenables"',
    'anycall': 'seed 004: "Any call to the reenabling routine, even one that fails, results in reenabling"',
    'persist': 'seed 004: "If a network event has already happened when the application calls WSAEventSelect or when the reenabling function is called, then a network event is recorded"',
    'clears': 'seed 004: "Issuing a WSAEventSelect for a socket cancels any previous WSAAsyncSelect or WSAEventSelect for the same socket and clears the internal network event record"',
    'enum': 'seed 000: "The socket\'s internal record of network events is copied … whereafter the internal network events record is cleared. If hEventObject is non-null, the indicated event object is also reset"',
    'write': 'seed 004: "An FD_WRITE network event is recorded when a socket is first connected … and then after a send fails with WSAEWOULDBLOCK and buffer space becomes available"',
    'close2': 'seed 003 FD_CLOSE item 2: "if data has been received and is waiting to be read when the remote system initiates a graceful close, then the FD_CLOSE is not delivered until all pending data has been read"',
    'close4': 'seed 003 FD_CLOSE item 4: "When the remote system aborts the connection (for example, sent TCP RST), and lParam will contain the WSAECONNRESET error value"',
    'connect4': 'seed 003 FD_CONNECT item 4: "Whether the operation eventually succeeds or not, when the outcome has been determined, FD_CONNECT happens"',
    'connect1': 'seed 003 FD_CONNECT item 1: "When LPWSPAsyncSelect is called, if there is currently a connection established"',
    'lparam': 'seed 003: "The low word of lParam specifies the network event … The high word of lParam contains any error code"; WSAMAKESELECTREPLY = MAKELONG(event, error)',
    'inherit': 'seed 004: "Any WSAEventSelect association and network events selection set for the listening socket apply to the accepted socket"',
    'accept3': 'seed 003 FD_ACCEPT item 3: "After LPWSPAccept is called, if there is another connection request available to accept"',
    'defer': 'seed 004: accept re-enables FD_ACCEPT "unless the error code returned is WSATRY_AGAIN indicating that the condition function returned CF_DEFER"',
    'oob': 'seed 004: "If the socket is configured to receive OOB data inline, the OOB (expedited) data is treated as normal data … will get FD_READ network event, not FD_OOB"',
    'edge': 'seed 004: "The FD_QOS event is considered edge triggered … Further messages will not be forthcoming until either the provider detects a further change in quality of service or the application renegotiates"',
    'routing': 'seed 004: "A message will be posted exactly once when a change occurs after the application has requested the notification by issuing WSAIoctl with SIO_ROUTING_INTERFACE_CHANGE or SIO_ADDRESS_LIST_CHANGE"',
    'closed': 'seed 003: "FD_CLOSE is not posted after LPWSPCloseSocket is called"',
    'udpwrite': 'seed 003 FD_WRITE item 4: "After LPWSPBind on a connectionless socket. FD_WRITE may or may not occur at this time (implementation-dependent). In any case, a connectionless socket is always writable immediately after LPWSPBind"',
    'udpconnect': 'seed 003 FD_CONNECT item 2: "even when LPWSPConnect succeeds immediately, as is typical with a datagram socket"',
    'san': 'seed 001: "Because the switch previously called the SAN service provider\'s WSPEventSelect function to register the occurrence of incoming-connection (FD_ACCEPT) and connection-completed (FD_CONNECT) events … only those events are reported to the switch"',
    'netdown': 'seed 000, FD_CLOSE errors: "WSAENETDOWN: The network subsystem has failed"',
    'aborted': 'seed 000, FD_CLOSE errors: "WSAECONNABORTED: The connection was terminated due to a time-out or other failure"',
    'nonblocking': 'seed 004: "To set socket s back to blocking mode, it is first necessary to clear the event record associated with socket s via a call to WSAEventSelect with lNetworkEvents set to zero"',
    'asyncenum': 'seed 000: "LPWSPEnumNetworkEvents only reports network activity and errors nominated through LPWSPEventSelect"',
}

def app(name, **kw):
    return {'app': name, **kw}

def net(name, **kw):
    return {'net': name, **kw}

AS = 'WSAAsyncSelect'
SCENARIOS = {}

def scenario(name, title, sources, steps, both=None, windows=None, documented=None, **top):
    expect = {'both': both} if both is not None else {'windows': windows, 'documented': documented}
    SCENARIOS[name] = {'title': title, 'sources': sources, **top, 'steps': steps, 'expect': expect}

# ---- FD_READ
scenario('read-failed-recv-reenables', 'A recv that fails (WSAEFAULT) with data waiting: documented, it re-enables FD_READ and records it again; Windows does not under WSAEventSelect',
    [S['anycall'], W + 'test_read_events lines 7112-7119 (event mode: check_events(0))'],
    [app('select', mask=['FD_READ']), net('peer-sends', bytes=10), app('enum'), app('recv', result='WSAEFAULT'), app('enum')],
    windows=['ok unset', 'ok set', 'ok {FD_READ} unset', 'WSAEFAULT unset', 'ok {} unset'],
    documented=['ok unset', 'ok set', 'ok {FD_READ} unset', 'WSAEFAULT set', 'ok {FD_READ} unset'],
    socket='tcp-accepted')
scenario('read-failed-recv-async', 'Under WSAAsyncSelect a recv that fails re-enables FD_READ in both profiles: the data is still there, so FD_READ is posted again',
    [S['anycall'], W + 'test_read_events lines 7112-7119 (message mode: check_events_todo_msg(FD_READ), i.e. Windows posts)'],
    [app('select', mask=['FD_READ']), net('peer-sends', bytes=10), app('recv', result='WSAEFAULT')],
    both=['ok unset', 'ok post[s:FD_READ@0x00000001] unset', 'WSAEFAULT post[s:FD_READ@0x00000001] unset'],
    api=AS, socket='tcp-accepted')
scenario('read-async-reselect', 'WSAAsyncSelect: a new select posts FD_READ again while data waits; new data while FD_READ awaits recv posts nothing; recv posts it again',
    [S['persist'], S['noaction'], W + 'test_read_events lines 7087-7104 (message mode)'],
    [app('select', mask=['FD_READ']), net('peer-sends', bytes=10), app('select', mask=['FD_READ']), net('peer-sends', bytes=5), app('recv', bytes=3)],
    both=['ok unset', 'ok post[s:FD_READ] unset', 'ok post[s:FD_READ] unset', 'ok unset', 'ok =3 post[s:FD_READ] unset'],
    api=AS, socket='tcp-accepted')
scenario('read-event-reselect-after-enum', 'WSAEventSelect again after FD_READ was reported: documented, the data still waiting is recorded again; Windows records nothing, but re-arms FD_READ for the next arrival',
    [S['persist'], S['clears'], W + 'test_read_events lines 7087-7104 (event mode: nothing on re-select; FD_READ again on new data)'],
    [app('select', mask=['FD_READ']), net('peer-sends', bytes=10), app('enum'), app('select', mask=['FD_READ']), app('enum'), net('peer-sends', bytes=5)],
    windows=['ok unset', 'ok set', 'ok {FD_READ} unset', 'ok unset', 'ok {} unset', 'ok set'],
    documented=['ok unset', 'ok set', 'ok {FD_READ} unset', 'ok set', 'ok {FD_READ} unset', 'ok unset'],
    socket='tcp-accepted')
scenario('read-unselected-consumed', 'Data that arrived and was read while nothing was selected is not reported by a later selection',
    [S['persist'], W + 'test_read_events lines 7143-7150'],
    [app('select', mask=[]), net('peer-sends', bytes=10), app('recv'), app('select', mask=['FD_READ']), app('enum')],
    both=['ok unset', 'ok unset', 'ok =10 unset', 'ok unset', 'ok {} unset'],
    socket='tcp-accepted')
scenario('read-unselected-pending', 'Data that arrived while the mask was 0 is reported by the next selection that includes FD_READ',
    [S['persist'], W + 'test_read_events lines 7131-7138'],
    [app('select', mask=[]), net('peer-sends', bytes=10), app('select', mask=['FD_READ']), app('enum')],
    both=['ok unset', 'ok unset', 'ok set', 'ok {FD_READ} unset'],
    socket='tcp-accepted')
scenario('read-async-enum-empty', 'WSAEnumNetworkEvents on a socket selected with WSAAsyncSelect reports nothing: events go out as messages',
    [S['asyncenum']],
    [app('select', mask=['FD_READ']), net('peer-sends', bytes=4), app('enum')],
    both=['ok unset', 'ok post[s:FD_READ] unset', 'ok {} unset'],
    api=AS, socket='tcp-accepted')

# ---- FD_CLOSE
scenario('close-fin-unread-data', 'The peer closes with 5 bytes unread: Windows records FD_CLOSE on the FIN and never again; documented, FD_CLOSE waits for the last byte to be read',
    [S['close2'], W + 'test_close_events lines 7339-7364'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), net('peer-sends', bytes=5), app('enum'), net('peer-fin'), app('enum'),
     app('recv', bytes=3), app('enum'), app('recv'), app('enum'), app('recv')],
    windows=['ok unset', 'ok set', 'ok {FD_READ} unset', 'ok set', 'ok {FD_CLOSE} unset', 'ok =3 set', 'ok {FD_READ} unset', 'ok =2 unset', 'ok {} unset', 'ok =0 unset'],
    documented=['ok unset', 'ok set', 'ok {FD_READ} unset', 'ok unset', 'ok {} unset', 'ok =3 set', 'ok {FD_READ} unset', 'ok =2 set', 'ok {FD_CLOSE} unset', 'ok =0 unset'],
    socket='tcp-accepted')
scenario('close-fin-unread-async', 'WSAAsyncSelect, the peer closes with data unread: Windows posts FD_CLOSE (lParam 0x20) on the FIN; documented, after the last recv',
    [S['close2'], W + 'test_close_events lines 7339-7364 (message mode)'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), net('peer-sends', bytes=5), net('peer-fin'), app('recv', bytes=3), app('recv'), app('recv')],
    windows=['ok unset', 'ok post[s:FD_READ] unset', 'ok post[s:FD_CLOSE@0x00000020] unset', 'ok =3 post[s:FD_READ] unset', 'ok =2 unset', 'ok =0 unset'],
    documented=['ok unset', 'ok post[s:FD_READ] unset', 'ok unset', 'ok =3 post[s:FD_READ] unset', 'ok =2 post[s:FD_CLOSE@0x00000020] unset', 'ok =0 unset'],
    api=AS, socket='tcp-accepted')
scenario('close-graceful', 'The peer closes with nothing unread: FD_CLOSE with error 0; recv then returns 0',
    ['seed 004: "If the error code is zero, then the close was graceful"', W + 'test_close_events lines 7276-7299'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), net('peer-fin'), app('enum'), app('recv'), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_CLOSE} unset', 'ok =0 unset', 'ok {} unset'],
    socket='tcp-accepted')
scenario('close-reset', 'The peer resets the connection: FD_CLOSE with WSAECONNRESET as documented, WSAECONNABORTED on Windows; recv and send then fail with WSAECONNRESET',
    [S['close4'], W + 'test_close_events lines 7390-7399; test_tcp_reset lines 13979-13990'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), net('peer-rst'), app('enum'), app('recv'), app('send', bytes=10)],
    windows=['ok unset', 'ok set', 'ok {FD_CLOSE:WSAECONNABORTED} unset', 'WSAECONNRESET unset', 'WSAECONNRESET unset'],
    documented=['ok unset', 'ok set', 'ok {FD_CLOSE:WSAECONNRESET} unset', 'WSAECONNRESET unset', 'WSAECONNRESET unset'],
    socket='tcp-accepted')
scenario('close-reset-async', 'WSAAsyncSelect, the peer resets: lParam 0x27450020 (FD_CLOSE, WSAECONNABORTED) on Windows, 0x27460020 (WSAECONNRESET) as documented; a new select posts it again',
    [S['close4'], S['lparam'], W + 'test_close_events lines 7390-7408'],
    [app('select', mask=['FD_CLOSE']), net('peer-rst'), app('select', mask=['FD_CLOSE'])],
    windows=['ok unset', 'ok post[s:FD_CLOSE:WSAECONNABORTED@0x27450020] unset', 'ok post[s:FD_CLOSE:WSAECONNABORTED@0x27450020] unset'],
    documented=['ok unset', 'ok post[s:FD_CLOSE:WSAECONNRESET@0x27460020] unset', 'ok post[s:FD_CLOSE:WSAECONNRESET@0x27460020] unset'],
    api=AS, socket='tcp-accepted')
scenario('close-local-abort', 'The local stack aborts the connection (it sent a RST on its own, e.g. a retransmission time-out): FD_CLOSE with WSAECONNABORTED',
    [S['aborted']],
    [app('select', mask=['FD_CLOSE']), net('local-rst'), app('enum'), app('recv')],
    both=['ok unset', 'ok set', 'ok {FD_CLOSE:WSAECONNABORTED} unset', 'WSAECONNABORTED unset'],
    socket='tcp-accepted')
scenario('close-network-down', 'The network subsystem fails: FD_CLOSE carries WSAENETDOWN',
    [S['netdown']],
    [app('select', mask=['FD_CLOSE']), net('network-down'), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_CLOSE:WSAENETDOWN} unset'],
    socket='tcp-accepted')
scenario('close-before-select', 'The peer closed before any selection: the first selection that includes FD_CLOSE reports it',
    ['seed 003 FD_CLOSE item 1: "When LPWSPAsyncSelect is called, if the socket connection has been closed"', W + 'test_close_events lines 7366-7372'],
    [net('peer-fin'), app('select', mask=['FD_CLOSE']), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_CLOSE} unset'],
    socket='tcp-accepted')
scenario('closesocket-silence', 'After closesocket nothing is posted: no FD_CLOSE for the connection\'s FIN',
    [S['closed'], W + 'iocp_async_closesocket lines 12236-12241'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), app('closesocket'), net('peer-fin')],
    both=['ok unset', 'ok unset', 'ok unset'],
    api=AS, socket='tcp-accepted')
scenario('closesocket-notsock', 'After closesocket every call on the descriptor fails with WSAENOTSOCK',
    ['seed 000: WSAENOTSOCK "The descriptor is not a socket"', 'seed 004: "Closing a socket with closesocket also cancels the association and selection of network events"'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), app('closesocket'), net('peer-fin'), app('enum'), app('select', mask=['FD_READ']), app('recv')],
    both=['ok unset', 'ok unset', 'ok unset', 'WSAENOTSOCK unset', 'WSAENOTSOCK unset', 'WSAENOTSOCK unset'],
    socket='tcp-accepted')
scenario('shutdown-no-events', 'shutdown(SD_RECEIVE) and shutdown(SD_SEND) record nothing; the peer\'s later FIN still gives FD_CLOSE with error 0; recv after SD_RECEIVE fails with WSAESHUTDOWN',
    ['seed 003 FD_CLOSE item 3: "After the local system initiates a graceful close with LPWSPShutdown and the remote system has responded with an end-of-data notification"', W + 'test_close_events lines 7320-7337; test_shutdown lines 9574-9581'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), app('shutdown', how='SD_RECEIVE'), app('shutdown', how='SD_SEND'), net('peer-fin'), app('enum'), app('recv')],
    both=['ok unset', 'ok unset', 'ok unset', 'ok set', 'ok {FD_CLOSE} unset', 'WSAESHUTDOWN unset'],
    socket='tcp-accepted')

# ---- FD_WRITE
scenario('write-after-send', 'A successful send: documented, send re-enables FD_WRITE and, space remaining, records it again; Windows records nothing',
    [S['write'], 'seed 004: the re-enabling function of FD_WRITE is send', W + 'test_write_events lines 6991-6999'],
    [app('select', mask=['FD_WRITE', 'FD_CONNECT']), app('connect'), net('connect-established'), app('enum'), app('send', bytes=100), app('enum')],
    windows=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_WRITE,FD_CONNECT} unset', 'ok =100 unset', 'ok {} unset'],
    documented=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_WRITE,FD_CONNECT} unset', 'ok =100 set', 'ok {FD_WRITE} unset'])
scenario('write-wouldblock-space', 'FD_WRITE comes back after a send fails with WSAEWOULDBLOCK and the peer opens its window again',
    [S['write'], W + 'test_write_events lines 7001-7015'],
    [app('select', mask=['FD_WRITE']), app('enum'), app('send', bytes=65536, result='WSAEWOULDBLOCK'), net('peer-window-open'), app('enum'), net('peer-window-open')],
    both=['ok set', 'ok {FD_WRITE} unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_WRITE} unset', 'ok unset'],
    socket='tcp-accepted')
scenario('write-partial-send', 'A send that takes less than asked is like WSAEWOULDBLOCK: FD_WRITE comes when space is available again',
    ['seed 004: "an application can assume that sends are possible starting from the first FD_WRITE network event setting and lasting until a send returns WSAEWOULDBLOCK"', '[R-sock] ReactOS winetests ws2_32 sock.c test_events lines 6186-6203 (a short write triggers "another FD_WRITE event as soon as data is sent and more space becomes available")'],
    [app('select', mask=['FD_WRITE']), app('enum'), app('send', bytes=65536, result='partial', sent=40000), app('enum'), net('peer-window-open'), app('enum')],
    both=['ok set', 'ok {FD_WRITE} unset', 'ok =40000 unset', 'ok {} unset', 'ok set', 'ok {FD_WRITE} unset'],
    socket='tcp-accepted')
scenario('write-async-send', 'WSAAsyncSelect: FD_WRITE posted on select (a send is possible); after a send, documented posts it again, Windows does not; a new select posts it again in both',
    ['seed 003 FD_WRITE item 1: "When LPWSPAsyncSelect is called, if an LPWSPSend or LPWSPSendTo is possible"', W + 'test_write_events lines 6975-6999'],
    [app('select', mask=['FD_WRITE']), app('send', bytes=10), app('select', mask=['FD_WRITE'])],
    windows=['ok post[s:FD_WRITE@0x00000002] unset', 'ok =10 unset', 'ok post[s:FD_WRITE] unset'],
    documented=['ok post[s:FD_WRITE@0x00000002] unset', 'ok =10 post[s:FD_WRITE] unset', 'ok post[s:FD_WRITE] unset'],
    api=AS, socket='tcp-accepted')
scenario('write-unconnected', 'An unconnected stream socket gets no FD_WRITE; a listener selected with FD_WRITE gets only FD_ACCEPT',
    [S['write'], W + 'test_connect_events lines 6838-6842; test_accept_events lines 6769-6770'],
    [app('select', mask=['FD_WRITE', 'FD_ACCEPT']), app('enum')],
    both=['ok unset', 'ok {} unset'])

# ---- FD_CONNECT
scenario('connect-success', 'A non-blocking connect returns WSAEWOULDBLOCK; when the SYN/ACK arrives FD_CONNECT (error 0) and FD_WRITE are recorded together',
    [S['connect4'], 'seed 003: FD_WRITE "after FD_CONNECT, if also registered"', W + 'test_connect_events lines 6841-6848'],
    [app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_READ', 'FD_CLOSE']), app('connect'), net('connect-established'), app('enum'), app('enum')],
    both=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_WRITE,FD_CONNECT} unset', 'ok {} unset'])
scenario('connect-success-async', 'WSAAsyncSelect: FD_CONNECT (lParam 0x10) is posted before FD_WRITE (lParam 0x2)',
    [S['connect4'], 'seed 003: FD_WRITE "after FD_CONNECT, if also registered"', W + 'test_connect_events line 6847'],
    [app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_READ']), app('connect'), net('connect-established')],
    both=['ok unset', 'WSAEWOULDBLOCK unset', 'ok post[s:FD_CONNECT@0x00000010,s:FD_WRITE@0x00000002] unset'],
    api=AS)
scenario('connect-refused', 'A refused connect reports FD_CONNECT with WSAECONNREFUSED and nothing else; selecting again does not report it again',
    [S['connect4'], 'seed 000 FD_CONNECT: "WSAECONNREFUSED: An attempt to connect was forcefully rejected"', 'Wine dlls/ws2_32/tests/afd.c test_get_events lines 1989-2043 (interactive: only AFD_POLL_CONNECT_ERR, not signalled again after re-select)'],
    [app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_CLOSE']), app('connect'), net('connect-refused'), app('enum'), app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_CLOSE']), app('enum')],
    both=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_CONNECT:WSAECONNREFUSED} unset', 'ok unset', 'ok {} unset'])
scenario('connect-refused-async', 'WSAAsyncSelect: a refused connect posts FD_CONNECT with WSAECONNREFUSED: lParam 0x274d0010',
    [S['connect4'], S['lparam']],
    [app('select', mask=['FD_CONNECT', 'FD_WRITE']), app('connect'), net('connect-refused')],
    both=['ok unset', 'WSAEWOULDBLOCK unset', 'ok post[s:FD_CONNECT:WSAECONNREFUSED@0x274d0010] unset'],
    api=AS)
scenario('connect-timeout', 'A connect that is never answered: FD_CONNECT with WSAETIMEDOUT',
    [S['connect4'], 'seed 000 FD_CONNECT: "WSAETIMEDOUT: An attempt to connect timed out without establishing a connection"'],
    [app('select', mask=['FD_CONNECT']), app('connect'), net('connect-timeout'), app('enum')],
    both=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_CONNECT:WSAETIMEDOUT} unset'])
scenario('connect-unreachable', 'An ICMP error answers the SYN: FD_CONNECT with WSAENETUNREACH',
    [S['connect4'], 'seed 000 FD_CONNECT: "WSAENETUNREACH: The network cannot be reached from this host at this time"'],
    [app('select', mask=['FD_CONNECT']), app('connect'), net('connect-unreachable'), app('enum')],
    both=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_CONNECT:WSAENETUNREACH} unset'])
scenario('connect-refused-reselect-before-enum', 'A refused connect, then WSAEventSelect again before enumerating: documented, the new selection clears the record and a failed connect is no condition; Windows keeps FD_CONNECT in the record',
    [S['clears'], S['connect1'], W + 'test_accept_events lines 6680-6713 (re-selection keeps the record and the event set)'],
    [app('select', mask=['FD_CONNECT']), app('connect'), net('connect-refused'), app('select', mask=['FD_CONNECT']), app('enum')],
    windows=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok set', 'ok {FD_CONNECT:WSAECONNREFUSED} unset'],
    documented=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok set', 'ok {} unset'])
scenario('connect-stale-event', 'FD_CONNECT not selected when the connect completed; a later WSAEventSelect with FD_CONNECT: Windows reports the stale FD_CONNECT alone, documented reports FD_CONNECT and FD_WRITE (both conditions hold)',
    [S['persist'], S['connect1'], W + 'test_connect_events lines 6887-6907 (event mode: FD_CONNECT)'],
    [app('select', mask=['FD_WRITE']), app('connect'), net('connect-established'), app('enum'), app('select', mask=['FD_WRITE', 'FD_CONNECT']), app('enum')],
    windows=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_WRITE} unset', 'ok set', 'ok {FD_CONNECT} unset'],
    documented=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_WRITE} unset', 'ok set', 'ok {FD_WRITE,FD_CONNECT} unset'])
scenario('connect-stale-async', 'WSAAsyncSelect with FD_CONNECT after the connect completed: documented posts FD_CONNECT then FD_WRITE; Windows never posts a stale FD_CONNECT, only FD_WRITE',
    [S['connect1'], W + 'test_connect_events lines 6887-6907 (message mode: a fresh FD_WRITE, no FD_CONNECT)'],
    [app('select', mask=['FD_WRITE']), app('connect'), net('connect-established'), app('select', mask=['FD_WRITE', 'FD_CONNECT'])],
    windows=['ok unset', 'WSAEWOULDBLOCK unset', 'ok post[s:FD_WRITE] unset', 'ok post[s:FD_WRITE] unset'],
    documented=['ok unset', 'WSAEWOULDBLOCK unset', 'ok post[s:FD_WRITE] unset', 'ok post[s:FD_CONNECT,s:FD_WRITE] unset'],
    api=AS)
scenario('connect-then-select', 'A blocking connect before any selection, then WSAEventSelect: FD_CONNECT and FD_WRITE are both reported',
    [S['persist'], S['connect1'], W + 'test_connect_events lines 6864-6882 (event mode: FD_CONNECT|FD_WRITE)'],
    [app('connect', blocking=True), app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_READ']), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_WRITE,FD_CONNECT} unset'])
scenario('connect-then-select-async', 'A blocking connect before any selection, then WSAAsyncSelect: documented posts FD_CONNECT and FD_WRITE; Windows only FD_WRITE',
    [S['connect1'], W + 'test_connect_events lines 6864-6882 (message mode: only FD_WRITE)'],
    [app('connect', blocking=True), app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_READ'])],
    windows=['ok unset', 'ok post[s:FD_WRITE] unset'],
    documented=['ok unset', 'ok post[s:FD_CONNECT,s:FD_WRITE] unset'],
    api=AS)

# ---- FD_ACCEPT
scenario('accept-level', 'FD_ACCEPT is level-triggered: after accept it is recorded again while connections wait',
    [S['accept3'], S['level'], W + 'test_accept_events lines 6622-6633'],
    [app('select', mask=['FD_ACCEPT']), net('peer-connects'), net('peer-connects'), app('enum'), app('accept', **{'as': 'a1'}), app('enum'), app('accept', **{'as': 'a2'}), app('enum')],
    both=['ok unset', 'ok set', 'ok set', 'ok {FD_ACCEPT} unset', 'ok set', 'ok {FD_ACCEPT} unset', 'ok unset', 'ok {} unset'],
    socket='tcp-listener')
scenario('accept-deferred', 'accept that fails with WSATRY_AGAIN (CF_DEFER) does not re-enable FD_ACCEPT; the next accept does',
    [S['defer']],
    [app('select', mask=['FD_ACCEPT']), net('peer-connects'), app('enum'), app('accept', result='WSATRY_AGAIN'), net('peer-connects'), app('accept', **{'as': 'a1'}), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_ACCEPT} unset', 'WSATRY_AGAIN unset', 'ok unset', 'ok set', 'ok {FD_ACCEPT} unset'],
    socket='tcp-listener')
scenario('accept-inherits', 'The accepted socket inherits the listener\'s selection and event object: FD_WRITE at once, and FD_READ for data that arrived before accept',
    [S['inherit'], 'seed 004: FD_WRITE "is recorded … when a socket is accepted"', S['persist'], W + 'test_accept_events lines 6752-6779'],
    [app('select', mask=['FD_ACCEPT', 'FD_READ', 'FD_WRITE']), net('peer-connects', conn='c1'), net('peer-sends', on='c1', bytes=10), app('enum'), app('accept'), app('enum', on='c1')],
    both=['ok unset', 'ok set', 'ok set', 'ok {FD_ACCEPT} unset', 'ok set', 'ok {FD_READ,FD_WRITE} unset'],
    socket='tcp-listener')
scenario('accept-inherits-async', 'WSAAsyncSelect: FD_ACCEPT (lParam 0x8) on the listener; the accepted socket posts FD_WRITE with the same message, wParam = the accepted socket',
    [S['inherit'], S['lparam'], W + 'test_accept_events lines 6752-6779 (message mode)'],
    [app('select', mask=['FD_ACCEPT', 'FD_WRITE']), net('peer-connects'), app('accept', **{'as': 'a1'})],
    both=['ok unset', 'ok post[s:FD_ACCEPT@0x00000008] unset', 'ok post[a1:FD_WRITE@0x00000002] unset'],
    api=AS, socket='tcp-listener')
scenario('accept-select-after-request', 'A connection waits before the selection: selecting FD_ACCEPT records it at once (the seeds\' own example)',
    ['seed 004: "The application calls WSAEventSelect specifying that it is interested in the FD_ACCEPT network event for the socket. Due to the persistence of network events, Windows Sockets records the FD_ACCEPT network event and sets the associated event object immediately"', W + 'test_accept_events lines 6654-6673'],
    [net('peer-connects'), app('select', mask=['FD_ACCEPT']), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_ACCEPT} unset'],
    socket='tcp-listener')

# ---- FD_OOB
scenario('oob-separate', 'Urgent data with SO_OOBINLINE off: FD_OOB only, read with MSG_OOB',
    ['seed 003 FD_OOB item 2: "When OOB data arrives, if FD_OOB not already posted"', W + 'test_oob_events lines 7209-7225'],
    [app('select', mask=['FD_READ', 'FD_OOB']), net('peer-sends-oob', bytes=1), app('enum'), app('recv', flags=['MSG_OOB']), app('recv')],
    both=['ok unset', 'ok set', 'ok {FD_OOB} unset', 'ok =1 unset', 'WSAEWOULDBLOCK unset'],
    socket='tcp-accepted')
scenario('oob-level', 'Two urgent bytes: after recv(MSG_OOB) of one, FD_OOB is recorded again',
    ['seed 003 FD_OOB item 3: "After LPWSPRecv or LPWSPRecvFrom is called with or without MSG_OOB flag, if OOB data is still available to receive"', W + 'test_oob_events lines 7243-7250'],
    [app('select', mask=['FD_OOB']), net('peer-sends-oob', bytes=1), net('peer-sends-oob', bytes=1), app('enum'), app('recv', bytes=1, flags=['MSG_OOB']), app('enum'), app('recv', bytes=1, flags=['MSG_OOB']), app('enum')],
    both=['ok unset', 'ok set', 'ok set', 'ok {FD_OOB} unset', 'ok =1 set', 'ok {FD_OOB} unset', 'ok =1 unset', 'ok {} unset'],
    socket='tcp-accepted')
scenario('oob-inline', 'SO_OOBINLINE on: urgent data is normal data (FD_READ, not FD_OOB); recv with MSG_OOB fails with WSAEINVAL, which re-enables FD_READ as documented but not on Windows under WSAEventSelect',
    [S['oob'], 'Microsoft recv docs: WSAEINVAL "MSG_OOB was specified for a socket with SO_OOBINLINE enabled"', W + 'test_select lines 4724-4744; test_read_events lines 7112-7119'],
    [app('select', mask=['FD_READ', 'FD_OOB']), net('peer-sends-oob', bytes=1), app('enum'), app('recv', flags=['MSG_OOB']), app('recv')],
    windows=['ok unset', 'ok set', 'ok {FD_READ} unset', 'WSAEINVAL unset', 'ok =1 unset'],
    documented=['ok unset', 'ok set', 'ok {FD_READ} unset', 'WSAEINVAL set', 'ok =1 set'],
    socket='tcp-accepted', options={'SO_OOBINLINE': True})

# ---- edge-triggered
scenario('qos-edge', 'FD_QOS is edge-triggered: once per change, re-armed by WSAIoctl(SIO_GET_QOS)',
    [S['edge'], 'seed 003 FD_QOS item 2: "After LPWSPIoctl with SIO_GET_QOS is called, when the QOS is changed"'],
    [app('select', mask=['FD_QOS']), net('qos-change'), app('enum'), net('qos-change'), app('ioctl', code='SIO_GET_QOS'), net('qos-change'), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_QOS} unset', 'ok unset', 'ok unset', 'ok set', 'ok {FD_QOS} unset'],
    socket='tcp-accepted')
scenario('routing-needs-ioctl', 'FD_ROUTING_INTERFACE_CHANGE only after WSAIoctl(SIO_ROUTING_INTERFACE_CHANGE), once per request; it may carry WSAENETUNREACH',
    [S['routing'], 'seed 000 FD_ROUTING_INTERFACE_CHANGE: "WSAENETUNREACH: The specified destination is no longer reachable"'],
    [app('select', mask=['FD_ROUTING_INTERFACE_CHANGE']), net('routing-interface-change'), app('ioctl', code='SIO_ROUTING_INTERFACE_CHANGE'), net('routing-interface-change', error='WSAENETUNREACH'), app('enum'), net('routing-interface-change')],
    both=['ok unset', 'ok unset', 'ok unset', 'ok set', 'ok {FD_ROUTING_INTERFACE_CHANGE:WSAENETUNREACH} unset', 'ok unset'],
    socket='tcp-accepted')
scenario('address-list-async', 'WSAAsyncSelect: FD_ADDRESS_LIST_CHANGE (lParam 0x200) once per SIO_ADDRESS_LIST_CHANGE request',
    [S['routing'], S['lparam']],
    [app('select', mask=['FD_ADDRESS_LIST_CHANGE']), app('ioctl', code='SIO_ADDRESS_LIST_CHANGE'), net('address-list-change'), net('address-list-change')],
    both=['ok unset', 'ok unset', 'ok post[s:FD_ADDRESS_LIST_CHANGE@0x00000200] unset', 'ok unset'],
    api=AS, socket='udp')

# ---- selection
scenario('select-replaces', 'A second WSAEventSelect replaces the first (the seed\'s "incorrect example"): FD_READ is no longer selected',
    ['seed 004: "the second call will cancel the effects of the first, and only the FD_WRITE network event will be associated with hEventObject2"'],
    [app('select', mask=['FD_READ'], event='hEvent1'), app('select', mask=['FD_CLOSE'], event='hEvent2'), net('peer-sends', bytes=10), app('enum', event='hEvent2'), app('select', mask=['FD_READ'], event='hEvent2'), app('enum', event='hEvent2')],
    both=['ok unset', 'ok unset', 'ok unset', 'ok {} unset', 'ok set', 'ok {FD_READ} unset'],
    socket='tcp-accepted')
scenario('select-async-cancels-event', 'WSAAsyncSelect cancels a WSAEventSelect on the same socket: data is posted as a message and the event object stays unset',
    ['seed 003: "Invoking LPWSPAsyncSelect for a socket cancels any previous LPWSPAsyncSelect or LPWSPEventSelect for the same socket"'],
    [app('select', mask=['FD_READ']), app('select', mask=['FD_READ'], api='WSAAsyncSelect'), net('peer-sends', bytes=3)],
    both=['ok unset', 'ok unset', 'ok post[s:FD_READ] unset'],
    socket='tcp-accepted')
scenario('select-blocking', 'A selected socket cannot be made blocking (FIONBIO 0 fails with WSAEINVAL) until the selection is cancelled with mask 0',
    [S['nonblocking'], W + 'test_fionbio lines 5861-5870'],
    [app('select', mask=['FD_READ']), app('ioctl', code='FIONBIO', value=False), app('select', mask=[]), app('ioctl', code='FIONBIO', value=False)],
    both=['ok unset', 'WSAEINVAL unset', 'ok unset', 'ok unset'],
    socket='tcp-accepted')
scenario('enum-failure-keeps-record', 'WSAEnumNetworkEvents that fails clears nothing and resets nothing',
    ['seed 000: "In the case of this function returning SOCKET_ERROR, the associated event object is not reset and the record of network events is not cleared"', 'seed 001: the SAN provider "neither clears the previously recorded network events … nor resets the previously signaled event object"'],
    [app('select', mask=['FD_READ', 'FD_CLOSE']), net('peer-sends', bytes=5), app('enum', result='WSAEINVAL'), app('enum'), app('enum')],
    both=['ok unset', 'ok set', 'WSAEINVAL set', 'ok {FD_READ} unset', 'ok {} unset'],
    socket='tcp-accepted')
scenario('enum-null-event-handle', 'WSAEnumNetworkEvents with hEventObject NULL clears the record but leaves the event object set',
    [S['enum'], W + 'test_WSAEnumNetworkEvents lines 4095-4150 (NULL handle: the record is still cleared)'],
    [app('select', mask=['FD_READ']), net('peer-sends', bytes=5), app('enum', event=None), app('enum'), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_READ} set', 'ok {} unset', 'ok {} unset'],
    socket='tcp-accepted')
scenario('san-switch-mask', 'SAN provider: the switch selects only FD_ACCEPT and FD_CONNECT, so FD_WRITE is not recorded with the connect',
    [S['san']],
    [app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_READ']), app('connect'), net('connect-established'), app('enum')],
    both=['ok unset', 'WSAEWOULDBLOCK unset', 'ok set', 'ok {FD_CONNECT} unset'],
    layer='san')

# ---- datagram sockets
scenario('udp-bound-write', 'A bound UDP socket is writable: FD_WRITE when selected; Windows reports it once only, documented on every selection',
    [S['udpwrite'], W + 'test_WSAEnumNetworkEvents lines 4082-4151 (bound UDP: FD_WRITE once, then 0 on every select+enum)'],
    [app('bind'), app('select', mask=['FD_WRITE', 'FD_READ']), app('enum'), app('select', mask=['FD_WRITE', 'FD_READ']), app('enum')],
    windows=['ok unset', 'ok set', 'ok {FD_WRITE} unset', 'ok unset', 'ok {} unset'],
    documented=['ok unset', 'ok set', 'ok {FD_WRITE} unset', 'ok set', 'ok {FD_WRITE} unset'],
    socket='udp')
scenario('udp-unbound-async', 'WSAAsyncSelect on an unbound UDP socket: Windows posts FD_WRITE (sendto would bind it); documented, writable means bound',
    [S['udpwrite'], W + 'test_connect_events lines 6912-6919 (message mode: FD_WRITE)'],
    [app('select', mask=['FD_WRITE', 'FD_READ'])],
    windows=['ok post[s:FD_WRITE] unset'],
    documented=['ok unset'],
    api=AS, socket='udp')
scenario('udp-connect', 'connect on a UDP socket succeeds at once: FD_CONNECT and FD_WRITE',
    [S['udpconnect'], W + 'test_connect_events lines 6920-6933 (event mode: FD_CONNECT and FD_WRITE)'],
    [app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_READ']), app('connect'), app('enum')],
    both=['ok unset', 'ok set', 'ok {FD_WRITE,FD_CONNECT} unset'],
    socket='udp')
scenario('udp-connect-async', 'WSAAsyncSelect, connect on an unbound UDP socket: documented posts FD_CONNECT and FD_WRITE; Windows posts FD_WRITE on select and again on connect, never FD_CONNECT',
    [S['udpconnect'], W + 'test_connect_events lines 6912-6934 (message mode)'],
    [app('select', mask=['FD_CONNECT', 'FD_WRITE', 'FD_READ']), app('connect')],
    windows=['ok post[s:FD_WRITE] unset', 'ok post[s:FD_WRITE] unset'],
    documented=['ok unset', 'ok post[s:FD_CONNECT,s:FD_WRITE] unset'],
    api=AS, socket='udp')
scenario('udp-datagrams', 'Datagrams: FD_READ is level-triggered per datagram; each recv takes one whole datagram',
    [S['level'], 'seed 003 FD_READ item 3: "After LPWSPRecv or LPWSPRecvFrom is called …, if data is still available to receive"'],
    [app('bind'), app('select', mask=['FD_READ']), net('datagram', bytes=100), net('datagram', bytes=50), app('enum'), app('recv'), app('enum'), app('recv'), app('enum')],
    both=['ok unset', 'ok unset', 'ok set', 'ok set', 'ok {FD_READ} unset', 'ok =100 set', 'ok {FD_READ} unset', 'ok =50 unset', 'ok {} unset'],
    socket='udp')
scenario('udp-port-unreachable', 'ICMP port unreachable for a sent datagram: the next recvfrom fails with WSAECONNRESET; the socket reads as readable (FD_READ), our reading of the recvfrom docs',
    ['Microsoft recvfrom docs: WSAECONNRESET "On a UDP-datagram socket this error indicates a previous send operation resulted in an ICMP Port Unreachable message"', S['level']],
    [app('bind'), app('select', mask=['FD_READ']), net('peer-unreachable'), app('enum'), app('recv'), app('enum')],
    both=['ok unset', 'ok unset', 'ok set', 'ok {FD_READ} unset', 'WSAECONNRESET unset', 'ok {} unset'],
    socket='udp')

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'conformance')
os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    if f.endswith('.wsr.json'):
        os.remove(os.path.join(out, f))
for name, sc in SCENARIOS.items():
    with open(os.path.join(out, name + '.wsr.json'), 'w') as fh:
        json.dump(sc, fh, indent=2, ensure_ascii=False)
        fh.write('\n')
print(len(SCENARIOS), 'scenarios')
