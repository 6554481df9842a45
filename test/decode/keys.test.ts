import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey, connectionKey, decodePacket, quoteConnectionKey } from '../../analyzer/decode';
import { hex } from './helpers';

const IP_A = 'c0a80001'; // 192.168.0.1
const IP_B = '5db8d822'; // 93.184.216.34

function tcp4(src: string, dst: string, sport: string, dport: string) {
  const f = hex(`45000028 00000000 40060000 ${src} ${dst}  ${sport} ${dport} 00000001 00000000 5002ffff 00000000`);
  return decodePacket(228, f, f.length);
}

test('connection keys: stable, directional, reversible', () => {
  const out = tcp4(IP_A, IP_B, 'c350', '0050');
  const back = tcp4(IP_B, IP_A, '0050', 'c350');
  const again = tcp4(IP_A, IP_B, 'c350', '0050');
  const k = connectionKey(out);
  assert.ok(k);
  assert.equal(connectionKey(again), k);
  assert.notEqual(connectionKey(back), k);
  assert.equal(connectionKey(back, true), k);
  assert.equal(connectionKey(out, true), connectionKey(back));
  assert.notEqual(connectionKey(tcp4(IP_A, IP_B, 'c351', '0050')), k);
  assert.notEqual(connectionKey(tcp4(IP_A, IP_B, '0050', 'c350')), k);

  // UDP with the same endpoints is another conversation.
  const u = hex(`45000020 00000000 40110000 ${IP_A} ${IP_B}  c350 0050 000c 0000 00000000`);
  assert.notEqual(connectionKey(decodePacket(228, u, u.length)), k);

  // Neither TCP nor UDP: no key.
  assert.equal(connectionKey(decodePacket(228, hex(`45000014 00000000 40fd0000 ${IP_A} ${IP_B}`), 20)), null);
});

test('address keys differ between IPv4 and IPv6, even for the mapped form', () => {
  const v4 = decodePacket(228, hex(`45000014 00000000 40fd0000 01020304 ${IP_B}`), 20);
  const v6 = decodePacket(229, hex('60000000 0000 3b 40 00000000000000000000ffff01020304 00000000000000000000000000000001'), 40);
  assert.ok(v4.ip && v6.ip);
  assert.equal(addressKey(v4.ip, 'src').length, 2);
  assert.equal(addressKey(v6.ip, 'src').length, 8);
  assert.notEqual(addressKey(v4.ip, 'src'), addressKey(v6.ip, 'src'));
  assert.equal(addressKey(v4.ip, 'dst'), addressKey(tcp4(IP_A, IP_B, '0001', '0002').ip!, 'dst'));
});

test('an ICMP error leads back to the connection it is about', () => {
  const sent = tcp4(IP_A, IP_B, 'c350', '0050');
  const err = hex(`
    45000038 00000000 40010000 0a000001 ${IP_A}
    03 04 0000 0000 0578
    45000028 00000000 40060000 ${IP_A} ${IP_B}  c350 0050 00000001
  `);
  const p = decodePacket(228, err, err.length);
  const q = p.icmp?.quote;
  assert.ok(q);
  assert.equal(quoteConnectionKey(q), connectionKey(sent));
  assert.equal(quoteConnectionKey(q, true), connectionKey(sent, true));
});

test('IPv6 connection keys', () => {
  const f = hex(`
    60000000 0014 06 40
    20010db8000000000000000000000001 20010db8000000000000000000000002
    c350 01bb 00000001 00000000 5002ffff 00000000
  `);
  const g = hex(`
    60000000 0014 06 40
    20010db8000000000000000000000002 20010db8000000000000000000000001
    01bb c350 00000001 00000002 5012ffff 00000000
  `);
  const a = decodePacket(229, f, f.length);
  const b = decodePacket(229, g, g.length);
  assert.equal(connectionKey(a), connectionKey(b, true));
  assert.notEqual(connectionKey(a), connectionKey(b));
});
