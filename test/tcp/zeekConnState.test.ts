import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { decodePacket } from '../../analyzer/decode';
import type { PacketRecord } from '../../analyzer/capture/types';
import {
  ZeekTcpConnection,
  ZeekUdpConnection,
  type ZeekConnResult,
  type ZeekTcpPacket,
  type ZeekUdpPacket,
} from '../../analyzer/tcp/zeekConnState';

/*
 * Every expectation below was worked out by hand from Zeek's sources (zeek/zeek a13de64fbbdb:
 * scripts/base/protocols/conn/main.zeek, TCPSessionAdapter.cc, TCP_Endpoint.cc, Conn.cc,
 * UDP.cc), not from this module's output; the comment of each case gives the reasoning.
 * Conventions: A is the end that sent the first packet; A's ISN is 1000 and B's 5000 unless
 * said otherwise; A uses port 40000 and B port 5001, neither in likely_server_ports, unless the
 * case is about ports. "hs" is the handshake A SYN, B SYN/ACK, A ACK.
 */

type Side = 'A' | 'B';

interface Pkt {
  from: Side;
  flags: string;
  seq: number;
  ack: number;
  len: number;
  t?: number;
  win?: number;
  ip?: number;
  cap?: number;
}

const FLAG_BITS: Readonly<Record<string, number>> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20 };

function flagBits(s: string): number {
  let f = 0;
  for (const c of s) {
    const b = FLAG_BITS[c];
    if (b === undefined) throw new Error(`bad flag ${c}`);
    f |= b;
  }
  return f;
}

function pk(from: Side, flags: string, seq: number, ack = 0, len = 0, x: Partial<Pkt> = {}): Pkt {
  return { from, flags, seq, ack, len, ...x };
}

const hs = (): Pkt[] => [pk('A', 'S', 1000), pk('B', 'SA', 5000, 1001), pk('A', 'A', 1001, 5001)];

interface Ports {
  a: number;
  b: number;
}
const DEFAULT_PORTS: Ports = { a: 40000, b: 5001 };
// Packets without an explicit time are 0.25 s apart (exact in binary, so durations compare exactly).
const STEP = 0.25;

function toZeek(p: Pkt, fromA: boolean, t: number, ports: Ports): ZeekTcpPacket {
  const z: ZeekTcpPacket = {
    fromA,
    ts: t,
    flags: flagBits(p.flags),
    seq: p.seq >>> 0,
    ack: p.ack >>> 0,
    payloadLength: p.len,
    window: p.win ?? 65535,
    ipLength: p.ip ?? 40 + p.len,
    srcPort: p.from === 'A' ? ports.a : ports.b,
    dstPort: p.from === 'A' ? ports.b : ports.a,
  };
  if (p.cap !== undefined) z.capturedPayloadLength = p.cap;
  return z;
}

/** All packets into one connection (what Zeek does when none of them starts a new one). */
function runTcp(pkts: readonly Pkt[], ports: Ports = DEFAULT_PORTS): ZeekConnResult {
  const c = new ZeekTcpConnection();
  let t = 0;
  for (const p of pkts) {
    t = p.t ?? t + STEP;
    c.packet(toZeek(p, p.from === 'A', t, ports));
  }
  return c.result();
}

interface Split extends ZeekConnResult {
  /** The physical end Zeek calls the originator. */
  origSide: Side;
}

/** Like a tracker would: a new connection whenever Zeek ends the current one (`endsBefore`). */
function runTcpSplit(pkts: readonly Pkt[], ports: Ports = DEFAULT_PORTS): Split[] {
  const out: Split[] = [];
  let c: ZeekTcpConnection | null = null;
  let firstSide: Side = 'A';
  const finish = (): void => {
    if (c === null) return;
    const r = c.result();
    out.push({ ...r, origSide: r.origIsA === (firstSide === 'A') ? 'A' : 'B' });
  };
  let t = 0;
  for (const p of pkts) {
    t = p.t ?? t + STEP;
    if (c !== null && c.endsBefore(toZeek(p, p.from === firstSide, t, ports))) {
      finish();
      c = null;
    }
    if (c === null) {
      c = new ZeekTcpConnection();
      firstSide = p.from;
    }
    c.packet(toZeek(p, p.from === firstSide, t, ports));
  }
  finish();
  return out;
}

function expectFields(actual: object, expected: object, what: string): void {
  const a = actual as Record<string, unknown>;
  for (const [k, v] of Object.entries(expected)) assert.deepEqual(a[k], v, `${what}: ${k}`);
}

function repeat(n: number, f: (i: number) => Pkt): Pkt[] {
  const r: Pkt[] = [];
  for (let i = 0; i < n; i++) r.push(f(i));
  return r;
}

interface TcpCase {
  name: string;
  pkts: Pkt[];
  ports?: Ports;
  expect: Partial<ZeekConnResult>;
}

// Data both ways and an orderly close, reused by several cases: A sends 10 bytes, B 20.
const dataBothWays = (): Pkt[] => [
  ...hs(),
  pk('A', 'PA', 1001, 5001, 10),
  pk('B', 'A', 5001, 1011),
  pk('B', 'PA', 5001, 1011, 20),
  pk('A', 'A', 1011, 5021),
];

