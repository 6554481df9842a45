import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIcmp, decodePacket, formatIp, isIcmpError } from '../../analyzer/decode';
import type { IcmpHeader } from '../../analyzer/decode';
import { concat, hex, messages, sink } from './helpers';

function icmp4(bytes: Uint8Array, wire = bytes.length) {
  const s = sink();
  return { icmp: decodeIcmp(bytes, 0, bytes.length, wire, 4, s) as IcmpHeader, s };
}

function icmp6(bytes: Uint8Array, wire = bytes.length) {
  const s = sink();
  return { icmp: decodeIcmp(bytes, 0, bytes.length, wire, 6, s) as IcmpHeader, s };
}

test('echo request: identifier and sequence', () => {
  const { icmp, s } = icmp4(hex('08 00 f7fe 1234 0001  6162636465666768'));
  assert.equal(icmp.version, 4);
  assert.equal(icmp.type, 8);
  assert.equal(icmp.code, 0);
  assert.equal(icmp.checksum, 0xf7fe);
  assert.equal(icmp.echoId, 0x1234);
  assert.equal(icmp.echoSeq, 1);
  assert.equal(icmp.rest, 0x12340001);
  assert.equal(icmp.isError, false);
  assert.equal(icmp.quote, null);
  assert.equal(icmp.mtu, -1);
  assert.equal(icmp.payloadOffset, 8);
  assert.equal(icmp.payloadLength, 8);
  assert.equal(s.problems, null);

  const reply = icmp4(hex('00 00 0000 1234 0001')).icmp;
  assert.equal(reply.echoId, 0x1234);
  const other = icmp4(hex('0d 00 0000 1234 0001')).icmp; // timestamp request: no echo fields
  assert.equal(other.echoId, -1);
  assert.equal(other.echoSeq, -1);
});

test('port unreachable quoting IPv4 + UDP', () => {
  const b = hex(`
    03 03 0000 00000000
    45 00 0024 abcd 0000 40 11 0000 0a000002 0a000001   # quoted datagram, total 36
    e0a5 0035 0010 0000                                 # UDP 57509 → 53, length 16
  `);
  const { icmp, s } = icmp4(b);
  assert.equal(icmp.isError, true);
  const q = icmp.quote;
  assert.ok(q);
  assert.equal(q.ip?.version, 4);
  assert.equal(q.ip?.offset, 8);
  assert.equal(q.ip && formatIp(q.ip, 'src'), '10.0.0.2');
  assert.equal(q.ip && formatIp(q.ip, 'dst'), '10.0.0.1');
  assert.equal(q.protocol, 17);
  assert.equal(q.transportOffset, 28);
  assert.equal(q.transportLength, 8);
  assert.equal(q.srcPort, 57509);
  assert.equal(q.dstPort, 53);
  assert.equal(q.tcpSeq, -1);
  assert.equal(q.tcp, null);
  assert.equal(q.udp?.length, 16);
  assert.equal(q.udp?.payloadWireLength, 8);
  assert.equal(q.problems, null);
  assert.equal(s.problems, null);
});

test('fragmentation needed: MTU and the quoted TCP sequence number', () => {
  const b = hex(`
    03 04 0000 0000 0578                                 # next-hop MTU 1400
    45 00 05dc 1111 4000 3f 06 0000 c0a80164 5db8d822    # 1500 bytes, DF
    c350 01bb 0bebc200                                   # 50000 → 443, seq 200000000
  `);
  const { icmp } = icmp4(b);
  assert.equal(icmp.mtu, 1400);
  const q = icmp.quote;
  assert.ok(q);
  assert.equal(q.protocol, 6);
  assert.equal(q.srcPort, 50000);
  assert.equal(q.dstPort, 443);
  assert.equal(q.tcpSeq, 200000000);
  assert.equal(q.tcp, null);
  assert.equal(q.ip?.missingLength, 1472);
  assert.equal(q.problems, null);
});

test('time exceeded with an RFC 4884 length: the quote stops before the extensions', () => {
  const b = hex(`
    0b 00 0000 00 07 0000                                # length 7 words = 28 bytes
    45 00 003c 0001 0000 01 11 0000 0a000001 08080808    # TTL 1, UDP to 8.8.8.8
    8235 829b 0028 0000                                  # traceroute ports 33333 → 33435
    2000 0000 0008 0101 0a000001                         # extension structure (not quote)
  `);
  const q = icmp4(b).icmp.quote;
  assert.ok(q);
  assert.equal(q.transportLength, 8);
  assert.equal(q.srcPort, 33333);
  assert.equal(q.dstPort, 33435);
  assert.equal(q.udp?.payloadLength, 0);
});

test('source quench, redirect and parameter problem are errors too', () => {
  const quoted = hex('45 00 0028 0000 0000 40 06 0000 0a000001 0a000002  0400 0050 00000007');
  for (const head of ['04 00 0000 00000000', '05 01 0000 c0a80101', '0c 00 0000 14000000']) {
    const { icmp } = icmp4(concat(hex(head), quoted));
    assert.equal(icmp.isError, true, head);
    assert.equal(icmp.quote?.srcPort, 1024, head);
    assert.equal(icmp.quote?.tcpSeq, 7, head);
  }
  assert.equal(icmp4(concat(hex('05 01 0000 c0a80101'), quoted)).icmp.rest, 0xc0a80101);
  assert.equal(isIcmpError(4, 0), false);
  assert.equal(isIcmpError(4, 8), false);
  assert.equal(isIcmpError(6, 128), false);
  assert.equal(isIcmpError(6, 1), true);
});

