import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIpv6, decodePacket, formatIp } from '../../analyzer/decode';
import { IPV6_MINIMAL, concat, hex, messages, sink } from './helpers';

const ADDRS = hex(`
  20010db8 00000000 00000000 00000001   # 2001:db8::1
  20010db8 00000000 00000000 00000002   # 2001:db8::2
`);

/** Fixed header with the given payload length and next header, hop limit 64. */
function fixed(payloadLength: number, next: number): Uint8Array {
  return concat(hex('60000000'), new Uint8Array([payloadLength >> 8, payloadLength & 0xff, next, 64]), ADDRS);
}

const TCP_SYNACK = hex(`
  0016 c000     # ports 22 → 49152
  00000010      # seq 16
  00000020      # ack 32
  50 12 ffff    # data offset 5, SYN+ACK, window 65535
  1234 0000     # checksum, urgent pointer
`);

function decodeAll(bytes: Uint8Array, wire = bytes.length) {
  const s = sink();
  return { ip: decodeIpv6(bytes, 0, bytes.length, wire, s, false), s };
}

test('fixed header fields', () => {
  const b = concat(hex('6b812345 0014 06 3f'), ADDRS, TCP_SYNACK);
  const { ip, s } = decodeAll(b);
  assert.ok(ip);
  assert.equal(ip.version, 6);
  assert.equal(ip.trafficClass, 0xb8);
  assert.equal(ip.flowLabel, 0x12345);
  assert.equal(ip.payloadLengthField, 20);
  assert.equal(ip.nextHeader, 6);
  assert.equal(ip.protocol, 6);
  assert.equal(ip.hopLimit, 63);
  assert.equal(ip.ttl, 63);
  assert.equal(ip.srcOffset, 8);
  assert.equal(ip.dstOffset, 24);
  assert.equal(formatIp(ip, 'src'), '2001:db8::1');
  assert.equal(formatIp(ip, 'dst'), '2001:db8::2');
  assert.equal(ip.headerLength, 40);
  assert.equal(ip.payloadOffset, 40);
  assert.equal(ip.payloadLength, 20);
  assert.equal(ip.payloadWireLength, 20);
  assert.equal(ip.extensions, null);
  assert.equal(ip.isFragment, false);
  assert.equal(ip.fragmentId, -1);
  assert.equal(ip.transportDecodable, true);
  assert.equal(s.problems, null);
});

test('extension chain: Hop-by-Hop → Routing → Destination Options → TCP', () => {
  const b = concat(
    fixed(60, 0),
    hex('2b 00 01 04 00000000'), // HBH: next 43, length 0 (8 bytes), PadN(4)
    hex('3c 02 00 00 00000000 20010db8000000000000000000000003'), // Routing: next 60, length 2 (24 bytes)
    hex('06 00 01 04 00000000'), // Destination Options: next TCP, 8 bytes
    TCP_SYNACK,
  );
  const { ip, s } = decodeAll(b);
  assert.ok(ip);
  assert.deepEqual(ip.extensions, [
    { type: 0, offset: 40, length: 8, nextHeader: 43 },
    { type: 43, offset: 48, length: 24, nextHeader: 60 },
    { type: 60, offset: 72, length: 8, nextHeader: 6 },
  ]);
  assert.equal(ip.nextHeader, 0);
  assert.equal(ip.protocol, 6);
  assert.equal(ip.headerLength, 80);
  assert.equal(ip.payloadOffset, 80);
  assert.equal(ip.payloadLength, 20);
  assert.equal(ip.payloadWireLength, 20);
  assert.equal(s.problems, null);

  const p = decodePacket(229, b, b.length);
  assert.equal(p.tcp?.offset, 80);
  assert.equal(p.tcp?.srcPort, 22);
  assert.equal(p.tcp?.flags, 0x12);
});

test('AH is stepped over with its 4-byte length unit; Mobility too', () => {
  const ah = concat(
    fixed(44, 51),
    hex('06 04 0000 00000100 00000001 000000000000000000000000'), // AH: (4+2)·4 = 24 bytes
    TCP_SYNACK,
  );
  const { ip } = decodeAll(ah);
  assert.deepEqual(ip?.extensions, [{ type: 51, offset: 40, length: 24, nextHeader: 6 }]);
  assert.equal(ip?.payloadOffset, 64);
  assert.equal(decodePacket(229, ah, ah.length).tcp?.dstPort, 49152);

  const mob = concat(fixed(16, 135), hex('3b 01 00 00 0000 0000 0000000000000000'));
  const m = decodeAll(mob).ip;
  assert.deepEqual(m?.extensions, [{ type: 135, offset: 40, length: 16, nextHeader: 59 }]);
  assert.equal(m?.protocol, 59);
  assert.equal(m?.payloadLength, 0);
});

test('ESP and No Next Header end the walk', () => {
  const esp = concat(fixed(16, 50), hex('00000100 00000001 0102030405060708'));
  const e = decodeAll(esp).ip;
  assert.equal(e?.protocol, 50);
  assert.equal(e?.extensions, null);
  assert.equal(e?.payloadOffset, 40);
  assert.equal(e?.payloadLength, 16);

  const none = concat(fixed(8, 0), hex('3b 00 01 04 00000000'));
  const n = decodeAll(none).ip;
  assert.equal(n?.protocol, 59);
  assert.equal(n?.extensions?.length, 1);
  assert.equal(n?.payloadOffset, 48);
  assert.equal(n?.payloadLength, 0);

  // Payload length 0 with No Next Header is an empty packet, not a TSO segment.
  const empty = decodeAll(IPV6_MINIMAL).ip;
  assert.equal(empty?.zeroLength, false);
  assert.equal(empty?.payloadWireLength, 0);
});

