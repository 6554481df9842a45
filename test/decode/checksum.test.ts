import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket, onesComplementSum, verifyIpv4Checksum, verifyTransportChecksum } from '../../analyzer/decode';
import type { Ipv4Header } from '../../analyzer/decode';
import { hex } from './helpers';

/*
 * Checksums below were worked by hand:
 * IPv4 header 4500 0020 0000 0000 4011 ---- 0a00 0001 0a00 0002 sums to 0x9934 → 0x66cb.
 * UDP 10.0.0.1:1 → 10.0.0.2:2, length 12, data 0102 0304:
 *   pseudo 0a00+0001+0a00+0002+0011+000c = 0x1420; header 0001+0002+000c = 0x000f;
 *   data 0102+0304 = 0x0406; total 0x1835 → 0xe7ca.
 * ICMP echo 0800 ---- 0001 0001: 0x0802 → 0xf7fd.
 */
const UDP = hex('45 00 0020 0000 0000 40 11 66cb 0a000001 0a000002  0001 0002 000c e7ca 0102 0304');
const ICMP = hex('45 00 001c 0000 0000 40 01 66df 0a000001 0a000002  08 00 f7fd 0001 0001');

test('ones-complement sum, odd length padded with zero', () => {
  assert.equal(onesComplementSum(hex('0001 f203 f4f5 f6f7'), 0, 8), 0x2ddf0);
  assert.equal(onesComplementSum(hex('01 02 03'), 0, 3), 0x0102 + 0x0300);
});

test('IPv4 header checksum', () => {
  const p = decodePacket(228, UDP, UDP.length);
  assert.equal(verifyIpv4Checksum(p.ip as Ipv4Header), true);
  const bad = UDP.slice();
  bad[11] ^= 1;
  assert.equal(verifyIpv4Checksum(decodePacket(228, bad, bad.length).ip as Ipv4Header), false);
});

test('UDP checksum with the IPv4 pseudo-header', () => {
  const p = decodePacket(228, UDP, UDP.length);
  assert.equal(verifyTransportChecksum(p), true);
  const bad = UDP.slice();
  bad[31] ^= 0x10; // payload changed
  assert.equal(verifyTransportChecksum(decodePacket(228, bad, bad.length)), false);
  const none = UDP.slice();
  none[26] = 0;
  none[27] = 0; // "no checksum" in IPv4
  assert.equal(verifyTransportChecksum(decodePacket(228, none, none.length)), null);
});

test('ICMP checksum has no pseudo-header', () => {
  // IPv4 header: 4500+001c+4001+0a00+0001+0a00+0002 = 0x9920 → 0x66df.
  const p = decodePacket(228, ICMP, ICMP.length);
  assert.equal(verifyIpv4Checksum(p.ip as Ipv4Header), true);
  assert.equal(verifyTransportChecksum(p), true);
});

test('cannot verify what was not captured', () => {
  const cut = UDP.subarray(0, 30);
  assert.equal(verifyTransportChecksum(decodePacket(228, cut, UDP.length)), null);
  assert.equal(verifyTransportChecksum(decodePacket(228, hex('45000014 00000000 40fd0000 0a000001 0a000002'), 20)), null);
});
