import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PacketRecord } from '../../analyzer/capture/types';
import { ConnectionTracker } from '../../analyzer/connections/connectionTracker';
import type { ConnectionRecord } from '../../analyzer/connections/record';
import { ipv4TcpFrame } from '../helpers/captureBuilder';
import { packetRecord } from '../../analyzer/capture/packetRecord';

/*
 * Situations the shipped captures do not show, built segment by segment. Each expectation is
 * what a receiver's socket could read, worked out from the sequence numbers by hand.
 */

const A = '10.0.0.1';
const B = '10.0.0.2';
const WS7 = new Uint8Array([3, 3, 7, 0]); // window scale 7, padded

interface Seg {
  from: 'a' | 'b';
  flags: string;
  seq: number;
  ack?: number;
  win?: number;
  len?: number;
  urgent?: number;
  opts?: Uint8Array;
  at?: number;
  /** The client's port, when not 50000 (another connection between the same hosts). */
  port?: number;
}

function run(segs: readonly Seg[]): ConnectionRecord[] {
  const out: ConnectionRecord[] = [];
  const tracker = new ConnectionTracker({ connection: (r) => out.push(r) });
  segs.forEach((s, i) => {
    const data = ipv4TcpFrame({
      src: s.from === 'a' ? A : B, dst: s.from === 'a' ? B : A,
      sport: s.from === 'a' ? s.port ?? 50000 : 80, dport: s.from === 'a' ? 80 : s.port ?? 50000,
      seq: s.seq >>> 0, ack: (s.ack ?? 0) >>> 0, flags: s.flags, win: s.win ?? 65535,
      ...(s.urgent !== undefined ? { urgent: s.urgent } : {}),
      ...(s.opts ? { tcpOptions: s.opts } : {}),
      ...(s.len ? { payload: new Uint8Array(s.len).fill(0x41 + i) } : {}),
    });
    const at = s.at ?? i * 0.001;
    const ts = { sec: 1000 + Math.floor(at), frac: Math.round((at % 1) * 1e6), unitsPerSec: 1e6 };
    const p: PacketRecord = packetRecord(i + 1, 0, 'pcap', 0, 1, ts, data.length, data.length, data);
    tracker.packet(p);
  });
  tracker.finish();
  return out;
}

function story(r: ConnectionRecord): string[] {
  return r.happenings.map((h) => {
    const extra = h.kind === 'peer-sends' ? ` ${h.bytes}/${h.total}${h.unseen !== undefined ? ' unseen' : ''}`
      : h.kind === 'peer-window-open' ? ` ${h.window}`
      : h.kind === 'peer-fin' ? ` ${h.total}`
      : h.kind === 'connect-timeout' ? ` ${h.reason}`
      : '';
    return `#${h.frame} ${h.at} ${h.kind}${extra}`;
  });
}

test('simultaneous open: both ends connect, both get connect-established', () => {
  const [r] = run([
    { from: 'a', flags: 'S', seq: 100 },
    { from: 'b', flags: 'S', seq: 900 },
    { from: 'a', flags: 'SA', seq: 100, ack: 901 },
    { from: 'b', flags: 'SA', seq: 900, ack: 101 },
  ]);
  assert.deepEqual(story(r!), [
    '#1 client connect-attempt',
    '#2 server connect-attempt',
    '#3 server connect-established',
    '#4 client connect-established',
  ]);
});

test('sequence numbers that wrap past 2^32 deliver every byte once', () => {
  const isn = 0xffffff00;
  const [r] = run([
    { from: 'a', flags: 'S', seq: isn },
    { from: 'b', flags: 'SA', seq: 5000, ack: isn + 1 },
    { from: 'a', flags: 'A', seq: isn + 1, ack: 5001 },
    { from: 'a', flags: 'PA', seq: isn + 1, ack: 5001, len: 200 }, // crosses 2^32
    { from: 'a', flags: 'PA', seq: isn + 1, ack: 5001, len: 200 }, // retransmitted
    { from: 'a', flags: 'PA', seq: isn + 201, ack: 5001, len: 300 },
  ]);
  assert.deepEqual(story(r!).slice(3), ['#4 server peer-sends 200/200', '#6 server peer-sends 300/500']);
  assert.equal(r!.toServer.streamBytes, 500);
});