test('fragment header: first fragment decodes TCP, later ones do not', () => {
  const first = concat(fixed(28, 44), hex('06 00 0001 12345678'), TCP_SYNACK);
  const f = decodePacket(229, first, first.length);
  assert.equal(f.ip?.isFragment, true);
  assert.equal(f.ip?.moreFragments, true);
  assert.equal(f.ip?.fragmentOffset, 0);
  assert.equal(f.ip?.fragmentId, 0x12345678);
  assert.deepEqual(f.ip?.version === 6 ? f.ip.extensions : null, [{ type: 44, offset: 40, length: 8, nextHeader: 6 }]);
  assert.equal(f.tcp?.srcPort, 22);

  // Offset field 0x05a8: 181 units of 8 = 1448 bytes, M clear (last fragment).
  const later = concat(fixed(28, 44), hex('06 00 05a8 12345678'), TCP_SYNACK);
  const l = decodePacket(229, later, later.length);
  assert.equal(l.ip?.isFragment, true);
  assert.equal(l.ip?.moreFragments, false);
  assert.equal(l.ip?.fragmentOffset, 1448);
  assert.equal(l.ip?.protocol, 6);
  assert.equal(l.ip?.payloadOffset, 48);
  assert.equal(l.ip?.transportDecodable, false);
  assert.equal(l.tcp, null);
  assert.equal(l.problems, null);

  // Offset 0 and M clear: an atomic fragment (RFC 6946) is a whole datagram.
  const atomic = concat(fixed(28, 44), hex('06 00 0000 00000001'), TCP_SYNACK);
  const a = decodePacket(229, atomic, atomic.length);
  assert.equal(a.ip?.isFragment, false);
  assert.equal(a.ip?.fragmentId, 1);
  assert.equal(a.tcp?.seq, 16);
});

test('extension header cut by the capture vs. running past the payload', () => {
  const cut = concat(fixed(8, 0), hex('2b 00 01 04'));
  const c = decodeAll(cut, 48);
  assert.ok(c.ip);
  assert.equal(c.ip.extensions, null);
  assert.equal(c.ip.protocol, 0);
  assert.equal(c.ip.transportDecodable, false);
  assert.deepEqual(messages(c.s), ['IPv6 Hop-by-Hop Options header truncated: need 8 bytes, have 4']);
  assert.equal(c.s.truncated, 'ipv6');

  // Second header cut: the first is kept.
  const cut2 = concat(fixed(16, 0), hex('2c 00 01 04 00000000'), hex('06 00 00'));
  const c2 = decodeAll(cut2, 56);
  assert.equal(c2.ip?.extensions?.length, 1);
  assert.equal(c2.ip?.protocol, 44);
  assert.deepEqual(messages(c2.s), ['IPv6 Fragment header truncated: need 8 bytes, have 3']);

  const over = concat(fixed(8, 0), hex('2b 01 01 04 00000000'));
  const o = decodeAll(over);
  assert.equal(o.ip?.transportDecodable, false);
  assert.deepEqual(messages(o.s), ['IPv6 Hop-by-Hop Options header runs past the end of the packet']);
  assert.equal(o.s.problems?.[0].kind, 'malformed');
});

test('lengths: snap length, beyond the wire, zero (TSO)', () => {
  const snap = concat(fixed(1000, 6), TCP_SYNACK);
  const s1 = sink();
  const ip = decodeIpv6(snap, 0, snap.length, 1040, s1, false);
  assert.equal(ip?.missingLength, 980);
  assert.equal(ip?.payloadLength, 20);
  assert.equal(ip?.payloadWireLength, 1000);
  assert.equal(s1.problems, null);

  const over = decodeAll(concat(fixed(1000, 6), TCP_SYNACK));
  assert.deepEqual(messages(over.s), ['IPv6 payload length 1000 exceeds the 20 bytes on the wire']);
  assert.equal(over.ip?.payloadWireLength, 20);

  const tso = concat(fixed(0, 6), TCP_SYNACK, new Uint8Array(30));
  const s2 = sink();
  const t = decodeIpv6(tso, 0, tso.length, 9040, s2, false);
  assert.equal(t?.zeroLength, true);
  assert.equal(t?.payloadLength, 50);
  assert.equal(t?.payloadWireLength, 9000);
  assert.equal(s2.problems, null);
});

test('garbage and truncated fixed header', () => {
  const short = decodeAll(IPV6_MINIMAL.subarray(0, 39));
  assert.equal(short.ip, null);
  assert.deepEqual(messages(short.s), ['IPv6 header truncated: need 40 bytes, have 39']);
  const v4 = IPV6_MINIMAL.slice();
  v4[0] = 0x45;
  const bad = decodeAll(v4);
  assert.equal(bad.ip, null);
  assert.deepEqual(messages(bad.s), ['IPv6 header has version 4']);
});