const TCP_CASES: TcpCase[] = [
  {
    // S (A's SYN), h (B's SYN/ACK), A (A's first pure ACK), D (A's data), a, d, then F and f;
    // later pure ACKs add nothing (CheckHistory masks). Both ends CLOSED → SF. Sizes from
    // sequence numbers: A 1012 − 1000 − SYN − FIN = 10, B 5022 − 5000 − 2 = 20. Duration stops
    // at B's FIN: the last ACK comes after both ends closed.
    name: 'SF with data both ways: ShADadFf',
    pkts: [...dataBothWays(), pk('A', 'FA', 1011, 5021), pk('B', 'FA', 5021, 1012), pk('A', 'A', 1012, 5022)],
    expect: {
      connState: 'SF', history: 'ShADadFf', origIsA: true, origPkts: 6, respPkts: 4,
      origIpBytes: 250, respIpBytes: 180, origBytes: 10, respBytes: 20, duration: 2, missedBytes: 0,
    },
  },
  {
    // Zeek's conn.log documentation (doc/reference/logs/conn.rst), the HTTP example: 77 bytes up,
    // 295 down, orig 6 packets / 397 IP bytes (SYN 60 + 4 × 52 + 129), resp 4 / 511
    // (60 + 52 + 347 + 52).
    name: 'documentation: HTTP connection ShADadFf with its counters',
    pkts: [
      pk('A', 'S', 1000, 0, 0, { ip: 60 }),
      pk('B', 'SA', 5000, 1001, 0, { ip: 60 }),
      pk('A', 'A', 1001, 5001, 0, { ip: 52 }),
      pk('A', 'PA', 1001, 5001, 77, { ip: 129 }),
      pk('B', 'A', 5001, 1078, 0, { ip: 52 }),
      pk('B', 'PA', 5001, 1078, 295, { ip: 347 }),
      pk('A', 'A', 1078, 5296, 0, { ip: 52 }),
      pk('A', 'FA', 1078, 5296, 0, { ip: 52 }),
      pk('B', 'FA', 5296, 1079, 0, { ip: 52 }),
      pk('A', 'A', 1079, 5297, 0, { ip: 52 }),
    ],
    ports: { a: 46378, b: 80 },
    expect: {
      connState: 'SF', history: 'ShADadFf', origIsA: true, origPkts: 6, origIpBytes: 397,
      respPkts: 4, respIpBytes: 511, origBytes: 77, respBytes: 295,
    },
  },
  {
    // A lone SYN: orig SYN_SENT, resp INACTIVE → S0. Size: last_seq 1001 − start 1000 − SYN = 0.
    name: 'S0: a lone SYN',
    pkts: [pk('A', 'S', 1000)],
    expect: { connState: 'S0', history: 'S', origPkts: 1, respPkts: 0, origBytes: 0, respBytes: 0, duration: 0 },
  },
  {
    // Retransmitted SYNs with the same ISN: the SYN mask is set and the relative sequence number
    // (0) equals hist_last_SYN, so no second 'S'; no payload, so no 'T'.
    name: 'S0: SYN retransmitted with the same ISN',
    pkts: [pk('A', 'S', 1000, 0, 0, { t: 0 }), pk('A', 'S', 1000, 0, 0, { t: 1 }), pk('A', 'S', 1000, 0, 0, { t: 3 })],
    expect: { connState: 'S0', history: 'S', origPkts: 3, origIpBytes: 120, duration: 3, origBytes: 0 },
  },
  {
    // update_window: a zero window on a SYN is not excluded (only RSTs and closed/reset ends
    // are), so 'W' follows the 'S'.
    name: 'S0 with a zero-window SYN: SW',
    pkts: [pk('A', 'S', 1000, 0, 0, { win: 0 })],
    expect: { connState: 'S0', history: 'SW' },
  },
  {
    // B answers with RST/ACK: B INACTIVE → RESET while A is SYN_SENT → REJ. B's RST is its
    // first RST → 'r'.
    name: 'REJ: SYN answered by RST/ACK (Sr)',
    pkts: [pk('A', 'S', 1000), pk('B', 'RA', 0, 1001)],
    expect: { connState: 'REJ', history: 'Sr', origPkts: 1, respPkts: 1, origBytes: 0, respBytes: 0 },
  },
  {
    // Established, A sent data and aborts: A RESET, B ESTABLISHED → RSTO.
    name: 'RSTO after data: ShADaR',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1011), pk('A', 'RA', 1011, 5001)],
    expect: { connState: 'RSTO', history: 'ShADaR', origBytes: 10, respBytes: 0 },
  },
  {
    // Same, but B resets: B RESET, A ESTABLISHED (not inactive) → RSTR.
    name: 'RSTR after data: ShADar',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1011), pk('B', 'RA', 5001, 1011)],
    expect: { connState: 'RSTR', history: 'ShADar', origBytes: 10 },
  },
  {
    // SYN then RST from A, B silent: A SYN_SENT → RESET, B INACTIVE; history "SR" matches
    // /\^?S[^HAFGIQ]*R.*/ → RSTOS0.
    name: 'RSTOS0: SYN then RST from the originator',
    pkts: [pk('A', 'S', 1000), pk('A', 'R', 1001)],
    expect: { connState: 'RSTOS0', history: 'SR', origBytes: 0 },
  },
  {
    // A is on port 80 and its first packet is a SYN/ACK: WantConnection flips (source port likely,
    // destination not) → '^', A is the responder, its SYN/ACK is 'h' and makes it ESTABLISHED;
    // its RST then RESET; the originator B never sent → RSTRH.
    name: 'RSTRH: SYN/ACK then RST from a server port, flipped: ^hr',
    pkts: [pk('A', 'SA', 5000, 1001), pk('A', 'R', 5001)],
    ports: { a: 80, b: 40000 },
    expect: { connState: 'RSTRH', history: '^hr', origIsA: false, origPkts: 0, respPkts: 2 },
  },
  {
    // Mid-stream data from A (PARTIAL), then a RST from B (INACTIVE → RESET): rs RESET with the
    // originator inactive → RSTRH.
    name: 'RSTRH: responder resets a partial connection: Dr',
    pkts: [pk('A', 'PA', 100, 7000, 10), pk('B', 'R', 7000)],
    expect: { connState: 'RSTRH', history: 'Dr' },
  },
  {
    // SYN then FIN from A: SYN_SENT → CLOSED, B INACTIVE → SH.
    name: 'SH: SYN then FIN, no answer',
    pkts: [pk('A', 'S', 1000), pk('A', 'F', 1001)],
    expect: { connState: 'SH', history: 'SF' },
  },
  {
    // Flipped SYN/ACK from port 80 ('^h'), then that end's FIN ('f'): the responder CLOSED, the
    // originator INACTIVE → SHR.
    name: 'SHR: SYN/ACK then FIN from a server port: ^hf',
    pkts: [pk('A', 'SA', 5000, 1001), pk('A', 'FA', 5001, 1001)],
    ports: { a: 80, b: 40000 },
    expect: { connState: 'SHR', history: '^hf', origIsA: false },
  },
  {
    // Both ESTABLISHED since the SYN/ACK, nobody closed → S1.
    name: 'S1: established, data both ways, not closed: ShADad',
    pkts: dataBothWays(),
    expect: { connState: 'S1', history: 'ShADad', origBytes: 10, respBytes: 20 },
  },
  {
    // A's FIN: A CLOSED, B ESTABLISHED → S2.
    name: 'S2: originator closes, no answer: ShAF',
    pkts: [...hs(), pk('A', 'FA', 1001, 5001)],
    expect: { connState: 'S2', history: 'ShAF' },
  },
  {
    // B's FIN: B CLOSED, A ESTABLISHED → S3.
    name: 'S3: responder closes, no answer: ShAf',
    pkts: [...hs(), pk('B', 'FA', 5001, 1001)],
    expect: { connState: 'S3', history: 'ShAf' },
  },
  {
    // No SYN: both ends PARTIAL → OTH. A's start is faked as seq − 1, so its 10 bytes count;
    // B's ack of 110 moves A's ack_seq too.
    name: 'OTH: mid-stream start without a SYN: Da',
    pkts: [pk('A', 'PA', 100, 7000, 10), pk('B', 'A', 7000, 110)],
    expect: { connState: 'OTH', history: 'Da', origIsA: true, origBytes: 10, respBytes: 0 },
  },
  {
    // First packet is data from port 80 to an ephemeral port: flipped, so A is the responder
    // ('d'), B's ACK is the originator's 'A'.
    name: 'OTH flipped by a server source port: ^dA',
    pkts: [pk('A', 'PA', 100, 7000, 10), pk('B', 'A', 7000, 110)],
    ports: { a: 80, b: 40000 },
    expect: { connState: 'OTH', history: '^dA', origIsA: false, origBytes: 0, respBytes: 10, origPkts: 1, respPkts: 1 },
  },
  {
    // Both ports likely (443 → 80), no SYN: flip only if src < dst; 443 > 80 → no flip.
    name: 'no flip when both ports are likely and the source is the larger: 443 → 80',
    pkts: [pk('A', 'PA', 100, 7000, 10)],
    ports: { a: 443, b: 80 },
    expect: { history: 'D', origIsA: true, connState: 'OTH' },
  },
  {
    // Both likely, no SYN, 80 < 443 → flipped; A is the responder → 'd' after '^'.
    name: 'flip when both ports are likely and the source is the smaller: 80 → 443',
    pkts: [pk('A', 'PA', 100, 7000, 10)],
    ports: { a: 80, b: 443 },
    expect: { history: '^d', origIsA: false },
  },
  {
    // Both ports likely and the first packet is a SYN/ACK: never flipped by ports (stealth scans).
    name: 'no port flip for a SYN/ACK when both ports are likely',
    pkts: [pk('A', 'SA', 5000, 1001)],
    ports: { a: 22, b: 80 },
    expect: { history: 'H', origIsA: true, connState: 'OTH' },
  },
  {
    // SYN/ACK seen first from a non-server port: 'H', A SYN_ACK_SENT. B's pure ACK is productive
    // while the history is exactly "H": TCP_Endpoint::CheckHistory flips, rewrites the history
    // to "^h" and B, now the originator, adds 'A'. The stale is_orig in Process leaves B
    // PARTIAL; A stays SYN_ACK_SENT until its FIN; B's FIN closes it from PARTIAL → SF.
    // Sizes: B 1012 − 1000 − 2 = 10, A 5022 − 5000 − 2 = 20.
    name: 'SYN/ACK seen first, then traffic: flipped on the second packet, ^hADdFf',
    pkts: [
      pk('A', 'SA', 5000, 1001),
      pk('B', 'A', 1001, 5001),
      pk('B', 'PA', 1001, 5001, 10),
      pk('A', 'PA', 5001, 1011, 20),
      pk('B', 'FA', 1011, 5021),
      pk('A', 'FA', 5021, 1012),
      pk('B', 'A', 1012, 5022),
    ],
    expect: {
      connState: 'SF', history: '^hADdFf', origIsA: false, origPkts: 4, respPkts: 3, origBytes: 10, respBytes: 20,
    },
  },
  {
    // The SYN/ACK captured before its SYN: IsReuse lets the SYN in (its seq is the one the
    // SYN/ACK acked); B is still the responder, so 's'; UpdateInactiveState then swaps the roles
    // ('^') and establishes both; the rest is ordinary with B as originator.
    name: 'SYN/ACK captured before its SYN: roles swapped by the state machine, Hs^ADdFf',
    pkts: [
      pk('A', 'SA', 5000, 1001),
      pk('B', 'S', 1000),
      pk('B', 'A', 1001, 5001),
      pk('B', 'PA', 1001, 5001, 10),
      pk('A', 'PA', 5001, 1011, 20),
      pk('B', 'FA', 1011, 5021),
      pk('A', 'FA', 5021, 1012),
      pk('B', 'A', 1012, 5022),
    ],
    expect: { connState: 'SF', history: 'Hs^ADdFf', origIsA: false, origBytes: 10, respBytes: 20 },
  },
  {
    // B advertises a zero window once: after its first pure ACK ('a') comes 'w'.
    name: 'zero window from the responder: ShAaw',
    pkts: [...hs(), pk('B', 'A', 5001, 1001, 0, { win: 0 })],
    expect: { history: 'ShAaw', connState: 'S1' },
  },
  {
    // 'W' is logarithmic: the 1st, 10th, 100th … zero window. 9 → one 'w'.
    name: 'zero window 9 times: still one w',
    pkts: [...hs(), ...repeat(9, () => pk('B', 'A', 5001, 1001, 0, { win: 0 }))],
    expect: { history: 'ShAaw' },
  },
  {
    // The 10th zero window crosses the next threshold (10) → second 'w'.
    name: 'zero window 10 times: ww',
    pkts: [...hs(), ...repeat(10, () => pk('B', 'A', 5001, 1001, 0, { win: 0 }))],
    expect: { history: 'ShAaww' },
  },
  {
    // 1st, 10th, 100th → three 'w's.
    name: 'zero window 100 times: www',
    pkts: [...hs(), ...repeat(100, () => pk('B', 'A', 5001, 1001, 0, { win: 0 }))],
    expect: { history: 'ShAawww' },
  },
  {
    // From the originator: 'W'.
    name: 'zero window from the originator: W',
    pkts: [...hs(), pk('A', 'A', 1001, 5001, 0, { win: 0 })],
    expect: { history: 'ShAW' },
  },
  {
    // A zero window after the peer's FIN is "boring" (update_window): no 'w'.
    name: 'no zero-window letter once the peer has closed',
    pkts: [...hs(), pk('A', 'FA', 1001, 5001), pk('B', 'A', 5001, 1002, 0, { win: 0 })],
    expect: { history: 'ShAFa', connState: 'S2' },
  },
  {
    // The same 10 bytes again: update_last_seq sees no advance with payload → DidRxmit → 'T'
    // (the second data packet adds no 'D').
    name: 'retransmission: ShADT',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('A', 'PA', 1001, 5001, 10)],
    expect: { history: 'ShADT', connState: 'S1' },
  },
  {
    // 9 retransmissions: counter 9, threshold 10 → one 'T'.
    name: 'retransmission 9 times: one T',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), ...repeat(9, () => pk('A', 'PA', 1001, 5001, 10))],
    expect: { history: 'ShADT' },
  },
  {
    // The 10th retransmission → second 'T'.
    name: 'retransmission 10 times: TT',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), ...repeat(10, () => pk('A', 'PA', 1001, 5001, 10))],
    expect: { history: 'ShADTT' },
  },
  {
    // B's own data retransmitted 100 times: 't' at the 1st, 10th and 100th.
    name: 'retransmission 100 times by the responder: ttt',
    pkts: [...hs(), pk('B', 'PA', 5001, 1001, 10), ...repeat(100, () => pk('B', 'PA', 5001, 1001, 10))],
    expect: { history: 'ShAdttt' },
  },
  {
    // A Windows keep-alive carries one old byte at snd.una − 1: no advance with payload → 'T'.
    name: 'keep-alive with one byte counts as a retransmission',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1011), pk('A', 'A', 1010, 5001, 1)],
    expect: { history: 'ShADaT' },
  },
  {
    // A Linux keep-alive (snd.una − 1, no payload) is neither data nor a retransmission.
    name: 'keep-alive without payload adds nothing',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1011), pk('A', 'A', 1010, 5001)],
    expect: { history: 'ShADa' },
  },
  {
    // SYN+FIN: two of SYN/FIN/RST → 'Q' (not 'I', which needs FIN+RST). State: SYN_SENT then
    // CLOSED, B INACTIVE → SH.
    name: 'Q: SYN+FIN',
    pkts: [pk('A', 'SF', 1000)],
    expect: { history: 'Q', connState: 'SH' },
  },
  {
    // SYN+RST: 'Q'; SYN_SENT then RESET with B inactive, but "Q" does not match the RSTOS0
    // pattern (it must start with S) → OTH. 'Q' is recorded once.
    name: 'Q: SYN+RST twice, one Q, OTH',
    pkts: [pk('A', 'SR', 1000), pk('A', 'SR', 1000)],
    expect: { history: 'Q', connState: 'OTH' },
  },
  {
    // FIN+RST: 'I'. The RST wins in UpdateEstablishedState (FIN only counts without RST) →
    // A RESET → RSTO.
    name: 'I: FIN+RST after the handshake',
    pkts: [...hs(), pk('A', 'FRA', 1001, 5001)],
    expect: { history: 'ShAI', connState: 'RSTO' },
  },
  {
    // A second FIN with the same sequence number adds nothing; a FIN at a new number adds 'F'.
    name: 'multiple FINs with different sequence numbers: ShAFF',
    pkts: [...hs(), pk('A', 'FA', 1001, 5001), pk('A', 'FA', 1001, 5001), pk('A', 'FA', 1002, 5001)],
    expect: { history: 'ShAFF', connState: 'S2' },
  },
  {
    // A FIN carrying data is one flag packet ('F'), never 'D'; its 10 bytes still count.
    name: 'FIN with payload: F, no D',
    pkts: [...hs(), pk('A', 'FA', 1001, 5001, 10)],
    expect: { history: 'ShAF', connState: 'S2', origBytes: 10 },
  },
  {
    // A's ISN 2^32 − 6: its data [2^32 − 5, 5) wraps. update_last_seq advances (delta 10) and
    // counts a wrap; the acks wrap too; Size = 2^32 + 6 − (2^32 − 6) − 2 = 10. No 'T'.
    name: 'sequence numbers wrapping at 2^32: still ShADadFf, orig_bytes 10',
    pkts: [
      pk('A', 'S', 4294967290),
      pk('B', 'SA', 5000, 4294967291),
      pk('A', 'A', 4294967291, 5001),
      pk('A', 'PA', 4294967291, 5001, 10),
      pk('B', 'A', 5001, 5),
      pk('B', 'PA', 5001, 5, 20),
      pk('A', 'A', 5, 5021),
      pk('A', 'FA', 5, 5021),
      pk('B', 'FA', 5021, 6),
      pk('A', 'A', 6, 5022),
    ],
    expect: { history: 'ShADadFf', connState: 'SF', origBytes: 10, respBytes: 20 },
  },
  {
    // After the wrap, the pre-wrap segment again: get_relative_seq steps the wrap count back, and
    // update_last_seq sees no advance → 'T'.
    name: 'retransmission across the wrap: T',
    pkts: [
      pk('A', 'S', 4294967290),
      pk('B', 'SA', 5000, 4294967291),
      pk('A', 'A', 4294967291, 5001),
      pk('A', 'PA', 4294967291, 5001, 10),
      pk('B', 'A', 5001, 5),
      pk('A', 'PA', 4294967291, 5001, 10),
    ],
    expect: { history: 'ShADaT', connState: 'S1', origBytes: 10 },
  },
  {
    // Only the SYN and a FIN 3 GB later: the FIN is more than 2^31 ahead (negative seq_delta),
    // but update_last_seq trusts a FIN while last_seq is still start + 1. Size:
    // 3000001002 − 1000 − SYN − FIN = 3 000 000 000.
    name: 'orig_bytes from a FIN 3 GB past the SYN',
    pkts: [pk('A', 'S', 1000), pk('B', 'SA', 5000, 1001), pk('A', 'FA', 3000001001, 5001)],
    expect: { history: 'ShF', connState: 'S2', origBytes: 3000000000 },
  },
  {
    // B acks 1021 but only [1001, 1011) was captured: TrimToSeq → Undelivered → Gap of 10 while
    // both are ESTABLISHED → 'G' (A's data) after B's 'a'. Size counts the acked bytes: 20.
    name: 'content gap: acked data missing from the capture, ShADaG',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1021)],
    expect: { history: 'ShADaG', connState: 'S1', origBytes: 20, missedBytes: 10 },
  },
  {
    // Payload cut by the snap length never reaches the reassembler (TCP_Endpoint::DataSent), so
    // its ack reveals a gap.
    name: 'content gap: payload cut by the snap length',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10, { cap: 4 }), pk('B', 'A', 5001, 1011)],
    expect: { history: 'ShADaG', missedBytes: 10, origBytes: 10 },
  },
  {
    // Ten separate gaps (10 bytes seen, 10 missing, acked each time): 'G' at the 1st and 10th.
    name: 'content gaps 10 times: GG',
    pkts: [
      ...hs(),
      ...repeat(20, (i) =>
        i % 2 === 0
          ? pk('A', 'PA', 1001 + 10 * i, 5001, 10)
          : pk('B', 'A', 5001, 1001 + 10 * (i + 1)),
      ),
    ],
    expect: { history: 'ShADaGG', missedBytes: 100 },
  },
  {
    // The ack captured before the data it acks: the gap is counted at the ack; the data that
    // follows is already acked and dropped, but it is still a 'D'.
    name: 'ack captured before its data: gap, then D',
    pkts: [...hs(), pk('B', 'A', 5001, 1011), pk('A', 'PA', 1001, 5001, 10)],
    expect: { history: 'ShAaGD', missedBytes: 10 },
  },
  {
    // A segment above a hole is held; the ack past it counts only the hole (one gap of 10
    // bytes), then the held block is delivered (TCP_Reassembler::Undelivered).
    name: 'ack past a hole with data above it: one gap, 10 missed bytes',
    pkts: [...hs(), pk('A', 'PA', 1011, 5001, 10), pk('B', 'A', 5001, 1021)],
    expect: { history: 'ShADaG', missedBytes: 10, origBytes: 20 },
  },
  {
    // The hole filled before the ack: no gap. The late segment does not advance last_seq, so
    // Zeek counts it as a retransmission.
    name: 'out-of-order segment: T, no gap',
    pkts: [...hs(), pk('A', 'PA', 1011, 5001, 10), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1021)],
    expect: { history: 'ShADTa', missedBytes: 0, origBytes: 20 },
  },
  {
    // B's first packet is a pure ACK of the SYN (it stays INACTIVE: "eccentric TCPs"), which marks
    // the connection partial (SetPartialStatus). An ack of the first byte after the SYN is then
    // not taken as a gap (Undelivered ignores up_to_seq <= 2 for partial connections).
    name: 'partial-status rule: an early ack of one unseen byte is no gap',
    pkts: [pk('A', 'S', 1000), pk('B', 'A', 4999, 1001), pk('B', 'SA', 5000, 1001), pk('A', 'A', 1001, 5001), pk('B', 'A', 5001, 1002)],
    expect: { history: 'SahA', connState: 'S1', missedBytes: 0 },
  },
  {
    // A's FIN comes while B's 20 bytes are unacked by A, so TCP_Reassembler::DataPending defers
    // A's close; B's EOF then consumes the deferred flag for B itself, and A never gets
    // did_close. So both ends are never "closed" in Zeek's sense and the last ACK still moves
    // last_time: duration 1.75 − 0.25.
    name: 'deferred close: the last ACK counts in the duration',
    pkts: [...hs(), pk('B', 'PA', 5001, 1001, 20), pk('A', 'FA', 1001, 5001), pk('B', 'FA', 5021, 1002), pk('A', 'A', 1002, 5022)],
    expect: { history: 'ShAdFf', connState: 'SF', duration: 1.5, respBytes: 20 },
  },
  {
    // Gaps are only reported while both ends are cleanly established (TCP_Reassembler::Gap):
    // both are PARTIAL here.
    name: 'no gap letter on a partial connection',
    pkts: [pk('A', 'PA', 100, 7000, 10), pk('B', 'A', 7000, 120)],
    expect: { history: 'Da', connState: 'OTH', missedBytes: 0 },
  },
  {
    // More than 4 GiB: five 1 GiB segments (lengths only; nothing is allocated), the last one
    // not acked. last_seq wraps once (UpdateLastSeq counts it), so Size is 5 GiB.
    name: 'orig_bytes beyond 4 GiB from last_seq with its wrap count',
    pkts: [
      ...hs(),
      ...repeat(9, (i) =>
        i % 2 === 0
          ? pk('A', 'A', (1001 + (i / 2) * 2 ** 30) % 2 ** 32, 5001, 2 ** 30)
          : pk('B', 'A', 5001, (1001 + ((i + 1) / 2) * 2 ** 30) % 2 ** 32),
      ),
    ],
    expect: { history: 'ShADa', origBytes: 5 * 2 ** 30 },
  },
  {
    // The same, but the capture misses the fifth segment and B acks it. Zeek ignores every
    // ack more than 2^31 past the ISN until the first wrap (get_relative_seq flags an underflow
    // and update_ack_seq is skipped), so ack_seq is stuck at 1 GiB and only last_seq counts:
    // 4 GiB — the inaccuracy the conn.log docs warn about for large connections. No gap either
    // (the underflowed ack is taken as 0).
    name: 'beyond 4 GiB, acks past 2 GiB are ignored: orig_bytes from last_seq only',
    pkts: [
      ...hs(),
      ...repeat(8, (i) =>
        i % 2 === 0
          ? pk('A', 'A', (1001 + (i / 2) * 2 ** 30) % 2 ** 32, 5001, 2 ** 30)
          : pk('B', 'A', 5001, (1001 + ((i + 1) / 2) * 2 ** 30) % 2 ** 32),
      ),
      pk('B', 'A', 5001, (1001 + 5 * 2 ** 30) % 2 ** 32),
    ],
    expect: { history: 'ShADa', origBytes: 4 * 2 ** 30, missedBytes: 0 },
  },
  {
    // A's ISN 2^32 − 6 and its 10 bytes missing from the capture; B's ack of 5 wraps A's
    // ack_seq (ack_wraps 1), which carries the size: 2^32 + 5 − (2^32 − 6) − SYN = 10. Gap 10.
    name: 'acked but unseen bytes across the wrap count in orig_bytes',
    pkts: [pk('A', 'S', 4294967290), pk('B', 'SA', 5000, 4294967291), pk('A', 'A', 4294967291, 5001), pk('B', 'A', 5001, 5)],
    expect: { history: 'ShAaG', origBytes: 10, missedBytes: 10 },
  },
  {
    // 11 MiB delivered but not yet acked exceeds tcp_excessive_data_without_further_acks: the
    // reassembler gives up, so the later hole of 100 bytes is no gap. (The first 10 bytes were
    // acked, else the tcp_max_initial_window rule would have let the data go at once.)
    name: 'more than 10 MB unacked: reassembly given up, no gap',
    pkts: [
      ...hs(),
      pk('A', 'PA', 1001, 5001, 10),
      pk('B', 'A', 5001, 1011),
      pk('A', 'PA', 1011, 5001, 11 * 2 ** 20),
      pk('A', 'PA', 1011 + 11 * 2 ** 20 + 100, 5001, 10),
      pk('B', 'A', 5001, 1011 + 11 * 2 ** 20 + 110),
    ],
    expect: { history: 'ShADa', missedBytes: 0, origBytes: 11 * 2 ** 20 + 120 },
  },
  {
    // Nothing acked yet and more than 16384 bytes above a hole: the reassembler gives up
    // (tcp_max_above_hole_without_any_acks), so the ack over the hole is no gap.
    name: 'more than 16384 bytes above a hole with nothing acked: no gap',
    pkts: [...hs(), pk('A', 'PA', 1011, 5001, 20000), pk('B', 'A', 5001, 21011)],
    expect: { history: 'ShADa', missedBytes: 0, origBytes: 20010 },
  },
  {
    // B's bogus pure ACK leaves B INACTIVE (an ACK of the SYN before the SYN/ACK) but moves A's
    // ack_seq; A then resets: prev SYN_SENT, RESET, peer INACTIVE, data "acked" → Size 0
    // ("half-open connection discovered and aborted"). "SaR" matches the RSTOS0 pattern (lower
    // case letters are allowed between S and R).
    name: 'half-open connection aborted: size 0 despite an ack, RSTOS0 with SaR',
    pkts: [pk('A', 'S', 1000), pk('B', 'A', 4999, 1500), pk('A', 'R', 1001)],
    expect: { history: 'SaR', connState: 'RSTOS0', origBytes: 0 },
  },
  {
    // The SYN was missed: a flipped SYN/ACK from port 80 makes A an ESTABLISHED responder, and
    // the originator's pure ACK then establishes it too (not PARTIAL) → S1.
    name: 'SYN missed, SYN/ACK and ACK seen: S1 with ^hA',
    pkts: [pk('A', 'SA', 5000, 1001), pk('B', 'A', 1001, 5001)],
    ports: { a: 80, b: 40000 },
    expect: { history: '^hA', connState: 'S1', origIsA: false },
  },
  {
    // A RST more than 1 MB ahead is not trusted for last_seq (update_last_seq), so it does not
    // inflate orig_bytes.
    name: 'RST with a far-off sequence number: orig_bytes unchanged',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1011), pk('A', 'R', 1011 + 2000000)],
    expect: { history: 'ShADaR', connState: 'RSTO', origBytes: 10 },
  },
  {
    // Nothing an end sends after its RST moves last_seq (nor counts as 'T'), but the letters
    // are still recorded.
    name: 'data after a RST: a D, but no bytes',
    pkts: [...hs(), pk('A', 'R', 1001), pk('A', 'PA', 1001, 5001, 10)],
    expect: { history: 'ShARD', connState: 'RSTO', origBytes: 0 },
  },
  {
    // A RST's payload is not stream data (get_segment_len): last_seq does not move, and a RST
    // with payload that does not advance counts as a retransmission.
    name: 'RST carrying payload: R then T, payload not counted',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'A', 5001, 1011), pk('A', 'RA', 1011, 5001, 5)],
    expect: { history: 'ShADaRT', connState: 'RSTO', origBytes: 10 },
  },
  {
    // An ack field of 0 far behind ack_seq is taken as broken and not stored (update_ack_seq),
    // but the relative ack still goes to the reassembler: get_relative_seq counts a wrap, so
    // 2^32 − 3e9 bytes are "acked" and become one huge content gap.
    name: 'ack of 0: ack_seq kept, but a huge gap',
    pkts: [pk('A', 'S', 3000000000), pk('B', 'SA', 5000, 3000000001), pk('A', 'A', 3000000001, 5001), pk('B', 'A', 5001, 0)],
    expect: { history: 'ShAaG', origBytes: 0, missedBytes: 1294967295 },
  },
  {
    // Data starting before the ISN underflows the relative sequence and is not reassembled at
    // all, so the whole acked range is missing: 10 bytes.
    name: 'data before the ISN is not reassembled: gap of the full 10',
    pkts: [...hs(), pk('A', 'PA', 990, 5001, 20), pk('B', 'A', 5001, 1011)],
    expect: { history: 'ShADaG', missedBytes: 10 },
  },
  {
    // Only A sends data, B never acks it: with nothing acked and more than
    // tcp_max_initial_window sent, the reassembler lets the data go at once, so B's FIN does not
    // wait for it. Both ends close at once and the last ACK is outside the duration.
    name: 'unacked upload beyond the initial window: the close is not deferred',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 20000), pk('A', 'FA', 21001, 5001), pk('B', 'FA', 5001, 1001), pk('A', 'A', 21002, 5002)],
    expect: { history: 'ShADFf', connState: 'SF', duration: 1.25, origBytes: 20000 },
  },
  {
    // A SYN from a server port is never flipped (WantConnection only flips non-SYN or SYN/ACK).
    name: 'a SYN from port 80 is not flipped',
    pkts: [pk('A', 'S', 1000)],
    ports: { a: 80, b: 40000 },
    expect: { history: 'S', origIsA: true, connState: 'S0' },
  },
  {
    // Mid-stream data, then a SYN whose number is the faked ISN (seq − 1), so not a reuse:
    // init_endpoint starts over and UpdateEstablishedState moves PARTIAL → SYN_SENT, which with
    // a silent peer is S0.
    name: 'SYN after partial data: DS is S0',
    pkts: [pk('A', 'PA', 1001, 7000, 10), pk('A', 'S', 1000)],
    expect: { history: 'DS', connState: 'S0' },
  },
  {
    // A's FIN (with 4 bytes) ends exactly at 2^32, so last_seq wraps to 0. The retransmitted FIN
    // is placed back before the wrap (get_relative_seq steps the wrap count down): same relative
    // number, so no second 'F'; it does not advance last_seq and has payload → 'T'.
    name: 'FIN retransmitted across the wrap: one F, a T',
    pkts: [
      pk('A', 'S', 4294967290),
      pk('B', 'SA', 5000, 4294967291),
      pk('A', 'A', 4294967291, 5001),
      pk('A', 'FA', 4294967291, 5001, 4),
      pk('A', 'FA', 4294967291, 5001, 4),
    ],
    expect: { history: 'ShAFT', connState: 'S2', origBytes: 4 },
  },
  {
    // A SYN/ACK first (no port flip), then another SYN/ACK from the same end with a new ISN: not
    // a reuse (the originator is not silent), init_endpoint restarts the numbering there, so its
    // relative number is 0 again and 'H' is not repeated.
    name: 'SYN/ACK again with a new ISN: H once',
    pkts: [pk('A', 'SA', 5000, 1001), pk('A', 'SA', 6000, 1001)],
    expect: { history: 'H', connState: 'OTH' },
  },
  {
    // 'R' repeats when the RST's relative number differs from the previous RST's.
    name: 'two RSTs at different sequence numbers: RR; the same number again adds nothing',
    pkts: [...hs(), pk('A', 'R', 1001), pk('A', 'R', 1001), pk('A', 'R', 1002)],
    expect: { history: 'ShARR', connState: 'RSTO' },
  },
  {
    // A SYN/ACK from a CLOSED end is not a reuse and does not restart its numbering: relative
    // 2000 ≠ 0 → a second 'h'. B CLOSED, A ESTABLISHED → S3.
    name: 'SYN/ACK with a new number after the responder closed: a second h',
    pkts: [...hs(), pk('B', 'FA', 5001, 1001), pk('B', 'SA', 7000, 1001)],
    expect: { history: 'ShAfh', connState: 'S3' },
  },
  {
    // B's spontaneous RST puts it in RESET with sequence numbers from the RST; its SYN/ACK then
    // re-initializes them (init_endpoint, RESET after INACTIVE). B stays RESET (nothing leaves
    // it), A SYN_SENT → REJ; B's 20 bytes count via A's ack even though last_seq is frozen.
    name: 'a RST before the SYN/ACK: REJ, and the SYN/ACK re-initializes the sequence numbers',
    pkts: [
      pk('A', 'S', 1000),
      pk('B', 'R', 7777),
      pk('B', 'SA', 5000, 1001),
      pk('A', 'A', 1001, 5001),
      pk('B', 'PA', 5001, 1001, 20),
      pk('A', 'A', 1001, 5021),
    ],
    expect: { history: 'SrhAd', connState: 'REJ', respBytes: 20 },
  },
  {
    // B's FIN then RST (RESET after CLOSED); A's FIN turns B back to CLOSED: "actually normal
    // termination" → SF rather than RSTR.
    name: 'FIN, RST from one end, then the other FIN: SF',
    pkts: [...hs(), pk('B', 'FA', 5001, 1001), pk('B', 'R', 5002), pk('A', 'FA', 1001, 5002)],
    expect: { history: 'ShAfrF', connState: 'SF' },
  },
  {
    // Both reset without data: os RESET with both sizes 0 → REJ (third clause of conn_state).
    name: 'REJ when both ends reset and no data moved: SrR',
    pkts: [pk('A', 'S', 1000), pk('B', 'RA', 0, 1001), pk('A', 'R', 1001)],
    expect: { history: 'SrR', connState: 'REJ' },
  },
  // --- examples from Zeek's log documentation (doc/reference/logs/*.rst) ---
  {
    // smtp.rst: both FINs, then the originator's RST. In CLOSED with a CLOSED peer the RST
    // changes nothing → SF, but the 'R' is recorded.
    name: 'documentation: ShADadFfR is SF',
    pkts: [...dataBothWays(), pk('A', 'FA', 1011, 5021), pk('B', 'FA', 5021, 1012), pk('A', 'A', 1012, 5022), pk('A', 'R', 1012)],
    expect: { history: 'ShADadFfR', connState: 'SF' },
  },
  {
    // irc.rst: B's FIN, then A's RST: A RESET, B CLOSED (not inactive) → RSTO.
    name: 'documentation: ShADadfR is RSTO',
    pkts: [...dataBothWays(), pk('B', 'FA', 5021, 1011), pk('A', 'R', 1011)],
    expect: { history: 'ShADadfR', connState: 'RSTO' },
  },
  {
    // irc.rst: B's FIN then B's RST: CLOSED → RESET because A has not closed → RSTR.
    name: 'documentation: ShADadfr is RSTR',
    pkts: [...dataBothWays(), pk('B', 'FA', 5021, 1011), pk('B', 'R', 5022)],
    expect: { history: 'ShADadfr', connState: 'RSTR' },
  },
  {
    // rdp.rst: A's FIN, B's RST: B RESET with A CLOSED → RSTR.
    name: 'documentation: ShADdaFr is RSTR',
    pkts: [
      ...hs(),
      pk('A', 'PA', 1001, 5001, 10),
      pk('B', 'PA', 5001, 1011, 20),
      pk('B', 'A', 5021, 1011),
      pk('A', 'FA', 1011, 5021),
      pk('B', 'R', 5021),
    ],
    expect: { history: 'ShADdaFr', connState: 'RSTR' },
  },
  {
    // smtp.rst: B retransmits ('t'), FINs both ways, B's RST after A's FIN changes nothing → SF.
    name: 'documentation: ShADadtfFr is SF',
    pkts: [
      ...hs(),
      pk('A', 'PA', 1001, 5001, 10),
      pk('B', 'A', 5001, 1011),
      pk('B', 'PA', 5001, 1011, 20),
      pk('B', 'PA', 5001, 1011, 20),
      pk('B', 'FA', 5021, 1011),
      pk('A', 'FA', 1011, 5022),
      pk('B', 'R', 5022),
    ],
    expect: { history: 'ShADadtfFr', connState: 'SF' },
  },
  {
    // smtp.rst: the server speaks first.
    name: 'documentation: ShAdDafFr is SF',
    pkts: [
      ...hs(),
      pk('B', 'PA', 5001, 1001, 20),
      pk('A', 'PA', 1001, 5021, 10),
      pk('B', 'A', 5021, 1011),
      pk('B', 'FA', 5021, 1011),
      pk('A', 'FA', 1011, 5022),
      pk('B', 'R', 5022),
    ],
    expect: { history: 'ShAdDafFr', connState: 'SF' },
  },
  {
    // smb.rst: data both ways, B's pure ACK, no FIN → both ESTABLISHED → S1.
    name: 'documentation: ShADda is S1',
    pkts: [...hs(), pk('A', 'PA', 1001, 5001, 10), pk('B', 'PA', 5001, 1011, 20), pk('B', 'A', 5021, 1011)],
    expect: { history: 'ShADda', connState: 'S1' },
  },
  {
    // ftp.rst (a data connection): only the responder sends; counts as documented:
    // orig 4 packets / 216 IP bytes, resp 4 / 290, orig_bytes 0, resp_bytes 74.
    name: 'documentation: ShAdfFa is SF with its counters',
    pkts: [
      pk('A', 'S', 1000, 0, 0, { ip: 60 }),
      pk('B', 'SA', 5000, 1001, 0, { ip: 60 }),
      pk('A', 'A', 1001, 5001, 0, { ip: 52 }),
      pk('B', 'PA', 5001, 1001, 74, { ip: 126 }),
      pk('B', 'FA', 5075, 1001, 0, { ip: 52 }),
      pk('A', 'A', 1001, 5076, 0, { ip: 52 }),
      pk('A', 'FA', 1001, 5076, 0, { ip: 52 }),
      pk('B', 'A', 5076, 1002, 0, { ip: 52 }),
    ],
    ports: { a: 60474, b: 31746 },
    expect: {
      history: 'ShAdfFa', connState: 'SF', origPkts: 4, origIpBytes: 216, respPkts: 4, respIpBytes: 290,
      origBytes: 0, respBytes: 74,
    },
  },
  {
    // smtp.rst: B's data before its first pure ACK; B closes first, then A → SF.
    name: 'documentation: ShADdafF is SF',
    pkts: [
      ...hs(),
      pk('A', 'PA', 1001, 5001, 10),
      pk('B', 'PA', 5001, 1011, 20),
      pk('A', 'A', 1011, 5021),
      pk('B', 'A', 5021, 1011),
      pk('B', 'FA', 5021, 1011),
      pk('A', 'FA', 1011, 5022),
      pk('B', 'A', 5022, 1012),
    ],
    expect: { history: 'ShADdafF', connState: 'SF' },
  },
  {
    // ftp.rst: the server speaks first ('d' before 'D'); B closes first → SF.
    name: 'documentation: ShAdDafF is SF',
    pkts: [
      ...hs(),
      pk('B', 'PA', 5001, 1001, 20),
      pk('A', 'PA', 1001, 5021, 10),
      pk('B', 'A', 5021, 1011),
      pk('B', 'FA', 5021, 1011),
      pk('A', 'FA', 1011, 5022),
      pk('B', 'A', 5022, 1012),
    ],
    expect: { history: 'ShAdDafF', connState: 'SF' },
  },
  {
    // files.rst: one retransmission by B ('t') before the orderly close.
    name: 'documentation: ShADadtFf is SF',
    pkts: [
      ...dataBothWays().slice(0, 6),
      pk('B', 'PA', 5001, 1011, 20),
      pk('A', 'A', 1011, 5021),
      pk('A', 'FA', 1011, 5021),
      pk('B', 'FA', 5021, 1012),
      pk('A', 'A', 1012, 5022),
    ],
    expect: { history: 'ShADadtFf', connState: 'SF' },
  },
  {
    // pe.rst: a second 't' needs 10 retransmissions from B.
    name: 'documentation: ShADadttFf is SF (10 retransmissions)',
    pkts: [
      ...dataBothWays().slice(0, 6),
      ...repeat(10, () => pk('B', 'PA', 5001, 1011, 20)),
      pk('A', 'A', 1011, 5021),
      pk('A', 'FA', 1011, 5021),
      pk('B', 'FA', 5021, 1012),
      pk('A', 'A', 1012, 5022),
    ],
    expect: { history: 'ShADadttFf', connState: 'SF' },
  },
  {
    // ssl.rst: one retransmission each way, then an orderly close.
    name: 'documentation: ShADadTtFf is SF',
    pkts: [
      ...dataBothWays().slice(0, 6),
      pk('A', 'PA', 1001, 5001, 10),
      pk('B', 'PA', 5001, 1011, 20),
      pk('A', 'A', 1011, 5021),
      pk('A', 'FA', 1011, 5021),
      pk('B', 'FA', 5021, 1012),
      pk('A', 'A', 1012, 5022),
    ],
    expect: { history: 'ShADadTtFf', connState: 'SF' },
  },
  {
    // smb.rst: a connection picked up mid-stream (49266 → 445, no flip: the source port is not
    // likely), ended by the originator's RST. A RESET with B PARTIAL, and "DdAR" does not start
    // with S → OTH, not RSTOS0.
    name: 'documentation: DdAR is OTH',
    pkts: [pk('A', 'PA', 100, 7000, 10), pk('B', 'PA', 7000, 110, 20), pk('A', 'A', 110, 7020), pk('A', 'R', 110)],
    ports: { a: 49266, b: 445 },
    expect: { history: 'DdAR', connState: 'OTH', origIsA: true },
  },
];

