/**
 * The `log` application model in the replay: the program's calls given by hand (as a log would
 * give them, on the capture's clock) on samples/reset-abort.pcapng, whose story is
 * samples/README.md's: a client connects, the server sends 11 bytes (frame 4), the client 75
 * (frame 6), and the server, which never reads, closes abortively (RST, frame 8). Each expected
 * timeline is worked out from the model's rules and the calls, not taken from the output.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { formatSeconds, type Timestamp } from '../../analyzer/capture/timestamp';
import { ConnectionsCollector } from '../../analyzer/connections/connectionsCollector';
import { readCaptureFile } from '../../analyzer/io/readCaptureFile';
import { socketView } from '../../analyzer/replay/analyzeView';
import type { CallKind, LoggedCall, SocketCalls } from '../../analyzer/replay/loggedCalls';
import { DEFAULT_OPTIONS, type ReplayOptions } from '../../analyzer/replay/options';
import { replayConnections, replayGroup } from '../../analyzer/replay/replay';
import type { PlannedSocket } from '../../analyzer/replay/socketPlan';
import type { SocketTimeline } from '../../analyzer/replay/timeline';
import { compact } from './harness';

const LOG: ReplayOptions = { ...DEFAULT_OPTIONS, app: 'log' };
/** What an ETW session with AFD's events shows: every call but the select (its event is the legacy provider's). */
const AFD_KINDS: CallKind[] = ['recv', 'send', 'accept', 'shutdown', 'closesocket'];

let prompt: SocketTimeline[];
let frameTs: Map<number, Timestamp>;
let listener: PlannedSocket;
let client: PlannedSocket;
let accepted: PlannedSocket;

before(async () => {
  const c = new ConnectionsCollector(null);
  await readCaptureFile('samples/reset-abort.pcapng', { iface: (i) => c.iface(i), packet: (p) => c.packet(p), warning: () => undefined });
  const res = c.result();
  prompt = [...replayConnections(res.connections, (r) => res.local.decide(r), DEFAULT_OPTIONS).sockets];
  frameTs = new Map();
  for (const conn of res.connections) for (const h of conn.happenings) frameTs.set(h.frame, h.ts);
  const by = (role: string) => prompt.find((t) => t.socket.role === role)!.socket;
  listener = by('listener');
  client = by('client');
  accepted = by('accepted');
});

/** Frame `frame`'s capture time moved by `us` microseconds. */
function at(frame: number, us: number): Timestamp {
  const t = frameTs.get(frame);
  assert.ok(t !== undefined, `no happening at frame ${frame}`);
  const ns = t.sec * 1e9 + Math.round((t.frac * 1e9) / t.unitsPerSec) + us * 1000;
  return { sec: Math.floor(ns / 1e9), frac: ns % 1e9, unitsPerSec: 1e9 };
}

let line = 0;
function call(kind: CallKind, ts: Timestamp, more: Partial<LoggedCall> = {}): LoggedCall {
  return { kind, ts, error: 0, log: 0, line: ++line, ...more };
}

function calls(list: LoggedCall[], covers: CallKind[] = AFD_KINDS, slackNs = 1e6): SocketCalls {
  return { calls: list, covers: new Set(covers), slackNs };
}

/** Replays the socket's group with these sockets' calls; the timeline of `of`. */
function replay(of: PlannedSocket, logged: Map<PlannedSocket, SocketCalls>): SocketTimeline {
  const group = of.role === 'client' ? [of] : [listener, ...listener.accepted];
  return replayGroup(group, LOG, null, logged).find((t) => t.socket === of)!;
}

function view(t: SocketTimeline): string[] {
  return compact(socketView(t));
}

