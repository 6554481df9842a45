/**
 * tshark as the oracle for the TCP segment classifier. For every shipped capture, and for a few
 * captures built here, each TCP frame's set of tcp.analysis.* fields must be exactly the set our
 * SegmentAnalyzer reports. Frames are grouped by tshark's own tcp.stream, one analyzer per
 * stream. That way only the classifier is under test, not anyone's connection tracker.
 *
 * A second check replays the new-stream rule that segmentAnalysis.ts documents (4-tuple lookup,
 * plus a pure SYN with a new ISN starting a new stream). It must number the streams as tshark
 * does.
 *
 * Each built capture also lists flags tshark must show, so it cannot silently stop testing
 * what it was built for. SEGMENT_ORACLE_CAPTURES adds captures of your own (see extraCaptures).
 *
 * tshark comes from Debian's package (4.0.17); this test fails when it is missing.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import type { PacketRecord } from '../../analyzer/capture/types';
import { decodePacket } from '../../analyzer/decode/decodePacket';
import { formatIp } from '../../analyzer/decode/address';
import type { DecodedPacket, IpHeader, TcpHeader } from '../../analyzer/decode/types';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { SegmentAnalyzer, SegmentFlag, segmentFlagNames } from '../../analyzer/tcp/segmentAnalysis';
import { captureFiles } from '../capture/fixtures';
import { concat, inetChecksum, ipv4TcpFrame, parseIPv4, pcapFile, u8 } from '../helpers/captureBuilder';

/** Every tcp.analysis.* field the classifier implements, by its suffix. */
const ANALYSIS = [
  'retransmission', 'fast_retransmission', 'spurious_retransmission', 'out_of_order', 'lost_segment',
  'ack_lost_segment', 'duplicate_ack', 'zero_window', 'zero_window_probe', 'zero_window_probe_ack',
  'window_full', 'window_update', 'keep_alive', 'keep_alive_ack', 'reused_ports',
] as const;

/**
 * Differences we accept, per capture file name and frame, each with its reason. Empty while
 * we match tshark everywhere; an entry must name a frame, never a whole file.
 */
const KNOWN_DIFFERENCES: Record<string, Record<number, string>> = {};

interface TsharkFrame {
  readonly frame: number;
  /** -1 when tshark shows no TCP in the frame. */
  readonly stream: number;
  readonly hasAnalysisFlags: boolean;
  readonly names: readonly string[];
}

/** tshark's defaults, spelled out so that a user preferences file cannot change the oracle. */
const PREFS = [
  'tcp.analyze_sequence_numbers:TRUE', 'tcp.relative_sequence_numbers:TRUE', 'tcp.default_window_scaling:not-known',
  'tcp.fastrt_supersedes_ooo:TRUE', 'tcp.reassemble_out_of_order:FALSE', 'tcp.track_bytes_in_flight:TRUE',
];

function tshark(file: string): Map<number, TsharkFrame> {
  const args = ['-r', file, '-n', '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f'];
  for (const p of PREFS) args.push('-o', p);
  args.push('-e', 'frame.number', '-e', 'tcp.stream', '-e', 'tcp.analysis.flags');
  for (const a of ANALYSIS) args.push('-e', `tcp.analysis.${a}`);
  const text = execFileSync('/usr/bin/tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const out = new Map<number, TsharkFrame>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const cols = line.split('|');
    const frame = Number(cols[0]);
    out.set(frame, {
      frame,
      stream: cols[1] ? Number(cols[1]) : -1,
      hasAnalysisFlags: cols[2] !== '',
      names: ANALYSIS.filter((_, i) => cols[3 + i] !== undefined && cols[3 + i] !== ''),
    });
  }
  return out;
}

interface OurFrame {
  readonly n: number;
  readonly rec: { sec: number; nsec: number; float: number };
  readonly p: DecodedPacket;
}

/** Wiretap's conversion of a timestamp fraction to nanoseconds (it truncates). */
function nanos(frac: number, unitsPerSec: number): number {
  if (1e9 % unitsPerSec === 0) return frac * (1e9 / unitsPerSec);
  return Number((BigInt(frac) * 1_000_000_000n) / BigInt(unitsPerSec));
}

async function ours(file: string): Promise<OurFrame[]> {
  const frames: OurFrame[] = [];
  await readCaptureFile(file, {
    packet(r: PacketRecord) {
      const nsec = nanos(r.ts.frac, r.ts.unitsPerSec);
      frames.push({ n: r.n, rec: { sec: r.ts.sec, nsec, float: r.ts.sec + nsec / 1e9 }, p: decodePacket(r.linkType, r.data, r.len) });
    },
  });
  return frames;
}

