import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket, decodeUdp } from '../../analyzer/decode';
import { concat, hex, messages, sink } from './helpers';

function decodeAll(bytes: Uint8Array, wire = bytes.length) {
  const s = sink();
  return { udp: decodeUdp(bytes, 0, bytes.length, wire, s), s };
}

test('header fields and payload', () => {
  const b = concat(hex('d66d 0035 0021 4a5b'), new Uint8Array(25)); // 54893 → 53, length 33
  const { udp, s } = decodeAll(b);
  assert.ok(udp);
  assert.equal(udp.srcPort, 54893);
  assert.equal(udp.dstPort, 53);
  assert.equal(udp.length, 33);
  assert.equal(udp.checksum, 0x4a5b);
  assert.equal(udp.payloadOffset, 8);
  assert.equal(udp.payloadLength, 25);
  assert.equal(udp.payloadWireLength, 25);
  assert.equal(s.problems, null);
});

test('UDP length shorter than the IP payload bounds the payload', () => {
  const b = concat(hex('0035 d66d 000c 0000 01020304'), new Uint8Array(6));
  const { udp, s } = decodeAll(b);
  assert.equal(udp?.payloadLength, 4);
  assert.equal(udp?.payloadWireLength, 4);
  assert.equal(s.problems, null);
});

test('snap length: captured vs wire payload', () => {
  const b = concat(hex('0035 d66d 01fc 0000'), new Uint8Array(10)); // length 508
  const s = sink();
  const udp = decodeUdp(b, 0, b.length, 508, s);
  assert.equal(udp?.payloadLength, 10);
  assert.equal(udp?.payloadWireLength, 500);
  assert.equal(s.problems, null);
});

test('bad lengths', () => {
  const small = decodeAll(hex('0035 d66d 0004 0000 0000'));
  assert.deepEqual(messages(small.s), ['UDP length 4 is less than 8']);
  assert.equal(small.udp?.payloadLength, 0);

  const big = decodeAll(hex('0035 d66d 0100 0000 00000000'));
  assert.deepEqual(messages(big.s), ['UDP length 256 exceeds the 12 bytes of IP payload']);
  assert.equal(big.udp?.payloadLength, 4);

  // Zero: a jumbogram's UDP length; the IP layer knows the size.
  const zero = decodeAll(hex('0035 d66d 0000 0000 00000000'));
  assert.equal(zero.s.problems, null);
  assert.equal(zero.udp?.payloadLength, 4);
});

test('truncation', () => {
  const cut = decodeAll(hex('0035 d66d 00'), 100);
  assert.equal(cut.udp, null);
  assert.deepEqual(messages(cut.s), ['UDP header truncated: need 8 bytes, have 5']);
  assert.equal(cut.s.truncated, 'udp');

  const short = decodeAll(hex('0035 d66d 00'));
  assert.deepEqual(messages(short.s), ['UDP header needs 8 bytes but the IP payload has 5']);
});

test('through decodePacket over IPv6', () => {
  const f = hex(`
    60000000 000c 11 40
    fe800000000000000000000000000001
    ff020000000000000000000000010002   # ff02::1:2, DHCPv6 servers
    0222 0223 000c 1234 cafebabe
  `);
  const p = decodePacket(229, f, f.length);
  assert.equal(p.udp?.srcPort, 546);
  assert.equal(p.udp?.dstPort, 547);
  assert.equal(p.udp?.payloadOffset, 48);
  assert.equal(p.udp?.payloadLength, 4);
  assert.equal(p.tcp, null);
  assert.equal(p.problems, null);
});
