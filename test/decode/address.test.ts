import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket, formatIp, formatIpv4, formatIpv4Bytes, formatIpv6, formatMac } from '../../analyzer/decode';
import { hex } from './helpers';

test('IPv4 dotted quad', () => {
  assert.equal(formatIpv4(0), '0.0.0.0');
  assert.equal(formatIpv4(0xc0a80001), '192.168.0.1');
  assert.equal(formatIpv4(0xffffffff), '255.255.255.255');
  assert.equal(formatIpv4(0x7f000001), '127.0.0.1');
  assert.equal(formatIpv4Bytes(hex('0a 00 00 fe'), 0), '10.0.0.254');
});

test('IPv6 per RFC 5952, as tshark prints it', () => {
  // The expected text was checked against tshark 4.0 (ipv6.src) for the same bytes.
  const cases: [string, string][] = [
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000000000000000000', '2001:db8::'],
    ['fe800000000000000000000000000000', 'fe80::'],
    ['00010000000000000000000000000000', '1::'],
    ['ff020000000000000000000000000001', 'ff02::1'],
    // Longest run wins; the first of equal runs wins; a lone zero group stays "0".
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['20010db8000100000000000000000001', '2001:db8:1::1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['abcd00000000000000000000000a0000', 'abcd::a:0'],
    ['00000000000000000001000000000000', '::1:0:0:0'],
    // Lowercase, no leading zeros.
    ['2001 0DB8 00AB 0C00 0000 0000 0000 000F'.replace(/ /g, ''), '2001:db8:ab:c00::f'],
    // Embedded IPv4: mapped and compatible get a dotted quad, look-alikes do not.
    ['00000000000000000000ffff01020304', '::ffff:1.2.3.4'],
    ['00000000000000000000000001020304', '::1.2.3.4'],
    ['00000000000000000000000000010000', '::0.1.0.0'],
    ['000000000000000000000000ffff0000', '::255.255.0.0'],
    ['0000000000000000000000000000ffff', '::ffff'],
    ['0000000000000000ffff000001020304', '::ffff:0:102:304'],
    ['00000000000000000000fffe01020304', '::fffe:102:304'],
  ];
  for (const [bytes, text] of cases) assert.equal(formatIpv6(hex(bytes), 0), text, bytes);
  // At an offset inside a bigger array.
  assert.equal(formatIpv6(hex('ffff 00000000000000000000000000000001'), 2), '::1');
});

test('formatIp picks the header version and address', () => {
  const v4 = decodePacket(228, hex('45000014 00000000 40fd0000 c0a80001 08080808'), 20);
  assert.ok(v4.ip);
  assert.equal(formatIp(v4.ip, 'src'), '192.168.0.1');
  assert.equal(formatIp(v4.ip, 'dst'), '8.8.8.8');
  const v6 = decodePacket(
    229,
    hex('60000000 0000 3b 40 fe800000000000000211 22fffe334455 20010db8000000000000000000000001'),
    40,
  );
  assert.ok(v6.ip);
  assert.equal(formatIp(v6.ip, 'src'), 'fe80::211:22ff:fe33:4455');
  assert.equal(formatIp(v6.ip, 'dst'), '2001:db8::1');
});

test('MAC addresses', () => {
  assert.equal(formatMac(hex('00 1b 2c 3d 4e 5f'), 0), '00:1b:2c:3d:4e:5f');
  assert.equal(formatMac(hex('ff 0a 0b'), 1, 2), '0a:0b');
});