/** A TCP segment whose length Wireshark knows: the ones it runs the analysis on. */
function analyzable(p: DecodedPacket): p is DecodedPacket & { ip: IpHeader; tcp: TcpHeader } {
  return p.tcp !== null && p.ip !== null && !p.ip.isFragment && p.icmp === null;
}

function endpoint(ip: IpHeader, port: number, which: 'src' | 'dst'): string {
  return `${formatIp(ip, which)}/${port}`;
}

function tupleKey(ip: IpHeader, tcp: TcpHeader): string {
  const a = endpoint(ip, tcp.srcPort, 'src');
  const b = endpoint(ip, tcp.dstPort, 'dst');
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

function input(f: OurFrame, tcp: TcpHeader, exact: boolean) {
  return {
    ts: f.rec.float,
    ...(exact ? { sec: f.rec.sec, nsec: f.rec.nsec } : {}),
    flags: tcp.flags,
    seq: tcp.seq,
    ack: tcp.ack,
    payloadLength: tcp.payloadWireLength,
    window: tcp.window,
    windowScale: tcp.windowScale,
    optionsCut: tcp.headerLength > 20 && tcp.optionsLength < tcp.headerLength - 20,
  };
}

interface Comparison {
  readonly tcpFrames: number;
  readonly flagged: number;
  /** What tshark flagged, to check that crafted captures exercise what they were built for. */
  readonly theirs: Map<number, readonly string[]>;
}

/** Runs one analyzer per tshark stream and compares every frame's flags with tshark's. */
async function compare(file: string): Promise<Comparison> {
  const theirs = tshark(file);
  const frames = await ours(file);
  assert.equal(frames.length, theirs.size, `${file}: frame count`);
  // reused_ports on a SYN that opens a stream is the tracker's call; take it from the rule.
  const { reused } = ruleReplay(frames);
  const known = KNOWN_DIFFERENCES[basename(file)] ?? {};
  const streams = new Map<number, { analyzer: SegmentAnalyzer; first: string }>();
  const problems: string[] = [];
  const shown = new Map<number, readonly string[]>();
  let tcpFrames = 0;
  let flagged = 0;
  for (const f of frames) {
    const t = theirs.get(f.n)!;
    if (t.names.length > 0) shown.set(f.n, t.names);
    const reason = known[f.n];
    if (!analyzable(f.p)) {
      // tshark runs no analysis on TCP quoted in ICMP errors, but rule 2 can flag reused_ports there.
      const expected = reused.has(f.n) ? ['reused_ports'] : [];
      if (t.names.join(',') !== expected.join(',') && reason === undefined) {
        problems.push(`frame ${f.n}: tshark [${t.names.join(', ')}] on a frame we do not analyze, rule expects [${expected.join(', ')}]`);
      }
      continue;
    }
    const { ip, tcp } = f.p;
    if (t.stream < 0) {
      problems.push(`frame ${f.n}: we decode TCP, tshark shows no tcp.stream`);
      continue;
    }
    tcpFrames++;
    const from = endpoint(ip, tcp.srcPort, 'src');
    let s = streams.get(t.stream);
    if (s === undefined) {
      s = { analyzer: new SegmentAnalyzer(), first: from };
      streams.set(t.stream, s);
    }
    let mask = s.analyzer.analyze(from === s.first ? 0 : 1, input(f, tcp, true));
    if (reused.has(f.n)) mask |= SegmentFlag.REUSED_PORTS;
    const mine = segmentFlagNames(mask);
    if (mine.length > 0) flagged++;
    const same = mine.join(',') === t.names.join(',') && (mask !== 0) === t.hasAnalysisFlags;
    if (!same && reason === undefined) problems.push(`frame ${f.n} (stream ${t.stream}): tshark [${t.names.join(', ')}], ours [${mine.join(', ')}]`);
    if (same && reason !== undefined) problems.push(`frame ${f.n}: listed as a known difference (${reason}) but now agrees; remove the entry`);
  }
  assert.deepEqual(problems, [], `${basename(file)} differs from tshark:\n${problems.join('\n')}`);
  return { tcpFrames, flagged, theirs: shown };
}

/**
 * Replays the new-stream rule documented in segmentAnalysis.ts, the way a connection tracker
 * would. It gives each frame that carries a TCP header (ICMP-quoted ones too) a stream number,
 * and lists the frames that rule 2 gives reused_ports.
 */
function ruleReplay(frames: readonly OurFrame[]): { stream: Map<number, number>; reused: Set<number> } {
  const byTuple = new Map<string, { id: number; first: string; analyzer: SegmentAnalyzer }>();
  const stream = new Map<number, number>();
  const reused = new Set<number>();
  let next = 0;
  for (const f of frames) {
    let ip: IpHeader | null = null;
    let tcp: TcpHeader | null = null;
    const quote = f.p.icmp?.quote;
    if (quote) {
      ip = quote.ip;
      tcp = quote.tcp;
    } else if (analyzable(f.p)) {
      ip = f.p.ip;
      tcp = f.p.tcp;
    }
    if (ip === null || tcp === null) continue;
    const key = tupleKey(ip, tcp);
    const from = endpoint(ip, tcp.srcPort, 'src');
    let c = byTuple.get(key);
    if (c !== undefined && c.analyzer.startsNewStream(from === c.first ? 0 : 1, tcp.flags, tcp.seq)) {
      reused.add(f.n);
      c = undefined;
    }
    if (c === undefined) {
      c = { id: next++, first: from, analyzer: new SegmentAnalyzer() };
      byTuple.set(key, c);
    }
    stream.set(f.n, c.id);
    // Only segments with a known length set base sequence numbers.
    if (!quote) c.analyzer.analyze(from === c.first ? 0 : 1, input(f, tcp, true));
  }
  return { stream, reused };
}

async function checkStreamRule(file: string): Promise<void> {
  const theirs = tshark(file);
  const mine = ruleReplay(await ours(file)).stream;
  const problems: string[] = [];
  for (const [n, id] of mine) {
    const t = theirs.get(n)!;
    if (t.stream !== id) problems.push(`frame ${n}: tshark tcp.stream ${t.stream}, rule ${id}`);
  }
  for (const t of theirs.values()) if (t.stream >= 0 && !mine.has(t.frame)) problems.push(`frame ${t.frame}: tshark tcp.stream ${t.stream}, rule saw no TCP header`);
  assert.deepEqual(problems, [], `${basename(file)}: stream numbering\n${problems.join('\n')}`);
}

test('tshark is installed at /usr/bin/tshark (CI installs it from Debian)', () => {
  assert.match(execFileSync('/usr/bin/tshark', ['--version'], { encoding: 'utf8' }), /TShark/);
});

/**
 * SEGMENT_ORACLE_CAPTURES (paths or directories, separated by ':') adds your own captures to
 * the check, e.g. a capture a user reported, or Wireshark's test/captures.
 */
function extraCaptures(): string[] {
  const out: string[] = [];
  for (const p of (process.env.SEGMENT_ORACLE_CAPTURES ?? '').split(':')) {
    if (p === '') continue;
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (/\.(pcap|pcapng|cap)$/.test(f)) out.push(join(p, f));
    } else out.push(p);
  }
  return out;
}

