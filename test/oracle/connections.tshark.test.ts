/**
 * tshark as the oracle for the connections stage: for every shipped capture, each TCP
 * conversation (tcp.stream) and UDP conversation must be one of our connections, with the same
 * frames and frame bytes each way as `tshark -q -z conv,tcp` / `conv,udp` print, and the same
 * counts of the tcp.analysis flags that concern connection tracking.
 *
 * Documented differences, applied below and nowhere else:
 * - pktmon copies (same epb_packetid, tshark's frame.packet_id) are one packet to us and several
 *   frames to tshark, which flags the later copies as retransmissions: copies are compared with
 *   our count of copies, and their tcp.analysis flags are not counted.
 * - Frames whose TCP/UDP header the capture cut short (tshark's _ws.short) have a tcp.stream but
 *   are left out of tshark's conv tables; we count them (they are packets of the connection), so
 *   they are compared with the per-frame fields, and left out only of the conv-table cross-check.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { test } from 'node:test';
import type { ConnectionRecord, DirectionStats } from '../../analyzer/connections/record';
import { captureFiles } from '../capture/fixtures';
import { connectionsOf } from '../connections/helpers';

const FIELDS = [
  'frame.number', 'frame.len', 'frame.packet_id', '_ws.short', 'tcp.stream', 'udp.stream', 'icmp.type', 'icmpv6.type',
  'ip.src', 'ipv6.src', 'tcp.srcport', 'udp.srcport',
  'tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.spurious_retransmission',
  'tcp.analysis.out_of_order', 'tcp.analysis.zero_window', 'tcp.analysis.window_update',
  'tcp.analysis.keep_alive', 'tcp.analysis.reused_ports',
] as const;

type Row = Record<(typeof FIELDS)[number], string>;

interface Side {
  frames: number;
  bytes: number;
  /** pktmon copies: frames repeating an earlier frame's packet id. */
  copies: number;
  retransmission: number;
  outOfOrder: number;
  zeroWindow: number;
  windowUpdate: number;
  keepAlive: number;
}

interface Conversation {
  protocol: 'tcp' | 'udp';
  firstFrame: number;
  /** Sender of the first frame, as "address:port". */
  a: string;
  fromA: Side;
  fromB: Side;
  reusedPorts: boolean;
}

function side(): Side {
  return { frames: 0, bytes: 0, copies: 0, retransmission: 0, outOfOrder: 0, zeroWindow: 0, windowUpdate: 0, keepAlive: 0 };
}

interface TsharkView {
  conversations: Conversation[];
  /** Frames per conversation as the conv tables must print them, sorted. */
  convTotals: number[];
}

