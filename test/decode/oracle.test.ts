/**
 * Oracle test: the same frames decoded by tshark and by `decodePacket`, field by field.
 *
 * Frames are built here, written out with text2pcap (or, where the wire length must exceed the
 * captured length, as hand-written pcap bytes), and read back with a few lines of DataView code.
 * Skipped when tshark or text2pcap is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePacket, formatIp, verifyTransportChecksum } from '../../analyzer/decode';
import type { DecodedPacket, IpHeader } from '../../analyzer/decode';
import { concat, hex } from './helpers';

const TOOLS = spawnSync('tshark', ['--version']).status === 0 && spawnSync('text2pcap', ['--version']).status === 0;
// CI installs the tools; a machine without them fails here instead of skipping the comparison.
test('tshark and text2pcap are installed', () => assert.ok(TOOLS, 'tshark and text2pcap are not installed: apt-get install tshark wireshark-common'));

// ---- frame builders (lengths filled in, so frames are well-formed unless asked otherwise) ----

const A4 = hex('c0a80001'); // 192.168.0.1
const B4 = hex('5db8d822'); // 93.184.216.34
const A6 = hex('20010db8000000000000000000000001');
const B6 = hex('20010db8000000000000000000000002');
const LL6 = hex('fe800000000000000211 22fffe334455');

function u16(n: number): Uint8Array {
  return new Uint8Array([(n >> 8) & 0xff, n & 0xff]);
}
function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
}

function eth(type: number, payload: Uint8Array, tags: [number, number][] = []): Uint8Array {
  const t = tags.map(([tpid, tci]) => concat(u16(tpid), u16(tci)));
  return concat(hex('001122334455 66778899aabb'), ...t, u16(type), payload);
}

interface V4 {
  proto: number;
  src?: Uint8Array;
  dst?: Uint8Array;
  id?: number;
  ttl?: number;
  /** flags (3 bits) << 13 | offset in 8-byte units */
  ff?: number;
  options?: Uint8Array;
  totalLength?: number;
}
function ipv4(o: V4, payload: Uint8Array): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const hl = 20 + opts.length;
  const h = concat(
    new Uint8Array([0x40 | (hl >> 2), 0]),
    u16(o.totalLength ?? hl + payload.length),
    u16(o.id ?? 0x1234),
    u16(o.ff ?? 0x4000),
    new Uint8Array([o.ttl ?? 64, o.proto, 0, 0]),
    o.src ?? A4,
    o.dst ?? B4,
    opts,
  );
  return concat(h, payload);
}

function ipv6(next: number, payload: Uint8Array, src = A6, dst = B6, payloadLength = payload.length): Uint8Array {
  return concat(hex('60012345'), u16(payloadLength), new Uint8Array([next, 64]), src, dst, payload);
}

interface Tcp {
  sport: number;
  dport: number;
  seq: number;
  ack?: number;
  flags: number;
  window?: number;
  options?: Uint8Array;
}
function tcp(o: Tcp, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const hl = 20 + opts.length;
  return concat(
    u16(o.sport),
    u16(o.dport),
    u32(o.seq),
    u32(o.ack ?? 0),
    new Uint8Array([(hl >> 2) << 4 | (o.flags >> 8), o.flags & 0xff]),
    u16(o.window ?? 65535),
    hex('0000 0000'),
    opts,
    payload,
  );
}

function udp(sport: number, dport: number, payload: Uint8Array): Uint8Array {
  return concat(u16(sport), u16(dport), u16(8 + payload.length), hex('0000'), payload);
}

const SYN_OPTS = hex('020405b4 0402 080a 0001e240 00000000 01 030307');
const TS_OPTS = hex('0101 080a 00000064 0001e240');
const SACK_OPTS = hex('0101 080a 00000064 0001e240 0101 0512 00002710 00002ee0 00003a98 00004268');
const TEXT = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n');

