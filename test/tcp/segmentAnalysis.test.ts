/**
 * Hand-built segment sequences for each tcp.analysis flag. The expected results come from the
 * rules in Wireshark 4.0's `tcp_analyze_sequence_number`, as segmentAnalysis.ts describes them.
 * test/oracle/segmentAnalysis.tshark.test.ts checks the same behaviours against tshark itself.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TcpFlag } from '../../analyzer/decode/tcpFlags';
import { SegmentAnalyzer, SegmentFlag, type SegmentInput, segmentFlagLabels, segmentFlagNames } from '../../analyzer/tcp/segmentAnalysis';
import { SegmentUnacked, TCP_MAX_UNACKED_SEGMENTS } from '../../analyzer/tcp/segmentUnacked';

const { SYN, ACK, FIN, RST, PSH } = TcpFlag;
const F = SegmentFlag;
const T0 = 1_700_000_000;

interface Seg {
  /** Milliseconds after T0. */
  t: number;
  dir: 0 | 1;
  flags: number;
  seq: number;
  ack?: number;
  len?: number;
  win?: number;
  ws?: number;
}

/** Feeds segments with exact times and returns each one's flag names. */
function run(segs: readonly Seg[], a = new SegmentAnalyzer()): string[][] {
  return segs.map((s) => segmentFlagNames(a.analyze(s.dir, input(s))));
}

function input(s: Seg): SegmentInput {
  const ns = Math.round(s.t * 1e6);
  return {
    ts: T0 + s.t / 1000,
    sec: T0 + Math.floor(ns / 1e9),
    nsec: ns % 1e9,
    flags: s.flags,
    seq: s.seq >>> 0,
    ack: (s.ack ?? 0) >>> 0,
    payloadLength: s.len ?? 0,
    window: s.win ?? 8192,
    windowScale: s.ws ?? -1,
  };
}

/** Client ISN 1000, server ISN 5000, at 0, 1, 2 ms: the first RTT is 2 ms. */
function handshake(opts: { ws?: number; win?: number } = {}): Seg[] {
  const ws = opts.ws !== undefined ? { ws: opts.ws } : {};
  const win = opts.win ?? 8192;
  return [
    { t: 0, dir: 0, flags: SYN, seq: 1000, win, ...ws },
    { t: 1, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001, win, ...ws },
    { t: 2, dir: 0, flags: ACK, seq: 1001, ack: 5001, win },
  ];
}

const none: string[] = [];