function tsharkConversations(file: string): TsharkView {
  const args = ['-r', file, '-n', '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f'];
  for (const f of FIELDS) args.push('-e', f);
  const text = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const byKey = new Map<string, Conversation>();
  const shortFrames = new Map<string, number>();
  const packetIds = new Set<string>();
  for (const line of text.trimEnd().split('\n')) {
    if (line === '') continue;
    const cols = line.split('|');
    const r = Object.fromEntries(FIELDS.map((f, i) => [f, cols[i] ?? ''])) as Row;
    // ICMP errors quote a TCP/UDP header, which tshark dissects (and gives a stream number);
    // its conversation tables do not count them, and neither do we.
    if (r['icmp.type'] !== '' || r['icmpv6.type'] !== '') continue;
    const protocol = r['tcp.stream'] !== '' ? 'tcp' : r['udp.stream'] !== '' ? 'udp' : null;
    if (protocol === null) continue;
    const key = `${protocol}${protocol === 'tcp' ? r['tcp.stream'] : r['udp.stream']}`;
    const src = `${r['ip.src'] || r['ipv6.src']}:${protocol === 'tcp' ? r['tcp.srcport'] : r['udp.srcport']}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = { protocol, firstFrame: Number(r['frame.number']), a: src, fromA: side(), fromB: side(), reusedPorts: false };
      byKey.set(key, c);
    }
    if (r['_ws.short'] !== '') shortFrames.set(key, (shortFrames.get(key) ?? 0) + 1);
    const s = src === c.a ? c.fromA : c.fromB;
    const id = r['frame.packet_id'];
    if (id !== '' && packetIds.has(id)) {
      s.copies++;
      continue;
    }
    if (id !== '') packetIds.add(id);
    s.frames++;
    s.bytes += Number(r['frame.len']);
    if (r['tcp.analysis.retransmission'] !== '') s.retransmission++;
    if (r['tcp.analysis.out_of_order'] !== '') s.outOfOrder++;
    if (r['tcp.analysis.zero_window'] !== '') s.zeroWindow++;
    if (r['tcp.analysis.window_update'] !== '') s.windowUpdate++;
    if (r['tcp.analysis.keep_alive'] !== '') s.keepAlive++;
    if (r['tcp.analysis.reused_ports'] !== '') c.reusedPorts = true;
  }
  const convTotals: number[] = [];
  for (const [key, c] of byKey) {
    const n = c.fromA.frames + c.fromA.copies + c.fromB.frames + c.fromB.copies - (shortFrames.get(key) ?? 0);
    if (n > 0) convTotals.push(n);
  }
  return {
    conversations: [...byKey.values()].sort((x, y) => x.firstFrame - y.firstFrame),
    convTotals: convTotals.sort((a, b) => a - b),
  };
}

/** The conv table's frame counts, to check that the per-frame aggregation above is what it prints. */
function convFrames(file: string): number[] {
  const text = execFileSync('tshark', ['-r', file, '-n', '-q', '-z', 'conv,tcp', '-z', 'conv,udp'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  const totals: number[] = [];
  for (const line of text.split('\n')) {
    const m = /<->\s+\S+\s+(\d+)\s+[\d,]+ \S+\s+(\d+)\s+[\d,]+ \S+\s+(\d+)\s/.exec(line);
    if (m) totals.push(Number(m[3]));
  }
  return totals.sort((a, b) => a - b);
}

function ours(r: ConnectionRecord, fromClient: boolean): Side {
  const s: DirectionStats = fromClient ? r.toServer : r.toClient;
  return {
    frames: s.packets,
    bytes: s.frameBytes,
    copies: s.pktmonCopies,
    // Fast and spurious retransmissions carry tshark's retransmission flag too (and ours).
    retransmission: s.retransmissions,
    outOfOrder: s.outOfOrder,
    zeroWindow: s.zeroWindows,
    windowUpdate: s.windowUpdates,
    keepAlive: s.keepAlives,
  };
}

test('tshark is installed (CI installs it from Debian)', () => {
  assert.match(execFileSync('tshark', ['--version'], { encoding: 'utf8' }), /TShark/);
});

for (const file of captureFiles()) {
  test(`${basename(file)}: conversations, frames, bytes and tcp.analysis counts agree with tshark`, async () => {
    const { conversations: expected, convTotals } = tsharkConversations(file);
    assert.deepEqual(convTotals, convFrames(file), 'per-frame aggregation matches the conv tables');
    const result = await connectionsOf(file);
    const got = result.connections;
    assert.deepEqual(
      got.map((r) => `${r.protocol} first frame ${r.firstFrame}`),
      expected.map((c) => `${c.protocol} first frame ${c.firstFrame}`),
      'the same conversations',
    );
    got.forEach((r, i) => {
      const c = expected[i]!;
      const clientIsA = `${r.client.address}:${r.client.port}` === c.a;
      const fromA = ours(r, clientIsA);
      const fromB = ours(r, !clientIsA);
      const what = `conversation ${i + 1} (${c.a}, first frame ${c.firstFrame})`;
      assert.deepEqual(fromA, c.fromA, `${what}: from ${c.a}`);
      assert.deepEqual(fromB, c.fromB, `${what}: towards ${c.a}`);
      assert.equal(r.reusedPort, c.reusedPorts, `${what}: reused ports`);
    });
  });
}
