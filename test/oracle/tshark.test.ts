/**
 * tshark as the oracle: for every shipped capture, each packet's time, interface, lengths,
 * addresses, ports, TCP flags, raw sequence numbers, window, urgent pointer and payload length
 * must be what Wireshark's dissectors say. tshark comes from Debian's package (CI installs it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { basename } from 'node:path';
import { test } from 'node:test';
import { formatSeconds } from '../../analyzer/capture/timestamp';
import { packetSummary } from '../../analyzer/decode/packetSummary';
import { bytesOf, captureFiles } from '../capture/fixtures';
import { read } from '../capture/harness';

const FIELDS = [
  'frame.number', 'frame.time_epoch', 'frame.interface_id', 'frame.cap_len', 'frame.len',
  'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst',
  'tcp.srcport', 'tcp.dstport', 'tcp.flags', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.window_size_value', 'tcp.urgent_pointer', 'tcp.len',
  'udp.srcport', 'udp.dstport', 'udp.length', 'icmp.type', 'icmpv6.type',
] as const;

type Row = Record<(typeof FIELDS)[number], string>;

function tshark(file: string): Row[] {
  const args = ['-r', file, '-n', '-o', 'tcp.analyze_sequence_numbers:FALSE', '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f'];
  for (const f of FIELDS) args.push('-e', f);
  const text = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return text.trimEnd().split('\n').map((line) => {
    const cols = line.split('|');
    return Object.fromEntries(FIELDS.map((f, i) => [f, cols[i] ?? ''])) as Row;
  });
}

/** TCP flag letters (F S R P A U E C) from tshark's hex flags word. */
function letters(hex: string): string {
  const v = parseInt(hex, 16);
  return ['F', 'S', 'R', 'P', 'A', 'U', 'E', 'C'].filter((_, i) => (v >> i) & 1).join('');
}

test('tshark is installed (CI installs it from Debian)', () => {
  assert.match(execFileSync('tshark', ['--version'], { encoding: 'utf8' }), /TShark/);
});

for (const file of captureFiles()) {
  test(`tshark agrees on ${basename(file)}`, () => {
    const theirs = tshark(file);
    const transcript = read(bytesOf(file));
    const ours = transcript.packets;
    assert.equal(ours.length, theirs.length);
    let tcpSeen = 0;
    ours.forEach((p, i) => {
      const t = theirs[i]!;
      const at = `packet ${p.n}`;
      assert.equal(String(p.n), t['frame.number'], at);
      assert.equal(formatSeconds(p.ts), t['frame.time_epoch'].padEnd(20, '0'), at);
      // tshark numbers interfaces within their section, as pcapng does; ours are file-wide.
      assert.equal(String(transcript.ifaces[p.iface]!.localId), t['frame.interface_id'] || '0', at);
      assert.equal(String(p.caplen), t['frame.cap_len'], at);
      assert.equal(String(p.len), t['frame.len'], at);
      const s = packetSummary(p.linkType, p.data, p.len);
      assert.equal(s.src ?? '', t['ip.src'] || t['ipv6.src'], `${at} source`);
      assert.equal(s.dst ?? '', t['ip.dst'] || t['ipv6.dst'], `${at} destination`);
      if (t['icmp.type'] || t['icmpv6.type']) {
        // tshark's tcp/udp fields for an ICMP error come from the quoted packet.
        assert.equal(s.proto, t['icmp.type'] ? 'icmp' : 'icmpv6', at);
        assert.equal(String(s.icmp!.type), t['icmp.type'] || t['icmpv6.type'], at);
      } else if (t['tcp.srcport']) {
        tcpSeen++;
        assert.equal(s.proto, 'tcp', at);
        assert.deepEqual(
          [s.sport, s.dport, s.tcp!.flags, s.tcp!.seq, s.tcp!.ack, s.tcp!.win, s.tcp!.urg, s.payload].map(String),
          [t['tcp.srcport'], t['tcp.dstport'], letters(t['tcp.flags']), t['tcp.seq_raw'], t['tcp.ack_raw'], t['tcp.window_size_value'], t['tcp.urgent_pointer'] || '0', t['tcp.len']],
          at,
        );
      } else if (t['udp.srcport']) {
        assert.equal(s.proto, 'udp', at);
        assert.deepEqual([s.sport, s.dport, s.payload].map(String), [t['udp.srcport'], t['udp.dstport'], String(Number(t['udp.length']) - 8)], at);
      }
    });
    if (/tcp|keepalive|abort|oob|close|window|refused/.test(basename(file))) assert.ok(tcpSeen > 0);
  });
}