test('an error about an echo request names its id and sequence', () => {
  const b = hex(`
    0b 00 0000 00000000
    45 00 0054 0002 0000 01 01 0000 0a000001 08080808
    08 00 0000 4242 0007
  `);
  const q = icmp4(b).icmp.quote;
  assert.equal(q?.protocol, 1);
  assert.equal(q?.echoId, 0x4242);
  assert.equal(q?.echoSeq, 7);
  assert.equal(q?.srcPort, -1);
});

test('quote problems stay in the quote', () => {
  const cut = icmp4(hex('03 01 0000 00000000  45 00 0028 0000 0000'));  // 8 of 20 header bytes
  assert.equal(cut.icmp.quote?.ip, null);
  assert.deepEqual(cut.icmp.quote && messages(cut.icmp.quote), ['IPv4 header truncated: need 20 bytes, have 8']);
  assert.equal(cut.icmp.quote?.truncated, 'ipv4');
  assert.equal(cut.s.problems, null);

  // A later fragment carries no ports.
  const frag = icmp4(hex('03 01 0000 00000000  45 00 0028 0000 0010 40 06 0000 0a000001 0a000002  0400 0050 00000007'));
  assert.equal(frag.icmp.quote?.ip?.isFragment, true);
  assert.equal(frag.icmp.quote?.srcPort, -1);
});

test('ICMPv6 echo through decodePacket', () => {
  const f = hex(`
    60000000 000c 3a 40
    20010db8000000000000000000000001
    20010db8000000000000000000000002
    80 00 1234 0001 0002 deadbeef
  `);
  const p = decodePacket(229, f, f.length);
  assert.equal(p.icmp?.version, 6);
  assert.equal(p.icmp?.type, 128);
  assert.equal(p.icmp?.echoId, 1);
  assert.equal(p.icmp?.echoSeq, 2);
  assert.equal(p.icmp?.payloadLength, 4);
  assert.equal(p.problems, null);
});

test('ICMPv6 packet too big quoting a whole TCP header', () => {
  const b = hex(`
    02 00 0000 00000500                            # MTU 1280
    6000 0000 05c8 06 40                           # quoted: payload 1480, TCP
    20010db8000000000000000000000001
    20010db8000000000000000000000002
    01bb c350 00000064 000000c8 50 18 0100 0000 0000  # 443 → 50000, seq 100, ack 200, PSH+ACK
    00000000000000000000                            # first 10 payload bytes
  `);
  const { icmp, s } = icmp6(b);
  assert.equal(icmp.mtu, 1280);
  assert.equal(icmp.isError, true);
  const q = icmp.quote;
  assert.ok(q);
  assert.equal(q.ip?.version, 6);
  assert.equal(q.ip && formatIp(q.ip, 'src'), '2001:db8::1');
  assert.equal(q.srcPort, 443);
  assert.equal(q.dstPort, 50000);
  assert.equal(q.tcpSeq, 100);
  assert.equal(q.tcp?.ack, 200);
  assert.equal(q.tcp?.flags, 0x18);
  assert.equal(q.tcp?.payloadLength, 10);
  assert.equal(q.tcp?.payloadWireLength, 1460);
  assert.equal(q.problems, null);
  assert.equal(s.problems, null);
});

test('ICMPv6 port unreachable in Ethernet, and the v6 RFC 4884 length in 8-byte units', () => {
  const f = hex(`
    001122334455 66778899aabb 86dd
    60000000 0038 3a 40
    20010db8000000000000000000000002
    20010db8000000000000000000000001
    01 04 0000 06 000000                          # unreachable/port; quote length 6 × 8 = 48
    60000000 0010 11 40
    20010db8000000000000000000000001
    20010db8000000000000000000000002
    c350 0035 0010 0000
  `);
  const p = decodePacket(1, f, f.length);
  assert.equal(p.icmp?.type, 1);
  assert.equal(p.icmp?.code, 4);
  assert.equal(p.icmp?.quote?.srcPort, 50000);
  assert.equal(p.icmp?.quote?.dstPort, 53);
  assert.equal(p.icmp?.quote?.udp?.length, 16);
  assert.equal(p.problems, null);
});

test('truncated and short ICMP headers', () => {
  const cut = icmp4(hex('08 00 f7fe 12'), 64);
  assert.equal(cut.icmp, null);
  assert.deepEqual(messages(cut.s), ['ICMP header truncated: need 8 bytes, have 5']);
  assert.equal(cut.s.truncated, 'icmp');
  const short = icmp6(hex('80 00 f7fe 12'));
  assert.deepEqual(messages(short.s), ['ICMPv6 header needs 8 bytes but the IP payload has 5']);
  assert.equal(short.s.problems?.[0].layer, 'icmpv6');
});