const ETHERNET_FRAMES: Uint8Array[] = [
  eth(0x0800, ipv4({ proto: 6 }, tcp({ sport: 50000, dport: 80, seq: 0xdeadbeef, flags: 0x002, options: SYN_OPTS }))),
  eth(0x0800, ipv4({ proto: 6, src: B4, dst: A4 }, tcp({ sport: 80, dport: 50000, seq: 1, ack: 0xdeadbef0, flags: 0x012, options: SYN_OPTS }))),
  eth(0x0800, ipv4({ proto: 6 }, tcp({ sport: 50000, dport: 80, seq: 0xdeadbef0, ack: 2, flags: 0x018, options: TS_OPTS }, TEXT))),
  eth(0x0800, ipv4({ proto: 6, src: B4, dst: A4 }, tcp({ sport: 80, dport: 50000, seq: 2, ack: 0xdeadbef0, flags: 0x010, options: SACK_OPTS }))),
  // Bare ACK padded to the 60-byte minimum.
  concat(eth(0x0800, ipv4({ proto: 6 }, tcp({ sport: 50000, dport: 80, seq: 7, ack: 9, flags: 0x011 }))), new Uint8Array(6)),
  eth(0x0800, ipv4({ proto: 6 }, tcp({ sport: 50000, dport: 80, seq: 7, ack: 9, flags: 0x014 }))),
  eth(0x0800, ipv4({ proto: 6 }, tcp({ sport: 1, dport: 2, seq: 3, ack: 4, flags: 0x0e9, window: 5 }))),
  eth(0x0800, ipv4({ proto: 17, ttl: 1 }, udp(54893, 53, hex('abcd01000001000000000000')))),
  eth(0x0800, ipv4({ proto: 17 }, udp(54893, 53, hex('abcd0100'))), [[0x8100, 0xe064]]),
  eth(0x86dd, ipv6(6, tcp({ sport: 443, dport: 50001, seq: 1000, ack: 2000, flags: 0x018, options: TS_OPTS }, TEXT)), [
    [0x88a8, 0x300a],
    [0x8100, 0x0014],
  ]),
  // IPv6: Hop-by-Hop → Destination Options → TCP.
  eth(0x86dd, ipv6(0, concat(hex('3c000104 00000000'), hex('06000104 00000000'), tcp({ sport: 22, dport: 40000, seq: 5, ack: 6, flags: 0x010 })))),
  // IPv6 fragments: first (UDP inside), then a later one.
  eth(0x86dd, ipv6(44, concat(hex('11000001 0badcafe'), udp(5353, 5353, new Uint8Array(24))))),
  eth(0x86dd, ipv6(44, concat(hex('11000020 0badcafe'), new Uint8Array(16)))),
  // IPv4 fragments: first and middle.
  eth(0x0800, ipv4({ proto: 17, id: 0x4242, ff: 0x2000 }, udp(1000, 2000, new Uint8Array(32)))),
  eth(0x0800, ipv4({ proto: 17, id: 0x4242, ff: 0x2005 }, new Uint8Array(40))),
  // IPv4 options: NOP + Record Route.
  eth(0x0800, ipv4({ proto: 6, options: hex('01 070704 00000000') }, tcp({ sport: 3, dport: 4, seq: 5, flags: 0x002 }))),
  // ICMP echo request and reply.
  eth(0x0800, ipv4({ proto: 1 }, hex('0800 0000 1234 0001 6162636465666768'))),
  eth(0x0800, ipv4({ proto: 1, src: B4, dst: A4 }, hex('0000 0000 1234 0001 6162636465666768'))),
  // ICMP port unreachable quoting UDP, fragmentation needed quoting TCP.
  eth(0x0800, ipv4({ proto: 1, src: B4, dst: A4 }, concat(hex('0303 0000 00000000'), ipv4({ proto: 17, totalLength: 40 }, udp(54893, 53, new Uint8Array(12)).subarray(0, 8))))),
  eth(0x0800, ipv4({ proto: 1, src: B4, dst: A4 }, concat(hex('0304 0000 0000 0578'), ipv4({ proto: 6, totalLength: 1500 }, tcp({ sport: 50000, dport: 443, seq: 200000000, flags: 0x018 }).subarray(0, 8))))),
  // Time exceeded quoting a whole TCP header.
  eth(0x0800, ipv4({ proto: 1, src: B4, dst: A4 }, concat(hex('0b00 0000 00000000'), ipv4({ proto: 6, ttl: 1 }, tcp({ sport: 50000, dport: 443, seq: 77, ack: 88, flags: 0x018 }))))),
  // ICMPv6 echo and packet too big quoting TCP.
  eth(0x86dd, ipv6(58, hex('8000 0000 0001 0002 deadbeef'))),
  eth(0x86dd, ipv6(58, concat(hex('0200 0000 00000500'), ipv6(6, tcp({ sport: 443, dport: 50000, seq: 100, ack: 200, flags: 0x018 }, new Uint8Array(10)), A6, B6, 1480)), B6, A6)),
  eth(0x86dd, ipv6(58, concat(hex('0104 0000 00000000'), ipv6(17, udp(50000, 53, new Uint8Array(8)), LL6, A6)), A6, LL6)),
  // Not IP.
  eth(0x0806, hex('0001 0800 06 04 0001 001122334455 c0a80001 000000000000 c0a80002')),
];

