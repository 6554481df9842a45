import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLink as decodeLinkAt, decodePacket, formatMac, isSupportedLinkType, linkTypeName } from '../../analyzer/decode';
import type { LinkHeader, ProblemSink } from '../../analyzer/decode/types';
import { ETH_ADDRS, IPV4_MINIMAL, IPV6_MINIMAL, concat, hex, messages, sink } from './helpers';

/**
 * The link header of a whole packet, decoded where it lies and again inside a larger buffer of
 * other bytes: the two must agree (its offsets count from the packet's start), problems included.
 */
function decodeLink(linkType: number, d: Uint8Array, s: ProblemSink): LinkHeader {
  const before = s.problems?.length ?? 0;
  const here = decodeLinkAt(linkType, d, 0, d.length, s);
  const big = new Uint8Array(d.length + 10).fill(0xa5);
  big.set(d, 7);
  const other: ProblemSink = { problems: null, truncated: null };
  assert.deepStrictEqual(decodeLinkAt(linkType, big, 7, d.length, other), here);
  assert.deepStrictEqual(other.problems ?? [], s.problems?.slice(before) ?? []);
  return here;
}

test('Ethernet II carrying IPv4 and IPv6', () => {
  const v4 = concat(ETH_ADDRS, hex('0800'), IPV4_MINIMAL);
  const s = sink();
  const link = decodeLink(1, v4, s);
  assert.equal(link.kind, 'ethernet');
  assert.equal(link.headerLength, 14);
  assert.equal(link.network, 'ipv4');
  assert.equal(link.protocol, 0x0800);
  assert.equal(link.vlans, null);
  assert.equal(link.dstAddrOffset, 0);
  assert.equal(link.srcAddrOffset, 6);
  assert.equal(formatMac(v4, link.dstAddrOffset), '00:11:22:33:44:55');
  assert.equal(formatMac(v4, link.srcAddrOffset), '66:77:88:99:aa:bb');
  assert.equal(s.problems, null);

  const p = decodePacket(1, v4, v4.length);
  assert.equal(p.ip?.version, 4);
  assert.equal(p.ip?.offset, 14);

  const v6 = decodePacket(1, concat(ETH_ADDRS, hex('86dd'), IPV6_MINIMAL), 54);
  assert.equal(v6.link.network, 'ipv6');
  assert.equal(v6.link.protocol, 0x86dd);
  assert.equal(v6.ip?.version, 6);
  assert.equal(v6.problems, null);
});

test('Ethernet non-IP: ARP and 802.3 length field', () => {
  const arp = decodePacket(1, concat(ETH_ADDRS, hex('0806'), new Uint8Array(28)), 42);
  assert.equal(arp.link.network, 'other');
  assert.equal(arp.link.protocol, 0x0806);
  assert.equal(arp.ip, null);
  assert.equal(arp.problems, null);

  const llc = decodePacket(1, concat(ETH_ADDRS, hex('0026 424203'), new Uint8Array(35)), 52);
  assert.equal(llc.link.network, 'other');
  assert.equal(llc.link.protocol, 0x26);
});

test('802.1Q tag', () => {
  // TCI e064: PCP 7 (111), DEI 0, VID 0x064 = 100.
  const f = concat(ETH_ADDRS, hex('8100 e064 0800'), IPV4_MINIMAL);
  const p = decodePacket(1, f, f.length);
  assert.equal(p.link.headerLength, 18);
  assert.equal(p.link.network, 'ipv4');
  assert.deepEqual(p.link.vlans, [{ tpid: 0x8100, pcp: 7, dei: false, vid: 100 }]);
  assert.equal(p.ip?.offset, 18);
  assert.equal(p.problems, null);
});

test('802.1ad QinQ and the old 0x9100 outer tag', () => {
  // TCI 300a: PCP 1 (001), DEI 1, VID 10; inner TCI 0014: VID 20.
  const f = concat(ETH_ADDRS, hex('88a8 300a 8100 0014 86dd'), IPV6_MINIMAL);
  const p = decodePacket(1, f, f.length);
  assert.equal(p.link.headerLength, 22);
  assert.equal(p.link.network, 'ipv6');
  assert.deepEqual(p.link.vlans, [
    { tpid: 0x88a8, pcp: 1, dei: true, vid: 10 },
    { tpid: 0x8100, pcp: 0, dei: false, vid: 20 },
  ]);
  assert.equal(p.ip?.offset, 22);

  // Three deep, 0x9100 outermost; VID fff (4095).
  const g = concat(ETH_ADDRS, hex('9100 0fff 88a8 0001 8100 0002 0800'), IPV4_MINIMAL);
  const q = decodePacket(1, g, g.length);
  assert.equal(q.link.headerLength, 26);
  assert.deepEqual(
    q.link.vlans?.map((t) => [t.tpid, t.vid]),
    [
      [0x9100, 4095],
      [0x88a8, 1],
      [0x8100, 2],
    ],
  );
  assert.equal(q.ip?.version, 4);
});

