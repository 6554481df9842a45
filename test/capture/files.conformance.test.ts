/**
 * Every shipped capture, read whole and in chunks of every size, with the facts each fixture was
 * made to show (see test/fixtures/README.md for how each was made).
 */
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { captureFiles, bytesOf } from './fixtures';
import { conformance, type Transcript } from './harness';

const expectations: Record<string, (t: Transcript) => void> = {
  'bigendian.pcap': (t) => {
    assert.equal(t.sections[0]!.byteOrder, 'big');
    assert.equal(t.ifaces[0]!.tsResolution.unitsPerSec, 1e6);
  },
  'bigendian-nsec.pcap': (t) => {
    assert.equal(t.sections[0]!.byteOrder, 'big');
    assert.equal(t.ifaces[0]!.tsResolution.unitsPerSec, 1e9);
  },
  'nanosecond.pcap': (t) => {
    assert.equal(t.sections[0]!.byteOrder, 'little');
    assert.equal(t.ifaces[0]!.tsResolution.unitsPerSec, 1e9);
    assert.ok(t.packets.some((p) => p.ts.frac % 1000 !== 0), 'some timestamp uses the nanosecond digits');
  },
  'fcs.pcap': (t) => {
    // Made with LT_FCS_DATALINK_EXT(2): a 4-byte FCS (two 16-bit words) on every packet.
    assert.equal(t.ifaces[0]!.fcsLength, 4);
    assert.equal(t.ifaces[0]!.linkType, 1);
  },
  'truncated-snaplen.pcap': (t) => {
    // editcap -s 60: every record keeps at most 60 bytes and remembers the original length.
    for (const p of t.packets) {
      assert.equal(p.caplen, Math.min(60, p.len));
      assert.equal(p.data.length, p.caplen);
    }
    assert.ok(t.packets.some((p) => p.caplen < p.len));
  },
  'multisection.pcapng': (t) => {
    assert.deepEqual(t.sections.map((s) => s.byteOrder), ['little', 'big', 'little']);
    assert.deepEqual(t.ifaces.map((i) => [i.section, i.localId]), [[0, 0], [1, 0], [2, 0]]);
    // Packets of each section are tied to that section's interface.
    const perIface = t.ifaces.map((i) => t.packets.filter((p) => p.iface === i.index).length);
    assert.ok(perIface.every((n) => n > 0), `packets per interface ${perIface}`);
  },
  'mixed-resolution.pcapng': (t) => {
    assert.deepEqual(t.ifaces.map((i) => i.tsResolution.unitsPerSec), [1e9, 1e6]);
  },
  'commented.pcapng': (t) => {
    assert.deepEqual(t.packets[0]!.comments, ['first comment', 'second comment']);
    assert.deepEqual(t.packets[2]!.comments, ['a comment on packet 3']);
    assert.equal(t.packets[1]!.comments, undefined);
  },
  'with-secrets.pcapng': (t) => {
    const dsb = t.blocks.find((b) => b.kind === 'dsb');
    assert.ok(dsb && dsb.kind === 'dsb');
    assert.equal(dsb.secretsTypeName, 'TLS key log');
    assert.match(new TextDecoder().decode(dsb.secrets), /CLIENT_RANDOM/);
  },
  'sll.pcap': (t) => assert.equal(t.ifaces[0]!.linkType, 113),
  'sll2.pcapng': (t) => assert.equal(t.ifaces[0]!.linkType, 276),
  'null-loopback.pcap': (t) => assert.equal(t.ifaces[0]!.linkType, 0),
  'raw-ip.pcap': (t) => assert.equal(t.ifaces[0]!.linkType, 101),
  'mixed-linktypes.pcapng': (t) => assert.deepEqual(t.ifaces.map((i) => i.linkType).sort((a, b) => a - b), [1, 276]),
};

for (const file of captureFiles()) {
  const name = basename(file);
  conformance(`${name} reads the same in every feeding`, () => bytesOf(file), (t) => {
    assert.ok(t.packets.length > 0);
    assert.deepEqual(t.warnings, []);
    assert.equal(t.summary.stopped, false);
    t.packets.forEach((p, i) => {
      assert.equal(p.n, i + 1);
      assert.ok(p.caplen <= p.len || p.len === 0);
      if (i > 0) assert.ok(p.offset > t.packets[i - 1]!.offset);
    });
    expectations[name]?.(t);
  });
}
