import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIpv4, decodePacket, parseIpv4Options, verifyIpv4Checksum } from '../../analyzer/decode';
import type { Ipv4Header } from '../../analyzer/decode';
import { ETH_ADDRS, concat, hex, messages, sink } from './helpers';

/** The worked example of RFC 1071-style checksumming used on Wikipedia's IPv4 page. */
const EXAMPLE = hex(`
  45 00 0073    # v4, IHL 5, TOS 0, total length 115
  0000 4000     # id 0, DF, offset 0
  40 11 b861    # TTL 64, UDP, checksum b861
  c0a80001      # 192.168.0.1
  c0a800c7      # 192.168.0.199
`);

function decodeAll(bytes: Uint8Array, wire = bytes.length) {
  const s = sink();
  const ip = decodeIpv4(bytes, 0, bytes.length, wire, s, false);
  return { ip, s };
}

test('fixed header fields', () => {
  const { ip, s } = decodeAll(concat(EXAMPLE, new Uint8Array(95)));
  assert.ok(ip);
  assert.equal(ip.version, 4);
  assert.equal(ip.headerLength, 20);
  assert.equal(ip.tos, 0);
  assert.equal(ip.totalLength, 115);
  assert.equal(ip.fragmentId, 0);
  assert.equal(ip.flags, 2);
  assert.equal(ip.dontFragment, true);
  assert.equal(ip.moreFragments, false);
  assert.equal(ip.isFragment, false);
  assert.equal(ip.fragmentOffset, 0);
  assert.equal(ip.ttl, 64);
  assert.equal(ip.protocol, 17);
  assert.equal(ip.checksum, 0xb861);
  assert.equal(ip.src, 3232235521); // 192·2^24 + 168·2^16 + 0·2^8 + 1
  assert.equal(ip.dst, 3232235719);
  assert.equal(ip.srcOffset, 12);
  assert.equal(ip.dstOffset, 16);
  assert.equal(ip.optionsLength, 0);
  assert.equal(ip.payloadOffset, 20);
  assert.equal(ip.payloadLength, 95);
  assert.equal(ip.payloadWireLength, 95);
  assert.equal(ip.trailerLength, 0);
  assert.equal(ip.missingLength, 0);
  assert.equal(ip.zeroLength, false);
  assert.equal(ip.transportDecodable, true);
  assert.equal(s.problems, null);
});

test('addresses above 2^31 stay unsigned', () => {
  const b = hex('45000014 00000000 40fd0000 ffffffff e0000001');
  const { ip } = decodeAll(b);
  assert.equal(ip?.src, 0xffffffff);
  assert.equal(ip?.dst, 0xe0000001);
});

test('header checksum verification', () => {
  const good = decodeAll(EXAMPLE, 115).ip as Ipv4Header;
  assert.equal(verifyIpv4Checksum(good), true);
  const bad = EXAMPLE.slice();
  bad[8] = 0x3f; // TTL 63 without fixing the checksum
  assert.equal(verifyIpv4Checksum(decodeAll(bad, 115).ip as Ipv4Header), false);
  // Offloaded transmit: checksum left as zero.
  const zero = EXAMPLE.slice();
  zero[10] = 0;
  zero[11] = 0;
  assert.equal(verifyIpv4Checksum(decodeAll(zero, 115).ip as Ipv4Header), false);
});

test('options: kept raw, parsed on demand', () => {
  const b = hex(`
    47 00 001c  0001 0000  01 fd 0000  0a000001 0a000002
    01                  # NOP
    07 07 04 00000000   # Record Route, length 7, pointer 4, one empty slot
  `);
  const { ip, s } = decodeAll(b);
  assert.ok(ip);
  assert.equal(ip.headerLength, 28);
  assert.equal(ip.optionsOffset, 20);
  assert.equal(ip.optionsLength, 8);
  assert.equal(ip.payloadOffset, 28);
  assert.equal(ip.payloadLength, 0);
  assert.equal(s.problems, null);
  assert.deepEqual(parseIpv4Options(ip), [
    { type: 1, copied: false, optionClass: 0, number: 1, offset: 20, length: 1, malformed: false },
    { type: 7, copied: false, optionClass: 0, number: 7, offset: 21, length: 7, malformed: false },
  ]);

  const ra = hex(`
    46 00 0018  0001 0000  01 02 0000  0a000001 e0000016
    94 04 0000   # Router Alert: copied, class 0, number 20
  `);
  assert.deepEqual(parseIpv4Options(decodeAll(ra).ip as Ipv4Header), [
    { type: 0x94, copied: true, optionClass: 0, number: 20, offset: 20, length: 4, malformed: false },
  ]);

  const eol = hex('47 00 001c 0001 0000 01 fd 0000 0a000001 0a000002  01 00 ffff ffff ffff');
  assert.deepEqual(
    parseIpv4Options(decodeAll(eol).ip as Ipv4Header).map((o) => [o.type, o.offset, o.length]),
    [
      [1, 20, 1],
      [0, 21, 1],
    ],
  );

  const badLen = hex('46 00 0018 0001 0000 01 fd 0000 0a000001 0a000002  07 01 0000');
  const opts = parseIpv4Options(decodeAll(badLen).ip as Ipv4Header);
  assert.equal(opts.length, 1);
  assert.equal(opts[0].malformed, true);
});

