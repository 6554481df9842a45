import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalSides, parseLocalAddresses } from '../../analyzer/connections/localSides';
import { looksLikeServerPort } from '../../analyzer/connections/connectionTracker';
import { canonicalIp } from '../../analyzer/decode/address';
import type { EndpointInfo } from '../../analyzer/connections/record';
import type { InterfaceInfo } from '../../analyzer/capture/types';

function ep(address: string, outbound = 0, inbound = 0, ttl = 64): EndpointInfo {
  return { address, port: 1, outboundFlagged: outbound, inboundFlagged: inbound, interfaces: [0], ttl };
}

function iface(v4: string[], v6: string[] = []): InterfaceInfo {
  return {
    index: 0, section: 0, localId: 0, offset: 0, linkType: 1, snapLen: 0,
    tsResolution: { base: 10, exponent: 6, unitsPerSec: 1e6, coarsened: false }, tsOffsetSec: 0,
    ipv4Addresses: v4.map((address) => ({ address, netmask: '255.255.255.0' })),
    ipv6Addresses: v6.map((address) => ({ address, prefixLength: 64 })),
    comments: [], options: [],
  };
}

test('canonicalIp writes addresses the way decoded ones are written', () => {
  assert.equal(canonicalIp('10.0.0.1'), '10.0.0.1');
  assert.equal(canonicalIp('0:0:0:0:0:0:0:1'), '::1');
  assert.equal(canonicalIp('FE80:0:0::00A1'), 'fe80::a1');
  assert.equal(canonicalIp('::ffff:10.1.2.3'), '::ffff:10.1.2.3');
  assert.equal(canonicalIp('10.0.0'), null);
  assert.equal(canonicalIp('10.0.0.256'), null);
  assert.equal(canonicalIp('1::2::3'), null);
  assert.equal(canonicalIp('host.example'), null);
});

test('--local names the local ends and outranks every other rule', () => {
  const l = new LocalSides(parseLocalAddresses('192.168.1.10, ::1'));
  l.iface(iface(['10.9.9.9']));
  assert.deepEqual(l.decide({ client: ep('192.168.1.10'), server: ep('10.0.0.5') }), { client: true, server: false, rule: 'option' });
  assert.deepEqual(l.decide({ client: ep('10.9.9.9'), server: ep('10.0.0.5') }), { client: false, server: false, rule: 'option' });
  assert.deepEqual(l.decide({ client: ep('::1'), server: ep('::1') }), { client: true, server: true, rule: 'option' });
  assert.throws(() => parseLocalAddresses('10.0.0.1,bogus'), /"bogus" is not an IPv4 or IPv6 address/);
  assert.throws(() => parseLocalAddresses(' , '), /no address given/);
});

test('loopback: both ends are local', () => {
  const l = new LocalSides();
  assert.equal(l.decide({ client: ep('127.0.0.1'), server: ep('127.0.0.2') }).rule, 'loopback');
  assert.deepEqual(l.decide({ client: ep('10.0.0.7'), server: ep('10.0.0.7') }), { client: true, server: true, rule: 'loopback' });
});

test('interface addresses, then direction flags, then the common address', () => {
  const l = new LocalSides();
  l.iface(iface(['192.168.1.10', '0.0.0.0'], ['fe80::1']));
  assert.deepEqual(l.decide({ client: ep('192.168.1.10'), server: ep('8.8.8.8') }), { client: true, server: false, rule: 'interface-address' });
  assert.deepEqual(l.decide({ client: ep('8.8.4.4'), server: ep('fe80::1') }), { client: false, server: true, rule: 'interface-address' });
  // Not an interface address: the flags decide. An inbound packet from the server means the client is here.
  assert.deepEqual(l.decide({ client: ep('172.16.0.1'), server: ep('8.8.8.8', 0, 3) }), { client: true, server: false, rule: 'direction-flags' });
  assert.deepEqual(l.decide({ client: ep('172.16.0.1', 0, 2), server: ep('8.8.8.8') }), { client: false, server: true, rule: 'direction-flags' });
});

test('the address common to every connection is the host; ambiguity leaves it undecided', () => {
  const l = new LocalSides();
  l.see('192.168.1.10', '10.0.0.1');
  assert.equal(l.commonAddress(), null, 'one connection: both addresses are common');
  assert.equal(l.decide({ client: ep('192.168.1.10'), server: ep('10.0.0.1') }).rule, 'undecided');
  l.see('10.0.0.2', '192.168.1.10');
  l.see('192.168.1.10', '10.0.0.3');
  assert.equal(l.commonAddress(), '192.168.1.10');
  assert.deepEqual(l.decide({ client: ep('10.0.0.2'), server: ep('192.168.1.10') }), { client: false, server: true, rule: 'common-address' });
  l.see('10.0.0.4', '10.0.0.5');
  assert.equal(l.commonAddress(), null, 'a connection without it: no common address');
});

test('mid-stream role guess: well-known port, then non-ephemeral port, then the lower port is the server', () => {
  assert.equal(looksLikeServerPort(443, 50000), true);
  assert.equal(looksLikeServerPort(50000, 443), false);
  assert.equal(looksLikeServerPort(8080, 51000), true);
  assert.equal(looksLikeServerPort(51000, 8080), false);
  assert.equal(looksLikeServerPort(5000, 6000), true);
  assert.equal(looksLikeServerPort(50001, 50000), false);
});

test("the end sending with Windows' TTL 128 is the host when nothing stronger decides", () => {
  const l = new LocalSides();
  l.see('192.168.1.10', '10.0.0.1');
  assert.deepEqual(l.decide({ client: ep('192.168.1.10', 0, 0, 128), server: ep('10.0.0.1', 0, 0, 64) }), { client: true, server: false, rule: 'windows-ttl' });
  assert.deepEqual(l.decide({ client: ep('192.168.1.10', 0, 0, 57), server: ep('10.0.0.1', 0, 0, 128) }), { client: false, server: true, rule: 'windows-ttl' });
  assert.equal(l.decide({ client: ep('192.168.1.10', 0, 0, 128), server: ep('10.0.0.1', 0, 0, 128) }).rule, 'undecided', 'two Windows hosts');
  assert.equal(l.decide({ client: ep('192.168.1.10', 0, 0, 126), server: ep('10.0.0.1', 0, 0, 64) }).rule, 'undecided', 'a routed Windows host is not this one');
});
