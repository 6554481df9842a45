/**
 * Checks captureBuilder's output against the real tools: every file built
 * here is written to a temp dir and read back with tshark / capinfos.
 *
 *   node --import tsx --test test/helpers/captureBuilder.test.ts
 *
 * Skips (rather than fails) when tshark/capinfos are not installed.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  PcapngWriter,
  concat,
  inetChecksum,
  ipv4TcpFrame,
  nrbIPv4,
  nrbIPv6,
  optI64,
  optIPv4,
  optIPv6,
  optTimestamp,
  optU32,
  optU64,
  optU8,
  parseIPv6,
  pcapFile,
  u8,
  type Endian,
  type OptionSpec,
} from './captureBuilder';

// The real tools are the point of these tests: CI installs them, and a missing tool fails here.
test('tshark and capinfos are installed', () => {
  assert.equal(spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status, 0);
  assert.equal(spawnSync('capinfos', ['--version'], { stdio: 'ignore' }).status, 0);
});

let dir = '';
let fileNo = 0;

function writeTemp(name: string, data: Uint8Array): string {
  const path = join(dir, `${++fileNo}-${name}`);
  writeFileSync(path, data);
  return path;
}

function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** tshark -T fields; returns one string[] per frame. Fails on any tshark error. */
function fields(path: string, names: string[], extra: string[] = []): string[][] {
  const r = run('tshark', ['-r', path, ...extra, '-T', 'fields', '-E', 'occurrence=a', ...names.flatMap((n) => ['-e', n])]);
  assert.equal(r.status, 0, `tshark failed on ${path}: ${r.stderr}`);
  const errors = r.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes('Running as user'));
  assert.deepEqual(errors, [], `tshark complained about ${path}`);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

function capinfos(path: string): string {
  const r = run('capinfos', [path]);
  assert.equal(r.status, 0, `capinfos failed on ${path}: ${r.stderr}`);
  return r.stdout;
}

function capinfosField(text: string, label: string): string[] {
  const re = new RegExp(`^\\s*${label}\\s*[:=]\\s*(.*)$`, 'gm');
  return [...text.matchAll(re)].map((m) => m[1]!.trim());
}

/** Ethernet CRC-32 (reflected, poly 0xEDB88320), as appended to frames. */
function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of data) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function withFcs(frame: Uint8Array): Uint8Array {
  const c = crc32(frame);
  return concat(frame, u8(c, c >>> 8, c >>> 16, c >>> 24));
}

const enc = new TextEncoder();

const syn = ipv4TcpFrame({ src: '192.0.2.1', dst: '192.0.2.2', sport: 40000, dport: 80, seq: 1000, flags: 'S', win: 64240 });
const synAck = ipv4TcpFrame({ src: '192.0.2.2', dst: '192.0.2.1', sport: 80, dport: 40000, seq: 5000, ack: 1001, flags: 'SA' });
const data = ipv4TcpFrame({
  src: '192.0.2.1',
  dst: '192.0.2.2',
  sport: 40000,
  dport: 80,
  seq: 1001,
  ack: 5001,
  flags: 'PA',
  payload: enc.encode('GET / HTTP/1.0\r\n\r\n'),
});
const urg = ipv4TcpFrame({
  src: '192.0.2.1',
  dst: '192.0.2.2',
  sport: 40000,
  dport: 80,
  seq: 1019,
  ack: 5001,
  flags: 'UPA',
  urgent: 1,
  payload: u8(0x21),
});

