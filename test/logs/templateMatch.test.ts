import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, identify, matchedFields, readPairs, readValue } from '../../analyzer/logs/templateMatch';
import type { EventSpec } from '../../analyzer/logs/catalog/eventSpec';

const AFD = 'Microsoft-Windows-Winsock-AFD';
const TCPIP = 'Microsoft-Windows-TCPIP';

test('AFD connect with address, written as template 1018 renders it', () => {
  // 1018: "connect: %1: Process %3, Endpoint %4, Address %9, Seq %2, Status %7"
  const r = identify(AFD, 'connect: 1: Process 0xFFFF9000AAAA0000, Endpoint 0xFFFF9000BBBB0000, Address 10.0.0.5:443, Seq 7010, Status 0xC0000236');
  assert.equal(r!.spec.id, 1018);
  assert.deepEqual(r!.fields, {
    EnterExit: '1', Process: '0xFFFF9000AAAA0000', Endpoint: '0xFFFF9000BBBB0000', Address: '10.0.0.5:443', Location: '7010', Status: '0xC0000236',
  });
  // 1017 (no Address) is picked for the shorter text, not 1018.
  assert.equal(identify(AFD, 'connect: 0: Process 0xFFFF9000AAAA0000, Endpoint 0xFFFF9000BBBB0000, Seq 7001, Status 0')!.spec.id, 1017);
});

test('most specific template wins: legacy 37 vs 38, 1064 vs 1066', () => {
  // 37: "Data indicated from transport: %1 %2 %3"; 38: "… %1 %2 %3 %4 %5"
  assert.equal(identify(AFD, 'Data indicated from transport: 0xFFFF1 0xFFFF2 100')!.spec.id, 37);
  const five = identify(AFD, 'Data indicated from transport: 0xFFFF1 0xFFFF2 16777343 20480 100')!;
  assert.equal(five.spec.id, 38);
  assert.equal(five.fields.BytesIndicated, '100');
  assert.equal(identify(TCPIP, 'TCP: Connection 0xFFFFE189BD811AA0 0(RetransmitTimer) timer has expired.')!.spec.id, 1066);
});

test('drifted 1215 (real 2025 text): prefix placeholders kept, the rest from pairs', () => {
  const r = identify(TCPIP, 'TCPIP: Network layer (Protocol 1(ICMP), AddressFamily = 2(IPV4)) dropped 1 packet(s) on interface 13. SourceAddress = 192.168.5.68. DestAddress = 192.168.5.88. Reason = 9(Inspection drop). Direction = 0(Send). NBL = 0xFFFFE189BEAF3AC0.')!;
  assert.equal(r.spec.id, 1215);
  assert.deepEqual(r.fields, {
    IPTransportProtocol: '1(ICMP)', AddressFamily: '2(IPV4)', PacketCount: '1', SourceAddress: '192.168.5.68',
    DestAddress: '192.168.5.88', Reason: '9(Inspection drop)', Direction: '0(Send)', NBL: '0xFFFFE189BEAF3AC0',
  });
});

test('drifted 1332 (real 2025 text): (local= remote=) inserted after the Tcb, longer tail', () => {
  const r = identify(TCPIP, 'TCP: connection 0xFFFFE189BD811AA0 (local=192.168.5.68:55330 remote=6.6.0.27:443): TCP send event, SeqNo = 2526320299, BytesSent = 1460, CWnd = 18538, SndWnd = 197632, SRtt = 17631, RttVar = 4947, RTO = 300, RcvWnd = 65535, PacingRate = 0, State = 4(EstablishedState), CongestionState = 0, SndUna = 2526318360, SndMax = 2526321759, RecoveryMax = 0, RcvBufSet = 0(FALSE), MaxRcvBuf = 65535.')!;
  assert.equal(r.spec.id, 1332);
  assert.equal(r.fields.Tcb, '0xFFFFE189BD811AA0');
  assert.equal(r.fields.SeqNo, '2526320299');
  assert.equal(r.fields.Cwnd, '18538');
  assert.equal(r.fields.RTO, '300');
  assert.equal(r.fields.local, '192.168.5.68:55330');
  assert.equal(r.fields.remote, '6.6.0.27:443');
  assert.equal(r.fields.State, '4(EstablishedState)');
  assert.equal(r.fields.MaxRcvBuf, '65535');
});

test('unknown texts are not forced onto a template', () => {
  // Real line (diagnose-packet-loss): no catalog event; 1160 "send transmitted" must not claim it.
  assert.equal(identify(TCPIP, 'TCP: connection = 0xFFFFE189BD811AA0 send tracker marked a transmit as rexmit. Start = 2526320299, End = 2526321759, Timestamp = 467744252, InFlightCount = 2, SackedBytes = 0, BytesInFlight = 4859.'), null);
  assert.equal(identify(TCPIP, 'TCP software RSC global disabled mask = 0, UDP software URO global disabled mask = 0.'), null);
  assert.equal(identify('nt', 'NSI: Enter>>NsiSetAllParametersEx.'), null);
  assert.equal(identify(AFD, ''), null);
});

test('IPv6 endpoints and a template ending in a placeholder', () => {
  const r = identify(TCPIP, 'TCP: connection 0xFFFF800011112222 (local=fe80::1:50000 remote=[2001:db8::2]:443) connection terminated: received RST.')!;
  assert.equal(r.spec.id, 1184);
  assert.equal(r.fields.LocalAddress, 'fe80::1:50000');
  assert.equal(r.fields.RemoteAddress, '[2001:db8::2]:443');
  const spec: EventSpec = { provider: 'x', id: 1, name: 'n', fields: ['A', 'B'], template: 'x: %1 then %2' };
  const m = compileTemplate(spec)!;
  const hit = m.match('x: 5 then 7 (0x7), more text')!;
  assert.equal(hit.complete, true);
  assert.deepEqual(matchedFields(spec, 'x: 5 then 7 (0x7), more text', hit), { A: '5', B: '7 (0x7)' });
  assert.equal(m.match('y: 5 then 7'), null);
});

test('pairs and values', () => {
  assert.deepEqual(readPairs('Interface = 8, Alias = Ethernet (Kernel Debugger).'), { Interface: '8', Alias: 'Ethernet (Kernel Debugger)' });
  assert.deepEqual(readPairs('(local=1.2.3.4:5 remote=[::1]:6): x'), { local: '1.2.3.4:5', remote: '[::1]:6' });
  assert.equal(readValue('Status 0xC0000236. Next', 7), '0xC0000236');
});
