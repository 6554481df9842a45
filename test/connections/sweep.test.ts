import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PacketRecord } from '../../analyzer/capture/types';
import { ConnectionTracker, type TrackerOptions } from '../../analyzer/connections/connectionTracker';
import { ipv4TcpFrame } from '../helpers/captureBuilder';
import { hex } from '../decode/helpers';
import { packetRecord } from '../../analyzer/capture/packetRecord';

/*
 * When the tracker lets connections go (its sweep, every 2 s of capture time): closed ones once
 * they closed more than `closeLinger` ago, an unanswered connect() or a UDP flow once silent
 * long enough, several at once in order of first packet, and with capture time going back.
 */

const A = '10.0.0.1';
const B = '10.0.0.2';

function tcp(from: 'a' | 'b', port: number, flags: string, seq: number, ack = 0): Uint8Array {
  return ipv4TcpFrame({
    src: from === 'a' ? A : B, dst: from === 'a' ? B : A,
    sport: from === 'a' ? port : 80, dport: from === 'a' ? 80 : port, seq, ack, flags,
  });
}

/** An Ethernet frame with a DNS-sized UDP datagram from port `port` of A to port 53 of B. */
function udp(port: number): Uint8Array {
  const f = hex('020000000002 020000000001 0800 45000024 00000000 40110000 0a000001 0a000002 0000 0035 0010 0000 0102030405060708');
  new DataView(f.buffer).setUint16(34, port);
  return f;
}

interface Handed {
  readonly id: number;
  /** Capture time of the packet during which it was handed on; null: by `finish`. */
  readonly at: number | null;
}

function run(steps: readonly [number, Uint8Array][], opts: TrackerOptions = {}): Handed[] {
  const out: Handed[] = [];
  let now: number | null = null;
  const tracker = new ConnectionTracker({ connection: (r) => out.push({ id: r.id, at: now }) }, opts);
  steps.forEach(([at, data], i) => {
    now = at;
    const ts = { sec: Math.floor(at), frac: Math.round((at % 1) * 1e6), unitsPerSec: 1e6 };
    const p: PacketRecord = packetRecord(i + 1, 0, 'pcap', 0, 1, ts, data.length, data.length, data);
    tracker.packet(p);
  });
  now = null;
  tracker.finish();
  return out;
}

test('closed connections go at the first sweep after their linger, together in order of first packet', () => {
  const handed = run([
    [0, tcp('a', 50001, 'S', 100)],
    [0.1, tcp('a', 50002, 'S', 200)],
    // Refused, the second one first.
    [0.2, tcp('b', 50002, 'RA', 0, 201)],
    [0.5, tcp('b', 50001, 'RA', 0, 101)],
    // Other traffic: sweeps at 2, 4 and 6 (5.3 is too soon after 4).
    [2, tcp('a', 50003, 'S', 300)],
    [4, tcp('a', 50003, 'S', 300)],
    [5.3, tcp('a', 50003, 'S', 300)],
    [6, tcp('a', 50003, 'S', 300)],
  ]);
  assert.deepEqual(handed, [{ id: 1, at: 6 }, { id: 2, at: 6 }, { id: 3, at: null }]);
});

test('an unanswered connect() whose last SYN is back in time still goes once silent long enough', () => {
  const handed = run([
    [100, tcp('a', 50001, 'S', 100)],
    // Another capture merged in: its time is behind. The retry is the connection's last packet.
    [95, tcp('a', 50001, 'S', 100)],
    [101, udp(40000)],
    [103, udp(40000)],
    [105, udp(40000)],
    [106, udp(40000)],
    // 107 − 95 > 10: due at this sweep, though only 7 s after its first SYN.
    [107, udp(40000)],
    [108, udp(40000)],
  ], { connectIdle: 10 });
  assert.deepEqual(handed, [{ id: 1, at: 107 }, { id: 2, at: null }]);
});

test('a silent UDP flow goes; a silent established connection stays, however many sweeps look at it', () => {
  const steps: [number, Uint8Array][] = [
    [0, tcp('a', 50001, 'S', 100)],
    [0.01, tcp('b', 50001, 'SA', 900, 101)],
    [0.02, tcp('a', 50001, 'A', 101, 901)],
    [0.03, udp(40000)],
  ];
  for (let t = 2; t <= 400; t += 2) steps.push([t, udp(40001)]);
  const handed = run(steps, { udpIdle: 5 });
  assert.deepEqual(handed, [{ id: 2, at: 6 }, { id: 1, at: null }, { id: 3, at: null }]);
});
