/**
 * Tie, clock and comparison over a real capture (samples/reset-abort.pcapng: a client at
 * 127.0.0.1:48740 connects to a listener on :47082, reads an 11-byte greeting (frame 4), sends
 * 75 bytes (frame 6) and gets a RST (frame 8); SYN frame 1 at 16:03:28.681811078 UTC, SYN/ACK
 * frame 2 at .682100513). The logs are facts written by hand as the readers would produce them,
 * so these tests judge tie, clock and comparison alone. Expected ties, offsets and verdicts are
 * worked out from the frame times above.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectionsCollector } from '../../analyzer/connections/connectionsCollector';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { estimateClock } from '../../analyzer/logs/clock';
import type { ClockPair } from '../../analyzer/logs/anchors';
import type { LogFact, PlacedFact } from '../../analyzer/logs/logFact';
import type { LoadedLog } from '../../analyzer/logs/loadedLog';
import { analyzeLogs } from '../../analyzer/logs/logAnalysis';
import type { LogRecord, LogTime } from '../../analyzer/logs/logRecord';
import { wsaCode } from '../../analyzer/model/winsockErrors';
import { DEFAULT_OPTIONS } from '../../analyzer/replay/options';
import { replayConnections } from '../../analyzer/replay/replay';
import type { SocketTimeline } from '../../analyzer/replay/timeline';

/** 16:03:28 UTC on the capture's day, in seconds since 1970. */
const DAY_SEC = 1795277008;

async function timelines(file: string): Promise<SocketTimeline[]> {
  const c = new ConnectionsCollector(null);
  await readCaptureFile(file, { iface: (i) => c.iface(i), packet: (p) => c.packet(p), warning: () => undefined });
  const res = c.result();
  return [...replayConnections(res.connections, (r) => res.local.decide(r), DEFAULT_OPTIONS).sockets];
}

/** A log time `hh`:03:28 + `fracNs` (wall clock as written, `zone` as the format tells). */
function at(fracNs: number, hourShift: number, zone: LogTime['zone'] = 'local'): LogTime {
  return { sec: DAY_SEC + hourShift * 3600, ns: fracNs, zone };
}

function log(name: string, entries: readonly [LogTime, LogFact][]): LoadedLog {
  const records: LogRecord[] = [];
  const facts: PlacedFact[] = [];
  entries.forEach(([time, fact], i) => {
    records.push({ line: i + 1, time, provider: 'test', eventId: null, pid: null, tid: null, fields: {}, message: fact.kind });
    facts.push({ fact, record: i });
  });
  return { name, format: 'netsh-txt', encoding: 'utf-8', records, facts, dropped: 0, problemCount: 0, problems: [] };
}

const afd = (id: string) => ({ kind: 'afd' as const, id });

/** What AFD logs for this capture, on a machine at UTC−05:00, a few tens of µs after each packet. */
function afdLog(hourShift: number, zone: LogTime['zone'] = 'local'): LoadedLog {
  const t = (ns: number) => at(ns, hourShift, zone);
  return log('afd.txt', [
    [t(681_700_000), { kind: 'socket', subject: afd('0xa1'), type: 'stream' }],
    [t(681_790_000), { kind: 'connect', phase: 'request', subject: afd('0xa1'), remote: '127.0.0.1:47082' }],
    [t(682_150_000), { kind: 'connect', phase: 'complete', subject: afd('0xa1'), status: 0, error: 0 }],
    [t(682_160_000), { kind: 'connect-indication', subject: afd('0xb1'), remote: '127.0.0.1:48740' }],
    [t(682_200_000), { kind: 'accept', subject: afd('0xb1'), accepted: afd('0xc1'), remote: '127.0.0.1:48740', status: 0, error: 0 }],
    [t(682_300_000), { kind: 'data-indication', subject: afd('0xa1'), bytes: 11 }],
    [t(682_420_000), { kind: 'data-indication', subject: afd('0xc1'), bytes: 75 }],
    [t(782_700_000), { kind: 'abort', by: 'transport', subject: afd('0xa1') }],
  ]);
}

