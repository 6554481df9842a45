/**
 * pcapng features real tools rarely write, built block by block, each read whole and in chunks.
 * Expected values are the ones written into the blocks, not what the reader produced.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ipv4TcpFrame, nrbIPv4, nrbIPv6, optI64, optIPv4, optIPv6, optTimestamp, optU32, optU64, optU8, pcapFile, PcapngWriter, u8,
} from '../helpers/captureBuilder';
import { PktmonDuplicates } from '../../analyzer/capture/duplicates';
import { formatSeconds } from '../../analyzer/capture/timestamp';
import { codes, conformance, read } from './harness';

const FRAME = ipv4TcpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: 49152, dport: 80, seq: 1, flags: 'S' });
const FRAME2 = ipv4TcpFrame({ src: '10.0.0.2', dst: '10.0.0.1', sport: 80, dport: 49152, seq: 7, ack: 2, flags: 'SA' });

conformance('several sections, each with its own byte order and interface numbering', () =>
  new PcapngWriter('little').shb().idb(1).idb(101).epb(1, 0, 5_000_001, FRAME.subarray(14))
    .setEndian('big').shb().idb(1, { options: [optU8(9, 9)] }).epb(0, 1, 7_000_000_123 - 2 ** 32, FRAME2)
    .setEndian('little').shb().idb(1).epb(0, 0, 9_000_000, FRAME)
    .bytes(), (t) => {
  assert.deepEqual(t.sections.map((s) => s.byteOrder), ['little', 'big', 'little']);
  assert.deepEqual(t.ifaces.map((i) => [i.index, i.section, i.localId, i.linkType]), [[0, 0, 0, 1], [1, 0, 1, 101], [2, 1, 0, 1], [3, 2, 0, 1]]);
  assert.deepEqual(t.packets.map((p) => [p.iface, p.linkType, formatSeconds(p.ts)]), [
    [1, 101, '5.000001000'], [2, 1, '7.000000123'], [3, 1, '9.000000000'],
  ]);
  assert.deepEqual(t.packets[1]!.data, FRAME2);
});

conformance('if_tsresol in powers of ten and of two, and if_tsoffset', () =>
  new PcapngWriter().shb()
    .idb(1, { options: [optU8(9, 3)] })            // milliseconds
    .idb(1, { options: [optU8(9, 0x80 | 20)] })    // 2^-20 s
    .idb(1, { options: [optU8(9, 7), optI64(14, 1_600_000_000n)] }) // 100 ns ticks, offset
    .epb(0, 0, 12_345, FRAME)
    .epb(1, 0, 3 * 2 ** 20 + 2 ** 19, FRAME)
    .epb(2, 0, 25_000_001, FRAME)
    .bytes(), (t) => {
  assert.deepEqual(t.ifaces.map((i) => [i.tsResolution.base, i.tsResolution.exponent, i.tsOffsetSec]), [[10, 3, 0], [2, 20, 0], [10, 7, 1_600_000_000]]);
  assert.deepEqual(t.packets.map((p) => p.ts), [
    { sec: 12, frac: 345, unitsPerSec: 1000 },
    { sec: 3, frac: 2 ** 19, unitsPerSec: 2 ** 20 },
    { sec: 1_600_000_002, frac: 5_000_001, unitsPerSec: 1e7 },
  ]);
  assert.equal(formatSeconds(t.packets[2]!.ts), '1600000002.500000100');
});

conformance('Enhanced, Simple and obsolete Packet blocks', () =>
  new PcapngWriter().shb().idb(1, { snapLen: 40 })
    .epb(0, 1, 2, FRAME, { origLen: 1500 })
    .spb(FRAME.subarray(0, 40), FRAME.length)
    .pb(0, 0, 1_000_000, FRAME2, { dropsCount: 3 })
    .bytes(), (t) => {
  assert.deepEqual(t.packets.map((p) => [p.kind, p.caplen, p.len]), [['epb', FRAME.length, 1500], ['spb', 40, FRAME.length], ['pb', FRAME2.length, FRAME2.length]]);
  assert.deepEqual(t.packets[0]!.ts, { sec: 4294, frac: 967298, unitsPerSec: 1e6 }); // (2^32 + 2) µs
  assert.deepEqual(t.packets[1]!.data, FRAME.subarray(0, 40));
  assert.equal(t.packets[2]!.dropCount, 3n);
  assert.equal(formatSeconds(t.packets[2]!.ts), '1.000000000');
});

conformance('packet options: comments (invalid UTF-8 too), flags, packet id, verdicts, process/thread, queue, drops', () =>
  new PcapngWriter().shb().idb(1)
    .epb(0, 0, 1, FRAME, { options: [
      { code: 1, value: 'first' },
      { code: 1, value: u8(0x62, 0x61, 0x64, 0xff, 0xfe, 0x21) }, // "bad", two invalid bytes, "!"
      optU32(2, 0x00000201),
      optU64(5, 0x1_0000_0007n),
      { code: 7, value: u8(1, 0xaa, 0xbb) },
      { code: 7, value: u8(2, 0xcc) },
      { code: 8, value: u8() } /* too short: kept raw */,
      optU32(6, 3),
      optU64(4, 12n),
      { code: 3, value: u8(2, 1, 2, 3, 4) },
    ] })
    .epb(0, 0, 2, FRAME2, { options: [optU32(2, 2), { code: 8, value: u8(0, 0, 0, 0, 0, 0, 0, 0) }] })
    .bytes(), (t) => {
  const [a, b] = t.packets;
  assert.deepEqual(a!.comments, ['first', 'bad\ufffd\ufffd!']);
  assert.equal(a!.flags, 0x201);
  assert.equal(a!.direction, 'inbound');
  assert.equal(a!.packetId, 0x1_0000_0007n);
  assert.deepEqual(a!.verdicts, [u8(1, 0xaa, 0xbb), u8(2, 0xcc)]);
  assert.equal(a!.queue, 3);
  assert.equal(a!.dropCount, 12n);
  assert.deepEqual(a!.otherOptions?.map((o) => o.code), [8, 3]);
  assert.equal(b!.direction, 'outbound');
  assert.equal(b!.processId, 0);
  assert.equal(b!.threadId, 0);
});