const V4_TCP = ipv4({ proto: 6 }, tcp({ sport: 50000, dport: 80, seq: 0xfffffff0, ack: 1, flags: 0x018, options: TS_OPTS }, TEXT));
const V6_TCP = ipv6(6, tcp({ sport: 50000, dport: 80, seq: 12, ack: 34, flags: 0x011 }), LL6, A6);
const V4_UDP = ipv4({ proto: 17, src: hex('0a000001'), dst: hex('0a000002') }, udp(5000, 6000, hex('01020304')));

const OTHER_LINKS: [number, Uint8Array[]][] = [
  // (AF_INET6 of Windows (23) and Linux (10) are left out: tshark 4.0 does not take them for
  // IPv6. link.test.ts covers them.)
  [
    0,
    [
      concat(hex('02000000'), V4_TCP),
      concat(hex('00000002'), V4_UDP),
      concat(hex('1e000000'), V6_TCP),
      concat(hex('00000018'), V6_TCP),
      concat(hex('1c000000'), V6_TCP),
    ],
  ],
  [108, [concat(hex('00000002'), V4_TCP), concat(hex('0000001e'), V6_TCP)]],
  [101, [V4_TCP, V6_TCP, V4_UDP]],
  [12, [V4_TCP, V6_TCP]],
  [14, [V4_TCP, V6_TCP]],
  [228, [V4_TCP, V4_UDP]],
  [229, [V6_TCP]],
  [113, [concat(hex('0000 0001 0006 0a0b0c0d0e0f 0000 0800'), V4_TCP), concat(hex('0004 0001 0006 0a0b0c0d0e0f 0000 86dd'), V6_TCP)]],
  [276, [concat(hex('0800 0000 00000007 0001 04 06 0a0b0c0d0e0f 0000'), V4_UDP), concat(hex('86dd 0000 00000002 0001 00 06 0a0b0c0d0e0f 0000'), V6_TCP)]],
];

// ---- pcap I/O ----

function hexdump(frames: Uint8Array[]): string {
  return frames
    .map((f) => {
      const lines: string[] = [];
      for (let i = 0; i < f.length; i += 16) {
        const bytes = Array.from(f.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
        lines.push(`${i.toString(16).padStart(6, '0')} ${bytes}`);
      }
      return lines.join('\n');
    })
    .join('\n\n');
}

/** A classic pcap file; `wire` lets a record claim more bytes than it holds. */
function writePcap(linkType: number, frames: { data: Uint8Array; wire: number }[]): Uint8Array {
  const header = new Uint8Array(24);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 262144, true);
  hv.setUint32(20, linkType, true);
  const records = frames.map(({ data, wire }, i) => {
    const r = new Uint8Array(16 + data.length);
    const v = new DataView(r.buffer);
    v.setUint32(0, 1700000000 + i, true);
    v.setUint32(8, data.length, true);
    v.setUint32(12, wire, true);
    r.set(data, 16);
    return r;
  });
  return concat(header, ...records);
}

interface PcapRecord {
  linkType: number;
  data: Uint8Array;
  origLen: number;
}

function readPcap(file: Uint8Array): PcapRecord[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = v.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  assert.ok(le || v.getUint32(0, false) === 0xa1b2c3d4 || v.getUint32(0, false) === 0xa1b23c4d, 'not a pcap file');
  const linkType = v.getUint32(20, le) & 0x0fffffff;
  const out: PcapRecord[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const incl = v.getUint32(at + 8, le);
    const orig = v.getUint32(at + 12, le);
    out.push({ linkType, data: file.subarray(at + 16, at + 16 + incl), origLen: orig });
    at += 16 + incl;
  }
  return out;
}

// ---- the comparison ----

