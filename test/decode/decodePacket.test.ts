import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket, formatIp, tcpFlagLetters } from '../../analyzer/decode';
import { concat, hex, messages } from './helpers';

const ETH_IPV4_TCP = hex(`
  001122334455 66778899aabb 0800                       # 0..13 Ethernet
  45 00 0045 4d2a 4000 40 06 0000 c0a80102 5db8d822    # 14..33 IPv4, total 69
  d6d8 0050 0000ea60 0001d4c0                          # 34..: 55000 → 80, seq 60000, ack 120000
  80 18 01f5 0000 0000                                 # data offset 8 (32 bytes), PSH+ACK, window 501
  01 01 08 0a 00000064 00000032                        # NOP NOP TS 100/50   (54..65)
  474554202f20485454502f312e310d0a0d                   # "GET / HTTP/1.1\\r\\n\\r" (66..82, 17 bytes)
`);

test('a whole frame: every layer, nothing wrong', () => {
  const p = decodePacket(1, ETH_IPV4_TCP, ETH_IPV4_TCP.length);
  assert.equal(p.linkType, 1);
  assert.equal(p.data, ETH_IPV4_TCP);
  assert.equal(p.capturedLength, 83);
  assert.equal(p.wireLength, 83);
  assert.equal(p.link.kind, 'ethernet');
  assert.ok(p.ip && p.ip.version === 4);
  assert.equal(formatIp(p.ip, 'src'), '192.168.1.2');
  assert.equal(formatIp(p.ip, 'dst'), '93.184.216.34');
  assert.equal(p.ip.fragmentId, 0x4d2a);
  assert.equal(p.ip.totalLength, 69);
  assert.ok(p.tcp);
  assert.equal(p.tcp.srcPort, 55000);
  assert.equal(p.tcp.dstPort, 80);
  assert.equal(p.tcp.seq, 60000);
  assert.equal(p.tcp.ack, 120000);
  assert.equal(tcpFlagLetters(p.tcp.flags), 'PA');
  assert.equal(p.tcp.tsVal, 100);
  assert.equal(p.tcp.tsEcr, 50);
  assert.equal(p.tcp.payloadOffset, 66);
  assert.equal(p.tcp.payloadLength, 17);
  assert.equal(new TextDecoder().decode(p.data.subarray(66, 80)), 'GET / HTTP/1.1');
  assert.equal(p.udp, null);
  assert.equal(p.icmp, null);
  assert.equal(p.truncated, null);
  assert.equal(p.problems, null);
});

test('a wire length below the captured length is ignored', () => {
  const p = decodePacket(1, ETH_IPV4_TCP, 10);
  assert.equal(p.wireLength, 83);
  assert.equal(p.problems, null);
});

test('cut at every byte: the layers before the cut survive, the cut one is named', () => {
  for (let len = 0; len <= ETH_IPV4_TCP.length; len++) {
    const p = decodePacket(1, ETH_IPV4_TCP.subarray(0, len), ETH_IPV4_TCP.length);
    const why = `cut at ${len}`;
    if (len < 14) {
      assert.equal(p.truncated, 'link', why);
      assert.deepEqual(messages(p), [`Ethernet header truncated: need 14 bytes, have ${len}`], why);
      assert.equal(p.ip, null, why);
    } else if (len < 34) {
      assert.equal(p.link.network, 'ipv4', why);
      assert.equal(p.truncated, 'ipv4', why);
      assert.deepEqual(messages(p), [`IPv4 header truncated: need 20 bytes, have ${len - 14}`], why);
      assert.equal(p.ip, null, why);
    } else if (len < 54) {
      assert.equal(p.ip?.version === 4 && p.ip.src, 0xc0a80102, why);
      assert.equal(p.ip?.missingLength, 83 - len, why);
      assert.equal(p.truncated, 'tcp', why);
      assert.deepEqual(messages(p), [`TCP header truncated: need 20 bytes, have ${len - 34}`], why);
      assert.equal(p.tcp, null, why);
    } else if (len < 66) {
      assert.equal(p.tcp?.seq, 60000, why);
      assert.equal(p.tcp?.payloadLength, 0, why);
      assert.equal(p.tcp?.payloadWireLength, 17, why);
      assert.equal(p.truncated, 'tcp', why);
      assert.deepEqual(messages(p), [`TCP header truncated: need 32 bytes, have ${len - 34}`], why);
      assert.equal(p.tcp?.tsVal, -1, why); // the option ends at byte 66, with the header
    } else {
      assert.equal(p.truncated, null, why);
      assert.equal(p.problems, null, why);
      assert.equal(p.tcp?.payloadLength, len - 66, why);
      assert.equal(p.tcp?.payloadWireLength, 17, why);
      assert.equal(p.tcp?.tsEcr, 50, why);
    }
  }
});