test('process and thread ids are read in the section byte order', () => {
  for (const e of ['little', 'big'] as const) {
    const opt = { code: 8, value: u8(), encode: (le: boolean) => { const v = new DataView(new ArrayBuffer(8)); v.setUint32(0, 4242, le); v.setUint32(4, 77, le); return new Uint8Array(v.buffer); } };
    const t = read(new PcapngWriter(e).shb().idb(1).epb(0, 0, 0, FRAME, { options: [opt] }).bytes());
    assert.deepEqual([t.packets[0]!.processId, t.packets[0]!.threadId], [4242, 77], e);
  }
});

conformance('interface description options', () =>
  new PcapngWriter('big').shb({ options: [{ code: 2, value: 'x86-64' }, { code: 3, value: 'Windows 11' }, { code: 4, value: 'pktmon' }, { code: 1, value: 'section note' }] })
    .idb(1, { snapLen: 65535, options: [
      { code: 2, value: '\\Device\\NPF_{5B1C}' },
      { code: 3, value: 'Intel(R) Ethernet' },
      optIPv4(4, '192.168.1.20', '255.255.255.0'),
      optIPv4(4, '10.1.2.3', '255.0.0.0'),
      optIPv6(5, 'fe80::1c2d:3e4f:5a6b:7c8d', 64),
      { code: 6, value: u8(0, 0x15, 0x5d, 1, 2, 3) },
      optU64(8, 1_000_000_000n),
      { code: 11, value: u8(0, ...new TextEncoder().encode('tcp port 80')) },
      optU8(13, 4),
      { code: 12, value: 'Windows 11 23H2' },
      { code: 1, value: 'iface note' },
    ] })
    .bytes(), (t) => {
  const s = t.sections[0]!;
  assert.deepEqual([s.hardware, s.os, s.userAppl, s.comments], ['x86-64', 'Windows 11', 'pktmon', ['section note']]);
  const i = t.ifaces[0]!;
  assert.equal(i.name, '\\Device\\NPF_{5B1C}');
  assert.equal(i.description, 'Intel(R) Ethernet');
  assert.deepEqual(i.ipv4Addresses, [{ address: '192.168.1.20', netmask: '255.255.255.0' }, { address: '10.1.2.3', netmask: '255.0.0.0' }]);
  assert.deepEqual(i.ipv6Addresses, [{ address: 'fe80::1c2d:3e4f:5a6b:7c8d', prefixLength: 64 }]);
  assert.equal(i.macAddress, '00:15:5d:01:02:03');
  assert.equal(i.speed, 1_000_000_000n);
  assert.equal(i.filter, 'tcp port 80');
  assert.equal(i.fcsLength, 4);
  assert.equal(i.os, 'Windows 11 23H2');
  assert.equal(i.snapLen, 65535);
  assert.deepEqual(i.comments, ['iface note']);
  assert.equal(i.options.length, 11);
});