describe('ZeekTcpConnection: hand-worked cases', () => {
  for (const c of TCP_CASES) {
    it(c.name, () => {
      expectFields(runTcp(c.pkts, c.ports), c.expect, c.name);
    });
  }
});

describe('ZeekTcpConnection: where Zeek starts a new connection', () => {
  it('a SYN retransmitted after tcp_attempt_delay (5 s) lands in a new S0 connection', () => {
    // The attempt timer fires at 5 s with A SYN_SENT and B INACTIVE: the connection is removed,
    // so the SYN at 7 s creates another one.
    const pkts = [0, 1, 3, 7].map((t) => pk('A', 'S', 1000, 0, 0, { t }));
    const r = runTcpSplit(pkts);
    assert.equal(r.length, 2);
    expectFields(r[0]!, { connState: 'S0', history: 'S', origPkts: 3, duration: 3 }, 'first');
    expectFields(r[1]!, { connState: 'S0', history: 'S', origPkts: 1, origSide: 'A' }, 'second');
  });

  it('a SYN with a new ISN is a new connection (IsReuse)', () => {
    const r = runTcpSplit([pk('A', 'S', 1000), pk('A', 'S', 2000)]);
    assert.deepEqual(r.map((x) => [x.connState, x.history]), [['S0', 'S'], ['S0', 'S']]);
  });

  it('a refused connect retried with the same ISN gives one REJ per try', () => {
    // After B's RST, B did_close (nothing pending), so IsClosed() and any SYN is a reuse.
    const r = runTcpSplit([pk('A', 'S', 1000), pk('B', 'RA', 0, 1001), pk('A', 'S', 1000), pk('B', 'RA', 0, 1001)]);
    assert.deepEqual(r.map((x) => [x.connState, x.history]), [['REJ', 'Sr'], ['REJ', 'Sr']]);
  });

  it('simultaneous open: the second SYN is a reuse, so Zeek logs two connections', () => {
    // B's SYN has another ISN than the originator's: IsReuse does not look at the direction.
    // The second connection has B as originator: B's SYN 'S', A's SYN/ACK 'h' (B SYN_SENT →
    // ESTABLISHED), B's SYN/ACK repeats B's SYN number (rel 0) → no letter.
    const r = runTcpSplit([pk('A', 'S', 1000), pk('B', 'S', 5000), pk('A', 'SA', 1000, 5001), pk('B', 'SA', 5000, 1001)]);
    assert.equal(r.length, 2);
    expectFields(r[0]!, { connState: 'S0', history: 'S', origSide: 'A' }, 'first');
    expectFields(r[1]!, { connState: 'S1', history: 'Sh', origSide: 'B', origPkts: 2, respPkts: 1 }, 'second');
  });

  it('a SYN after an orderly close is a new connection; the retransmitted ISN before it is not', () => {
    const pkts = [
      ...hs(),
      pk('A', 'S', 1000), // same ISN while established: not a reuse, no letter
      pk('A', 'FA', 1001, 5001),
      pk('B', 'FA', 5001, 1002),
      pk('A', 'A', 1002, 5002),
      pk('A', 'S', 9000),
    ];
    const r = runTcpSplit(pkts);
    assert.deepEqual(r.map((x) => [x.connState, x.history]), [['SF', 'ShAFf'], ['S0', 'S']]);
  });

  it('a stray ACK 4 s after the close joins the connection, 6 s after it starts a new one', () => {
    // The close completes at B's FIN (t = 1.25); the delete timer fires at 6.25.
    const base = [...hs(), pk('A', 'FA', 1001, 5001), pk('B', 'FA', 5001, 1002)];
    const near = runTcpSplit([...base, pk('A', 'A', 1002, 5002, 0, { t: 5.25 })]);
    assert.equal(near.length, 1);
    expectFields(near[0]!, { connState: 'SF', history: 'ShAFf', origPkts: 4, duration: 1 }, 'near');
    const far = runTcpSplit([...base, pk('A', 'A', 1002, 5002, 0, { t: 7.25 })]);
    assert.equal(far.length, 2);
    // Alone, a pure ACK makes A PARTIAL → OTH.
    expectFields(far[1]!, { connState: 'OTH', history: 'A', origSide: 'A' }, 'far');
  });

  it('no delete timer after a deferred close that never completed', () => {
    // As in the deferred-close case: only B gets did_close, so no close is complete and no
    // tcp_close_delay timer runs; a packet 10 s later still belongs to the connection.
    const pkts = [...hs(), pk('B', 'PA', 5001, 1001, 20), pk('A', 'FA', 1001, 5001), pk('B', 'FA', 5021, 1002), pk('A', 'A', 1002, 5022, 0, { t: 11.5 })];
    assert.equal(runTcpSplit(pkts).length, 1);
  });

  it('a deferred close completes at EOF, and then the delete timer runs', () => {
    // A's FIN is deferred (B's data unacked); A's next ACK acks it, A's reassembler reaches EOF
    // and the deferred close gives A did_close; B's FIN completes the close (t = 1.75), so a
    // packet at 7.75 is in a new connection, and the last ACK is outside the duration.
    const base = [...hs(), pk('B', 'PA', 5001, 1001, 20), pk('A', 'FA', 1001, 5001), pk('A', 'A', 1002, 5021), pk('B', 'FA', 5021, 1002)];
    const one = runTcpSplit([...base, pk('A', 'A', 1002, 5022)]);
    assert.equal(one.length, 1);
    expectFields(one[0]!, { history: 'ShAdFf', connState: 'SF', duration: 1.5 }, 'one');
    assert.equal(runTcpSplit([...base, pk('A', 'A', 1002, 5022, 0, { t: 6.7 })]).length, 1);
    assert.equal(runTcpSplit([...base, pk('A', 'A', 1002, 5022, 0, { t: 6.75 })]).length, 2);
  });

  it('a FIN with a hole before it defers the close, so a SYN with the ISN is not a reuse', () => {
    // DataPending: the reassembler is not up to the FIN, so A has not closed in Zeek's sense
    // and IsClosed() is false; the SYN repeats A's ISN → same connection, no letter.
    const r = runTcpSplit([...hs(), pk('A', 'PA', 1011, 5001, 10), pk('A', 'FA', 1021, 5001), pk('A', 'S', 1000)]);
    assert.equal(r.length, 1);
    expectFields(r[0]!, { history: 'ShADF', connState: 'S2' }, 'deferred');
  });

  it('the SYN of a SYN/ACK captured first is not a reuse; a SYN with another number is', () => {
    const pkts = (synSeq: number): Pkt[] => [pk('A', 'SA', 5000, 1001), pk('B', 'S', synSeq), pk('B', 'A', 1001, 5001)];
    const same = runTcpSplit(pkts(1000));
    assert.equal(same.length, 1);
    expectFields(same[0]!, { history: 'Hs^A', origSide: 'B' }, 'same');
    assert.equal(runTcpSplit(pkts(1234)).length, 2);
  });

  it('inactivity: 300 s once established, 1 h on port 22', () => {
    const idle = (dt: number, ports?: Ports): number =>
      runTcpSplit([...hs(), pk('A', 'PA', 1001, 5001, 10, { t: 0.75 + dt })], ports).length;
    assert.equal(idle(299.9), 1);
    assert.equal(idle(300), 2);
    assert.equal(idle(301, { a: 40000, b: 22 }), 1);
    assert.equal(idle(3600, { a: 40000, b: 22 }), 2);
  });

  it('isReuse is false for a SYN/ACK once the originator has spoken, and for non-SYNs', () => {
    const c = new ZeekTcpConnection();
    c.packet({ fromA: true, ts: 0, flags: 0x02, seq: 1000, ack: 0, payloadLength: 0, window: 1, ipLength: 40 });
    const sa = { fromA: false, ts: 0.1, flags: 0x12, seq: 5000, ack: 1001, payloadLength: 0, window: 1, ipLength: 40 };
    assert.equal(c.isReuse(sa), false);
    assert.equal(c.isReuse({ ...sa, flags: 0x10 }), false);
    assert.equal(c.isReuse({ ...sa, flags: 0x02 }), true);
  });
});

