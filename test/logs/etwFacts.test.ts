import { test } from 'node:test';
import assert from 'node:assert/strict';
import { etwFacts } from '../../analyzer/logs/etwFacts';
import type { LogRecord } from '../../analyzer/logs/logRecord';
import { createNetshTextReader } from '../../analyzer/logs/formats/netshText';

const AFD = 'Microsoft-Windows-Winsock-AFD';
const TCPIP = 'Microsoft-Windows-TCPIP';
const EP = '0xFFFF9000BBBB0000';
const ep = EP.toLowerCase();
const PROC = '0xFFFF9000AAAA0000';

function rec(provider: string | null, message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return { line: 1, time: null, provider, eventId: null, pid: null, tid: null, fields: {}, message, ...extra };
}

// AFD: no public sample exists; each line is the afd.sys template (notes §1.1) with values filled in.

test('AFD 1000 socket: pid from ProcessId, family and type', () => {
  // "socket: %1: Process %3 (%8), Endpoint %4, Family %5, Type %6, Protocol %7, Seq %2, Status %9"
  const facts = etwFacts(rec(AFD, `socket: 1: Process ${PROC} (0x0000000000001F40), Endpoint ${EP}, Family 2, Type 1, Protocol 6, Seq 7000, Status 0`));
  assert.deepEqual(facts, [{ subject: { kind: 'afd', id: ep }, pid: 8000, kind: 'socket', family: 2, type: 'stream' }]);
  // The request half gives nothing; a failed create gives nothing.
  assert.deepEqual(etwFacts(rec(AFD, `socket: 0: Process ${PROC} (0x1F40), Endpoint ${EP}, Family 2, Type 1, Protocol 6, Seq 7000, Status 0`)), []);
  assert.deepEqual(etwFacts(rec(AFD, `socket: 1: Process ${PROC} (0x1F40), Endpoint ${EP}, Family 23, Type 2, Protocol 17, Seq 7000, Status 0xC000009A`)), []);
});

test('AFD bind, listen, connect request/complete, accept with the accepted endpoint', () => {
  // 1030 "bind: %1: Process %3, Endpoint %4, Address %7, Seq %2, Status %5"
  assert.deepEqual(etwFacts(rec(AFD, `bind: 1: Process ${PROC}, Endpoint ${EP}, Address 0.0.0.0:8080, Seq 7020, Status 0`, { pid: 0x1f40 })), [
    { subject: { kind: 'afd', id: ep }, local: '0.0.0.0:8080', pid: 8000, kind: 'bind', status: 0, error: 0 },
  ]);
  // 1037 "Listen: %1: Process %3, Endpoint %4, Backlog %5, Seq %2, Status %6"
  assert.deepEqual(etwFacts(rec(AFD, `Listen: 1: Process ${PROC}, Endpoint ${EP}, Backlog 200, Seq 7030, Status 0`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'listen', backlog: 200, status: 0, error: 0 },
  ]);
  // 1018 "connect: %1: Process %3, Endpoint %4, Address %9, Seq %2, Status %7"
  assert.deepEqual(etwFacts(rec(AFD, `connect: 0: Process ${PROC}, Endpoint ${EP}, Address [2001:db8::5]:443, Seq 7010, Status 0`)), [
    { subject: { kind: 'afd', id: ep }, remote: '[2001:db8::5]:443', kind: 'connect', phase: 'request' },
  ]);
  assert.deepEqual(etwFacts(rec(AFD, `connect: 1: Process ${PROC}, Endpoint ${EP}, Address 10.0.0.5:443, Seq 7011, Status 0xC0000236`)), [
    { subject: { kind: 'afd', id: ep }, remote: '10.0.0.5:443', kind: 'connect', phase: 'complete', status: 0xc0000236, error: 10061 },
  ]);
  // 1021 "ConnectEx: %1: Process %3, Endpoint %4, Buffer %5, Length %6, Address %9, Seq %2, Status %7", status in signed decimal
  assert.deepEqual(etwFacts(rec(AFD, `ConnectEx: 1: Process ${PROC}, Endpoint ${EP}, Buffer 0x0, Length 0, Address 10.0.0.5:443, Seq 7012, Status -1073741643`)), [
    { subject: { kind: 'afd', id: ep }, remote: '10.0.0.5:443', kind: 'connect', phase: 'complete', status: 0xc00000b5, error: 10060 },
  ]);
  // 1024 "accept: %1: Process %3, Endpoint %4, Address %9, Accept Endpoint %10, Current Backlog %11, Seq %2, Status %7"
  assert.deepEqual(etwFacts(rec(AFD, `accept: 1: Process ${PROC}, Endpoint ${EP}, Address 10.0.0.9:50123, Accept Endpoint 0xFFFF9000CCCC0000, Current Backlog 3, Seq 7040, Status 0`)), [
    { subject: { kind: 'afd', id: ep }, remote: '10.0.0.9:50123', kind: 'accept', accepted: { kind: 'afd', id: '0xffff9000cccc0000' }, backlog: 3, status: 0, error: 0 },
  ]);
});

