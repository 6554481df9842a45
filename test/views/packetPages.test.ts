/**
 * The packet list's rows, read again from the file through the packet index, checked against
 * tshark (the oracle) on real captures of every format and link type in samples/ and fixtures.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { PacketIndex } from '../../analyzer/views/packetIndex';
import { PacketPages } from '../../extension/packetPages';
import type { SocketRowView } from '../../webview/protocol';

async function indexOf(file: string): Promise<PacketIndex> {
  const index = new PacketIndex();
  await readCaptureFile(file, { packet: (p) => index.add(p) });
  return index;
}

function tshark(file: string, fields: string[]): string[][] {
  const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trimEnd().split('\n').map((l) => l.split('|'));
}

const FILES = [
  'samples/http-keepalive.pcapng', 'samples/refused.pcap', 'samples/ipv6-loopback.pcapng', 'samples/mixed-linktypes.pcapng',
  'samples/udp-port-unreachable.pcap', 'test/fixtures/sll.pcap', 'test/fixtures/nanosecond.pcap', 'test/fixtures/bigendian.pcap',
  'test/fixtures/vlan.pcap', 'test/fixtures/null-loopback.pcap', 'test/fixtures/raw-ip.pcap', 'test/fixtures/multisection.pcapng',
];

describe('packet rows from the index', () => {
  for (const file of FILES) {
    it(`${file}: every row agrees with tshark`, async () => {
      const index = await indexOf(file);
      const pages = new PacketPages(file, index);
      try {
        const want = tshark(file, ['frame.number', 'frame.time_epoch', 'frame.len', 'ip.src', 'ipv6.src', 'tcp.srcport', 'udp.srcport', 'tcp.len', 'frame.time_delta']);
        assert.equal(index.count, want.length);
        const page = await pages.page(1, 500);
        assert.equal(page.rows.length, Math.min(500, want.length));
        page.rows.forEach((r, i) => {
          const [n, epoch, len, src4, src6, tport, uport, tlen, delta] = want[i]!;
          assert.equal(r.n, Number(n));
          // tshark prints the epoch to the nanosecond (9 digits).
          assert.equal(r.abs, epoch!.includes('.') ? epoch : `${epoch}.000000000`, `frame ${n} time`);
          assert.equal(r.len, Number(len));
          // Shown to the microsecond, cut (not rounded) like the relative times.
          assert.equal(r.delta, delta!.replace(/^(\d+\.\d{6})\d*$/, '$1'), `frame ${n} delta`);
          const src = (src4 || src6 || '').split(',')[0]!;
          if (src !== '') assert.ok(r.src.includes(src), `frame ${n}: ${r.src} vs ${src}`);
          const port = (tport || uport || '').split(',')[0]!;
          if (port !== '' && (r.proto === 'TCP' || r.proto === 'UDP')) assert.ok(r.src.endsWith(`:${port}`), `frame ${n}: ${r.src} port ${port}`);
          if (tlen !== '' && r.proto === 'TCP') assert.match(r.info, new RegExp(`Len=${tlen}\\b`));
        });
      } finally {
        await pages.close();
      }
    });
  }

  it('pages are bounded and clipped to the capture', async () => {
    const file = 'samples/zero-window.pcapng';
    const pages = new PacketPages(file, await indexOf(file));
    try {
      const p = await pages.page(90, 100);
      assert.deepEqual([p.start, p.rows.length, p.rows[0]!.n, p.rows.at(-1)!.n], [90, 6, 90, 95]);
      assert.equal((await pages.page(-5, 3)).rows[0]!.n, 1);
      assert.equal((await pages.page(1, 100_000)).rows.length, 95);
      assert.equal((await pages.page(200, 10)).rows.length, 0);
    } finally {
      await pages.close();
    }
  });

  it('badges name the events each frame caused; a socket\'s packets are its own', async () => {
    const file = 'samples/mixed-linktypes.pcapng';
    const pages = new PacketPages(file, await indexOf(file));
    try {
      const rows = (await pages.page(1, 30)).rows;
      // The first TCP connection on interface 0 (its SYN is the first frame from port 47089's peer).
      const syn = rows.find((r) => r.proto === 'TCP' && r.flags === 'S')!;
      const s: SocketRowView = {
        id: 7, role: 'client', local: syn.src, remote: syn.dst, connState: 'SF', history: '', connections: [1], localRule: 'loopback',
        events: [{ ts: syn.abs, frames: [syn.n + 1], event: 'FD_CONNECT', error: 0, rule: 'connect.outcome', report: 1, lNetworkEvents: '0x10' }],
        otherProfile: [], diagnosis: [], title: '', outcome: '', firstFrame: syn.n, lastFrame: 22,
      };
      pages.addSocket(s);
      assert.deepEqual((await pages.page(syn.n + 1, 1)).badges, { [syn.n + 1]: ['FD_CONNECT on #7'] });
      const own = await pages.socketPackets(s, 1, 100);
      assert.ok(own.rows.length >= 8, `${own.rows.length} packets`);
      assert.ok(own.rows.every((r) => (r.src === s.local && r.dst === s.remote) || (r.src === s.remote && r.dst === s.local)));
      // The other connection's packets interleave and are left out.
      assert.ok(own.rows.length < rows.filter((r) => r.n >= syn.n).length);
      assert.equal(own.next, null);
    } finally {
      await pages.close();
    }
  });

  it('an index moves between threads as its arrays and reads the same', async () => {
    const index = await indexOf('samples/mixed-linktypes.pcapng');
    const copy = PacketIndex.from(structuredClone(index.arrays()));
    for (let n = 1; n <= index.count; n++) assert.deepEqual(copy.at(n), index.at(n));
    assert.throws(() => index.at(0), /frame 0 is not in the capture/);
    assert.throws(() => index.at(index.count + 1), RangeError);
  });
});