const SLL2_IPV6_UDP = hex(`
  86dd 0000 00000002 0001 00 06 0a0b0c0d0e0f 0000     # 0..19 SLL2
  60000000 000c 11 40                                 # 20..59 IPv6, payload 12
  fe800000000000000000000000000001
  fe800000000000000000000000000002
  0222 0223 000c 0000                                 # 60..67 UDP 546 → 547
  01020304                                            # 68..71
`);

test('cut at every byte: SLL2 / IPv6 / UDP', () => {
  for (let len = 0; len <= SLL2_IPV6_UDP.length; len++) {
    const p = decodePacket(276, SLL2_IPV6_UDP.subarray(0, len), SLL2_IPV6_UDP.length);
    const why = `cut at ${len}`;
    const expected = len < 20 ? 'link' : len < 60 ? 'ipv6' : len < 68 ? 'udp' : null;
    assert.equal(p.truncated, expected, why);
    assert.equal(p.ip !== null, len >= 60, why);
    assert.equal(p.udp !== null, len >= 68, why);
    if (len >= 68) assert.equal(p.udp?.payloadLength, len - 68, why);
    if (len >= 60 && len < 68) assert.deepEqual(messages(p), [`UDP header truncated: need 8 bytes, have ${len - 60}`], why);
  }
});

const NULL_IPV4_ICMP = hex(`
  02000000                                            # AF_INET, little-endian host
  45 00 0038 0000 0000 40 01 0000 0a000001 0a000002   # 4..23
  03 03 0000 00000000                                 # 24..31 port unreachable
  45 00 0030 0001 0000 40 11 0000 0a000002 0a000001   # 32..51 quoted IPv4
  e0a5 0035 001c 0000                                 # 52..59 quoted UDP
`);

test('cut at every byte: NULL / IPv4 / ICMP with quote', () => {
  for (let len = 0; len <= NULL_IPV4_ICMP.length; len++) {
    const p = decodePacket(0, NULL_IPV4_ICMP.subarray(0, len), NULL_IPV4_ICMP.length);
    const why = `cut at ${len}`;
    const expected = len < 4 ? 'link' : len < 24 ? 'ipv4' : len < 32 ? 'icmp' : null;
    assert.equal(p.truncated, expected, why);
    if (len >= 32) {
      assert.equal(p.icmp?.type, 3, why);
      const q = p.icmp?.quote;
      if (len === 32) assert.equal(q, null, why);
      else {
        assert.equal(q?.ip === null, len < 52, why);
        assert.equal(q?.truncated, len < 52 ? 'ipv4' : null, why);
        assert.equal(q?.srcPort, len >= 56 ? 57509 : -1, why);
        assert.equal(q?.udp === null, len < 60, why);
      }
    }
  }
});

test('VLAN-tagged IPv6 TCP through every layer', () => {
  const f = concat(
    hex('001122334455 66778899aabb 8100 0064 86dd'),
    hex('60000000 0014 06 40 20010db8000000000000000000000001 20010db8000000000000000000000002'),
    hex('c350 01bb 00000001 00000000 5002 ffff 0000 0000'),
  );
  const p = decodePacket(1, f, f.length);
  assert.equal(p.link.vlans?.[0].vid, 100);
  assert.equal(p.ip?.offset, 18);
  assert.equal(p.tcp?.offset, 58);
  assert.equal(tcpFlagLetters(p.tcp?.flags ?? 0), 'S');
  assert.equal(p.problems, null);
});

test('one packet can collect several problems', () => {
  // IPv4 total length beyond the wire, then a TCP option with a bad length.
  const f = hex(`
    45 00 0100 0000 0000 40 06 0000 0a000001 0a000002
    0001 0002 00000000 00000000 60 10 0000 0000 0000 02 05 0000
  `);
  const p = decodePacket(101, f, f.length);
  assert.deepEqual(
    p.problems?.map((x) => [x.layer, x.kind]),
    [
      ['ipv4', 'malformed'],
      ['tcp', 'malformed'],
    ],
  );
  assert.equal(p.truncated, null);
});

test('ICMPv6 is not decoded in IPv4, nor ICMP in IPv6', () => {
  const v4 = decodePacket(228, hex('45 00 001c 0000 0000 40 3a 0000 0a000001 0a000002 80 00 0000 0001 0001'), 28);
  assert.equal(v4.icmp, null);
  const v6 = decodePacket(
    229,
    hex('60000000 0008 01 40 00000000000000000000000000000001 00000000000000000000000000000002 08 00 0000 0001 0001'),
    48,
  );
  assert.equal(v6.icmp, null);
});