test('AFD send/recv completions with NTSTATUS → Winsock error, close, abort', () => {
  // 1003 "send: %1: Process %3, Endpoint %4, Buffer Count %5, Buffer %6, Length %7, Seq %2, Status %8"
  assert.deepEqual(etwFacts(rec(AFD, `send: 1: Process ${PROC}, Endpoint ${EP}, Buffer Count 1, Buffer 0x000000C0DE000000, Length 1460, Seq 7003, Status 0`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'send', bytes: 1460, status: 0, error: 0 },
  ]);
  assert.deepEqual(etwFacts(rec(AFD, `send: 0: Process ${PROC}, Endpoint ${EP}, Buffer Count 1, Buffer 0x000000C0DE000000, Length 1460, Seq 7003, Status 0`)), []);
  // 1004 "recv: …", non-blocking recv with nothing to read.
  assert.deepEqual(etwFacts(rec(AFD, `recv: 1: Process ${PROC}, Endpoint ${EP}, Buffer Count 1, Buffer 0x000000C0DE000000, Length 0, Seq 7004, Status 0xC00000A3`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'recv', bytes: 0, status: 0xc00000a3, error: 10035 },
  ]);
  // 1009 "recvfrom: … Addr %10 …"
  assert.deepEqual(etwFacts(rec(AFD, `recvfrom: 1: Process ${PROC}, Endpoint ${EP}, Buffer Count 1, Buffer 0x1000, Length 512, Addr 10.0.0.7:53, Seq 7005, Status 0`)), [
    { subject: { kind: 'afd', id: ep }, remote: '10.0.0.7:53', kind: 'recv', bytes: 512, status: 0, error: 0 },
  ]);
  // 1001 "closesocket: %1: Process %3, Endpoint %4, Seq %2, Status %5"
  assert.deepEqual(etwFacts(rec(AFD, `closesocket: 1: Process ${PROC}, Endpoint ${EP}, Seq 7006, Status 0`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'closesocket', status: 0, error: 0 },
  ]);
  // 1032 "connection aborted: %1: Process %3, Endpoint %4, Seq %2, Reason %5"
  assert.deepEqual(etwFacts(rec(AFD, `connection aborted: 2: Process ${PROC}, Endpoint ${EP}, Seq 7007, Reason 4`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'abort', by: 'afd', reason: '4' },
  ]);
});