test('fragments: first decodes L4, later ones do not', () => {
  const tcp8 = hex('d431 0050 00000001'); // ports 54321 → 80, seq 1 (first 8 bytes of TCP)
  const first = concat(hex('45 00 0030 abcd 2000 40 06 0000 0a000001 0a000002'), tcp8, new Uint8Array(20));
  const fp = decodePacket(228, first, first.length);
  assert.equal(fp.ip?.isFragment, true);
  assert.equal(fp.ip?.moreFragments, true);
  assert.equal(fp.ip?.fragmentOffset, 0);
  assert.equal(fp.ip?.fragmentId, 0xabcd);
  assert.equal(fp.ip?.transportDecodable, true);
  assert.equal(fp.tcp?.srcPort, 54321);

  const middle = concat(hex('45 00 001c abcd 2001 40 06 0000 0a000001 0a000002'), tcp8);
  const mp = decodePacket(228, middle, middle.length);
  assert.equal(mp.ip?.isFragment, true);
  assert.equal(mp.ip?.moreFragments, true);
  assert.equal(mp.ip?.fragmentOffset, 8);
  assert.equal(mp.ip?.transportDecodable, false);
  assert.equal(mp.tcp, null);
  assert.equal(mp.problems, null);

  // Offset 0x00b9 = 185 units of 8 = 1480 bytes, MF clear: the last fragment.
  const last = concat(hex('45 00 001c abcd 00b9 40 06 0000 0a000001 0a000002'), tcp8);
  const lp = decodePacket(228, last, last.length);
  assert.equal(lp.ip?.isFragment, true);
  assert.equal(lp.ip?.moreFragments, false);
  assert.equal(lp.ip?.fragmentOffset, 1480);
  assert.equal(lp.tcp, null);

  // DF alone is not a fragment.
  const df = decodeAll(hex('45 00 0014 0000 4000 40 fd 0000 0a000001 0a000002')).ip;
  assert.equal(df?.isFragment, false);
  assert.equal(df?.dontFragment, true);
});

test('Ethernet padding after a short datagram is a trailer', () => {
  // 28-byte datagram (8 bytes of UDP) in a minimum 60-byte frame: 18 bytes of padding.
  const ip = hex('45 00 001c 0000 0000 40 11 0000 0a000001 0a000002  0035 0035 0008 0000');
  const frame = concat(ETH_ADDRS, hex('0800'), ip, new Uint8Array(18));
  const p = decodePacket(1, frame, 60);
  assert.equal(p.ip?.payloadLength, 8);
  assert.equal(p.ip?.trailerLength, 18);
  assert.equal(p.ip?.missingLength, 0);
  assert.equal(p.udp?.payloadLength, 0);
  assert.equal(p.problems, null);
});

test('snap length cut: missing bytes noted, wire length kept, no problem', () => {
  // total length 0x05dc = 1500; only 54 bytes captured, 1500 on the wire.
  const b = concat(hex('45 00 05dc 0000 4000 40 fd 0000 0a000001 0a000002'), new Uint8Array(34));
  const s = sink();
  const ip = decodeIpv4(b, 0, 54, 1500, s, false);
  assert.equal(ip?.missingLength, 1446);
  assert.equal(ip?.payloadLength, 34);
  assert.equal(ip?.payloadWireLength, 1480);
  assert.equal(ip?.trailerLength, 0);
  assert.equal(s.problems, null);
});

test('total length beyond the wire is malformed', () => {
  const b = concat(hex('45 00 0064 0000 0000 40 fd 0000 0a000001 0a000002'), new Uint8Array(20));
  const { ip, s } = decodeAll(b);
  assert.deepEqual(messages(s), ['IPv4 total length 100 exceeds the 40 bytes on the wire']);
  assert.equal(ip?.payloadWireLength, 20);
  assert.equal(ip?.payloadLength, 20);
});

test('total length 0: TSO segment sized from the wire', () => {
  const b = concat(hex('45 00 0000 0000 4000 80 fd 0000 0a000001 0a000002'), new Uint8Array(100));
  const s = sink();
  const ip = decodeIpv4(b, 0, 120, 3000, s, false);
  assert.equal(ip?.zeroLength, true);
  assert.equal(ip?.totalLength, 0);
  assert.equal(ip?.payloadLength, 100);
  assert.equal(ip?.payloadWireLength, 2980);
  assert.equal(s.problems, null);
});

test('total length shorter than the header', () => {
  const { ip, s } = decodeAll(hex('45 00 000a 0000 0000 40 06 0000 0a000001 0a000002'));
  assert.equal(ip?.transportDecodable, false);
  assert.deepEqual(messages(s), ['IPv4 total length 10 is less than the header length 20']);
});

test('garbage: wrong version, IHL below 5', () => {
  const v = decodeAll(hex('65 00 0014 0000 0000 40 fd 0000 0a000001 0a000002'));
  assert.equal(v.ip, null);
  assert.deepEqual(messages(v.s), ['IPv4 header has version 6']);
  const ihl = decodeAll(hex('44 00 0014 0000 0000 40 fd 0000 0a000001 0a000002'));
  assert.equal(ihl.ip, null);
  assert.deepEqual(messages(ihl.s), ['IPv4 header length 16 is less than 20']);
});

test('truncation: fixed header, then options', () => {
  const fixed = decodeAll(hex('45 00 0014 0000 0000 40 fd 0000 0a000001 0a0000'), 20);
  assert.equal(fixed.ip, null);
  assert.deepEqual(messages(fixed.s), ['IPv4 header truncated: need 20 bytes, have 19']);
  assert.equal(fixed.s.truncated, 'ipv4');

  const opts = decodeAll(hex('46 00 0018 0000 0000 40 06 0000 0a000001 0a000002 9404'), 24);
  assert.ok(opts.ip);
  assert.equal(opts.ip.headerLength, 24);
  assert.equal(opts.ip.optionsLength, 2);
  assert.equal(opts.ip.transportDecodable, false);
  assert.equal(opts.ip.src, 0x0a000001);
  assert.deepEqual(messages(opts.s), ['IPv4 header truncated: need 24 bytes, have 22']);
});