describe('application model log', () => {
  it('a socket whose log shows recv for others but none for it never reads', () => {
    const t = replay(accepted, new Map([
      [listener, calls([call('accept', at(3, 95))])],
      [accepted, calls([call('send', at(4, -35), { bytes: 11 }), call('closesocket', at(8, -60))])],
    ]));
    // The accept (a call: no frame) gives FD_WRITE; the 75 bytes record FD_READ once, and no recv re-enables it.
    assert.deepEqual(view(t), ['[] FD_WRITE', '[6] FD_READ']);
    assert.ok(t.diagnosis.includes('closed with 75 bytes unread'), t.diagnosis.join('\n'));
    assert.ok(!t.diagnosis.some((d) => d.includes('disagree')), t.diagnosis.join('\n'));
    // Under `prompt` the same socket drains what arrives.
    const p = prompt.find((x) => x.socket === accepted)!;
    assert.ok(!p.diagnosis.some((d) => d.includes('unread')), p.diagnosis.join('\n'));
  });

  it('a recv logged just before its data (the clocks disagree by less than the slack) waits for the data', () => {
    const recv = [call('recv', at(4, -100), { bytes: 11 }), call('recv', at(4, -90), { error: 10035 })];
    const t = replay(client, new Map([[client, calls(recv)]]));
    assert.deepEqual(view(t), ['[2] FD_CONNECT FD_WRITE', '[4] FD_READ', '[8] FD_CLOSE:WSAECONNABORTED']);
    assert.ok(!t.diagnosis.some((d) => d.includes('disagree')), t.diagnosis.join('\n'));
    // With no slack the recv is made before anything arrived: the log and the wire disagree.
    const strict = replay(client, new Map([[client, calls(recv, AFD_KINDS, 0)]]));
    const d = strict.diagnosis.find((x) => x.startsWith('the log and the wire disagree'));
    assert.ok(d !== undefined, strict.diagnosis.join('\n'));
    assert.match(d, new RegExp(`log 1 line ${recv[0]!.line} \\(${formatSeconds(recv[0]!.ts).replace('.', '\\.')}\\): recv returned 11 bytes, but the replay had nothing to read \\(WSAEWOULDBLOCK\\)`));
  });

  it('a recv that failed with WSAEWOULDBLOCK while bytes were waiting is a disagreement, and leaves them unread', () => {
    const t = replay(client, new Map([[client, calls([call('recv', at(4, 100), { error: 10035 })])]]));
    assert.ok(t.diagnosis.some((d) => /recv failed with WSAEWOULDBLOCK, but 11 bytes had arrived by then/.test(d)), t.diagnosis.join('\n'));
    // A failed recv does not re-enable FD_READ on Windows under WSAEventSelect; FD_CLOSE still comes with the RST.
    assert.deepEqual(view(t), ['[2] FD_CONNECT FD_WRITE', '[4] FD_READ', '[8] FD_CLOSE:WSAECONNABORTED']);
  });

  it('a logged select made before the SYN replaces the assumed mask', () => {
    // FD_READ | FD_CLOSE; reads are not in this log (only select is), so they are as under prompt.
    const t = replay(client, new Map([[client, calls([call('select', at(1, -300), { mask: 0x21 })], ['select'])]]));
    assert.deepEqual(view(t), ['[4] FD_READ', '[8] FD_CLOSE:WSAECONNABORTED']);
    assert.ok(t.diagnosis.some((d) => /^FD_CONNECT happened 1 time \(first at frame 2\) but the mask lacks it/.test(d)), t.diagnosis.join('\n'));
    assert.ok(!t.diagnosis.some((d) => d.includes('unread')), t.diagnosis.join('\n'));
  });

  it('an accept logged before the handshake completed waits for the connection', () => {
    const t = replay(accepted, new Map([
      [listener, calls([call('accept', at(3, -5))])],
      [accepted, calls([call('recv', at(6, 70), { bytes: 75 }), call('closesocket', at(8, -60))])],
    ]));
    assert.deepEqual(view(t), ['[] FD_WRITE', '[6] FD_READ']);
    assert.ok(!t.diagnosis.some((d) => d.includes('disagree') || d.includes('unread')), t.diagnosis.join('\n'));
    const l = replay(listener, new Map([[listener, calls([call('accept', at(3, -5))])]]));
    assert.deepEqual(view(l), ['[3] FD_ACCEPT']);
  });

  it('a reset with no closesocket in a log that shows closes is a disagreement', () => {
    const t = replay(accepted, new Map([
      [listener, calls([call('accept', at(3, 95))])],
      [accepted, calls([call('recv', at(6, 70), { bytes: 75 })])],
    ]));
    assert.ok(t.diagnosis.some((d) => d === 'the log and the wire disagree: the wire shows this end resetting the connection at frame 8, but the log shows no closesocket before it'), t.diagnosis.join('\n'));
  });

  it('what a log does not show stays assumed: with only closesocket logged, the socket reads as under prompt', () => {
    const t = replay(accepted, new Map([
      [listener, calls([], ['closesocket'])],
      [accepted, calls([call('closesocket', at(8, -60))], ['closesocket'])],
    ]));
    const p = prompt.find((x) => x.socket === accepted)!;
    assert.deepEqual(view(t), view(p));
    assert.deepEqual(t.diagnosis, p.diagnosis);
  });
});