test('window scaling: a zero window, a probe beyond it is not taken, the reopening is scaled', () => {
  const [r] = run([
    { from: 'a', flags: 'S', seq: 0, opts: WS7 },
    { from: 'b', flags: 'SA', seq: 0, ack: 1, opts: WS7 },
    { from: 'a', flags: 'A', seq: 1, ack: 1, win: 100 },
    { from: 'b', flags: 'PA', seq: 1, ack: 1, len: 1000 },
    { from: 'a', flags: 'A', seq: 1, ack: 1001, win: 0 },
    { from: 'b', flags: 'PA', seq: 1001, ack: 1, len: 1 }, // zero-window probe: no room for it
    { from: 'a', flags: 'A', seq: 1, ack: 1001, win: 0 },
    { from: 'a', flags: 'A', seq: 1, ack: 1001, win: 2 }, // 2 << 7 = 256 bytes
    { from: 'b', flags: 'PA', seq: 1001, ack: 1, len: 256 },
  ]);
  assert.deepEqual(story(r!).slice(3), [
    '#4 client peer-sends 1000/1000',
    '#5 server peer-window-zero',
    '#8 server peer-window-open 256',
    '#9 client peer-sends 256/1256',
  ]);
});

test('bytes the capture missed are credited when the receiver acknowledges them', () => {
  const [r] = run([
    { from: 'a', flags: 'S', seq: 0 },
    { from: 'b', flags: 'SA', seq: 0, ack: 1 },
    { from: 'a', flags: 'A', seq: 1, ack: 1 },
    // 100 bytes at seq 1 were not captured; the next 50 wait behind the hole…
    { from: 'a', flags: 'PA', seq: 101, ack: 1, len: 50 },
    // …until the receiver's ACK of 151 proves it has them all.
    { from: 'b', flags: 'A', seq: 1, ack: 151 },
  ]);
  assert.deepEqual(story(r!).slice(3), ['#5 server peer-sends 150/150 unseen']);
  assert.equal(r!.toServer.unseenBytes, 150);
});

test('a FIN that arrives before the last data is taken once the hole fills', () => {
  const [r] = run([
    { from: 'a', flags: 'S', seq: 0 },
    { from: 'b', flags: 'SA', seq: 0, ack: 1 },
    { from: 'a', flags: 'A', seq: 1, ack: 1 },
    { from: 'a', flags: 'FA', seq: 11, ack: 1 },
    { from: 'a', flags: 'PA', seq: 1, ack: 1, len: 10 },
  ]);
  assert.deepEqual(story(r!).slice(3), ['#4 client local-fin', '#5 server peer-sends 10/10', '#5 server peer-fin 10']);
});

test('a RST that only repeats a reset is ignored, and says why', () => {
  const [r] = run([
    { from: 'a', flags: 'S', seq: 0 },
    { from: 'b', flags: 'SA', seq: 0, ack: 1 },
    { from: 'a', flags: 'A', seq: 1, ack: 1 },
    { from: 'b', flags: 'RA', seq: 1, ack: 1 },
    { from: 'b', flags: 'R', seq: 1 },
  ]);
  assert.deepEqual(story(r!).slice(3), ['#4 server local-rst', '#4 client peer-rst', '#5 client rst-ignored']);
  const last = r!.happenings.at(-1)!;
  assert.ok(last.kind === 'rst-ignored' && /already reset/.test(last.reason));
});

test('a lone SYN: timed out when the capture ran past its retry, capture-ended otherwise', () => {
  const lone = (captureEnd: number): string[] => {
    const rs = run([
      { from: 'a', flags: 'S', seq: 7, at: 0 },
      { from: 'a', flags: 'S', seq: 7, at: 1 },
      // Another connection keeps the capture going until `captureEnd`.
      { from: 'a', flags: 'PA', seq: 1, ack: 1, len: 1, at: captureEnd, port: 50001 },
    ]);
    assert.equal(rs.length, 2);
    return story(rs[0]!);
  };
  // Retries 1 s apart: the next would come 2 s after the last SYN, at 3 s.
  assert.deepEqual(lone(10).at(-1), '#2 client connect-timeout abandoned');
  assert.deepEqual(lone(2).at(-1), '#2 client connect-timeout capture-ended');
});