test('AFD indications: connect, data, disconnect', () => {
  // 3001 "Connect indication: %1: Process %3, Endpoint %4, Address %7, Backlog Count %8, Seq %2, Status %5"
  assert.deepEqual(etwFacts(rec(AFD, `Connect indication: 3: Process ${PROC}, Endpoint ${EP}, Address 10.0.0.9:50123, Backlog Count 2, Seq 8001, Status 0`)), [
    { subject: { kind: 'afd', id: ep }, remote: '10.0.0.9:50123', kind: 'connect-indication', backlog: 2 },
  ]);
  // 3003 "Data indication: %1: Process %3, Endpoint %4, Buffer %5, Length %6, Seq %2"
  assert.deepEqual(etwFacts(rec(AFD, `Data indication: 3: Process ${PROC}, Endpoint ${EP}, Buffer 0x2000, Length 512, Seq 8002`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'data-indication', bytes: 512 },
  ]);
  // 3006 "disconnect indicated: %1: Process %3, Endpoint %4, Seq %2"
  assert.deepEqual(etwFacts(rec(AFD, `disconnect indicated: 3: Process ${PROC}, Endpoint ${EP}, Seq 8003`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'disconnect-indication' },
  ]);
});

test('AFD legacy events (Vista-era templates)', () => {
  // 32 "WSAEventSelect: %1 %2 %3"
  assert.deepEqual(etwFacts(rec(AFD, `WSAEventSelect: ${PROC} ${EP} 33`)), [{ subject: { kind: 'afd', id: ep }, kind: 'select', mask: 0x21 }]);
  // 6 "Connect completed: %1 %2 %3" (Error in decimal, as Event Viewer shows it)
  assert.deepEqual(etwFacts(rec(AFD, `Connect completed: ${PROC} ${EP} 3221226038`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'connect', phase: 'complete', status: 0xc0000236, error: 10061 },
  ]);
  // 8 "Transport initiated abort: %1 %2 %3"
  assert.deepEqual(etwFacts(rec(AFD, `Transport initiated abort: ${PROC} ${EP} 7`)), [
    { subject: { kind: 'afd', id: ep }, kind: 'abort', by: 'transport', reason: '7' },
  ]);
  // 41 "Disconnect indicated from transport: %1 %2"
  assert.deepEqual(etwFacts(rec(AFD, `Disconnect indicated from transport: ${PROC} ${EP}`)), [{ subject: { kind: 'afd', id: ep }, kind: 'disconnect-indication' }]);
  // 37 "Data indicated from transport: %1 %2 %3"
  assert.deepEqual(etwFacts(rec(AFD, `Data indicated from transport: ${PROC} ${EP} 100`)), [{ subject: { kind: 'afd', id: ep }, kind: 'data-indication', bytes: 100 }]);
  // 13 "Socket close: %1 %2 %3"
  assert.deepEqual(etwFacts(rec(AFD, `Socket close: ${PROC} ${EP} 0`)), [{ subject: { kind: 'afd', id: ep }, kind: 'closesocket', status: 0, error: 0 }]);
});

test('records that carry id and fields (XML/CSV readers) need no message', () => {
  const facts = etwFacts(rec('{E53C6823-7BB8-44BB-90DC-3F86090D48A6}', '', {
    eventId: 1027,
    fields: { EnterExit: '1', Location: '9', Process: PROC, Endpoint: EP, Buffer: '0x0', BufferLength: '0', Status: '0', AddressLen: '16', Address: '192.168.1.2:60000', AcceptEndpoint: '0xFFFF9000DDDD0000', CurrentBacklog: '0' },
  }));
  assert.deepEqual(facts, [{ subject: { kind: 'afd', id: ep }, remote: '192.168.1.2:60000', kind: 'accept', accepted: { kind: 'afd', id: '0xffff9000dddd0000' }, backlog: 0, status: 0, error: 0 }]);
});