test('eight VLAN tags are accepted, a ninth is malformed', () => {
  const eight = concat(ETH_ADDRS, hex('8100 0001'.repeat(8)), hex('0800'), IPV4_MINIMAL);
  const p = decodePacket(1, eight, eight.length);
  assert.equal(p.link.vlans?.length, 8);
  assert.equal(p.link.headerLength, 14 + 32);
  assert.equal(p.ip?.version, 4);

  const nine = concat(ETH_ADDRS, hex('8100 0001'.repeat(9)), hex('0800'), IPV4_MINIMAL);
  const q = decodePacket(1, nine, nine.length);
  assert.equal(q.link.network, 'none');
  assert.equal(q.ip, null);
  assert.equal(q.problems?.[0].kind, 'malformed');
  assert.equal(q.problems?.[0].layer, 'link');
});

test('Ethernet and VLAN truncation', () => {
  const s = sink();
  const link = decodeLink(1, hex('0011223344556677889900'), s);
  assert.equal(link.network, 'none');
  assert.deepEqual(messages(s), ['Ethernet header truncated: need 14 bytes, have 11']);
  assert.equal(s.truncated, 'link');

  const t = sink();
  const tagged = decodeLink(1, concat(ETH_ADDRS, hex('8100 e0')), t);
  assert.equal(tagged.network, 'none');
  assert.deepEqual(messages(t), ['VLAN tag truncated: need 18 bytes, have 15']);
});

test('NULL: family in either byte order, every IPv6 family', () => {
  const cases: [string, number, 'ipv4' | 'ipv6' | 'other'][] = [
    ['02000000', 2, 'ipv4'], // little-endian host
    ['00000002', 2, 'ipv4'], // big-endian host
    ['18000000', 24, 'ipv6'], // BSD
    ['00000018', 24, 'ipv6'],
    ['1c000000', 28, 'ipv6'], // FreeBSD
    ['0000001c', 28, 'ipv6'],
    ['1e000000', 30, 'ipv6'], // macOS
    ['0000001e', 30, 'ipv6'],
    ['17000000', 23, 'ipv6'], // Windows
    ['00000017', 23, 'ipv6'],
    ['0a000000', 10, 'ipv6'], // Linux
    ['0000000a', 10, 'ipv6'],
    ['07000000', 7, 'other'],
  ];
  for (const [family, value, network] of cases) {
    const body = network === 'ipv6' ? IPV6_MINIMAL : IPV4_MINIMAL;
    const f = concat(hex(family), body);
    const p = decodePacket(0, f, f.length);
    assert.equal(p.link.kind, 'null', family);
    assert.equal(p.link.addressFamily, value, family);
    assert.equal(p.link.network, network, family);
    assert.equal(p.link.headerLength, 4);
    if (network !== 'other') assert.equal(p.ip?.version, network === 'ipv4' ? 4 : 6, family);
    else assert.equal(p.ip, null);
  }
  const s = sink();
  decodeLink(0, hex('020000'), s);
  assert.deepEqual(messages(s), ['Null/Loopback header truncated: need 4 bytes, have 3']);
});

test('LOOP: family always in network byte order', () => {
  const p = decodePacket(108, concat(hex('00000002'), IPV4_MINIMAL), 24);
  assert.equal(p.link.kind, 'loop');
  assert.equal(p.link.addressFamily, 2);
  assert.equal(p.ip?.version, 4);
  const v6 = decodePacket(108, concat(hex('0000001e'), IPV6_MINIMAL), 44);
  assert.equal(v6.ip?.version, 6);
  // Little-endian bytes are not 2 here but 0x02000000.
  const le = decodePacket(108, concat(hex('02000000'), IPV4_MINIMAL), 24);
  assert.equal(le.link.addressFamily, 0x02000000);
  assert.equal(le.link.network, 'other');
});

test('RAW (101, 12, 14): version nibble decides', () => {
  for (const lt of [101, 12, 14]) {
    const v4 = decodePacket(lt, IPV4_MINIMAL, 20);
    assert.equal(v4.link.kind, 'raw');
    assert.equal(v4.link.headerLength, 0);
    assert.equal(v4.link.network, 'ipv4');
    assert.equal(v4.ip?.version, 4);
    const v6 = decodePacket(lt, IPV6_MINIMAL, 40);
    assert.equal(v6.link.network, 'ipv6');
    assert.equal(v6.ip?.version, 6);
    const bad = decodePacket(lt, hex('50 00 00 14'), 4);
    assert.equal(bad.link.network, 'other');
    assert.deepEqual(messages(bad), ['Raw IP packet has IP version 5']);
    const empty = decodePacket(lt, new Uint8Array(0), 0);
    assert.equal(empty.link.network, 'none');
    assert.equal(empty.truncated, 'link');
  }
});