describe('ZeekTcpConnection: result()', () => {
  it('can be called at any time without disturbing later packets', () => {
    const pkts = [...dataBothWays(), pk('A', 'FA', 1011, 5021), pk('B', 'FA', 5021, 1012)];
    const c = new ZeekTcpConnection();
    const seen: string[] = [];
    let t = 0;
    for (const p of pkts) {
      t += STEP;
      c.packet(toZeek(p, p.from === 'A', t, DEFAULT_PORTS));
      seen.push(c.result().connState);
      c.result();
    }
    assert.deepEqual(seen, ['S0', 'S1', 'S1', 'S1', 'S1', 'S1', 'S1', 'S2', 'SF']);
    expectFields(c.result(), runTcp(pkts), 'final');
  });

  it('the first packet must come from A', () => {
    const c = new ZeekTcpConnection();
    assert.throws(() => c.packet({ fromA: false, ts: 0, flags: 2, seq: 1, ack: 0, payloadLength: 0, window: 1, ipLength: 40 }));
  });
});

// --- UDP ---------------------------------------------------------------------------------------

interface Dgram {
  from: Side;
  len: number;
  ip?: number;
  t?: number;
}

function runUdp(ds: readonly Dgram[], ports: Ports, broadcast = false): ZeekConnResult[] {
  const out: ZeekConnResult[] = [];
  let c: ZeekUdpConnection | null = null;
  let first: Side = 'A';
  let t = 0;
  for (const d of ds) {
    t = d.t ?? t + STEP;
    const mk = (fromA: boolean): ZeekUdpPacket => ({
      fromA,
      ts: t,
      payloadLength: d.len,
      ipLength: d.ip ?? 28 + d.len,
      srcPort: d.from === 'A' ? ports.a : ports.b,
      dstPort: d.from === 'A' ? ports.b : ports.a,
      dstIsBroadcast: broadcast && d.from === 'A',
    });
    if (c !== null && c.endsBefore(mk(d.from === first))) {
      out.push(c.result());
      c = null;
    }
    if (c === null) {
      c = new ZeekUdpConnection();
      first = d.from;
    }
    c.packet(mk(d.from === first));
  }
  if (c !== null) out.push(c.result());
  return out;
}

