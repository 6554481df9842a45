import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packetSummary } from '../../analyzer/decode/packetSummary';
import { ipv4TcpFrame, u8, concat } from '../helpers/captureBuilder';

const SYN = ipv4TcpFrame({ src: '10.0.0.1', dst: '10.0.0.9', sport: 50000, dport: 445, seq: 1000, flags: 'S', win: 64240 });

test('a TCP segment is summarised with the fields the packet list shows', () => {
  assert.deepEqual(packetSummary(1, SYN, SYN.length), {
    proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.9', sport: 50000, dport: 445,
    tcp: { flags: 'S', seq: 1000, ack: 0, win: 64240, urg: 0 }, payload: 0,
  });
});

test('an ICMP host unreachable quoting only 8 bytes of TCP still names the connection', () => {
  // RFC 792: the error carries the original IP header and the first 8 bytes of its payload.
  const quoted = SYN.subarray(14, 14 + 20 + 8);
  const icmp = concat(u8(3, 1, 0, 0, 0, 0, 0, 0), quoted);
  const ip = concat(u8(0x45, 0, 0, 20 + icmp.length, 0, 0, 0, 0, 64, 1, 0, 0, 10, 0, 0, 254, 10, 0, 0, 1), icmp);
  const frame = concat(SYN.subarray(0, 14), ip);
  const s = packetSummary(1, frame, frame.length);
  assert.equal(s.proto, 'icmp');
  assert.deepEqual(s.icmp, { type: 3, code: 1, quoted: 'tcp 10.0.0.1:50000 → 10.0.0.9:445' });
  assert.equal(s.src, '10.0.0.254');
});

test('a frame of an unsupported link type says so', () => {
  assert.equal(packetSummary(105, SYN, SYN.length).proto, 'unsupported');
});