describe('SegmentAnalyzer', () => {
  test('a clean handshake, exchange and close has no flags', () => {
    const out = run([
      ...handshake(),
      { t: 10, dir: 0, flags: PSH | ACK, seq: 1001, ack: 5001, len: 100 },
      { t: 11, dir: 1, flags: ACK, seq: 5001, ack: 1101 },
      { t: 12, dir: 1, flags: PSH | ACK, seq: 5001, ack: 1101, len: 50 },
      { t: 13, dir: 0, flags: FIN | ACK, seq: 1101, ack: 5051 },
      { t: 14, dir: 1, flags: FIN | ACK, seq: 5051, ack: 1102 },
      { t: 15, dir: 0, flags: ACK, seq: 1102, ack: 5052 },
    ]);
    assert.deepEqual(out, Array(9).fill(none));
  });

  test('retransmission: old data after more than the first RTT', () => {
    const out = run([
      ...handshake(),
      { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
      { t: 11, dir: 0, flags: ACK, seq: 1101, ack: 5001, len: 100 },
      { t: 300, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
    ]);
    assert.deepEqual(out[5], ['retransmission']);
  });

  test('retransmitted SYN, SYN+ACK and FIN count as retransmissions', () => {
    const out = run([
      ...handshake(),
      { t: 200, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001 },
      { t: 210, dir: 0, flags: FIN | ACK, seq: 1001, ack: 5001 },
      { t: 900, dir: 0, flags: FIN | ACK, seq: 1001, ack: 5001 },
    ]);
    assert.deepEqual(out.slice(3), [['retransmission'], none, ['retransmission']]);
  });

  test('fast retransmission: two duplicate ACKs, then the ACKed seq within 20 ms', () => {
    const segs: Seg[] = [
      ...handshake(),
      { t: 30, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 1000 },
      { t: 30.1, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 },
      { t: 30.2, dir: 0, flags: ACK, seq: 3001, ack: 5001, len: 1000 },
      { t: 40, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
      { t: 41, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
      { t: 42, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
    ];
    const a = new SegmentAnalyzer();
    const out = run(segs, a);
    assert.deepEqual(out.slice(6), [none, ['duplicate_ack'], ['duplicate_ack']]);
    const fast = a.analyze(0, input({ t: 61.9, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 }));
    assert.equal(fast, F.FAST_RETRANSMISSION | F.RETRANSMISSION);
    assert.deepEqual(segmentFlagNames(fast), ['retransmission', 'fast_retransmission']);
    assert.deepEqual(segmentFlagLabels(fast), ['TCP Fast Retransmission']);
  });

  test('fast retransmission needs the 20 ms to be strict and two duplicates', () => {
    const base: Seg[] = [
      ...handshake(),
      { t: 30, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 1000 },
      { t: 30.1, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 },
      { t: 40, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
      { t: 41, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
    ];
    // One duplicate only: a plain retransmission.
    assert.deepEqual(run([...base, { t: 45, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 }])[7], ['retransmission']);
    const twoDups: Seg[] = [...base, { t: 42, dir: 1, flags: ACK, seq: 5001, ack: 2001 }];
    assert.deepEqual(run([...twoDups, { t: 62, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 }])[8], ['retransmission']);
    assert.deepEqual(run([...twoDups, { t: 61.999999, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 }])[8], [
      'retransmission',
      'fast_retransmission',
    ]);
  });

  test('spurious retransmission: data the peer ACKed already, even without a hole', () => {
    const out = run([
      ...handshake(),
      { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
      { t: 11, dir: 1, flags: ACK, seq: 5001, ack: 1101 },
      { t: 300, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
    ]);
    assert.deepEqual(out[5], ['retransmission', 'spurious_retransmission']);
    assert.deepEqual(segmentFlagLabels(F.SPURIOUS_RETRANSMISSION | F.RETRANSMISSION), ['TCP Spurious Retransmission']);
  });

  test('out-of-order: within 3 ms without a handshake, within the first RTT with one', () => {
    const cold = (late: number) =>
      run([
        { t: 0, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
        { t: 1, dir: 0, flags: ACK, seq: 1201, ack: 5001, len: 100 },
        { t: 1 + late, dir: 0, flags: ACK, seq: 1101, ack: 5001, len: 100 },
      ]);
    assert.deepEqual(cold(2.999)[1], ['lost_segment']);
    assert.deepEqual(cold(2.999)[2], ['out_of_order']);
    assert.deepEqual(cold(3)[2], ['retransmission']);
    // With the handshake's 2 ms RTT, 2.5 ms late is a retransmission; with a 20 ms RTT it is not.
    const warm = (rttMs: number) =>
      run([
        { t: 0, dir: 0, flags: SYN, seq: 1000 },
        { t: 1, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001 },
        { t: rttMs, dir: 0, flags: ACK, seq: 1001, ack: 5001 },
        { t: 30, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
        { t: 31, dir: 0, flags: ACK, seq: 1201, ack: 5001, len: 100 },
        { t: 33.5, dir: 0, flags: ACK, seq: 1101, ack: 5001, len: 100 },
      ])[5];
    assert.deepEqual(warm(2), ['retransmission']);
    assert.deepEqual(warm(20), ['out_of_order']);
  });

  test('a segment that ends exactly at nextseq is a retransmission, never out-of-order', () => {
    const out = run([
      { t: 0, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
      { t: 0.5, dir: 0, flags: ACK, seq: 1051, ack: 5001, len: 50 },
    ]);
    assert.deepEqual(out[1], ['retransmission']);
  });

  test('a negative first RTT makes everything late look out-of-order, as Wireshark does', () => {
    const out = run([
      { t: 100, dir: 0, flags: SYN, seq: 1000 },
      { t: 101, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001 },
      { t: 50, dir: 0, flags: ACK, seq: 1001, ack: 5001 },
      { t: 110, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
      { t: 111, dir: 0, flags: ACK, seq: 1101, ack: 5001, len: 100 },
      { t: 5000, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
    ]);
    assert.deepEqual(out[5], ['out_of_order']);
  });

  test('lost segment: a gap in the sequence, but not on a RST', () => {
    const base: Seg[] = [...handshake(), { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 }];
    assert.deepEqual(run([...base, { t: 11, dir: 0, flags: ACK, seq: 1201, ack: 5001, len: 100 }])[4], ['lost_segment']);
    assert.deepEqual(run([...base, { t: 11, dir: 0, flags: RST | ACK, seq: 1201, ack: 5001 }])[4], none);
  });

  test('ACKed unseen segment: reported once, then the repeated ACK is a duplicate', () => {
    const out = run([
      ...handshake(),
      { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
      { t: 11, dir: 1, flags: ACK, seq: 5001, ack: 1101 },
      { t: 12, dir: 1, flags: ACK, seq: 5001, ack: 1201 },
      { t: 13, dir: 1, flags: ACK, seq: 5001, ack: 1201 },
    ]);
    assert.deepEqual(out.slice(5), [['ack_lost_segment'], ['duplicate_ack']]);
  });

  test('ACKed unseen after a gap moves the mark so it is reported once', () => {
    const out = run([
      ...handshake(),
      { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
      { t: 11, dir: 0, flags: ACK, seq: 1201, ack: 5001, len: 100 },
      { t: 12, dir: 1, flags: ACK, seq: 5001, ack: 1301 },
      { t: 13, dir: 1, flags: ACK, seq: 5001, ack: 1301, win: 9000 },
    ]);
    assert.deepEqual(out.slice(4), [['lost_segment'], ['ack_lost_segment'], ['window_update']]);
  });

  test('duplicate ACKs count up and reset when the ACK moves; a new window is an update', () => {
    const a = new SegmentAnalyzer();
    const out = run(
      [
        ...handshake(),
        { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
        { t: 11, dir: 0, flags: ACK, seq: 1101, ack: 5001, len: 100 },
        { t: 12, dir: 1, flags: ACK, seq: 5001, ack: 1101 },
        { t: 13, dir: 1, flags: ACK, seq: 5001, ack: 1101 },
        { t: 14, dir: 1, flags: ACK, seq: 5001, ack: 1101 },
        { t: 15, dir: 1, flags: ACK, seq: 5001, ack: 1101, win: 9000 },
        { t: 16, dir: 1, flags: ACK, seq: 5001, ack: 1201, win: 9000 },
        { t: 17, dir: 1, flags: ACK, seq: 5001, ack: 1201, win: 9000 },
      ],
      a,
    );
    assert.deepEqual(out.slice(5), [none, ['duplicate_ack'], ['duplicate_ack'], ['window_update'], none, ['duplicate_ack']]);
    assert.equal(a.dupAckNumber, 1);
    assert.deepEqual(segmentFlagLabels(F.DUPLICATE_ACK), ['TCP Dup ACK']);
  });

  test('duplicate ACK number follows Wireshark', () => {
    const a = new SegmentAnalyzer();
    run([...handshake(), { t: 10, dir: 1, flags: ACK, seq: 5001, ack: 1001 }], a);
    a.analyze(1, input({ t: 11, dir: 1, flags: ACK, seq: 5001, ack: 1001 }));
    assert.equal(a.dupAckNumber, 2);
    a.analyze(0, input({ t: 12, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 10 }));
    assert.equal(a.dupAckNumber, 0);
  });

  test('zero window, probe, probe ACK, window update and a full window', () => {
    const out = run([
      ...handshake({ win: 1000 }),
      { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 1000, win: 1000 },
      { t: 20, dir: 1, flags: ACK, seq: 5001, ack: 2001, win: 0 },
      { t: 300, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1, win: 1000 },
      { t: 301, dir: 1, flags: ACK, seq: 5001, ack: 2001, win: 0 },
      { t: 900, dir: 1, flags: ACK, seq: 5001, ack: 2001, win: 500 },
      // The probe did not move nextseq: its byte is sent again and is new data.
      { t: 901, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 500, win: 1000 },
    ]);
    assert.deepEqual(out.slice(3), [
      ['window_full'],
      ['zero_window'],
      ['zero_window_probe'],
      ['zero_window', 'zero_window_probe_ack'],
      ['window_update'],
      ['window_full'],
    ]);
  });

  test('a zero window on SYN, FIN or RST is not reported', () => {
    const out = run([
      { t: 0, dir: 0, flags: SYN, seq: 1000, win: 0 },
      { t: 1, dir: 1, flags: RST | ACK, seq: 0, ack: 1001, win: 0 },
    ]);
    assert.deepEqual(out, [none, none]);
    assert.deepEqual(run([...handshake(), { t: 10, dir: 0, flags: FIN | ACK, seq: 1001, ack: 5001, win: 0 }])[3], none);
  });

  test('keep-alive (no data or one byte, one before nextseq) and its ACK', () => {
    const out = run([
      ...handshake(),
      { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 10 },
      { t: 11, dir: 1, flags: ACK, seq: 5001, ack: 1011 },
      { t: 45_000, dir: 0, flags: ACK, seq: 1010, ack: 5001 },
      { t: 45_001, dir: 1, flags: ACK, seq: 5001, ack: 1011 },
      { t: 90_000, dir: 0, flags: ACK, seq: 1010, ack: 5001, len: 1 },
      { t: 90_001, dir: 1, flags: ACK, seq: 5001, ack: 1011 },
      // Until the keep-alive side sends again, every repeat of that ACK is a keep-alive ACK.
      { t: 90_002, dir: 1, flags: ACK, seq: 5001, ack: 1011 },
      { t: 90_003, dir: 0, flags: ACK, seq: 1011, ack: 5001 },
      { t: 90_004, dir: 1, flags: ACK, seq: 5001, ack: 1011 },
    ]);
    assert.deepEqual(out.slice(5), [
      ['keep_alive'],
      ['keep_alive_ack'],
      ['keep_alive'],
      ['keep_alive_ack'],
      ['keep_alive_ack'],
      // The client repeats its own last ACK, so the server's next repeat is a plain duplicate.
      ['duplicate_ack'],
      ['duplicate_ack'],
    ]);
  });

  test('window full uses the scale from both SYNs, and only after the first ACK', () => {
    const out = run([
      { t: 0, dir: 0, flags: SYN, seq: 1000, win: 64240, ws: 7 },
      { t: 1, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001, win: 512, ws: 7 },
      // Before the server's first ACK its window (512, from the SYN+ACK) is not scaled.
      { t: 2, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 512, win: 502 },
      { t: 3, dir: 1, flags: ACK, seq: 5001, ack: 1513, win: 4 },
      { t: 10, dir: 0, flags: ACK, seq: 1513, ack: 5001, len: 512, win: 502 },
      { t: 11, dir: 1, flags: ACK, seq: 5001, ack: 2025, win: 4 },
      { t: 12, dir: 0, flags: ACK, seq: 2025, ack: 5001, len: 4, win: 502 },
    ]);
    assert.deepEqual(out.slice(2), [['window_full'], none, ['window_full'], none, none]);
  });

  test('window scaling: one SYN without the option turns it off; unknown means no window full', () => {
    const oneSided = run([
      { t: 0, dir: 0, flags: SYN, seq: 1000, ws: 7 },
      { t: 1, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001, win: 100 },
      { t: 2, dir: 0, flags: ACK, seq: 1001, ack: 5001 },
      { t: 3, dir: 1, flags: ACK, seq: 5001, ack: 1001, win: 100 },
      { t: 10, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
    ]);
    assert.deepEqual(oneSided[4], ['window_full']);
    const unknown = run([
      { t: 0, dir: 1, flags: ACK, seq: 9001, ack: 3001, win: 4 },
      { t: 1, dir: 0, flags: ACK, seq: 3001, ack: 9001, len: 4 },
    ]);
    assert.deepEqual(unknown, [none, none]);
  });

  test('a window scale option outside a SYN is stored too', () => {
    const out = run([
      { t: 0, dir: 0, flags: SYN, seq: 1000 },
      { t: 1, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001, win: 100 },
      { t: 2, dir: 0, flags: ACK, seq: 1001, ack: 5001 },
      { t: 11, dir: 1, flags: ACK, seq: 5001, ack: 1001, win: 10, ws: 3 },
      { t: 12, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 80 },
    ]);
    assert.deepEqual(out[4], ['window_full']);
  });

  test('sequence numbers wrap at 2^32', () => {
    const isn = 0xffffff00;
    const out = run([
      { t: 0, dir: 0, flags: SYN, seq: isn },
      { t: 1, dir: 1, flags: SYN | ACK, seq: 0xfffffff0, ack: isn + 1 },
      { t: 2, dir: 0, flags: ACK, seq: isn + 1, ack: 0xfffffff1 },
      { t: 10, dir: 0, flags: ACK, seq: isn + 1, ack: 0xfffffff1, len: 0x200 }, // ends at 0x101
      { t: 11, dir: 0, flags: ACK, seq: 0x101, ack: 0xfffffff1, len: 0x100 },
      { t: 300, dir: 0, flags: ACK, seq: 0xffffff81, ack: 0xfffffff1, len: 0x100 }, // old: crosses 0 again
      { t: 301, dir: 0, flags: ACK, seq: 0x301, ack: 0xfffffff1, len: 10 }, // 0x201..0x301 missing
      { t: 302, dir: 1, flags: ACK, seq: 0xfffffff1, ack: 0x30b },
    ]);
    assert.deepEqual(out.slice(3), [none, none, ['retransmission'], ['lost_segment'], ['ack_lost_segment']]);
  });

  test('nextseq 0 means "nothing seen", as in Wireshark', () => {
    const out = run([
      { t: 0, dir: 0, flags: SYN, seq: 0xffffffff },
      { t: 1, dir: 1, flags: SYN | ACK, seq: 5000, ack: 0 },
      // nextseq is 0 here, so this data is not checked for gaps…
      { t: 2, dir: 0, flags: ACK, seq: 500, ack: 5001, len: 10 },
      // …and nothing before the first data is a keep-alive: 0xffffffff is "one before 0".
      { t: 3, dir: 1, flags: ACK, seq: 0xffffffff, ack: 510 },
    ]);
    assert.deepEqual(out, [none, none, none, none]);
    const cold = run([{ t: 0, dir: 0, flags: ACK, seq: 0xffffffff, ack: 0 }]);
    assert.deepEqual(cold, [['keep_alive']]);
  });

  test('reused ports: a SYN+ACK with another ISN is flagged; a SYN with another ISN starts a stream', () => {
    const a = new SegmentAnalyzer();
    const out = run(
      [
        { t: 0, dir: 0, flags: SYN, seq: 7000 },
        { t: 1, dir: 1, flags: SYN | ACK, seq: 3000, ack: 7001 },
        { t: 2, dir: 1, flags: SYN | ACK, seq: 4000, ack: 7001 },
      ],
      a,
    );
    // nextseq is still 3001, so 4000 is also a gap.
    assert.deepEqual(out, [none, none, ['lost_segment', 'reused_ports']]);
    assert.equal(a.startsNewStream(0, SYN, 7000), false);
    assert.equal(a.startsNewStream(0, SYN, 7001), true);
    assert.equal(a.startsNewStream(0, SYN | ACK, 7001), false);
    // Side 1's base is now 4000 (from the second SYN+ACK).
    assert.equal(a.startsNewStream(1, SYN, 4000), false);
    assert.equal(a.startsNewStream(1, SYN, 3000), true);
    assert.equal(new SegmentAnalyzer().startsNewStream(0, SYN, 1), false);
  });

  test('the base of a side that never sent comes from the other side\'s ACK', () => {
    const a = new SegmentAnalyzer();
    a.analyze(0, input({ t: 0, dir: 0, flags: ACK, seq: 100, ack: 9001 }));
    assert.equal(a.startsNewStream(1, SYN, 9000), false);
    assert.equal(a.startsNewStream(1, SYN, 9001), true);
    assert.equal(a.startsNewStream(0, SYN, 99), false);
  });

  test('a retransmitted SYN after a RST resets nextseq first', () => {
    // The RST's seq is beyond the SYN; without the reset the second SYN would look old data
    // ending before nextseq in a different way. Wireshark: a plain retransmission.
    const out = run([
      { t: 0, dir: 0, flags: SYN, seq: 1000 },
      { t: 1, dir: 0, flags: RST, seq: 1500 },
      { t: 1000, dir: 0, flags: SYN, seq: 1000 },
    ]);
    assert.deepEqual(out, [none, none, ['retransmission']]);
  });

  test('a one-sided capture: past 10 000 unacked segments a FIN no longer counts, so the next ACK looks like a gap', () => {
    for (const maxTrackedSegments of [4, 1024, TCP_MAX_UNACKED_SEGMENTS]) {
      const a = new SegmentAnalyzer({ maxTrackedSegments });
      a.analyze(0, input({ t: 0, dir: 0, flags: SYN, seq: 0 }));
      let seq = 1;
      for (let i = 0; i < 9_999; i++, seq += 10) a.analyze(0, input({ t: 1 + i * 0.01, dir: 0, flags: ACK, seq, ack: 1, len: 10 }));
      assert.equal(a.analyze(0, input({ t: 200, dir: 0, flags: FIN | ACK, seq, ack: 1 })), 0);
      assert.equal(a.analyze(0, input({ t: 201, dir: 0, flags: ACK, seq: seq + 1, ack: 1 })), F.LOST_SEGMENT, `maxTrackedSegments ${maxTrackedSegments}`);
    }
    // One segment fewer and the FIN still fits: the ACK after it repeats the last one.
    const b = new SegmentAnalyzer();
    b.analyze(0, input({ t: 0, dir: 0, flags: SYN, seq: 0 }));
    let seq = 1;
    for (let i = 0; i < 9_998; i++, seq += 10) b.analyze(0, input({ t: 1 + i * 0.01, dir: 0, flags: ACK, seq, ack: 1, len: 10 }));
    b.analyze(0, input({ t: 200, dir: 0, flags: FIN | ACK, seq, ack: 1 }));
    assert.equal(b.analyze(0, input({ t: 201, dir: 0, flags: ACK, seq: seq + 1, ack: 1 })), F.DUPLICATE_ACK);
  });

  test('cut options: the flags are hidden and a SYN skips the window-scale check', () => {
    const a = new SegmentAnalyzer();
    const cut = (seg: Seg) => a.analyze(seg.dir, { ...input(seg), optionsCut: true });
    // The client's SYN lost its WS option to the snap length; the server's SYN+ACK offers 7.
    assert.equal(cut({ t: 0, dir: 0, flags: SYN, seq: 1000 }), 0);
    run(
      [
        { t: 1, dir: 1, flags: SYN | ACK, seq: 5000, ack: 1001, win: 100, ws: 7 },
        { t: 2, dir: 0, flags: ACK, seq: 1001, ack: 5001 },
        { t: 3, dir: 1, flags: ACK, seq: 5001, ack: 1001, win: 100 },
        { t: 4, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 },
      ],
      a,
    );
    assert.equal(cut({ t: 900, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 100 }), 0);
    assert.equal(a.hiddenFlags, F.RETRANSMISSION);
    const [serverFull, clientNeverFull] = run(
      [
        // The server's scale holds (100 << 7); the client's stays unknown, so nothing fills it.
        { t: 901, dir: 0, flags: ACK, seq: 1101, ack: 5001, len: 12700 },
        { t: 902, dir: 1, flags: ACK, seq: 5001, ack: 13801, len: 8192 },
      ],
      a,
    );
    assert.deepEqual(serverFull, ['window_full']);
    assert.deepEqual(clientNeverFull, none);
    assert.equal(a.hiddenFlags, 0);
  });

  test('float-only timestamps give the same answers away from the thresholds', () => {
    const segs: Seg[] = [
      ...handshake(),
      { t: 30, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 1000 },
      { t: 30.1, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 },
      { t: 40, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
      { t: 41, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
      { t: 42, dir: 1, flags: ACK, seq: 5001, ack: 2001 },
      { t: 45, dir: 0, flags: ACK, seq: 2001, ack: 5001, len: 1000 },
      { t: 46, dir: 0, flags: ACK, seq: 1001, ack: 5001, len: 1000 },
    ];
    const exact = run(segs);
    const a = new SegmentAnalyzer();
    const float = segs.map((s) => {
      const { sec: _s, nsec: _n, ...rest } = input(s);
      return segmentFlagNames(a.analyze(s.dir, rest));
    });
    assert.deepEqual(float, exact);
    assert.deepEqual(exact.slice(8), [['retransmission', 'fast_retransmission'], ['retransmission', 'spurious_retransmission']]);
  });

  test('flag names and labels', () => {
    assert.deepEqual(segmentFlagNames(0), []);
    assert.deepEqual(segmentFlagNames(F.ACKED_UNSEEN | F.LOST_SEGMENT), ['lost_segment', 'ack_lost_segment']);
    assert.deepEqual(segmentFlagNames(F.REUSED_PORTS), ['reused_ports']);
    // Wireshark prepends each label, so the one printed last comes first.
    assert.deepEqual(segmentFlagLabels(F.ZERO_WINDOW | F.KEEP_ALIVE), ['TCP ZeroWindow', 'TCP Keep-Alive']);
    assert.deepEqual(segmentFlagLabels(F.ZERO_WINDOW | F.LOST_SEGMENT), ['TCP ZeroWindow', 'TCP Previous segment not captured']);
    assert.deepEqual(segmentFlagLabels(F.RETRANSMISSION), ['TCP Retransmission']);
    const all = Object.values(SegmentFlag).reduce((m, b) => m | b, 0);
    assert.equal(segmentFlagNames(all).length, Object.keys(SegmentFlag).length);
  });
});

describe('SegmentUnacked', () => {
  test('an ACK removes the segments ending at or before it', () => {
    const u = new SegmentUnacked(100);
    for (const end of [100, 200, 300]) u.add(end);
    u.ackUpTo(150);
    assert.equal(u.count, 2);
    u.ackUpTo(300);
    assert.equal(u.count, 0);
  });

  test('a retransmission out of order is removed on its own', () => {
    const u = new SegmentUnacked(100);
    for (const end of [100, 200, 300, 200]) u.add(end);
    u.ackUpTo(200);
    assert.equal(u.count, 1);
    u.add(250);
    u.ackUpTo(260);
    assert.equal(u.count, 1);
    u.ackUpTo(300);
    assert.equal(u.count, 0);
  });

  test('an ACK far behind (such as 0 on a SYN) removes a suffix, modulo 2^32', () => {
    const u = new SegmentUnacked(100);
    // Against ack 0, ends from 0x80000000 on are "before" it, the others after.
    for (const end of [0x7ffffff0, 0x7ffffff8, 0x80000000, 0x80000010]) u.add(end);
    u.ackUpTo(0);
    assert.equal(u.count, 2);
  });

  test('grows as needed, then folds the oldest into an aggregate', () => {
    const u = new SegmentUnacked(4);
    for (let i = 1; i <= 10; i++) u.add(i * 10);
    assert.equal(u.count, 10);
    // The folded ends (10..60) go only once an ACK passes all of them.
    u.ackUpTo(30);
    assert.equal(u.count, 10);
    u.ackUpTo(60);
    assert.equal(u.count, 4);
    u.ackUpTo(100);
    assert.equal(u.count, 0);
    for (let i = 0; i < 40; i++) u.add(1000 + i);
    assert.equal(u.count, 40);
  });
});
