import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressText } from '../../analyzer/connections/addressText';
import { decodePacket, formatIp } from '../../analyzer/decode';
import type { IpHeader } from '../../analyzer/decode';
import { hex } from '../decode/helpers';

function ipv4(src: number, dst: number): IpHeader {
  const b = hex('45000014 00000000 40fd0000 00000000 00000000');
  new DataView(b.buffer).setUint32(12, src >>> 0);
  new DataView(b.buffer).setUint32(16, dst >>> 0);
  return decodePacket(228, b, b.length).ip!;
}

test('AddressText says what formatIp says, remembered or not, past the point where it starts over', () => {
  const names = new AddressText();
  for (let i = 0; i < 70000; i++) {
    // A few hosts again and again, and a stream of new ones.
    const ip = ipv4(i % 3 === 0 ? 0xc6120001 + (i % 5) : 0x0a000000 + i, 0xffffffff - (i % 2));
    assert.equal(names.of(ip, 'src'), formatIp(ip, 'src'));
    assert.equal(names.of(ip, 'dst'), formatIp(ip, 'dst'));
  }
  const v6 = decodePacket(229, hex('60000000 0000 3b 40 20010db8000000000000000000000001 00000000000000000000ffffc0a80001'), 40).ip!;
  assert.equal(names.of(v6, 'src'), '2001:db8::1');
  assert.equal(names.of(v6, 'dst'), '::ffff:192.168.0.1');
});