describe('logs beside the reconstruction', () => {
  it('ties AFD endpoints by address and AcceptEndpoint, and reads a UTC−05:00 local log', async () => {
    const tl = await timelines('samples/reset-abort.pcapng');
    const roles = new Map(tl.map((t) => [t.socket.id, t.socket.role]));
    const r = analyzeLogs([afdLog(-5)], tl);
    const ties = new Map(r.logs[0]!.subjects.map((s) => [s.subject.id, s.tie]));
    assert.equal(roles.get(ties.get('0xa1')!.socket), 'client');
    assert.equal(ties.get('0xa1')!.confidence, 'address');
    assert.equal(roles.get(ties.get('0xb1')!.socket), 'listener');
    assert.equal(roles.get(ties.get('0xc1')!.socket), 'accepted');
    assert.equal(ties.get('0xc1')!.confidence, 'pointer');
    const clock = r.logs[0]!.clock;
    assert.equal(clock.how, 'estimated');
    // Pairs: request ↔ SYN (+21 µs), completion ↔ SYN/ACK (−50 µs), indication ↔ handshake
    // frame 3 (−48 µs), abort ↔ RST (−43 µs): the median lies between −48 and −43 µs, plus 5 h.
    assert.ok(Math.abs(clock.offsetNs - (5 * 3600e9 - 45_500)) < 3_000, `offset ${clock.offsetNs}`);
    assert.match(clock.summary, /local zone is UTC−05:00/);
    assert.ok(clock.maxResidualNs < 100_000, `residual ${clock.maxResidualNs}`);
  });

  it('matches each judged event with its cause and leaves FD_WRITE unjudged', async () => {
    const tl = await timelines('samples/reset-abort.pcapng');
    const r = analyzeLogs([afdLog(-5)], tl);
    const client = tl.find((t) => t.socket.role === 'client')!;
    const v = r.bySocket.get(client.socket.id)!.comparisons.map((c) => `${c.verdict} ${c.event}`);
    assert.deepEqual(v, ['matched FD_CONNECT', 'matched FD_READ', 'matched FD_CLOSE']);
    const accepted = tl.find((t) => t.socket.role === 'accepted')!;
    assert.deepEqual(r.bySocket.get(accepted.socket.id)!.comparisons.map((c) => `${c.verdict} ${c.event}`), ['matched FD_READ']);
  });

  it('says a stated zone is off by an hour (a daylight-saving mistake)', async () => {
    const tl = await timelines('samples/reset-abort.pcapng');
    // The log claims UTC (zone 'offset' already converted) but is an hour behind.
    const r = analyzeLogs([afdLog(-1, 'offset')], tl);
    assert.match(r.logs[0]!.clock.summary, /stated zone is off by \+1 h 00 min/);
    const client = tl.find((t) => t.socket.role === 'client')!;
    assert.ok(r.bySocket.get(client.socket.id)!.comparisons.every((c) => c.verdict === 'matched'));
  });

  it('the user\'s offset replaces the estimate; a shift moves it; without pairs a local log stays unaligned', async () => {
    const tl = await timelines('samples/reset-abort.pcapng');
    const manual = analyzeLogs([afdLog(-5)], tl, { clocks: [{ offsetNs: 5 * 3600e9 }] }).logs[0]!.clock;
    assert.equal(manual.how, 'manual');
    assert.equal(manual.offsetNs, 5 * 3600e9);
    const client = tl.find((t) => t.socket.role === 'client')!;
    // A second later: each cause is found, a second late.
    const later = analyzeLogs([afdLog(-5)], tl, { clocks: [{ shiftNs: 1e9 }] });
    assert.deepEqual(later.bySocket.get(client.socket.id)!.comparisons.map((c) => c.verdict), ['late', 'late', 'late']);
    // A second earlier: nothing lies within 50 ms before an event, so each judged event is missing,
    // and the completed connect and the abort, which always make an event, are extra.
    const earlier = analyzeLogs([afdLog(-5)], tl, { clocks: [{ shiftNs: -1e9 }] });
    assert.deepEqual(earlier.bySocket.get(client.socket.id)!.comparisons.map((c) => `${c.verdict} ${c.event}`),
      ['extra FD_CONNECT', 'extra FD_CLOSE', 'missing FD_CONNECT', 'missing FD_READ', 'missing FD_CLOSE']);
    const lone = log('lone.txt', [[at(0, -5), { kind: 'recv', subject: afd('0xd1'), status: 0, error: 0 }]]);
    const none = analyzeLogs([lone], tl).logs[0]!;
    assert.equal(none.clock.how, 'none');
    assert.equal(none.subjects[0]!.tie, null);
    assert.equal(none.subjects[0]!.untied, 'the log names no address for it');
  });

  it('ties a program\'s handle by its events, finds its clock, and judges what it saw', async () => {
    const tl = await timelines('samples/reset-abort.pcapng');
    const s = { kind: 'socket' as const, id: '356' };
    const ev = (event: 'FD_CONNECT' | 'FD_WRITE' | 'FD_READ' | 'FD_CLOSE', error = 0): LogFact => ({ kind: 'fd-event', subject: s, event, error, via: 'enum' });
    // Time-only log at UTC+02:00; the program logs 1–3 ms after each event. It never logs
    // FD_WRITE, sees FD_CLOSE with WSAECONNRESET, and logs an FD_READ nothing caused.
    const t = (ns: number) => ({ sec: (16 + 2) * 3600 + 3 * 60 + 28, ns, zone: 'time-only' as const });
    const program = log('app.log', [
      [t(683_300_000), ev('FD_CONNECT')],
      [t(685_400_000), ev('FD_READ')],
      [t(783_700_000), ev('FD_CLOSE', wsaCode('WSAECONNRESET'))],
      [t(990_000_000), ev('FD_READ')],
    ]);
    const r = analyzeLogs([program], tl);
    const client = tl.find((x) => x.socket.role === 'client')!;
    const info = r.logs[0]!.subjects[0]!;
    assert.equal(info.tie?.socket, client.socket.id);
    assert.equal(info.tie?.confidence, 'pattern');
    assert.match(r.logs[0]!.clock.summary, /no dates.*UTC\+02:00/);
    const v = r.bySocket.get(client.socket.id)!.comparisons.map((c) => `${c.verdict} ${c.event}`);
    assert.deepEqual(v, ['missing FD_WRITE', 'matched FD_CONNECT', 'matched FD_READ', 'error FD_CLOSE', 'extra FD_READ']);
    const error = r.bySocket.get(client.socket.id)!.comparisons.find((c) => c.verdict === 'error')!;
    // The other profile's view is named: it is the one that reports WSAECONNRESET.
    assert.match(error.reason, /FD_CLOSE\(WSAECONNRESET\).*documented/);
  });

  it('marks an event the program logged long after the wire caused it as late', async () => {
    const tl = await timelines('samples/reset-abort.pcapng');
    const s = { kind: 'socket' as const, id: '7' };
    const ev = (event: 'FD_CONNECT' | 'FD_READ' | 'FD_CLOSE', error = 0): LogFact => ({ kind: 'fd-event', subject: s, event, error, via: 'message' });
    const t = (ns: number) => at(ns, 0, 'utc');
    const r = analyzeLogs([log('app.log', [
      [t(682_400_000), ev('FD_CONNECT')],
      [t(682_500_000), ev('FD_READ')],
      [t(990_000_000), ev('FD_CLOSE', wsaCode('WSAECONNABORTED'))],
    ])], tl);
    const client = tl.find((x) => x.socket.role === 'client')!;
    const late = r.bySocket.get(client.socket.id)!.comparisons.find((c) => c.event === 'FD_CLOSE')!;
    assert.equal(late.verdict, 'late');
    assert.match(late.reason, /logged 207\.\d ms after/);
  });
});

