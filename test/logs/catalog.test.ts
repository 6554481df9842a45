import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventSpec, isCatalogProvider, normalizeProvider, PROVIDERS, specsOf } from '../../analyzer/logs/catalog/index';

test('AFD: every id of the notes tables, nothing else', () => {
  const ids = specsOf('Microsoft-Windows-Winsock-AFD').map((s) => s.id);
  const expected = [
    ...Array.from({ length: 41 }, (_, i) => i + 1),
    1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1009, 1011, 1012, 1013, 1015, 1017, 1018, 1020, 1021,
    1023, 1024, 1026, 1027, 1029, 1030, 1032, 1033, 1035, 1036, 1037, 3000, 3001, 3003, 3004, 3006, 3007, 4019,
    ...Array.from({ length: 19 }, (_, i) => 4000 + i), 4020,
  ];
  assert.deepEqual([...ids].sort((a, b) => a - b), expected.sort((a, b) => a - b));
  assert.equal(new Set(ids).size, ids.length);
});

test('AFD specs: fields in payload order and templates exactly as the notes', () => {
  assert.deepEqual(eventSpec(PROVIDERS.AFD, 1000), {
    provider: 'Microsoft-Windows-Winsock-AFD', id: 1000, name: 'AfdCreateOpen',
    fields: ['EnterExit', 'Location', 'Process', 'Endpoint', 'AddressFamily', 'SocketType', 'Protocol', 'ProcessId', 'Status'],
    template: 'socket: %1: Process %3 (%8), Endpoint %4, Family %5, Type %6, Protocol %7, Seq %2, Status %9',
  });
  const accept = eventSpec(PROVIDERS.AFD, 1024)!;
  assert.equal(accept.name, 'AfdAcceptWithAddressConnected');
  assert.deepEqual(accept.fields, ['EnterExit', 'Location', 'Process', 'Endpoint', 'Buffer', 'BufferLength', 'Status', 'AddressLen', 'Address', 'AcceptEndpoint', 'CurrentBacklog']);
  assert.equal(accept.template, 'accept: %1: Process %3, Endpoint %4, Address %9, Accept Endpoint %10, Current Backlog %11, Seq %2, Status %7');
  assert.equal(eventSpec(PROVIDERS.AFD, 3006)!.template, 'disconnect indicated: %1: Process %3, Endpoint %4, Seq %2');
  assert.equal(eventSpec(PROVIDERS.AFD, 3)!.template, 'Socket bind: %1 %2 %3 %4 %5');
  assert.deepEqual(eventSpec(PROVIDERS.AFD, 32)!.fields, ['Process', 'Endpoint', 'EventMask']);
  assert.equal(eventSpec(PROVIDERS.AFD, 4020)!.template, null);
  assert.equal(eventSpec(PROVIDERS.AFD, 1008), undefined);
  // Every placeholder names a field.
  for (const s of specsOf(PROVIDERS.AFD)) {
    for (const m of (s.template ?? '').matchAll(/%(\d+)/g)) assert.ok(Number(m[1]) <= s.fields.length, `${s.id} %${m[1]}`);
  }
});

test('TCPIP specs', () => {
  const c = eventSpec(PROVIDERS.TCPIP, 1033)!;
  assert.equal(c.name, 'TcpConnectTcbComplete');
  assert.deepEqual(c.fields, ['LocalAddressLength', 'LocalAddress', 'RemoteAddressLength', 'RemoteAddress', 'Status', 'ProcessId', 'Compartment', 'Tcb', 'ProcessStartKey']);
  assert.equal(c.template, 'TCP: connection %8 (local=%2 remote=%4) connect completed. PID = %6.');
  assert.equal(eventSpec(PROVIDERS.TCPIP, 1051)!.template, 'TCP: connection %4 transition from %1 to %2, SndNxt = %3.');
  assert.deepEqual(eventSpec(PROVIDERS.TCPIP, 1479)!.fields, ['Tcb', 'IPTransportProtocol', 'AddressFamily', 'LocalSockAddrLength', 'LocalSockAddr', 'RemoteSockAddrLength', 'RemoteSockAddr', 'Reason']);
  assert.equal(specsOf(PROVIDERS.TCPIP).length, 58);
  for (const s of specsOf(PROVIDERS.TCPIP)) {
    for (const m of (s.template ?? '').matchAll(/%(\d+)/g)) assert.ok(Number(m[1]) <= s.fields.length, `${s.id} %${m[1]}`);
  }
});

test('Winsock-Sockets 1–16, no templates', () => {
  const specs = specsOf(PROVIDERS.WINSOCK_SOCKETS);
  assert.deepEqual(specs.map((s) => s.id), Array.from({ length: 16 }, (_, i) => i + 1));
  assert.ok(specs.every((s) => s.template === null));
  assert.deepEqual(eventSpec(PROVIDERS.WINSOCK_SOCKETS, 10)!.fields, ['ErrorCode', 'Socket', 'AddressLength', 'Address', 'FailurePoint']);
  assert.deepEqual(eventSpec(PROVIDERS.WINSOCK_SOCKETS, 14)!.fields, eventSpec(PROVIDERS.WINSOCK_SOCKETS, 8)!.fields);
  assert.deepEqual(eventSpec(PROVIDERS.WINSOCK_SOCKETS, 9)!.fields, []);
});

test('provider names in any case and GUIDs', () => {
  assert.equal(normalizeProvider('microsoft-windows-winsock-afd'), 'Microsoft-Windows-Winsock-AFD');
  assert.equal(normalizeProvider('{e53c6823-7bb8-44bb-90dc-3f86090d48a6}'), 'Microsoft-Windows-Winsock-AFD');
  assert.equal(normalizeProvider('2F07E2EE-15DB-40F1-90EF-9D7BA282188A'), 'Microsoft-Windows-TCPIP');
  assert.equal(normalizeProvider('{BDE46AEA-2357-51FE-7367-D5296F530BD1}'), 'Microsoft-Windows-Winsock-Sockets');
  assert.equal(normalizeProvider(' nt '), 'nt');
  assert.equal(eventSpec('MICROSOFT-WINDOWS-TCPIP', 1074)!.name, 'TcpDataTransferReceive');
  assert.ok(isCatalogProvider('{2f07e2ee-15db-40f1-90ef-9d7ba282188a}'));
  assert.ok(!isCatalogProvider('Microsoft-Windows-PktMon'));
  assert.ok(!isCatalogProvider(null));
  assert.deepEqual(specsOf('nt'), []);
});
