/**
 * local-window-grows, the receive-window evidence the `window` application model reads. The
 * expected numbers are worked out by hand from the TCP headers (tshark's tcp.ack, tcp.window_size)
 * of the sample captures, as the comments show.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionsCollector } from '../../analyzer/connections/connectionsCollector';
import type { Happening, LocalWindowGrows } from '../../analyzer/connections/happenings';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';

async function happenings(file: string, windowEvidence: boolean): Promise<Happening[]> {
  const c = new ConnectionsCollector(null, { windowEvidence });
  await readCaptureFile(file, { iface: (i) => c.iface(i), packet: (p) => c.packet(p), warning: () => undefined }, {});
  return c.result().connections.flatMap((r) => r.happenings);
}

const grows = (hs: readonly Happening[]): string[] =>
  hs.filter((h): h is LocalWindowGrows => h.kind === 'local-window-grows')
    .map((h) => `#${h.frame} ${h.at} +${h.bytes} win ${h.window}/${h.granularity}${h.reopened ? ' reopened' : ''}`);

describe('local-window-grows', () => {
  it('is not emitted unless asked for', async () => {
    assert.deepEqual(grows(await happenings('samples/zero-window.pcapng', false)), []);
  });

  it('a receiver that stopped reading, then drained (zero-window sample, no window scaling)', async () => {
    const g = grows(await happenings('samples/zero-window.pcapng', true));
    // Client: SYN window 65495 (edge 65495); its ACK in frame 3, 64 × 1024 = 65536: +41. Its
    // window stays 65536 while it receives nothing: its FIN is acknowledged in frame 95 (+1).
    assert.equal(g[0], '#3 client +41 win 65536/1024');
    assert.equal(g.at(-1), '#95 client +1 win 65536/1024');
    const server = g.filter((x) => x.includes(' server '));
    // Server: SYN/ACK window 1152 (edge 1152); frame 5 ack 576 win 576, frame 7 ack 1152 win 0:
    // edge unchanged. Frame 11, the window update: ack 1152 win 576, edge 1728 (+576) after a
    // zero window. Frame 14: ack 1728 win 576 (+576) after frame 13's zero.
    assert.equal(server[0], '#11 server +576 win 576/1 reopened');
    assert.equal(server[1], '#14 server +576 win 576/1 reopened');
    // Then an ACK of each 576-byte segment, window 576 below the 1152 it started with: each a
    // reopening, frames 16, 18 … 92; the FIN (94) acknowledges the last 384 bytes and the FIN:
    // ack 24577 + 576 - (24192 + 576) = +385.
    const expected = ['#11 server +576 win 576/1', '#14 server +576 win 576/1'];
    for (let f = 16; f <= 92; f += 2) expected.push(`#${f} server +576 win 576/1`);
    expected.push('#94 server +385 win 576/1');
    assert.deepEqual(server, expected.map((x) => `${x} reopened`));
  });

  it('a window that only keeps pace with the data is not a reopening (http-keepalive sample)', async () => {
    const g = grows(await happenings('samples/http-keepalive.pcapng', true));
    // Server: SYN/ACK window 65483; frame 5 acknowledges the 114-byte request, window 65536:
    // edge 114 + 65536 = 65650, +167. Frame 9 acknowledges the second request (110 bytes), +110.
    assert.ok(g.includes('#5 server +167 win 65536/1024'), g.join('\n'));
    assert.ok(g.includes('#9 server +110 win 65536/1024'), g.join('\n'));
    assert.ok(g.every((x) => !x.endsWith('reopened')));
  });

  it('needs the window scale: nothing without the handshake', async () => {
    assert.deepEqual(grows(await happenings('test/fixtures/conn-midstream.pcap', true)), []);
  });
});