describe('ZeekUdpConnection', () => {
  it('one way: S0, D once however many datagrams', () => {
    const [r] = runUdp([{ from: 'A', len: 10 }, { from: 'A', len: 5 }], { a: 40000, b: 5001 });
    expectFields(r!, { connState: 'S0', history: 'D', origPkts: 2, origBytes: 15, origIpBytes: 71, respPkts: 0 }, 'udp');
  });

  it('both ways: SF Dd', () => {
    const [r] = runUdp([{ from: 'A', len: 10 }, { from: 'B', len: 20 }], { a: 40000, b: 5001 });
    expectFields(r!, { connState: 'SF', history: 'Dd', origIsA: true, origBytes: 10, respBytes: 20 }, 'udp');
  });

  it('an empty datagram is still a D and makes the end active', () => {
    const [r] = runUdp([{ from: 'A', len: 0 }], { a: 40000, b: 5001 });
    expectFields(r!, { connState: 'S0', history: 'D', origBytes: 0 }, 'udp');
  });

  it('documentation (conn.rst): DNS request/response, Dd with its counters', () => {
    // 2 queries of 31 bytes (59 IP bytes each), answers of 70 and 71 bytes (98, 99).
    const [r] = runUdp(
      [
        { from: 'A', len: 31, ip: 59 },
        { from: 'A', len: 31, ip: 59 },
        { from: 'B', len: 70, ip: 98 },
        { from: 'B', len: 71, ip: 99 },
      ],
      { a: 36844, b: 53 },
    );
    expectFields(r!, {
      connState: 'SF', history: 'Dd', origPkts: 2, origIpBytes: 118, respPkts: 2, respIpBytes: 197, origBytes: 62, respBytes: 141,
    }, 'dns');
  });

  it('documentation (dhcp.rst): a server reply 67 → 68 is flipped, ^d and SHR', () => {
    // 67/udp is a DHCP server port; 68/udp is registered as a client port only.
    const r = runUdp([{ from: 'A', len: 302, ip: 330 }, { from: 'A', len: 302, ip: 330 }], { a: 67, b: 68 });
    expectFields(r[0]!, {
      connState: 'SHR', history: '^d', origIsA: false, origPkts: 0, origIpBytes: 0, respPkts: 2, respIpBytes: 660,
      origBytes: 0, respBytes: 604,
    }, 'dhcp');
  });

  it('flipped by port, then answered: ^dD SF', () => {
    const [r] = runUdp([{ from: 'A', len: 40 }, { from: 'B', len: 12 }], { a: 53, b: 40000 });
    expectFields(r!, { connState: 'SF', history: '^dD', origIsA: false, origBytes: 12, respBytes: 40 }, 'udp');
  });

  it('no flip when the destination port is likely too (53 → 123)', () => {
    const [r] = runUdp([{ from: 'A', len: 40 }], { a: 53, b: 123 });
    expectFields(r!, { history: 'D', origIsA: true, connState: 'S0' }, 'udp');
  });

  it('no flip towards the broadcast address', () => {
    const [r] = runUdp([{ from: 'A', len: 300 }], { a: 67, b: 68 }, true);
    expectFields(r!, { history: 'D', origIsA: true, connState: 'S0' }, 'udp');
  });

  it('udp_inactivity_timeout (60 s) splits a flow', () => {
    const r = runUdp([{ from: 'A', len: 1, t: 0 }, { from: 'B', len: 1, t: 59 }, { from: 'B', len: 1, t: 119 }], { a: 40000, b: 5001 });
    assert.deepEqual(r.map((x) => [x.connState, x.history, x.origIsA]), [['SF', 'Dd', true], ['S0', 'D', true]]);
  });
});