test('Winsock-Sockets: SOCKET handles in decimal, Winsock errors as given', () => {
  const S = 'Microsoft-Windows-Winsock-Sockets';
  assert.deepEqual(etwFacts(rec(S, '', { eventId: 10, pid: 4242, fields: { ErrorCode: '0x274D', Socket: '0x0000000000000164', AddressLength: '16', Address: '10.0.0.5:443', FailurePoint: '0x0' } })), [
    { subject: { kind: 'socket', id: '356' }, remote: '10.0.0.5:443', pid: 4242, kind: 'connect', phase: 'complete', error: 10061 },
  ]);
  assert.deepEqual(etwFacts(rec(S, '', { eventId: 6, fields: { ErrorCode: '0x0', SocketAccepted: '0x1A0', SocketListening: '0x164', ProcessId: '4242', FailurePoint: '0x0' } })), [
    { subject: { kind: 'socket', id: '356' }, pid: 4242, kind: 'accept', accepted: { kind: 'socket', id: '416' }, status: 0, error: 0 },
  ]);
  assert.deepEqual(etwFacts(rec(S, '', { eventId: 16, fields: { ErrorCode: '0x0', Socket: '0x164', Backlog: '5', FailurePoint: '0x0' } })), [
    { subject: { kind: 'socket', id: '356' }, kind: 'listen', backlog: 5, status: 0, error: 0 },
  ]);
  assert.deepEqual(etwFacts(rec(S, '', { eventId: 2, fields: { ErrorCode: '0x0', Socket: '0x164', AddressFamily: '23', SocketType: '2', Protocol: '17', ProcessId: '77', FailurePoint: '0x0' } })), [
    { subject: { kind: 'socket', id: '356' }, pid: 77, kind: 'socket', family: 23, type: 'dgram' },
  ]);
  assert.deepEqual(etwFacts(rec(S, '', { eventId: 8, fields: { ErrorCode: '0x0', Socket: '0x164' } })), []);
});

test('TCPIP facts from the messages (real sample lines and templates)', () => {
  // Real line (diagnose-packet-loss): 1332 with the newer, longer text.
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: connection 0xFFFFE189BD811AA0 (local=192.168.5.68:55330 remote=6.6.0.27:443): TCP send event, SeqNo = 2526320299, BytesSent = 1460, CWnd = 18538, SndWnd = 197632, SRtt = 17631, RttVar = 4947, RTO = 300, RcvWnd = 65535, PacingRate = 0, State = 4(EstablishedState), CongestionState = 0, SndUna = 2526318360, SndMax = 2526321759, RecoveryMax = 0, RcvBufSet = 0(FALSE), MaxRcvBuf = 65535.')), [
    { subject: { kind: 'tcb', id: '0xffffe189bd811aa0' }, local: '192.168.5.68:55330', remote: '6.6.0.27:443', kind: 'tcp', what: 'data-sent', bytes: 1460 },
  ]);
  // 1034 "TCP: connection %8 (local=%2 remote=%4) connect attempt failed with status = %5."
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: connection 0xFFFF800011112222 (local=fe80::1:50000 remote=fe80::2:443) connect attempt failed with status = 0xC0000236.')), [
    { subject: { kind: 'tcb', id: '0xffff800011112222' }, local: '[fe80::1]:50000', remote: '[fe80::2]:443', kind: 'tcp', what: 'connect-failed', status: 0xc0000236, error: 10061 },
  ]);
  // 1051 "TCP: connection %4 transition from %1 to %2, SndNxt = %3."
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: connection 0xFFFF800011112222 transition from EstablishedState to CloseWaitState, SndNxt = 1000.')), [
    { subject: { kind: 'tcb', id: '0xffff800011112222' }, kind: 'tcp', what: 'state', state: 'CloseWaitState' },
  ]);
  // 1300 "TCP: connection %1 (local=%3 remote=%5) exists. State = %6. PID = %7."
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: connection 0xFFFF800011112222 (local=10.0.0.1:50000 remote=10.0.0.2:80) exists. State = 4(EstablishedState). PID = 4242.')), [
    { subject: { kind: 'tcb', id: '0xffff800011112222' }, local: '10.0.0.1:50000', remote: '10.0.0.2:80', pid: 4242, kind: 'tcp', what: 'state', state: 'EstablishedState' },
  ]);
  // 1074 "TCP: connection %1: Received data with number of bytes = %2. ThSeq = %3."
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: connection 0xFFFF800011112222: Received data with number of bytes = 512. ThSeq = 77.')), [
    { subject: { kind: 'tcb', id: '0xffff800011112222' }, kind: 'tcp', what: 'data-received', bytes: 512 },
  ]);
  // 1017 "TCP: listener (local=%2 remote=%4) accept completed. TCB = %8. PID = %6."
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: listener (local=10.0.0.1:80 remote=10.0.0.9:50123) accept completed. TCB = 0xFFFF800033334444. PID = 4.')), [
    { subject: { kind: 'tcb', id: '0xffff800033334444' }, local: '10.0.0.1:80', remote: '10.0.0.9:50123', pid: 4, kind: 'tcp', what: 'accept-complete' },
  ]);
  // 1479 "TCP: Connection %1 Transport (Protocol %2, AddressFamily = %3) sent RST with Local = %5, Remote = %7. Reason = %8."
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: Connection 0xFFFF800011112222 Transport (Protocol 6(TCP), AddressFamily = 2(IPV4)) sent RST with Local = 10.0.0.1:80, Remote = 10.0.0.9:50123. Reason = 3.')), [
    { subject: { kind: 'tcb', id: '0xffff800011112222' }, local: '10.0.0.1:80', remote: '10.0.0.9:50123', kind: 'tcp', what: 'rst-sent' },
  ]);
  // A timer event says nothing a socket cares about.
  assert.deepEqual(etwFacts(rec(TCPIP, 'TCP: Connection 0xFFFFE189BD811AA0 0(RetransmitTimer) timer has expired.')), []);
});

