import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket } from '../../analyzer/decode/decodePacket';
import { SegmentAnalyzer } from '../../analyzer/tcp/segmentAnalysis';
import { TcpConnection } from '../../analyzer/tcp/tcpConnection';
import { ZeekTcpConnection } from '../../analyzer/tcp/zeekConnState';
import { randomTraffic } from '../connections/randomTraffic';

/*
 * The tracker reuses a connection's objects for a later connection (see TcpConnection), so
 * `init` / `reset` must leave every field as a new object has it. Compared field by field, the
 * private ones included, after the objects went through messy traffic; only storage kept for
 * reuse (an array's capacity beyond what is in use) may differ.
 */

/** Arrays kept for their storage: their contents beyond the count in use mean nothing. */
const STORAGE = new Set(['ring', 'v']);

function state(x: unknown, seen = new Map<object, string>(), path = '$'): unknown {
  if (typeof x !== 'object' || x === null) return Number.isNaN(x) ? 'NaN' : x;
  const again = seen.get(x);
  if (again !== undefined) return `<cycle ${again}>`;
  seen.set(x, path);
  if (Array.isArray(x)) return x.map((v, i) => state(v, seen, `${path}[${i}]`));
  const out: Record<string, unknown> = { '<class>': x.constructor.name };
  for (const [k, v] of Object.entries(x)) out[k] = STORAGE.has(k) ? '<storage>' : state(v, seen, `${path}.${k}`);
  return out;
}

const PACKETS = randomTraffic(11, 3000).map((p) => ({ p, d: decodePacket(p.linkType, p.data, p.len) }));
const at = (i: number): number => PACKETS[i]!.p.ts.sec + PACKETS[i]!.p.ts.frac / 1e6;

test('TcpConnection.init after a connection is the state of a new one', () => {
  const start = PACKETS[0]!.p.ts;
  const args = [42, 4, 'syn', '10.0.0.1', 50000, '10.0.1.1', 80, true, 1, start, at(0), false] as const;
  const used = new TcpConnection().init(...args);
  PACKETS.forEach(({ p, d }, i) => {
    // Several interfaces and direction flags, as a pcapng might have them.
    const q = { ...p, iface: i % 3, direction: i % 5 === 0 ? 'inbound' as const : 'outbound' as const };
    if (d.tcp !== null) used.packet(d.tcp.srcPort !== 80, q, d, at(i));
  });
  used.finish(at(PACKETS.length - 1), PACKETS.at(-1)!.p.ts);
  const record = used.record();
  assert.ok(record.happenings.length > 100 && record.notes.length > 0, 'the traffic reached most of the state');
  assert.deepStrictEqual(state(used.init(...args)), state(new TcpConnection().init(...args)));
});

test('ZeekTcpConnection.reset is the state of a new one', () => {
  const z = new ZeekTcpConnection();
  PACKETS.forEach(({ d }, i) => {
    const tcp = d.tcp;
    if (tcp === null) return;
    z.packet({
      fromA: i === 0 || tcp.srcPort !== 80, ts: at(i), flags: tcp.flags, seq: tcp.seq, ack: tcp.ack,
      payloadLength: tcp.payloadWireLength, window: tcp.window, ipLength: d.ip!.headerLength + d.ip!.payloadWireLength,
      srcPort: tcp.srcPort, dstPort: tcp.dstPort, capturedPayloadLength: tcp.payloadLength,
    });
  });
  assert.ok(z.result().history.length > 5);
  z.reset();
  assert.deepStrictEqual(state(z), state(new ZeekTcpConnection()));
});

test('SegmentAnalyzer.reset is the state of a new one', () => {
  const a = new SegmentAnalyzer();
  let marks = 0;
  PACKETS.forEach(({ p, d }, i) => {
    const tcp = d.tcp;
    if (tcp === null) return;
    marks |= a.analyze(tcp.srcPort !== 80 ? 0 : 1, {
      ts: at(i), sec: p.ts.sec, nsec: p.ts.frac * 1000, flags: tcp.flags, seq: tcp.seq, ack: tcp.ack,
      payloadLength: tcp.payloadWireLength, window: tcp.window, windowScale: tcp.windowScale,
    });
  });
  assert.ok(marks !== 0);
  a.reset();
  assert.deepStrictEqual(state(a), state(new SegmentAnalyzer()));
});