test('helpers: u8, concat, parseIPv6, checksums', () => {
  assert.deepEqual(u8(1, 0x1ff, -1), Uint8Array.from([1, 0xff, 0xff]));
  assert.deepEqual(concat(u8(1), new Uint8Array(0), u8(2, 3)), u8(1, 2, 3));
  assert.deepEqual(parseIPv6('::1'), u8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
  assert.deepEqual(parseIPv6('2001:db8::ff00:42:8329').slice(0, 4), u8(0x20, 0x01, 0x0d, 0xb8));
  assert.deepEqual(parseIPv6('::ffff:192.0.2.1').slice(10), u8(0xff, 0xff, 192, 0, 2, 1));
  assert.throws(() => parseIPv6('1::2::3'));
  assert.throws(() => ipv4TcpFrame({ src: '1.2.3.4', dst: '1.2.3.5', sport: 1, dport: 2, seq: 0, flags: 'SX' }));
  // A correct IPv4 header sums to zero.
  assert.equal(inetChecksum(syn.subarray(14, 34)), 0);
  assert.equal(syn.length, 14 + 20 + 20);
});

test('byte layout: SHB/IDB/options in both byte orders', () => {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  const le = new PcapngWriter('little').shb().idb(1, { options: [optU32(10, 0x01020304), { code: 1, value: 'abc' }] }).bytes();
  const be = new PcapngWriter('big').shb().idb(1, { options: [optU32(10, 0x01020304), { code: 1, value: 'abc' }] }).bytes();
  assert.equal(hex(le.subarray(0, 28)), '0a0d0d0a1c0000004d3c2b1a01000000ffffffffffffffff1c000000');
  assert.equal(hex(be.subarray(0, 28)), '0a0d0d0a0000001c1a2b3c4d00010000ffffffffffffffff0000001c');
  // IDB: type, length 40, linktype 1, reserved, snaplen 0, if_tzone(4)=0x01020304, comment "abc"+pad, endofopt, length.
  assert.equal(hex(le.subarray(28)), '01000000280000000100000000000000' + '0a00040004030201' + '0100030061626300' + '00000000' + '28000000');
  assert.equal(hex(be.subarray(28)), '00000001000000280001000000000000' + '000a000401020304' + '0001000361626300' + '00000000' + '00000028');
  // Classic pcap header with FCS bits: 0x24000001 = FCS len 2 words, P bit, Ethernet.
  assert.equal(hex(pcapFile({ endian: 'big', fcsBits: 2, packets: [] })), 'a1b2c3d400020004000000000000000000040000' + '24000001');
});

describe('captureBuilder (checked with tshark)', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'capture-builder-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('classic pcap, little-endian, microseconds, Ethernet', () => {
    const path = writeTemp(
      'le-usec.pcap',
      pcapFile({
        packets: [
          { sec: 1700000000, frac: 1, data: syn },
          { sec: 1700000000, frac: 250000, data: synAck },
          { sec: 1700000001, frac: 999999, data },
          { sec: 1700000002, frac: 0, data: urg },
        ],
      }),
    );
    const rows = fields(
      path,
      ['frame.number', 'frame.time_epoch', 'tcp.flags.str', 'ip.checksum.status', 'tcp.checksum.status', 'tcp.urgent_pointer', 'tcp.len'],
      ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'],
    );
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[3], r[4], r[5], r[6]]),
      [
        ['1', '1700000000.000001000', '1', '1', '0', '0'],
        ['2', '1700000000.250000000', '1', '1', '0', '0'],
        ['3', '1700000001.999999000', '1', '1', '0', '18'],
        ['4', '1700000002.000000000', '1', '1', '1', '1'],
      ],
    );
    assert.match(rows[0]![2]!, /S/);
    assert.match(rows[1]![2]!, /A.*S|S.*A/);
    assert.match(rows[3]![2]!, /U/);
    const info = capinfos(path);
    assert.deepEqual(capinfosField(info, 'File type'), ['Wireshark/tcpdump/... - pcap']);
    assert.deepEqual(capinfosField(info, 'File encapsulation'), ['Ethernet']);
    assert.deepEqual(capinfosField(info, 'File timestamp precision'), ['microseconds (6)']);
    assert.deepEqual(capinfosField(info, 'Packet size limit'), ['file hdr: 262144 bytes']);
  });

  test('classic pcap, big-endian, nanoseconds, snaplen and truncated packets', () => {
    const path = writeTemp(
      'be-nsec.pcap',
      pcapFile({
        endian: 'big',
        nanos: true,
        snapLen: 40,
        packets: [
          { sec: 1700000000, frac: 123456789, data: syn.subarray(0, 40), origLen: syn.length },
          { sec: 1700000000, frac: 999999999, data: synAck.subarray(0, 40), origLen: synAck.length },
        ],
      }),
    );
    const rows = fields(path, ['frame.time_epoch', 'frame.len', 'frame.cap_len']);
    assert.deepEqual(rows, [
      ['1700000000.123456789', '54', '40'],
      ['1700000000.999999999', '54', '40'],
    ]);
    const info = capinfos(path);
    assert.deepEqual(capinfosField(info, 'File timestamp precision'), ['nanoseconds (9)']);
    assert.ok(capinfosField(info, 'Packet size limit').includes('file hdr: 40 bytes'));
  });

  test('classic pcap, raw IP link type (101)', () => {
    const raw = ipv4TcpFrame({ src: '198.51.100.7', dst: '198.51.100.8', sport: 1, dport: 2, seq: 3, flags: 'R', ethernet: false });
    const path = writeTemp('raw.pcap', pcapFile({ linkType: 101, packets: [{ sec: 1, frac: 0, data: raw }] }));
    assert.deepEqual(fields(path, ['ip.src', 'tcp.flags.reset']), [['198.51.100.7', '1']]);
    assert.deepEqual(capinfosField(capinfos(path), 'File encapsulation'), ['Raw IP']);
  });

  test('classic pcap, FCS bits in the link-type field', () => {
    const packets = [
      { sec: 10, frac: 0, data: withFcs(syn) }, // 54 + 4 bytes: too short to be guessed as FCS
      { sec: 11, frac: 0, data: withFcs(data) },
    ];
    const withBits = writeTemp('fcs.pcap', pcapFile({ fcsBits: 2, packets }));
    const rows = fields(withBits, ['frame.len', 'eth.fcs.status', 'eth.trailer'], ['-o', 'eth.check_fcs:TRUE']);
    // status 1 = good: tshark took the last 4 bytes of every frame as the FCS.
    assert.deepEqual(rows, [
      ['58', '1', ''],
      ['76', '1', ''],
    ]);
    // Without the header bits, tshark's heuristic calls the short frame's FCS a trailer.
    const noBits = writeTemp('nofcs.pcap', pcapFile({ packets }));
    const plain = fields(noBits, ['frame.len', 'eth.fcs.status', 'eth.trailer'], ['-o', 'eth.check_fcs:TRUE']);
    assert.equal(plain[0]![1], '');
    assert.notEqual(plain[0]![2], '');
  });

  /** One section: SHB, three interfaces, EPBs using each of them. */
  function section(w: PcapngWriter, tag: string): PcapngWriter {
    const comment = (s: string): OptionSpec => ({ code: 1, value: s });
    return w
      .shb({
        options: [comment(`section ${tag}`), { code: 2, value: 'builder hw' }, { code: 3, value: 'builder os' }, { code: 4, value: 'captureBuilder.test' }],
      })
      .idb(1, { snapLen: 65535, options: [{ code: 2, value: `ns-${tag}` }, optU8(9, 9), optU64(8, 10_000_000_000n)] })
      .idb(1, { options: [{ code: 2, value: `pow2-${tag}` }, optU8(9, 0x80 | 10), optIPv4(4, '192.0.2.1', '255.255.255.0'), optIPv6(5, '2001:db8::1', 64)] })
      .idb(101, { options: [{ code: 2, value: `usec-offset-${tag}` }, optI64(14, 1_600_000_000n)] })
      .epb(0, 0x17979cfe, 0x3d85cd15, syn, {
        // 1700000000123456789 ns
        options: [comment('first comment'), comment('second comment'), optU32(2, 0x01000005), optU64(4, 7n), optU64(5, 0x1122334455667788n), optU32(6, 3)],
      })
      .epb(1, 0x195, 0x4fc40200, synAck, {
        // (1700000000 * 1024 + 512) / 1024 s
        options: [optU32(2, 0x00000002)],
      })
      .epb(2, 0x5b0a, 0x58f12801, data.subarray(14), {
        // 100100000000001 us + if_tsoffset 1600000000 s
        options: [comment('raw ip, offset')],
      });
  }

  const expectedSection = (sectionNo: string, tag: string): string[][] => [
    // epb_flags 0x01000005: inbound, unicast, CRC error
    [sectionNo, '0', `ns-${tag}`, '1700000000.123456789', 'first comment,second comment', '0x01000005', '0x00000001', '1', '7', '1234605616436508552', '3'],
    // epb_flags 0x00000002: outbound
    [sectionNo, '1', `pow2-${tag}`, '1700000000.500000000', '', '0x00000002', '0x00000002', '0', '', '', ''],
    [sectionNo, '2', `usec-offset-${tag}`, '1700100000.000001000', 'raw ip, offset', '', '', '', '', '', ''],
  ];
  const pcapngFields = [
    'frame.section_number',
    'frame.interface_id',
    'frame.interface_name',
    'frame.time_epoch',
    'frame.comment',
    'frame.packet_flags',
    'frame.packet_flags_direction',
    'frame.packet_flags_crc_error',
    'frame.drop_count',
    'frame.packet_id',
    'frame.interface_queue',
  ];

  for (const endian of ['little', 'big'] as Endian[]) {
    test(`pcapng ${endian}-endian section: if_tsresol 9 and 2^-10, if_tsoffset, comments, EPB flags/options`, () => {
      const path = writeTemp(`${endian}.pcapng`, section(new PcapngWriter(endian), endian).bytes());
      assert.deepEqual(fields(path, pcapngFields), expectedSection('1', endian));
      const info = capinfos(path);
      assert.deepEqual(capinfosField(info, 'Capture comment'), [`section ${endian}`]);
      assert.deepEqual(capinfosField(info, 'Capture hardware'), ['builder hw']);
      assert.deepEqual(capinfosField(info, 'Capture oper-sys'), ['builder os']);
      assert.deepEqual(capinfosField(info, 'Time resolution'), ['0x09', '0x8a']);
      assert.deepEqual(capinfosField(info, 'Speed'), ['10000000000']);
      assert.deepEqual(capinfosField(info, 'Capture length'), ['65535', '0', '0']);
      assert.deepEqual(capinfosField(info, 'Timestamp offset'), ['1600000000']);
      assert.deepEqual(capinfosField(info, 'Encapsulation'), ['Ethernet (1 - ether)', 'Ethernet (1 - ether)', 'Raw IP (7 - rawip)']);
    });
  }

  test('pcapng with two sections of different byte order', () => {
    const w = new PcapngWriter('little');
    section(w, 'a');
    w.setEndian('big');
    section(w, 'b');
    const path = writeTemp('two-sections.pcapng', w.bytes());
    // Column 2 (frame.interface_name) is left out: tshark 4.0 looks the name
    // up with the per-section interface id in its file-wide interface list,
    // so frames of section 2 show section 1's names.
    const drop = (rows: string[][]): string[][] => rows.map((r) => r.filter((_, i) => i !== 2));
    assert.deepEqual(drop(fields(path, pcapngFields)), drop([...expectedSection('1', 'a'), ...expectedSection('2', 'b')]));
  });

  for (const endian of ['little', 'big'] as Endian[]) {
    test(`pcapng ${endian}-endian: SPB, PB, NRB, ISB, DSB, custom and journal blocks`, () => {
      const keylog = enc.encode('CLIENT_RANDOM 000102 030405\n');
      const w = new PcapngWriter(endian)
        .shb()
        .idb(1, { snapLen: 40, options: [optU8(9, 6)] })
        .epb(0, 0, 1_000_001, syn.subarray(0, 40), { origLen: syn.length })
        .spb(syn.subarray(0, 40), syn.length)
        .pb(0, 0, 3_000_000, synAck.subarray(0, 40), { dropsCount: 5, origLen: synAck.length, options: [optU32(2, 1)] })
        .nrb([nrbIPv4('192.0.2.1', 'client.example'), nrbIPv6('2001:db8::1', 'v6.example', 'alias.example')], [{ code: 1, value: 'nrb comment' }])
        .isb(0, 0, 4_000_000, [optTimestamp(2, 0, 1_000_000), optTimestamp(3, 0, 4_000_000), optU64(4, 10n), optU64(5, 2n)])
        .dsb(0x544c534b, keylog)
        .custom(32473, u8(0xde, 0xad, 0xbe, 0xef), true)
        .journal(enc.encode('__REALTIME_TIMESTAMP=1700000000000001\nMESSAGE=hello from the journal\n'));
      const path = writeTemp(`blocks-${endian}.pcapng`, w.bytes());
      const rows = fields(path, ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len', 'frame.drop_count', 'frame.packet_flags_direction', 'ip.src', 'systemd_journal.message']);
      assert.deepEqual(rows, [
        ['1', '1.000001000', '54', '40', '', '', '192.0.2.1', ''], // EPB, caplen < len
        ['2', '', '54', '40', '', '', '192.0.2.1', ''], // SPB: no timestamp, caplen from the IDB snaplen
        ['3', '3.000000000', '54', '40', '5', '0x00000001', '192.0.2.2', ''], // PB with drops count and pack_flags
        ['4', '', '4', '4', '', '', '', ''], // custom block (tshark 4.0 shows it as a frame)
        ['5', '1700000000.000001000', '69', '69', '', '', '', 'hello from the journal'], // journal entry
      ]);
      const info = capinfos(path);
      assert.deepEqual(capinfosField(info, 'Number of resolved IPv4 addresses in file'), ['1']);
      // capinfos counts names: the IPv6 record carries two.
      assert.deepEqual(capinfosField(info, 'Number of resolved IPv6 addresses in file'), ['2']);
      assert.deepEqual(capinfosField(info, 'Number of decryption secrets in file'), ['1']);
      assert.deepEqual(capinfosField(info, 'Number of stat entries'), ['1']);
    });
  }

  test('pcapng raw(): a lying trailing length makes tshark report a damaged file', () => {
    const good = new PcapngWriter().shb().idb(1).raw(6, concat(u8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), u8(0, 0, 0, 0, 0, 0, 0, 0)));
    // A well-formed EPB with an empty packet built through raw() reads fine...
    assert.deepEqual(fields(writeTemp('raw-ok.pcapng', good.bytes()), ['frame.len']), [['0']]);
    const bad = new PcapngWriter().shb().idb(1).epb(0, 0, 0, syn).raw(6, new Uint8Array(20), { trailingLength: 36 });
    const path = writeTemp('raw-bad.pcapng', bad.bytes());
    const r = run('tshark', ['-r', path]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /damaged or corrupt|total and trailer lengths|don't match/i);
  });
});