// --- the real captures in samples/ -----------------------------------------------------------

interface SampleConn {
  /** Port of the end that sent the first packet. */
  firstPort: number;
  proto: 'tcp' | 'udp';
  connState: string;
  history: string;
  origIsA: boolean;
  origPkts: number;
  respPkts: number;
  origIpBytes?: number;
  respIpBytes?: number;
  origBytes: number;
  respBytes: number;
}

/*
 * Worked out from `tshark -r samples/X -o tcp.relative_sequence_numbers:FALSE` (flags, seq, ack,
 * lengths, windows) and samples/README.md. All client ports are ephemeral and the servers use
 * 47080–47097, none in likely_server_ports, so nothing is flipped.
 */
const SAMPLES: Readonly<Record<string, readonly SampleConn[]>> = {
  // 1 S, 2 h, 3 A, 4 D(114), 5 a, 6 d(116), 7–10 repeats, 11 F, 12 f, 13 ack.
  // Orig frames 1,3,4,7,8,10,11,13: 60+52+166+52+162+52+52+52; resp 2,5,6,9,12: 60+52+168+164+52.
  'http-keepalive.pcapng': [
    { firstPort: 49104, proto: 'tcp', connState: 'SF', history: 'ShADadFf', origIsA: true, origPkts: 8, respPkts: 5, origIpBytes: 648, respIpBytes: 496, origBytes: 224, respBytes: 228 },
  ],
  // SYN answered by RST/ACK.
  'refused.pcap': [
    { firstPort: 39964, proto: 'tcp', connState: 'REJ', history: 'Sr', origIsA: true, origPkts: 1, respPkts: 1, origIpBytes: 60, respIpBytes: 40, origBytes: 0, respBytes: 0 },
  ],
  // 4 server greeting 'd' before the client's 75 bytes 'D' (6), 7 'a', 8 server RST/ACK 'r':
  // server RESET, client ESTABLISHED → RSTR.
  'reset-abort.pcapng': [
    { firstPort: 48740, proto: 'tcp', connState: 'RSTR', history: 'ShAdDar', origIsA: true, origPkts: 4, respPkts: 4, origBytes: 75, respBytes: 11 },
  ],
  // 4 D(11), 5 a, 6 the urgent byte (data again), 10 client FIN 'F', 11 server data 'd', 13 'f'.
  'urgent-oob.pcapng': [
    { firstPort: 43964, proto: 'tcp', connState: 'SF', history: 'ShADaFdf', origIsA: true, origPkts: 8, respPkts: 6, origIpBytes: 441, respIpBytes: 330, origBytes: 17, respBytes: 10 },
  ],
  // 6 client FIN after its 20 bytes, server data (7, 9, 11, 13) after it, 15 server FIN.
  'half-close.pcapng': [
    { firstPort: 41022, proto: 'tcp', connState: 'SF', history: 'ShADaFdf', origIsA: true, origPkts: 9, respPkts: 7, origIpBytes: 496, respIpBytes: 516, origBytes: 20, respBytes: 144 },
  ],
  // Win=0 from the server in frames 7, 9, 13: one 'w' (the 10th would add another). The
  // probes (8, 10) are seq = snd.una − 1 without payload: no 'T'. The client's last 384 bytes
  // ride on its FIN (93): 'F' only. 24576 bytes from the client, none back.
  'zero-window.pcapng': [
    { firstPort: 58980, proto: 'tcp', connState: 'SF', history: 'ShADawFf', origIsA: true, origPkts: 48, respPkts: 47, origIpBytes: 27080, respIpBytes: 2452, origBytes: 24576, respBytes: 0 },
  ],
  // Server FIN (8) before the client's (9). IPv6: ip bytes are payload length + 40.
  'ipv6-loopback.pcapng': [
    { firstPort: 47810, proto: 'tcp', connState: 'SF', history: 'ShADadfF', origIsA: true, origPkts: 5, respPkts: 5, origIpBytes: 374, respIpBytes: 400, origBytes: 6, respBytes: 32 },
  ],
  // Two interleaved connections on two link types; each: 15 bytes up, 19 down, server FIN first.
  'mixed-linktypes.pcapng': [
    { firstPort: 56654, proto: 'tcp', connState: 'SF', history: 'ShADadfF', origIsA: true, origPkts: 6, respPkts: 5, origBytes: 15, respBytes: 19 },
    { firstPort: 44372, proto: 'tcp', connState: 'SF', history: 'ShADadfF', origIsA: true, origPkts: 6, respPkts: 5, origBytes: 15, respBytes: 19 },
  ],
  // Frame 1 (4 bytes: UDP length 12) and its 10-byte answer; frame 3 to a closed port (13 bytes).
  // The ICMP error (4) is an ICMP connection in Zeek, not part of the UDP flow.
  'udp-port-unreachable.pcap': [
    { firstPort: 43209, proto: 'udp', connState: 'SF', history: 'Dd', origIsA: true, origPkts: 1, respPkts: 1, origIpBytes: 32, respIpBytes: 38, origBytes: 4, respBytes: 10 },
    { firstPort: 34121, proto: 'udp', connState: 'S0', history: 'D', origIsA: true, origPkts: 1, respPkts: 0, origIpBytes: 41, respIpBytes: 0, origBytes: 13, respBytes: 0 },
  ],
  // 120 bytes (4), then 80 bytes on the FIN (6: 'F', no second 'D'), the 19-byte reply (7), FIN (9).
  'data-then-fin.pcapng': [
    { firstPort: 55266, proto: 'tcp', connState: 'SF', history: 'ShADaFdf', origIsA: true, origPkts: 6, respPkts: 4, origBytes: 200, respBytes: 19 },
  ],
  // Three clients: 9 bytes up ('D', 'a'), 15 down ('d'), server FIN ('f') then client FIN ('F').
  'listener-backlog.pcapng': [48378, 48388, 48394].map((firstPort) => ({
    firstPort, proto: 'tcp' as const, connState: 'SF', history: 'ShADadfF', origIsA: true, origPkts: 5, respPkts: 5, origBytes: 9, respBytes: 15,
  })),
  // 12 bytes up, 22 down, server FIN (8) acked (9), client FIN (10), last ACK (11).
  'graceful-close.pcapng': [
    { firstPort: 45368, proto: 'tcp', connState: 'SF', history: 'ShADadfF', origIsA: true, origPkts: 6, respPkts: 5, origBytes: 12, respBytes: 22 },
  ],
  // Requests of 2, 16, 84 bytes (IP 30, 44, 112), replies of 20, 27, 27 (IP 48, 55, 55); then
  // 11 bytes to a closed port (IP 39).
  'udp-exchange.pcapng': [
    { firstPort: 58190, proto: 'udp', connState: 'SF', history: 'Dd', origIsA: true, origPkts: 3, respPkts: 3, origIpBytes: 186, respIpBytes: 158, origBytes: 102, respBytes: 74 },
    { firstPort: 58190, proto: 'udp', connState: 'S0', history: 'D', origIsA: true, origPkts: 1, respPkts: 0, origIpBytes: 39, respIpBytes: 0, origBytes: 11, respBytes: 0 },
  ],
};

