import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpFlag, decodePacket, decodeTcp, parseTcpOptions, tcpFlagLetters } from '../../analyzer/decode';
import type { TcpHeader } from '../../analyzer/decode';
import { concat, hex, messages, sink } from './helpers';

const SYN = hex(`
  c350 0050                 # ports 50000 → 80
  deadbeef                  # seq 3735928559
  00000000                  # ack 0
  a0 02 faf0                # data offset 10 (40 bytes), SYN, window 64240
  b00b 0000                 # checksum b00b, urgent pointer 0
  02 04 05b4                # MSS 1460
  04 02                     # SACK permitted
  08 0a 0001e240 00000000   # timestamps: TSval 123456, TSecr 0
  01                        # NOP
  03 03 07                  # window scale 7
`);

function decodeAll(bytes: Uint8Array, wire = bytes.length) {
  const s = sink();
  return { tcp: decodeTcp(bytes, 0, bytes.length, wire, s), s };
}

test('SYN: every fixed field and the handshake options', () => {
  const { tcp, s } = decodeAll(SYN);
  assert.ok(tcp);
  assert.equal(tcp.srcPort, 50000);
  assert.equal(tcp.dstPort, 80);
  assert.equal(tcp.seq, 3735928559);
  assert.equal(tcp.ack, 0);
  assert.equal(tcp.headerLength, 40);
  assert.equal(tcp.flags, TcpFlag.SYN);
  assert.equal(tcp.window, 64240);
  assert.equal(tcp.checksum, 0xb00b);
  assert.equal(tcp.urgentPointer, 0);
  assert.equal(tcp.optionsOffset, 20);
  assert.equal(tcp.optionsLength, 20);
  assert.equal(tcp.mss, 1460);
  assert.equal(tcp.windowScale, 7);
  assert.equal(tcp.sackPermitted, true);
  assert.equal(tcp.tsVal, 123456);
  assert.equal(tcp.tsEcr, 0);
  assert.equal(tcp.sackBlocks, null);
  assert.equal(tcp.otherOptions, null);
  assert.equal(tcp.optionsMalformed, false);
  assert.equal(tcp.payloadOffset, 40);
  assert.equal(tcp.payloadLength, 0);
  assert.equal(tcp.payloadWireLength, 0);
  assert.equal(s.problems, null);

  assert.deepEqual(parseTcpOptions(SYN, tcp), [
    { type: 'mss', kind: 2, offset: 20, length: 4, mss: 1460 },
    { type: 'sack-permitted', kind: 4, offset: 24, length: 2 },
    { type: 'timestamps', kind: 8, offset: 26, length: 10, tsVal: 123456, tsEcr: 0 },
    { type: 'nop', kind: 1, offset: 36, length: 1 },
    { type: 'wscale', kind: 3, offset: 37, length: 3, shift: 7 },
  ]);
});

test('ACK with timestamps and two SACK blocks', () => {
  const b = hex(`
    0050 c350 00000001 deadbef0
    d0 10 01f5 0000 0000        # data offset 13 (52 bytes), ACK, window 501
    01 01 08 0a 00000064 0001e240
    01 01 05 12 00002710 00002ee0 00003a98 00004268   # SACK 10000-12000, 15000-17000
  `);
  const { tcp, s } = decodeAll(b);
  assert.ok(tcp);
  assert.equal(tcp.headerLength, 52);
  assert.equal(tcp.ack, 0xdeadbef0);
  assert.equal(tcp.flags, TcpFlag.ACK);
  assert.equal(tcp.tsVal, 100);
  assert.equal(tcp.tsEcr, 123456);
  assert.deepEqual(tcp.sackBlocks, [10000, 12000, 15000, 17000]);
  assert.equal(tcp.mss, -1);
  assert.equal(tcp.windowScale, -1);
  assert.equal(tcp.sackPermitted, false);
  assert.equal(s.problems, null);
  const sack = parseTcpOptions(b, tcp).find((o) => o.type === 'sack');
  assert.deepEqual(sack, {
    type: 'sack',
    kind: 5,
    offset: 34,
    length: 18,
    blocks: [
      [10000, 12000],
      [15000, 17000],
    ],
  });
});