conformance('name resolution, statistics, secrets, custom and journal blocks are kept; unknown blocks skipped by length', () =>
  new PcapngWriter().shb().idb(1)
    .nrb([nrbIPv4('10.0.0.2', 'server.example', 'www.example'), nrbIPv6('2001:db8::5', 'v6.example')], [{ code: 1, value: 'names' }])
    .epb(0, 0, 10, FRAME)
    .raw(0x00000123, u8(1, 2, 3, 4, 5, 6, 7, 8))
    .raw(0x80000001, u8(9, 9, 9, 9))
    .dsb(0x544c534b, new TextEncoder().encode('CLIENT_RANDOM 00 11\n'))
    .custom(32473, u8(0xde, 0xad, 0xbe, 0xef), true)
    .custom(32473, u8(1), false)
    .journal(new TextEncoder().encode('__REALTIME_TIMESTAMP=1\nMESSAGE=hello\n'))
    .epb(0, 0, 20, FRAME2)
    .isb(0, 0, 30, [optTimestamp(2, 0, 5), optTimestamp(3, 0, 30), optU64(4, 100n), optU64(5, 2n), optU64(6, 90n), optU64(7, 1n), optU64(8, 88n)])
    .bytes(), (t) => {
  assert.equal(t.packets.length, 2);
  assert.deepEqual(t.blocks.map((b) => b.kind), ['nrb', 'unknown', 'unknown', 'dsb', 'custom', 'custom', 'journal', 'isb']);
  const [nrb, u1, u2, dsb, c1, c2, j, isb] = t.blocks;
  assert.ok(nrb!.kind === 'nrb');
  assert.deepEqual(nrb.records, [
    { type: 1, address: '10.0.0.2', names: ['server.example', 'www.example'] },
    { type: 2, address: '2001:db8::5', names: ['v6.example'] },
  ]);
  assert.deepEqual(nrb.comments, ['names']);
  assert.ok(u1!.kind === 'unknown' && u2!.kind === 'unknown');
  assert.deepEqual([u1.blockType, u1.length, u2.blockType, u2.length], [0x123, 20, 0x80000001, 16]);
  assert.ok(dsb!.kind === 'dsb');
  assert.equal(new TextDecoder().decode(dsb.secrets), 'CLIENT_RANDOM 00 11\n');
  assert.ok(c1!.kind === 'custom' && c2!.kind === 'custom');
  assert.deepEqual([c1.copyable, c1.pen, c1.data], [true, 32473, u8(0xde, 0xad, 0xbe, 0xef)]);
  assert.equal(c2.copyable, false);
  assert.ok(j!.kind === 'journal');
  assert.equal(new TextDecoder().decode(j.entry), '__REALTIME_TIMESTAMP=1\nMESSAGE=hello\n');
  assert.ok(isb!.kind === 'isb');
  assert.deepEqual([isb.iface, isb.ifRecv, isb.ifDrop, isb.filterAccept, isb.osDrop, isb.usrDeliv], [0, 100n, 2n, 90n, 1n, 88n]);
  assert.deepEqual([isb.startTime?.frac, isb.endTime?.frac, isb.ts.frac], [5, 30, 30]);
});

conformance('a section of an unknown major version is skipped, the next is read', () =>
  new PcapngWriter().shb().idb(1).epb(0, 0, 1, FRAME)
    .shb({ major: 2 }).idb(1).epb(0, 0, 2, FRAME2)
    .shb().idb(1).epb(0, 0, 3, FRAME)
    .bytes(), (t) => {
  assert.deepEqual(codes(t), ['unknown-version']);
  assert.deepEqual(t.packets.map((p) => p.ts.frac), [1, 3]);
  assert.equal(t.sections.length, 2);
});

conformance('a malformed option list keeps the options before the fault', () =>
  new PcapngWriter().shb().idb(1, { options: [{ code: 2, value: 'eth0' }, { code: 3, value: 'abc', lengthOverride: 200 }] })
    .epb(0, 0, 1, FRAME).bytes(), (t) => {
  assert.deepEqual(codes(t), ['bad-option']);
  assert.equal(t.ifaces[0]!.name, 'eth0');
  assert.equal(t.packets.length, 1);
});

conformance('a classic pcap with the FCS bits of the link-type field', () =>
  pcapFile({ linkType: 1, fcsBits: 2, packets: [{ sec: 1, frac: 2, data: FRAME }] }), (t) => {
  assert.equal(t.ifaces[0]!.fcsLength, 4);
  assert.equal(t.ifaces[0]!.linkType, 1);
  assert.deepEqual(codes(t), []);
});

test('pktmon copies of one packet (same epb_packetid) are recognised; other packets are not', () => {
  const w = new PcapngWriter().shb().idb(1).idb(101);
  const ids = [10n, 10n, 10n, 11n, 11n, 12n];
  ids.forEach((id, i) => w.epb(i % 2, 0, i, i % 2 ? FRAME.subarray(14) : FRAME, { options: [optU64(5, id)] }));
  w.epb(0, 0, 99, FRAME); // no packet id: never a copy
  const dups = new PktmonDuplicates();
  const firsts = read(w.bytes()).packets.map((p) => dups.check(p) ?? null);
  assert.deepEqual(firsts, [null, 1, 1, null, 4, null, null]);
  assert.equal(dups.count, 3);
});