interface Tracked {
  proto: 'tcp' | 'udp';
  firstPort: number;
  aKey: string;
  tcp: ZeekTcpConnection | null;
  udp: ZeekUdpConnection | null;
}

function tsSeconds(p: PacketRecord): number {
  return p.ts.sec + p.ts.frac / p.ts.unitsPerSec;
}

/** A minimal tracker: one Zeek connection per 4-tuple at a time, split where Zeek splits. */
async function zeekConnectionsOf(path: string): Promise<SampleConn[]> {
  const live = new Map<string, Tracked>();
  const done: { order: number; r: SampleConn }[] = [];
  let order = 0;
  const orderOf = new Map<Tracked, number>();
  const finish = (t: Tracked): void => {
    const r = t.tcp !== null ? t.tcp.result() : t.udp!.result();
    done.push({
      order: orderOf.get(t)!,
      r: {
        firstPort: t.firstPort, proto: t.proto, connState: r.connState, history: r.history, origIsA: r.origIsA,
        origPkts: r.origPkts, respPkts: r.respPkts, origIpBytes: r.origIpBytes, respIpBytes: r.respIpBytes,
        origBytes: r.origBytes, respBytes: r.respBytes,
      },
    });
  };
  await readCaptureFile(path, {
    packet(rec: PacketRecord): void {
      const d = decodePacket(rec.linkType, rec.data, rec.len);
      const ip = d.ip;
      if (ip === null || ip.isFragment) return;
      const seg = d.tcp ?? d.udp;
      if (seg === null) return;
      const proto = d.tcp !== null ? 'tcp' : 'udp';
      const src = `${Array.from(ip.data.subarray(ip.srcOffset, ip.dstOffset)).join('.')}:${seg.srcPort}`;
      const dst = `${Array.from(ip.data.subarray(ip.dstOffset, ip.dstOffset + (ip.dstOffset - ip.srcOffset))).join('.')}:${seg.dstPort}`;
      const key = `${proto} ${src < dst ? `${src} ${dst}` : `${dst} ${src}`}`;
      const ipLength = ip.version === 4 ? ip.totalLength : ip.payloadLengthField + 40;
      const ts = tsSeconds(rec);
      let t = live.get(key);
      if (d.tcp !== null) {
        const tcp = d.tcp;
        const mk = (fromA: boolean): ZeekTcpPacket => ({
          fromA, ts, flags: tcp.flags, seq: tcp.seq, ack: tcp.ack, payloadLength: tcp.payloadWireLength,
          capturedPayloadLength: tcp.payloadLength, window: tcp.window, ipLength, srcPort: tcp.srcPort, dstPort: tcp.dstPort,
        });
        if (t !== undefined && t.tcp!.endsBefore(mk(src === t.aKey))) {
          finish(t);
          t = undefined;
        }
        if (t === undefined) {
          t = { proto: 'tcp', firstPort: tcp.srcPort, aKey: src, tcp: new ZeekTcpConnection(), udp: null };
          orderOf.set(t, order++);
          live.set(key, t);
        }
        t.tcp!.packet(mk(src === t.aKey));
      } else {
        const udp = d.udp!;
        const mk = (fromA: boolean): ZeekUdpPacket => ({
          fromA, ts, payloadLength: udp.length - 8, ipLength, srcPort: udp.srcPort, dstPort: udp.dstPort,
        });
        if (t !== undefined && t.udp!.endsBefore(mk(src === t.aKey))) {
          finish(t);
          t = undefined;
        }
        if (t === undefined) {
          t = { proto: 'udp', firstPort: udp.srcPort, aKey: src, tcp: null, udp: new ZeekUdpConnection() };
          orderOf.set(t, order++);
          live.set(key, t);
        }
        t.udp!.packet(mk(src === t.aKey));
      }
    },
  });
  for (const t of live.values()) finish(t);
  return done.sort((x, y) => x.order - y.order).map((x) => x.r);
}

const SAMPLES_DIR = join(__dirname, '..', '..', 'samples');

describe('ZeekTcpConnection / ZeekUdpConnection on samples/', () => {
  const files = existsSync(SAMPLES_DIR) ? readdirSync(SAMPLES_DIR).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];
  it('has expectations for the samples that exist', () => {
    const known = files.filter((f) => SAMPLES[f] !== undefined);
    assert.ok(known.length >= 9, `only ${known.length} of the expected samples found`);
  });
  for (const f of files) {
    const expected = SAMPLES[f];
    it(f, async () => {
      assert.ok(expected !== undefined, `${f}: a new sample needs its hand-worked Zeek expectation here`);
      const actual = await zeekConnectionsOf(join(SAMPLES_DIR, f));
      assert.equal(actual.length, expected!.length, `${f}: number of connections`);
      for (let i = 0; i < actual.length; i++) expectFields(actual[i]!, expected![i]!, `${f} #${i + 1}`);
    });
  }
});