const FIELDS = [
  'ip.src',
  'ip.dst',
  'ip.id',
  'ip.ttl',
  'ip.proto',
  'ip.frag_offset',
  'ip.flags.mf',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.fraghdr.offset',
  'ipv6.fraghdr.more',
  'ipv6.fraghdr.ident',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.seq',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.flags',
  'tcp.len',
  'tcp.hdr_len',
  'tcp.window_size_value',
  'tcp.options.mss_val',
  'tcp.options.wscale.shift',
  'tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr',
  'tcp.options.sack_le',
  'tcp.options.sack_re',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'icmp.type',
  'icmp.code',
  'icmp.ident',
  'icmp.seq',
  'icmp.mtu',
  'icmpv6.type',
  'icmpv6.code',
  'icmpv6.mtu',
  'icmpv6.echo.identifier',
  'icmpv6.echo.sequence_number',
  'vlan.id',
  'ieee8021ad.id',
  'null.family',
  'sll.pkttype',
  'sll.hatype',
  'sll.etype',
  'sll.ifindex',
] as const;
type Field = (typeof FIELDS)[number];
type Row = Record<Field, string>;

function tshark(file: string, extra: string[] = [], fields: readonly string[] = FIELDS): string[][] {
  // Reassembly off: like us, tshark then decodes each fragment and segment on its own.
  const args = ['-r', file, '-n', '-o', 'tcp.relative_sequence_numbers:FALSE', '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE'];
  args.push(...extra, '-T', 'fields', '-E', 'separator=/t');
  for (const f of fields) args.push('-e', f);
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

/** tshark prints some integers in hex and booleans as True/False or 1/0; compare values. */
function normalise(cell: string): string {
  if (cell === '') return '';
  return cell
    .split(',')
    .map((x) => (/^0x[0-9a-f]+$/i.test(x) ? String(parseInt(x, 16)) : x === 'True' ? '1' : x === 'False' ? '0' : x))
    .join(',');
}

function list(values: (number | string | null | undefined)[]): string {
  return values.filter((v) => v !== null && v !== undefined && v !== -1).join(',');
}

/** The same fields from our decoder, outer header first, then the ICMP quote, as tshark orders them. */
function ours(p: DecodedPacket): Row {
  const q = p.icmp?.quote ?? null;
  const ips: IpHeader[] = [];
  if (p.ip) ips.push(p.ip);
  if (q?.ip) ips.push(q.ip);
  const v4 = ips.filter((ip) => ip.version === 4);
  const v6 = ips.filter((ip) => ip.version === 6);
  const frag6 = v6.filter((ip) => ip.version === 6 && ip.extensions?.some((e) => e.type === 44));
  const tcps = [p.tcp, q?.tcp].filter((t) => t != null);
  // An 8-byte quote: tshark shows ports and sequence number only.
  const shortTcp = q !== null && q.protocol === 6 && q.tcp === null && q.srcPort >= 0;
  const udps: { s: number; d: number; len: number }[] = [];
  if (p.udp) udps.push({ s: p.udp.srcPort, d: p.udp.dstPort, len: p.udp.length });
  if (q?.protocol === 17 && q.srcPort >= 0) udps.push({ s: q.srcPort, d: q.dstPort, len: q.udp?.length ?? -1 });
  const icmp4 = p.icmp?.version === 4 ? p.icmp : null;
  const icmp6 = p.icmp?.version === 6 ? p.icmp : null;
  const isSll = p.link.kind === 'sll' || p.link.kind === 'sll2';
  return {
    'ip.src': list(v4.map((ip) => formatIp(ip, 'src'))),
    'ip.dst': list(v4.map((ip) => formatIp(ip, 'dst'))),
    'ip.id': list(v4.map((ip) => ip.fragmentId)),
    'ip.ttl': list(v4.map((ip) => ip.ttl)),
    'ip.proto': list(v4.map((ip) => ip.protocol)),
    'ip.frag_offset': list(v4.map((ip) => ip.fragmentOffset / 8)),
    'ip.flags.mf': list(v4.map((ip) => (ip.moreFragments ? 1 : 0))),
    'ipv6.src': list(v6.map((ip) => formatIp(ip, 'src'))),
    'ipv6.dst': list(v6.map((ip) => formatIp(ip, 'dst'))),
    'ipv6.fraghdr.offset': list(frag6.map((ip) => ip.fragmentOffset / 8)),
    'ipv6.fraghdr.more': list(frag6.map((ip) => (ip.moreFragments ? 1 : 0))),
    'ipv6.fraghdr.ident': list(frag6.map((ip) => ip.fragmentId)),
    'tcp.srcport': list([...tcps.map((t) => t.srcPort), shortTcp ? q.srcPort : null]),
    'tcp.dstport': list([...tcps.map((t) => t.dstPort), shortTcp ? q.dstPort : null]),
    // (Relative numbering is off, so tcp.seq is raw too; an 8-byte quote only has tcp.seq.)
    'tcp.seq': list([...tcps.map((t) => t.seq), shortTcp ? q.tcpSeq : null]),
    'tcp.seq_raw': list([p.tcp?.seq]),
    'tcp.ack_raw': list(tcps.map((t) => t.ack)),
    'tcp.flags': list(tcps.map((t) => t.flags)),
    // tshark leaves tcp.len out of ICMP quotes.
    'tcp.len': list([p.tcp?.payloadWireLength]),
    'tcp.hdr_len': list(tcps.map((t) => t.headerLength)),
    'tcp.window_size_value': list(tcps.map((t) => t.window)),
    'tcp.options.mss_val': list(tcps.map((t) => t.mss)),
    'tcp.options.wscale.shift': list(tcps.map((t) => t.windowScale)),
    'tcp.options.timestamp.tsval': list(tcps.map((t) => t.tsVal)),
    'tcp.options.timestamp.tsecr': list(tcps.map((t) => t.tsEcr)),
    'tcp.options.sack_le': list(tcps.flatMap((t) => (t.sackBlocks ?? []).filter((_, i) => i % 2 === 0))),
    'tcp.options.sack_re': list(tcps.flatMap((t) => (t.sackBlocks ?? []).filter((_, i) => i % 2 === 1))),
    'udp.srcport': list(udps.map((u) => u.s)),
    'udp.dstport': list(udps.map((u) => u.d)),
    'udp.length': list(udps.map((u) => u.len)),
    'icmp.type': list([icmp4?.type]),
    'icmp.code': list([icmp4?.code]),
    'icmp.ident': list([icmp4?.echoId]),
    'icmp.seq': list([icmp4?.echoSeq]),
    'icmp.mtu': list([icmp4?.mtu]),
    'icmpv6.type': list([icmp6?.type]),
    'icmpv6.code': list([icmp6?.code]),
    'icmpv6.mtu': list([icmp6?.mtu]),
    'icmpv6.echo.identifier': list([icmp6?.echoId]),
    'icmpv6.echo.sequence_number': list([icmp6?.echoSeq]),
    // tshark files 802.1ad (0x88a8) tags under their own protocol.
    'vlan.id': list((p.link.vlans ?? []).filter((t) => t.tpid !== 0x88a8).map((t) => t.vid)),
    'ieee8021ad.id': list((p.link.vlans ?? []).filter((t) => t.tpid === 0x88a8).map((t) => t.vid)),
    'null.family': list([p.link.addressFamily]),
    'sll.pkttype': list([isSll ? p.link.packetType : null]),
    'sll.hatype': list([isSll ? p.link.hardwareType : null]),
    'sll.etype': list([isSll ? p.link.protocol : null]),
    'sll.ifindex': list([p.link.kind === 'sll2' ? p.link.interfaceIndex : null]),
  };
}

function compare(file: string, label: string): number {
  const records = readPcap(readFileSync(file));
  const rows = tshark(file);
  assert.equal(rows.length, records.length, `${label}: tshark saw ${rows.length} packets, we read ${records.length}`);
  records.forEach((r, i) => {
    const p = decodePacket(r.linkType, r.data, r.origLen);
    const theirs = Object.fromEntries(FIELDS.map((f, k) => [f, normalise(rows[i][k] ?? '')])) as Row;
    // tshark shows tcp.seq_raw inside ICMPv6 quotes but not ICMP ones: compare the outer one.
    theirs['tcp.seq_raw'] = p.tcp === null ? '' : theirs['tcp.seq_raw'].split(',')[0];
    assert.deepEqual(ours(p), theirs, `${label}, packet ${i + 1}`);
  });
  return records.length;
}

function withTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'decode-oracle-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function text2pcap(dir: string, name: string, linkType: number, frames: Uint8Array[], extra: string[] = []): string {
  const txt = join(dir, `${name}.txt`);
  const pcap = join(dir, `${name}.pcap`);
  writeFileSync(txt, hexdump(frames) + '\n');
  execFileSync('text2pcap', ['-q', '-F', 'pcap', '-l', String(linkType), ...extra, txt, pcap], { stdio: 'ignore' });
  return pcap;
}

