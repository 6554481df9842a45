import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FlowPeek, hashOrPeek, NO_PEEK } from '../../analyzer/connections/flowPeek';
import { Tuple } from '../../analyzer/connections/flowTable';
import { decodePacket } from '../../analyzer/decode/decodePacket';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { ipv4TcpFrame } from '../helpers/captureBuilder';

const ROOT = join(__dirname, '..', '..');

/**
 * Every frame FlowPeek reads must hash as its decoded tuple does (so a flow's packets reach one
 * tracker whether each was peeked or decoded), on every real frame of the samples and fixtures:
 * Ethernet with and without VLAN tags, raw IP, IPv6, UDP, ICMP errors, damaged files.
 */
test('a peeked hash is the decoded tuple\'s, on every frame of the samples and fixtures', async () => {
  const peek = new FlowPeek();
  const tuple = new Tuple();
  const seen = new Map<string, { peeked: number; not: number }>();
  for (const dir of ['samples', join('test', 'fixtures')]) {
    for (const f of readdirSync(join(ROOT, dir)).filter((x) => /\.(pcapng|pcap)$/.test(x))) {
      const counts = { peeked: 0, not: 0 };
      seen.set(f, counts);
      await readCaptureFile(join(ROOT, dir, f), {
        packet: (p) => {
          // Read at an offset inside a larger buffer, as the reader's chunks hold frames.
          const b = new Uint8Array(p.data.length + 7);
          b.set(p.data, 7);
          const h = peek.hash(b, 7, p.data.length, p.linkType);
          if (h === NO_PEEK) {
            counts.not++;
            return;
          }
          counts.peeked++;
          const d = decodePacket(p.linkType, p.data, p.len);
          const l4 = d.tcp ?? d.udp;
          assert.ok(d.ip !== null && l4 !== null, `${f} frame ${p.n}: peeked, but decodes to no TCP or UDP`);
          const expected = hashOrPeek(tuple.fill(d.ip, d.tcp !== null ? 6 : 17, l4.srcPort, l4.dstPort).hash());
          assert.equal(h, expected, `${f} frame ${p.n}`);
        },
      });
    }
  }
  const total = [...seen.values()].reduce((a, c) => a + c.peeked, 0);
  assert.ok(total > 400, `only ${total} frames peeked`);
  for (const f of ['vlan.pcap', 'raw-ip.pcap']) assert.ok(seen.get(f)!.peeked > 0, `${f}: nothing peeked`);
  // Link types it leaves to the decoder, and ICMP errors (tied by the flow they quote).
  for (const f of ['sll.pcap', 'null-loopback.pcap', 'conn-icmp-unreachable.pcap']) assert.ok(seen.get(f)!.not > 0, `${f}: everything peeked`);
});

test('fragments, ICMP, other EtherTypes and cut headers are left to the decoder', () => {
  const peek = new FlowPeek();
  const frame = ipv4TcpFrame({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1234, dport: 80, seq: 1, flags: 'S', ethernet: true });
  assert.notEqual(peek.hash(frame, 0, frame.length, 1), NO_PEEK);
  const variant = (edit: (f: Uint8Array) => void): Uint8Array => {
    const f = frame.slice();
    edit(f);
    return f;
  };
  const moreFragments = variant((f) => { f[14 + 6] = 0x20; });
  const offset = variant((f) => { f[14 + 7] = 1; });
  const icmp = variant((f) => { f[14 + 9] = 1; });
  const arp = variant((f) => { f[12] = 0x08; f[13] = 0x06; });
  for (const [name, f] of [['MF', moreFragments], ['offset', offset], ['ICMP', icmp], ['ARP', arp]] as const) {
    assert.equal(peek.hash(f, 0, f.length, 1), NO_PEEK, name);
  }
  // Ports not captured: 14 + 20 + 3 bytes.
  assert.equal(peek.hash(frame, 0, 37, 1), NO_PEEK);
  assert.equal(peek.hash(frame, 0, frame.length, 113), NO_PEEK);
});