for (const file of [...captureFiles(), ...extraCaptures()]) {
  test(`tcp.analysis flags agree with tshark on ${basename(file)}`, async () => {
    await compare(file);
  });
  test(`tcp.stream numbering follows the documented rule on ${basename(file)}`, async () => {
    await checkStreamRule(file);
  });
}

// ---------------------------------------------------------------------------------------------
// Captures built here, one per behaviour, each also checked to make tshark show what it is for.

const dir = mkdtempSync(join(tmpdir(), 'segment-oracle-'));
// SEGMENT_ORACLE_KEEP=1 keeps the built captures, to open them in Wireshark.
after(() => {
  if (process.env.SEGMENT_ORACLE_KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
});

const CLIENT = { ip: '10.0.0.1', port: 40000 };
const SERVER = { ip: '10.0.0.2', port: 80 };
const T0 = 1_700_000_000;

interface Seg {
  /** Milliseconds after T0 (fractions allowed, kept to the microsecond). */
  readonly t: number;
  readonly from: 'c' | 's';
  readonly flags: string;
  readonly seq: number;
  readonly ack?: number;
  readonly win?: number;
  readonly len?: number;
  /** Window scale option (shift count). */
  readonly ws?: number;
  /** Overrides the client port, to make several connections. */
  readonly cport?: number;
  /** Instead of the segment, a router's ICMP "host unreachable" to its sender, quoting it. */
  readonly icmp?: boolean;
  /** Raw TCP options instead of `ws`. */
  readonly options?: readonly number[];
  /** Captured bytes of the frame (a snap length). */
  readonly snap?: number;
}

const ROUTER = '10.0.0.254';

/** Ethernet + IPv4 + ICMP type 3 code 1 quoting `quoted` (an IPv4 datagram) whole, as Linux does. */
function icmpUnreachable(to: string, quoted: Uint8Array): Uint8Array {
  const icmp = new Uint8Array(8 + quoted.length);
  icmp[0] = 3;
  icmp[1] = 1;
  icmp.set(quoted, 8);
  const sum = inetChecksum(icmp);
  icmp[2] = sum >> 8;
  icmp[3] = sum & 0xff;
  const ip = new Uint8Array(20);
  const v = new DataView(ip.buffer);
  v.setUint8(0, 0x45);
  v.setUint16(2, 20 + icmp.length);
  v.setUint8(8, 64);
  v.setUint8(9, 1);
  ip.set(parseIPv4(ROUTER), 12);
  ip.set(parseIPv4(to), 16);
  v.setUint16(10, inetChecksum(ip));
  return concat(u8(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00), ip, icmp);
}

function build(name: string, segs: readonly Seg[]): string {
  const packets = segs.map((s) => {
    const us = Math.round(s.t * 1000);
    const c = { ...CLIENT, port: s.cport ?? CLIENT.port };
    const [a, b] = s.from === 'c' ? [c, SERVER] : [SERVER, c];
    const segment = ipv4TcpFrame({
      src: a.ip, dst: b.ip, sport: a.port, dport: b.port,
      seq: s.seq >>> 0, ack: (s.ack ?? 0) >>> 0, flags: s.flags, win: s.win ?? 8192,
      ...(s.ws !== undefined ? { tcpOptions: u8(1, 3, 3, s.ws) } : {}),
      ...(s.options !== undefined ? { tcpOptions: u8(...s.options) } : {}),
      payload: new Uint8Array(s.len ?? 0).fill(0x61),
      ethernet: false,
    });
    const data = s.icmp ? icmpUnreachable(a.ip, segment) : concat(u8(2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00), segment);
    const cut = s.snap !== undefined && s.snap < data.length ? { data: data.subarray(0, s.snap), origLen: data.length } : { data };
    return { sec: T0 + Math.floor(us / 1e6), frac: us % 1e6, ...cut };
  });
  const path = join(dir, `${name}.pcap`);
  writeFileSync(path, pcapFile({ packets }));
  return path;
}

/** A handshake at t = 0, 1, 2 ms: client ISN `c`, server ISN `s`, optional window scaling. */
function handshake(c: number, s: number, ws?: number, win = 8192): Seg[] {
  return [
    { t: 0, from: 'c', flags: 'S', seq: c, win, ...(ws !== undefined ? { ws } : {}) },
    { t: 1, from: 's', flags: 'SA', seq: s, ack: c + 1, win, ...(ws !== undefined ? { ws } : {}) },
    { t: 2, from: 'c', flags: 'A', seq: c + 1, ack: s + 1, win },
  ];
}

interface Crafted {
  readonly name: string;
  readonly segs: () => Seg[];
  /** frame → a tcp.analysis field tshark must show there (so the capture tests what it claims). */
  readonly expect: Record<number, string>;
}

const CRAFTED: Crafted[] = [
  {
    name: 'retransmissions',
    segs: () => [
      ...handshake(1000, 5000),
      { t: 10, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
      { t: 11, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 },
      { t: 300, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 }, // 6: after an RTO
      { t: 310, from: 's', flags: 'A', seq: 5001, ack: 1201 },
      { t: 320, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 }, // 8: already ACKed
      { t: 330, from: 'c', flags: 'PA', seq: 1201, ack: 5001, len: 100 },
      { t: 331, from: 'c', flags: 'PA', seq: 1401, ack: 5001, len: 100 }, // 10: 1301 missing
      { t: 331.5, from: 'c', flags: 'PA', seq: 1301, ack: 5001, len: 100 }, // 11: late, within the RTT
      { t: 340, from: 's', flags: 'A', seq: 5001, ack: 1501 },
      { t: 400, from: 's', flags: 'A', seq: 5001, ack: 1701 }, // 13: ACKs data never seen
    ],
    expect: { 6: 'retransmission', 8: 'spurious_retransmission', 10: 'lost_segment', 11: 'out_of_order', 13: 'ack_lost_segment' },
  },
  {
    name: 'fast-retransmission',
    segs: () => [
      ...handshake(1000, 5000),
      { t: 30, from: 'c', flags: 'A', seq: 1001, ack: 5001, len: 1000 },
      { t: 30.1, from: 'c', flags: 'A', seq: 2001, ack: 5001, len: 1000 },
      { t: 30.2, from: 'c', flags: 'A', seq: 3001, ack: 5001, len: 1000 },
      { t: 30.3, from: 'c', flags: 'A', seq: 4001, ack: 5001, len: 1000 },
      { t: 40, from: 's', flags: 'A', seq: 5001, ack: 2001 },
      { t: 41, from: 's', flags: 'A', seq: 5001, ack: 2001 }, // 9: dup #1
      { t: 42, from: 's', flags: 'A', seq: 5001, ack: 2001 }, // 10: dup #2
      { t: 45, from: 'c', flags: 'A', seq: 2001, ack: 5001, len: 1000 }, // 11
      { t: 50, from: 's', flags: 'A', seq: 5001, ack: 5001 },
    ],
    expect: { 9: 'duplicate_ack', 10: 'duplicate_ack', 11: 'fast_retransmission' },
  },
  {
    name: 'keep-alive',
    segs: () => [
      ...handshake(1000, 5000),
      { t: 10, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 10 },
      { t: 11, from: 's', flags: 'A', seq: 5001, ack: 1011 },
      { t: 45_000, from: 'c', flags: 'A', seq: 1010, ack: 5001 }, // 6: Linux style, no data
      { t: 45_001, from: 's', flags: 'A', seq: 5001, ack: 1011 }, // 7
      { t: 90_000, from: 'c', flags: 'A', seq: 1010, ack: 5001, len: 1 }, // 8: Windows style, 1 byte
      { t: 90_001, from: 's', flags: 'A', seq: 5001, ack: 1011 }, // 9
      { t: 90_002, from: 's', flags: 'A', seq: 5001, ack: 1011 }, // 10: still after the keep-alive
      { t: 90_003, from: 'c', flags: 'A', seq: 1011, ack: 5001 }, // 11
      { t: 90_004, from: 's', flags: 'A', seq: 5001, ack: 1011 }, // 12
    ],
    expect: { 6: 'keep_alive', 7: 'keep_alive_ack', 8: 'keep_alive', 9: 'keep_alive_ack', 10: 'keep_alive_ack', 11: 'duplicate_ack', 12: 'duplicate_ack' },
  },
  {
    name: 'zero-window',
    segs: () => [
      ...handshake(1000, 5000, undefined, 1000),
      { t: 10, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 1000, win: 1000 }, // 4: fills 1000
      { t: 20, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 0 }, // 5
      { t: 300, from: 'c', flags: 'A', seq: 2001, ack: 5001, len: 1, win: 1000 }, // 6: probe
      { t: 301, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 0 }, // 7: probe ACK
      { t: 900, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 500 }, // 8: update
      { t: 901, from: 'c', flags: 'PA', seq: 2001, ack: 5001, len: 500, win: 1000 }, // 9: full
      { t: 902, from: 's', flags: 'A', seq: 5001, ack: 2501, win: 1000 },
    ],
    expect: { 4: 'window_full', 5: 'zero_window', 6: 'zero_window_probe', 7: 'zero_window_probe_ack', 8: 'window_update', 9: 'window_full' },
  },
  {
    name: 'window-scaling',
    segs: () => [
      { t: 0, from: 'c', flags: 'S', seq: 1000, win: 64240, ws: 7 },
      { t: 1, from: 's', flags: 'SA', seq: 5000, ack: 1001, win: 65160, ws: 7 },
      { t: 2, from: 'c', flags: 'A', seq: 1001, ack: 5001, win: 502 },
      { t: 3, from: 's', flags: 'A', seq: 5001, ack: 1001, win: 4 }, // 4: 4 << 7 = 512 bytes
      { t: 10, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 512, win: 502 }, // 5: full when scaled
      { t: 11, from: 's', flags: 'A', seq: 5001, ack: 1513, win: 4 },
      { t: 12, from: 'c', flags: 'PA', seq: 1513, ack: 5001, len: 4, win: 502 }, // 7: not full (raw 4)
      { t: 13, from: 's', flags: 'A', seq: 5001, ack: 1517, win: 8 },
    ],
    expect: { 5: 'window_full' },
  },
  {
    name: 'no-handshake',
    // Window scaling unknown: the raw window 4 is full at 4 bytes, but Wireshark does not say so.
    segs: () => [
      { t: 0, from: 's', flags: 'A', seq: 9001, ack: 3001, win: 4 },
      { t: 1, from: 'c', flags: 'PA', seq: 3001, ack: 9001, len: 4 },
      { t: 2, from: 's', flags: 'A', seq: 9001, ack: 3005, win: 4 },
      { t: 3, from: 'c', flags: 'PA', seq: 3105, ack: 9001, len: 4 }, // 4: gap
    ],
    expect: { 4: 'lost_segment' },
  },
  {
    name: 'port-reuse',
    segs: () => [
      ...handshake(100, 900),
      { t: 3, from: 'c', flags: 'FA', seq: 101, ack: 901 },
      { t: 4, from: 's', flags: 'FA', seq: 901, ack: 102 },
      { t: 5, from: 'c', flags: 'A', seq: 102, ack: 902 },
      { t: 1000, from: 'c', flags: 'S', seq: 7000 }, // 7: new ISN: new stream, reused_ports
      { t: 1001, from: 's', flags: 'SA', seq: 3000, ack: 7001 },
      { t: 1002, from: 's', flags: 'SA', seq: 4000, ack: 7001 }, // 9: another ISN: reused_ports, same stream
      { t: 1003, from: 'c', flags: 'R', seq: 7001 },
      { t: 2000, from: 'c', flags: 'S', seq: 7000 }, // 11: same ISN again: same stream
      { t: 2001, from: 's', flags: 'SA', seq: 4000, ack: 7001 },
      { t: 2002, from: 'c', flags: 'A', seq: 7001, ack: 4001 },
    ],
    expect: { 7: 'reused_ports', 9: 'reused_ports' },
  },
  {
    name: 'sequence-wrap',
    segs: () => [
      ...handshake(0xffffff00, 0xfffffff0),
      { t: 10, from: 'c', flags: 'PA', seq: 0xffffff01, ack: 0xfffffff1, len: 200 }, // crosses 2^32
      { t: 11, from: 'c', flags: 'PA', seq: (0xffffff01 + 200) >>> 0, ack: 0xfffffff1, len: 100 },
      { t: 12, from: 's', flags: 'PA', seq: 0xfffffff1, ack: (0xffffff01 + 300) >>> 0, len: 100 }, // wraps
      { t: 300, from: 'c', flags: 'PA', seq: 0xffffff01, ack: 0xfffffff1, len: 200 }, // 7: spurious
      { t: 301, from: 'c', flags: 'PA', seq: (0xffffff01 + 400) >>> 0, ack: (0xfffffff1 + 100) >>> 0, len: 50 }, // 8: gap
      { t: 302, from: 's', flags: 'A', seq: (0xfffffff1 + 100) >>> 0, ack: (0xffffff01 + 300) >>> 0 },
      { t: 303, from: 's', flags: 'A', seq: (0xfffffff1 + 100) >>> 0, ack: (0xffffff01 + 300) >>> 0 }, // 10: dup
    ],
    expect: { 7: 'spurious_retransmission', 8: 'lost_segment', 10: 'duplicate_ack' },
  },
  {
    name: 'nextseq-zero',
    // A SYN at 0xffffffff makes nextseq 0, which Wireshark reads as "nothing seen yet".
    segs: () => [
      ...handshake(0xffffffff, 5000),
      { t: 10, from: 'c', flags: 'PA', seq: 0, ack: 5001, len: 10 },
      { t: 300, from: 'c', flags: 'PA', seq: 0, ack: 5001, len: 10 },
      { t: 301, from: 's', flags: 'A', seq: 5001, ack: 10 },
    ],
    expect: { 5: 'retransmission' },
  },
  {
    name: 'one-sided-bulk',
    // Only the sender is captured. Wireshark stops listing unacked segments at 10 000, after
    // which a FIN no longer adds one to nextseq and the next ACK looks like a gap.
    segs: () => {
      const segs: Seg[] = [{ t: 0, from: 'c', flags: 'S', seq: 0 }];
      let seq = 1;
      for (let i = 0; i < 10_000; i++, seq += 10) segs.push({ t: 1 + i * 0.01, from: 'c', flags: 'A', seq, ack: 1, len: 10 });
      segs.push({ t: 200, from: 'c', flags: 'FA', seq, ack: 1 });
      segs.push({ t: 201, from: 'c', flags: 'A', seq: seq + 1, ack: 1 });
      return segs;
    },
    expect: { 10_003: 'lost_segment' },
  },
  {
    name: 'one-sided-bulk-fits',
    // One data segment fewer: the FIN is the 10 000th and still counts.
    segs: () => {
      const segs: Seg[] = [{ t: 0, from: 'c', flags: 'S', seq: 0 }];
      let seq = 1;
      for (let i = 0; i < 9_998; i++, seq += 10) segs.push({ t: 1 + i * 0.01, from: 'c', flags: 'A', seq, ack: 1, len: 10 });
      segs.push({ t: 200, from: 'c', flags: 'FA', seq, ack: 1 });
      segs.push({ t: 201, from: 'c', flags: 'A', seq: seq + 1, ack: 1 });
      return segs;
    },
    expect: { 10_001: 'duplicate_ack' },
  },
  {
    name: 'acked-unseen',
    segs: () => [
      ...handshake(1000, 5000),
      { t: 10, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
      { t: 11, from: 's', flags: 'A', seq: 5001, ack: 1101 },
      { t: 12, from: 's', flags: 'A', seq: 5001, ack: 1201 }, // 6: 1101..1201 never seen
      { t: 13, from: 's', flags: 'A', seq: 5001, ack: 1201 }, // 7: reported once, now a dup ACK
      { t: 14, from: 'c', flags: 'A', seq: 1101, ack: 5001 },
      { t: 15, from: 's', flags: 'A', seq: 5001, ack: 1201 },
    ],
    expect: { 6: 'ack_lost_segment', 7: 'duplicate_ack' },
  },
  {
    name: 'probe-then-overlap',
    segs: () => [
      ...handshake(1000, 5000, undefined, 1000),
      { t: 10, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 1000, win: 1000 },
      { t: 20, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 0 },
      { t: 300, from: 'c', flags: 'A', seq: 2000, ack: 5001, win: 1000 }, // 6: Linux probe: one byte back, no data
      { t: 301, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 0 },
      { t: 900, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 1000 }, // 8
      { t: 901, from: 'c', flags: 'PA', seq: 2000, ack: 5001, len: 501, win: 1000 }, // 9: one byte back, new data
      { t: 902, from: 'c', flags: 'PA', seq: 2501, ack: 5001, len: 10, win: 1000 },
    ],
    // 7 is no keep-alive ACK: that needs a non-zero window.
    expect: { 6: 'keep_alive', 7: 'zero_window', 8: 'window_update' },
  },
  {
    name: 'odd-times',
    // The ACK of the handshake is stamped before the SYN: a negative first RTT, which Wireshark
    // reads as a huge out-of-order threshold; later a timestamp goes backwards.
    segs: () => [
      { t: 100, from: 'c', flags: 'S', seq: 1000 },
      { t: 101, from: 's', flags: 'SA', seq: 5000, ack: 1001 },
      { t: 50, from: 'c', flags: 'A', seq: 1001, ack: 5001 },
      { t: 110, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 },
      { t: 111, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 },
      { t: 5000, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 }, // 6
      { t: 5001, from: 'c', flags: 'PA', seq: 1201, ack: 5001, len: 100 },
      { t: 4000, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 }, // 8
    ],
    expect: { 6: 'out_of_order', 8: 'out_of_order' },
  },
  {
    name: 'one-sided-window-scale',
    segs: () => [
      { t: 0, from: 'c', flags: 'S', seq: 1000, ws: 7 },
      { t: 1, from: 's', flags: 'SA', seq: 5000, ack: 1001, win: 100 }, // no WS: no scaling at all
      { t: 2, from: 'c', flags: 'A', seq: 1001, ack: 5001 },
      { t: 10, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100 }, // 4: fills the raw 100
      { t: 11, from: 's', flags: 'A', seq: 5001, ack: 1101, win: 10, ws: 3 }, // 5: a WS option outside a SYN
      { t: 12, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 80 }, // 6: 10 << 3
      { t: 13, from: 's', flags: 'A', seq: 5001, ack: 1181, win: 100 },
    ],
    expect: { 4: 'window_full', 6: 'window_full' },
  },
  {
    name: 'syn-fin-retransmissions',
    segs: () => [
      ...handshake(1000, 5000),
      { t: 200, from: 's', flags: 'SA', seq: 5000, ack: 1001 }, // 4
      { t: 210, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 10 },
      { t: 220, from: 'c', flags: 'FA', seq: 1011, ack: 5001 },
      { t: 900, from: 'c', flags: 'FA', seq: 1011, ack: 5001 }, // 7
      { t: 901, from: 's', flags: 'FA', seq: 5001, ack: 1012 },
      { t: 902, from: 'c', flags: 'A', seq: 1012, ack: 5002 },
      { t: 2000, from: 'c', flags: 'S', seq: 1000 }, // 10: the old ISN again: same stream
    ],
    expect: { 4: 'retransmission', 7: 'retransmission' },
  },
  {
    name: 'slow-fast-retransmission',
    segs: () => [
      ...handshake(1000, 5000),
      { t: 30, from: 'c', flags: 'A', seq: 1001, ack: 5001, len: 1000 },
      { t: 30.1, from: 'c', flags: 'A', seq: 2001, ack: 5001, len: 1000 },
      { t: 30.2, from: 'c', flags: 'A', seq: 3001, ack: 5001, len: 1000 },
      { t: 40, from: 's', flags: 'A', seq: 5001, ack: 2001 },
      { t: 41, from: 's', flags: 'A', seq: 5001, ack: 2001 },
      { t: 42, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 9000 }, // 9: new window: an update
      { t: 43, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 9000 }, // 10: dup again, #1
      { t: 44, from: 's', flags: 'A', seq: 5001, ack: 2001, win: 9000 }, // 11: #2
      { t: 70, from: 'c', flags: 'A', seq: 2001, ack: 5001, len: 1000 }, // 12: 26 ms later: plain
    ],
    expect: { 9: 'window_update', 10: 'duplicate_ack', 12: 'retransmission' },
  },
  {
    name: 'cold-keep-alive',
    // Nothing seen yet: seq 0xffffffff is "one before" Wireshark's unset nextseq of 0.
    segs: () => [
      { t: 0, from: 'c', flags: 'A', seq: 0xffffffff, ack: 0 },
      { t: 1, from: 's', flags: 'A', seq: 0, ack: 0 },
    ],
    expect: { 1: 'keep_alive' },
  },
  {
    name: 'snaplen-cut-options',
    // Cut options make Wireshark's dissect_tcp throw: no flags shown, no SYN window-scale check.
    segs: () => {
      const TS = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0];
      return [
        { t: 0, from: 'c', flags: 'S', seq: 1000, options: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 7], snap: 60 }, // WS cut
        { t: 1, from: 's', flags: 'SA', seq: 5000, ack: 1001, win: 100, ws: 7 },
        { t: 2, from: 'c', flags: 'A', seq: 1001, ack: 5001 },
        { t: 3, from: 's', flags: 'A', seq: 5001, ack: 1001, win: 100 }, // 4: a dup ACK of the SYN+ACK's ACK
        { t: 4, from: 'c', flags: 'PA', seq: 1001, ack: 5001, len: 100, snap: 60 },
        { t: 5, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100, options: TS, snap: 60 },
        { t: 900, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100, options: TS, snap: 60 }, // 7: hidden retransmission
        { t: 901, from: 'c', flags: 'PA', seq: 1101, ack: 5001, len: 100 }, // 8: shown
        { t: 902, from: 's', flags: 'A', seq: 5001, ack: 1201, win: 100 },
        // 10: the server's scale (7, from its SYN+ACK) holds: 100 << 7 = 12800 bytes fill its window.
        { t: 903, from: 'c', flags: 'PA', seq: 1201, ack: 5001, len: 12800, snap: 60 },
        // 11: the client's SYN was never checked, so its scale stays unknown: never "full".
        { t: 904, from: 's', flags: 'PA', seq: 5001, ack: 14001, len: 8192 },
      ];
    },
    expect: { 4: 'duplicate_ack', 8: 'retransmission', 10: 'window_full' },
  },
  {
    name: 'icmp-quotes',
    segs: () => [
      { t: 0, from: 'c', flags: 'S', seq: 100 },
      { t: 1, from: 'c', flags: 'S', seq: 555, icmp: true }, // 2: a quoted SYN with another ISN: new stream
      { t: 1000, from: 'c', flags: 'S', seq: 100 }, // 3: goes to that newest stream
      { t: 1001, from: 'c', flags: 'S', seq: 100, icmp: true },
      { t: 1002, from: 'c', flags: 'S', seq: 9, cport: 40002, icmp: true }, // 5: an unseen tuple: a stream of its own
      { t: 1003, from: 'c', flags: 'S', seq: 9, cport: 40002 },
    ],
    expect: { 2: 'reused_ports' },
  },
];

for (const c of CRAFTED) {
  test(`tcp.analysis flags agree with tshark on crafted ${c.name}`, async () => {
    const file = build(c.name, c.segs());
    const result = await compare(file);
    for (const [frame, name] of Object.entries(c.expect)) {
      assert.ok(result.theirs.get(Number(frame))?.includes(name), `tshark should show ${name} on frame ${frame} (shows ${result.theirs.get(Number(frame))?.join(',') ?? 'nothing'})`);
    }
    await checkStreamRule(file);
  });
}