test('Ethernet frames agree with tshark', () => {
  withTempDir((dir) => {
    const n = compare(text2pcap(dir, 'ethernet', 1, ETHERNET_FRAMES), 'ethernet');
    assert.equal(n, ETHERNET_FRAMES.length);
  });
});

test('NULL, LOOP, RAW, IPV4, IPV6, SLL and SLL2 frames agree with tshark', () => {
  withTempDir((dir) => {
    for (const [lt, frames] of OTHER_LINKS) {
      const n = compare(text2pcap(dir, `lt${lt}`, lt, frames), `link type ${lt}`);
      assert.equal(n, frames.length);
    }
  });
});

test('snap-length cuts agree with tshark (wire lengths from the IP header)', () => {
  withTempDir((dir) => {
    const frames = [ETHERNET_FRAMES[0], ETHERNET_FRAMES[2], ETHERNET_FRAMES[3], ETHERNET_FRAMES[9], ETHERNET_FRAMES[10]];
    const cuts: { data: Uint8Array; wire: number }[] = [];
    for (const f of frames) {
      const whole = decodePacket(1, f, f.length).tcp;
      assert.ok(whole);
      // Inside the options, at the end of the header, and inside the payload.
      for (const len of [20, 24, whole.headerLength, whole.headerLength + 5]) {
        const end = whole.offset + len;
        if (end < f.length) cuts.push({ data: f.subarray(0, end), wire: f.length });
      }
    }
    const file = join(dir, 'snap.pcap');
    writeFileSync(file, writePcap(1, cuts));
    // Only the fields of headers that were captured whole: tshark shows the rest piecemeal.
    const records = readPcap(readFileSync(file));
    const rows = tshark(file, [], ['ip.src', 'ipv6.src', 'tcp.srcport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.len', 'tcp.hdr_len']);
    assert.equal(rows.length, cuts.length);
    records.forEach((r, i) => {
      const p = decodePacket(1, r.data, r.origLen);
      const t = p.tcp;
      assert.ok(p.ip && t, `cut ${i}`);
      const headerWhole = t.offset + t.headerLength <= r.data.length;
      assert.equal(rows[i][0] || rows[i][1], formatIp(p.ip, 'src'), `cut ${i}`);
      assert.equal(rows[i][2], String(t.srcPort), `cut ${i}`);
      assert.equal(rows[i][3], String(t.seq), `cut ${i}`);
      assert.equal(rows[i][4], String(t.ack), `cut ${i}`);
      if (headerWhole) assert.equal(rows[i][5], String(t.payloadWireLength), `cut ${i}`);
      assert.equal(rows[i][6], String(t.headerLength), `cut ${i}`);
    });
  });
});