describe('clock estimate', () => {
  const pair = (logSec: number, captureSec: number, fromProgram = false): ClockPair => ({
    log: { sec: Math.floor(logSec), ns: Math.round((logSec % 1) * 1e9), zone: 'local' },
    capture: { sec: Math.floor(captureSec), frac: Math.round((captureSec % 1) * 1e9), unitsPerSec: 1e9 },
    what: 'test', line: 1, frame: 1, fromProgram,
  });

  it('finds a skewed clock: 40 ms behind and drifting 50 ppm over ten minutes', () => {
    const pairs: ClockPair[] = [];
    for (let i = 0; i <= 20; i++) {
      const capture = 1_700_000_000 + i * 30;
      // The log's clock: 40 ms behind at the start, losing 50 µs per second, plus ±30 µs latency.
      const log = capture - 0.040 - 50e-6 * (capture - 1_700_000_000) + (i % 3 - 1) * 30e-6;
      pairs.push(pair(log, capture));
    }
    const c = estimateClock(pairs, 'local');
    assert.ok(Math.abs(c.driftPpm - 50) < 1, `drift ${c.driftPpm}`);
    assert.ok(c.maxResidualNs < 60_000, `residual ${c.maxResidualNs}`);
    assert.match(c.summary, /log is in UTC; beyond that the clocks differ by \+0\.0\d+ s, the capture's clock running 50\.\d ppm faster/);
  });

  it('a few mis-paired events do not move the estimate', () => {
    const pairs = [0, 1, 2, 3, 4].map((i) => pair(1000 + i, 1000 + i + 3600 + 0.0002));
    pairs.push(pair(2000, 2000 + 3600 + 4.5), pair(2001, 2001 + 3600 - 9));
    const c = estimateClock(pairs, 'local');
    assert.ok(Math.abs(c.offsetNs - (3600e9 + 200_000)) < 1_000, `offset ${c.offsetNs}`);
    assert.equal(c.medianResidualNs < 1_000, true);
  });

  it('prefers the wire\'s pairs to the program\'s reaction times', () => {
    const c = estimateClock([pair(10, 10.001), pair(20, 20.001), pair(30, 30.5, true)], 'local');
    assert.ok(Math.abs(c.offsetNs - 1e6) < 1_000);
  });

  it('a log with a zone and no pairs keeps its zone; one without is not aligned', () => {
    assert.equal(estimateClock([], 'utc').how, 'stated');
    assert.equal(estimateClock([], 'local').how, 'none');
  });
});