test('IPV4 (228) and IPV6 (229)', () => {
  const v4 = decodePacket(228, IPV4_MINIMAL, 20);
  assert.equal(v4.link.kind, 'ipv4');
  assert.equal(v4.ip?.version, 4);
  const v6 = decodePacket(229, IPV6_MINIMAL, 40);
  assert.equal(v6.link.kind, 'ipv6');
  assert.equal(v6.ip?.version, 6);
  // The link type is trusted; a wrong version is the IP layer's problem.
  const wrong = decodePacket(228, IPV6_MINIMAL, 40);
  assert.equal(wrong.ip, null);
  assert.deepEqual(messages(wrong), ['IPv4 header has version 6']);
});

test('LINUX_SLL (113)', () => {
  const f = concat(
    hex(`
      0000          # packet type: to us
      0001          # ARPHRD_ETHER
      0006          # address length
      0a0b0c0d0e0f 0000   # address, padded to 8
      0800          # protocol
    `),
    IPV4_MINIMAL,
  );
  const p = decodePacket(113, f, f.length);
  assert.equal(p.link.kind, 'sll');
  assert.equal(p.link.headerLength, 16);
  assert.equal(p.link.packetType, 0);
  assert.equal(p.link.hardwareType, 1);
  assert.equal(p.link.addrLength, 6);
  assert.equal(formatMac(f, p.link.srcAddrOffset, p.link.addrLength), '0a:0b:0c:0d:0e:0f');
  assert.equal(p.link.interfaceIndex, -1);
  assert.equal(p.ip?.offset, 16);

  const out = decodePacket(113, concat(hex('0004 0001 0006 0a0b0c0d0e0f0000 86dd'), IPV6_MINIMAL), 56);
  assert.equal(out.link.packetType, 4);
  assert.equal(out.ip?.version, 6);

  // Netlink: the protocol field is a netlink family, not an EtherType.
  const nl = decodePacket(113, concat(hex('0004 0338 0000 0000000000000000 0800'), new Uint8Array(20)), 36);
  assert.equal(nl.link.hardwareType, 824);
  assert.equal(nl.link.network, 'other');

  const s = sink();
  decodeLink(113, hex('0000 0001 0006 0a0b0c0d0e0f00'), s);
  assert.deepEqual(messages(s), ['Linux cooked (SLL) header truncated: need 16 bytes, have 13']);
});

test('LINUX_SLL2 (276)', () => {
  const f = concat(
    hex(`
      86dd          # protocol
      0000          # reserved
      00000003      # interface index 3
      0001          # ARPHRD_ETHER
      04            # packet type: outgoing
      06            # address length
      0a0b0c0d0e0f 0000
    `),
    IPV6_MINIMAL,
  );
  const p = decodePacket(276, f, f.length);
  assert.equal(p.link.kind, 'sll2');
  assert.equal(p.link.headerLength, 20);
  assert.equal(p.link.protocol, 0x86dd);
  assert.equal(p.link.interfaceIndex, 3);
  assert.equal(p.link.hardwareType, 1);
  assert.equal(p.link.packetType, 4);
  assert.equal(p.link.addrLength, 6);
  assert.equal(formatMac(f, p.link.srcAddrOffset, 6), '0a:0b:0c:0d:0e:0f');
  assert.equal(p.ip?.version, 6);
  assert.equal(p.ip?.offset, 20);

  const s = sink();
  decodeLink(276, hex('0800 0000 00000001 0001 00 06 0a0b'), s);
  assert.deepEqual(messages(s), ['Linux cooked (SLL2) header truncated: need 20 bytes, have 14']);
});

test('unsupported link types are reported, not thrown', () => {
  const p = decodePacket(147, hex('00010203'), 4);
  assert.equal(p.link.kind, 'unsupported');
  assert.equal(p.link.network, 'none');
  assert.equal(p.ip, null);
  assert.deepEqual(p.problems, [{ layer: 'link', kind: 'unsupported', message: 'Link type 147 is not supported' }]);
  assert.equal(p.truncated, null);
  assert.equal(isSupportedLinkType(147), false);
  assert.equal(isSupportedLinkType(276), true);
  assert.equal(linkTypeName(113), 'LINUX_SLL');
  assert.equal(linkTypeName(147), 'LINKTYPE_147');
});