test('checksums of text2pcap-generated TCP and UDP agree with tshark', () => {
  withTempDir((dir) => {
    const payloads = [TEXT, hex('00'), hex('0102030405'), new Uint8Array(1000).fill(0xa5)];
    const files = [
      text2pcap(dir, 'tcp4', 1, payloads, ['-T', '1234,80', '-4', '10.1.2.3,10.4.5.6']),
      text2pcap(dir, 'udp4', 1, payloads, ['-u', '5353,53', '-4', '10.1.2.3,10.4.5.6']),
      text2pcap(dir, 'tcp6', 1, payloads, ['-T', '1234,80', '-6', '2001:db8::1,fe80::1']),
      text2pcap(dir, 'udp6', 1, payloads, ['-u', '5353,53', '-6', '2001:db8::1,fe80::1']),
    ];
    for (const file of files) {
      assert.equal(compare(file, file), payloads.length);
      const status = tshark(file, ['-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'], ['tcp.checksum.status', 'udp.checksum.status']);
      readPcap(readFileSync(file)).forEach((r, i) => {
        const good = (status[i][0] || status[i][1]) === '1'; // 0 bad, 1 good, 2 unverified
        assert.equal(verifyTransportChecksum(decodePacket(r.linkType, r.data, r.origLen)), good, `${file} packet ${i + 1}`);
      });
      // And a corrupted copy of each is caught by both.
      const bad = readPcap(readFileSync(file)).map((r) => {
        const d = r.data.slice();
        const p = decodePacket(r.linkType, d, r.origLen);
        d[(p.tcp ?? p.udp)?.offset ?? 0] ^= 0x40; // the source port
        return { data: d, wire: r.origLen };
      });
      const badFile = `${file}.bad.pcap`;
      writeFileSync(badFile, writePcap(1, bad));
      const badStatus = tshark(badFile, ['-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'], ['tcp.checksum.status', 'udp.checksum.status']);
      readPcap(readFileSync(badFile)).forEach((r, i) => {
        assert.equal(badStatus[i][0] || badStatus[i][1], '0', `${badFile} packet ${i + 1}`);
        assert.equal(verifyTransportChecksum(decodePacket(r.linkType, r.data, r.origLen)), false, `${badFile} packet ${i + 1}`);
      });
    }
  });
});