test('other providers and unrecognised messages give no fact', () => {
  assert.deepEqual(etwFacts(rec('nt', 'NSI: Enter>>NsiSetAllParametersEx.')), []);
  assert.deepEqual(etwFacts(rec(null, 'connect: 1: Process 0x1, Endpoint 0x2, Seq 3, Status 0')), []);
  assert.deepEqual(etwFacts(rec(AFD, 'something AFD never prints')), []);
});

test('a netsh TXT file of AFD lines, read and turned into facts end to end', () => {
  const lines = [
    `[1]1F40.0BB8::2025/03/27-16:12:19.000000100 [Microsoft-Windows-Winsock-AFD]connect: 0: Process ${PROC}, Endpoint ${EP}, Address 10.0.0.5:443, Seq 7010, Status 0`,
    `[1]0000.0000::2025/03/27-16:12:19.020000100 [Microsoft-Windows-Winsock-AFD]connect: 1: Process ${PROC}, Endpoint ${EP}, Address 10.0.0.5:443, Seq 7011, Status 0`,
    `[1]0000.0000::2025/03/27-16:12:19.030000000 [Microsoft-Windows-Winsock-AFD]Data indication: 3: Process ${PROC}, Endpoint ${EP}, Buffer 0x2000, Length 512, Seq 8002`,
  ];
  const records: LogRecord[] = [];
  const reader = createNetshTextReader({ record: (r) => records.push(r), problem: () => assert.fail('no problem expected') });
  lines.forEach((l, i) => reader.line(l, i + 1));
  reader.end();
  const facts = records.flatMap(etwFacts);
  assert.deepEqual(facts, [
    { subject: { kind: 'afd', id: ep }, remote: '10.0.0.5:443', pid: 8000, kind: 'connect', phase: 'request' },
    { subject: { kind: 'afd', id: ep }, remote: '10.0.0.5:443', kind: 'connect', phase: 'complete', status: 0, error: 0 },
    { subject: { kind: 'afd', id: ep }, kind: 'data-indication', bytes: 512 },
  ]);
});