test('unknown kinds are kept; EOL ends the list', () => {
  const b = hex(`
    0050 c350 00000001 00000002
    90 18 0100 0000 0000        # data offset 9 (36 bytes), PSH+ACK
    22 0a 0102030405060708      # kind 34 (TCP Fast Open cookie), length 10
    fe 04 abcd                  # kind 254 (experimental), length 4
    00 00                       # EOL, padding
  `);
  const { tcp, s } = decodeAll(b);
  assert.ok(tcp);
  assert.deepEqual(tcp.otherOptions, [
    { kind: 34, offset: 20, length: 10 },
    { kind: 254, offset: 30, length: 4 },
  ]);
  assert.equal(s.problems, null);
  const all = parseTcpOptions(b, tcp);
  assert.deepEqual(
    all.map((o) => [o.type, o.kind, o.offset, o.length]),
    [
      ['other', 34, 20, 10],
      ['other', 254, 30, 4],
      ['eol', 0, 34, 1],
    ],
  );
  const first = all[0];
  assert.ok(first.type === 'other');
  assert.deepEqual([...first.value], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(first.malformed, false);
});

test('every flag bit, and the letters', () => {
  const b = hex('0001 0002 00000000 00000000 51 ff 0000 0000 0000');
  const { tcp } = decodeAll(b);
  assert.equal(tcp?.flags, 0x1ff);
  assert.equal(((tcp?.flags ?? 0) & TcpFlag.NS) !== 0, true);
  assert.equal(tcpFlagLetters(0x1ff), 'FSRPAUEC');
  assert.equal(tcpFlagLetters(0x12), 'SA');
  assert.equal(tcpFlagLetters(0x11), 'FA');
  assert.equal(tcpFlagLetters(0x18), 'PA');
  assert.equal(tcpFlagLetters(0x14), 'RA');
  assert.equal(tcpFlagLetters(0x02), 'S');
  assert.equal(tcpFlagLetters(0xc2), 'SEC');
  assert.equal(tcpFlagLetters(0x29), 'FPU');
  assert.equal(tcpFlagLetters(0x100), '');
  assert.equal(tcpFlagLetters(0), '');
});

test('malformed option lengths are reported and parsing goes on where it can', () => {
  // length 1: nothing after it can be trusted.
  const one = decodeAll(hex('0001 0002 00000000 00000000 60 10 0000 0000 0000  08 01 0000'));
  assert.equal(one.tcp?.optionsMalformed, true);
  assert.deepEqual(messages(one.s), ['TCP option 8 has length 1']);

  // MSS with length 3: skipped by its length, the NOP after it still read.
  const mss = decodeAll(hex('0001 0002 00000000 00000000 70 02 0000 0000 0000  02 03 05 03 03 02 00 00'));
  assert.equal(mss.tcp?.mss, -1);
  assert.equal(mss.tcp?.windowScale, 2);
  assert.deepEqual(messages(mss.s), ['TCP option 2 has length 3, expected 4']);

  const over = decodeAll(hex('0001 0002 00000000 00000000 60 10 0000 0000 0000  08 0a 0000'));
  assert.deepEqual(messages(over.s), ['TCP option 8 (length 10) runs past the end of the header']);

  const nolen = decodeAll(hex('0001 0002 00000000 00000000 60 10 0000 0000 0000  01 01 01 08'));
  assert.deepEqual(messages(nolen.s), ['TCP option 8 has no length byte']);

  const sack = decodeAll(hex('0001 0002 00000000 00000000 70 10 0000 0000 0000  05 06 00000001 0000'));
  assert.deepEqual(messages(sack.s), ['TCP option 5 (SACK) has length 6, expected 2 + 8n']);
  assert.equal(sack.tcp?.sackBlocks, null);

  for (const [bytes, kind, len, expected] of [
    ['03 04 07 00', 3, 4, 3],
    ['04 03 00 00', 4, 3, 2],
    ['08 08 000000010000', 8, 8, 10],
  ] as const) {
    const h = hex(bytes);
    const b = concat(hex('0001 0002 00000000 00000000 00 10 0000 0000 0000'), h);
    b[12] = ((20 + h.length) / 4) << 4;
    assert.deepEqual(messages(decodeAll(b).s), [`TCP option ${kind} has length ${len}, expected ${expected}`]);
  }
});

test('data offset outside 20 … IP payload', () => {
  const small = decodeAll(hex('0001 0002 00000001 00000002 40 10 0000 0000 0000 6869'));
  assert.equal(small.tcp?.headerLength, 16);
  assert.equal(small.tcp?.payloadOffset, 20);
  assert.equal(small.tcp?.payloadLength, 2);
  assert.deepEqual(messages(small.s), ['TCP data offset 16 is less than 20']);

  const big = decodeAll(concat(hex('0001 0002 00000001 00000002 f0 10 0000 0000 0000'), new Uint8Array(20)));
  assert.equal(big.tcp?.seq, 1);
  assert.equal(big.tcp?.payloadLength, 0);
  assert.equal(big.tcp?.payloadWireLength, 0);
  assert.deepEqual(messages(big.s), ['TCP data offset 60 exceeds the 40 bytes of IP payload']);
});

test('payload bounds: captured and wire lengths', () => {
  const seg = concat(hex('0001 0002 00000001 00000002 50 18 0000 0000 0000'), new TextEncoder().encode('hello'));
  const whole = decodeAll(seg).tcp as TcpHeader;
  assert.equal(whole.payloadOffset, 20);
  assert.equal(whole.payloadLength, 5);
  assert.equal(whole.payloadWireLength, 5);

  const s = sink();
  const cut = decodeTcp(seg.subarray(0, 23), 0, 23, 1020, s) as TcpHeader;
  assert.equal(cut.payloadLength, 3);
  assert.equal(cut.payloadWireLength, 1000);
  assert.equal(s.problems, null);
});

test('truncation: fixed header, then options', () => {
  const seven = decodeAll(SYN.subarray(0, 7), 40);
  assert.equal(seven.tcp, null);
  assert.deepEqual(messages(seven.s), ['TCP header truncated: need 20 bytes, have 7']);
  assert.equal(seven.s.truncated, 'tcp');

  const tiny = decodeAll(SYN.subarray(0, 12));
  assert.deepEqual(messages(tiny.s), ['TCP header needs 20 bytes but the IP payload has 12']);
  assert.equal(tiny.s.problems?.[0].kind, 'malformed');

  // 30 of 40 header bytes: MSS and SACK-permitted read, timestamps cut.
  const opts = decodeAll(SYN.subarray(0, 30), 40);
  assert.ok(opts.tcp);
  assert.equal(opts.tcp.mss, 1460);
  assert.equal(opts.tcp.sackPermitted, true);
  assert.equal(opts.tcp.tsVal, -1);
  assert.equal(opts.tcp.optionsLength, 10);
  assert.equal(opts.tcp.optionsMalformed, false);
  assert.equal(opts.tcp.payloadLength, 0);
  assert.deepEqual(messages(opts.s), ['TCP header truncated: need 40 bytes, have 30']);
  assert.equal(parseTcpOptions(SYN, opts.tcp).length, 2);
});

test('through decodePacket: Ethernet / IPv4 / TCP with padding', () => {
  const frame = hex(`
    001122334455 66778899aabb 0800
    45 00 0028 0001 4000 40 06 0000 c0a80001 c0a80002   # total 40: a bare ACK
    0050 c350 00000001 00000002 50 10 0100 0000 0000
    000000000000                                        # 6 bytes of Ethernet padding
  `);
  const p = decodePacket(1, frame, 60);
  assert.equal(p.tcp?.payloadLength, 0);
  assert.equal(p.tcp?.payloadWireLength, 0);
  assert.equal(p.ip?.trailerLength, 6);
  assert.equal(p.problems, null);
});
