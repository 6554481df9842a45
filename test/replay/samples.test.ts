/**
 * End-to-end replays of the real captures in samples/. Every expectation below was written by
 * hand from what the programs in the capture did (samples/README.md) and the model's rules, not
 * copied from output: each report is `[frames] EVENTS` with EVENT:ERROR for a nonzero iErrorCode.
 *
 * The programs were Python on Linux loopback; the replay asks what a Windows event-select program
 * with the same traffic would have been told, under an application model.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile, compact, socket, timelines } from './harness';

const S = (name: string): string => `samples/${name}`;

describe('graceful close (client request, server closes first)', () => {
  it('windows, prompt, WSAEventSelect', async () => {
    const v = await analyzeFile(S('graceful-close.pcapng'));
    assert.deepEqual(timelines(v), {
      // Handshake completes at the server with the ACK in frame 3.
      'listener 127.0.0.1:47095': ['[3] FD_ACCEPT'],
      // SYN/ACK (2): connected and writable in one WSAEnumNetworkEvents; response (6); server FIN (8).
      'client 127.0.0.1:45368': ['[2] FD_CONNECT FD_WRITE', '[6] FD_READ', '[8] FD_CLOSE'],
      // Accepted at once: writable; the request (4); the client's FIN (10).
      'accepted 127.0.0.1:47095': ['[3] FD_WRITE', '[4] FD_READ', '[10] FD_CLOSE'],
    });
    assert.equal(socket(v, 'accepted', '127.0.0.1:47095').listener, socket(v, 'listener', '127.0.0.1:47095').id);
    assert.equal(socket(v, 'client', '127.0.0.1:45368').connState, 'SF');
  });

  it('documented: a send that leaves room records FD_WRITE again', async () => {
    const v = await analyzeFile(S('graceful-close.pcapng'), { profile: 'documented' });
    assert.deepEqual(timelines(v), {
      'listener 127.0.0.1:47095': ['[3] FD_ACCEPT'],
      'client 127.0.0.1:45368': ['[2] FD_CONNECT FD_WRITE', '[4] FD_WRITE', '[6] FD_READ', '[8] FD_CLOSE'],
      'accepted 127.0.0.1:47095': ['[3] FD_WRITE', '[4] FD_READ', '[6] FD_WRITE', '[10] FD_CLOSE'],
    });
    // Each documented-only FD_WRITE says that Windows does not report it, and why.
    const w = socket(v, 'client', '127.0.0.1:45368').events.find((e) => e.rule === 'write.after-send')!;
    assert.match(w.divergence!, /^windows: not reported — a successful send neither records nor clears FD_WRITE/);
  });

  it('windows, WSAAsyncSelect: one message per event, lParam = WSAMAKESELECTREPLY', async () => {
    const v = await analyzeFile(S('graceful-close.pcapng'), { api: 'WSAAsyncSelect' });
    assert.deepEqual(timelines(v), {
      'listener 127.0.0.1:47095': ['[3] FD_ACCEPT'],
      'client 127.0.0.1:45368': ['[2] FD_CONNECT', '[2] FD_WRITE', '[6] FD_READ', '[8] FD_CLOSE'],
      // The accepted socket keeps its listener's window and message (inherited selection).
      'accepted 127.0.0.1:47095': ['[3] FD_WRITE', '[4] FD_READ', '[10] FD_CLOSE'],
    });
    const c = socket(v, 'client', '127.0.0.1:45368');
    assert.deepEqual(c.events.map((e) => e.lParam), [0x10, 0x02, 0x01, 0x20]);
  });
});

describe('reset by peer (server closes with SO_LINGER {1, 0})', () => {
  it('windows: FD_CLOSE carries WSAECONNABORTED; the documented note says WSAECONNRESET', async () => {
    const v = await analyzeFile(S('reset-abort.pcapng'));
    assert.deepEqual(timelines(v), {
      'listener 127.0.0.1:47082': ['[3] FD_ACCEPT'],
      'client 127.0.0.1:48740': ['[2] FD_CONNECT FD_WRITE', '[4] FD_READ', '[8] FD_CLOSE:WSAECONNABORTED'],
      // The RST (8) with nothing retransmitted is the program's abortive close: no FD_CLOSE for it.
      'accepted 127.0.0.1:47082': ['[3] FD_WRITE', '[6] FD_READ'],
    });
    const close = socket(v, 'client', '127.0.0.1:48740').events.at(-1)!;
    assert.match(close.divergence!, /^documented: FD_CLOSE\(WSAECONNRESET\)/);
    assert.ok(socket(v, 'client', '127.0.0.1:48740').diagnosis.includes('reset by the peer at frame 8: FD_CLOSE with WSAECONNABORTED'));
    assert.ok(socket(v, 'accepted', '127.0.0.1:47082').diagnosis.some((d) => d.startsWith("this end reset the connection at frame 8: taken as the program's abortive close")));
  });

  it('documented: WSAECONNRESET, and FD_WRITE after the client\'s send', async () => {
    const v = await analyzeFile(S('reset-abort.pcapng'), { profile: 'documented' });
    assert.deepEqual(socket(v, 'client', '127.0.0.1:48740') && compact(socket(v, 'client', '127.0.0.1:48740')),
      ['[2] FD_CONNECT FD_WRITE', '[4] FD_READ', '[6] FD_WRITE', '[8] FD_CLOSE:WSAECONNRESET']);
  });

  it('WSAAsyncSelect: lParam carries the error in its high word', async () => {
    const v = await analyzeFile(S('reset-abort.pcapng'), { api: 'WSAAsyncSelect' });
    const close = socket(v, 'client', '127.0.0.1:48740').events.at(-1)!;
    assert.equal(close.event, 'FD_CLOSE');
    assert.equal(close.lParam, (10053 << 16) | 0x20);
  });
});

describe('refused', () => {
  for (const profile of ['windows', 'documented'] as const) {
    it(`${profile}: FD_CONNECT with WSAECONNREFUSED, no server socket`, async () => {
      const v = await analyzeFile(S('refused.pcap'), { profile });
      assert.deepEqual(timelines(v), { 'client 127.0.0.1:39964': ['[2] FD_CONNECT:WSAECONNREFUSED'] });
      assert.equal(socket(v, 'client', '127.0.0.1:39964').connState, 'REJ');
    });
  }
});

describe('urgent data', () => {
  it('the urgent byte is FD_OOB, not FD_READ (SO_OOBINLINE off)', async () => {
    const v = await analyzeFile(S('urgent-oob.pcapng'));
    assert.deepEqual(timelines(v), {
      'listener 127.0.0.1:47083': ['[3] FD_ACCEPT'],
      'client 127.0.0.1:43964': ['[2] FD_CONNECT FD_WRITE', '[11] FD_READ', '[13] FD_CLOSE'],
      // hello world (4), the urgent byte alone (6), after (8), FIN (10).
      'accepted 127.0.0.1:47083': ['[3] FD_WRITE', '[4] FD_READ', '[6] FD_OOB', '[8] FD_READ', '[10] FD_CLOSE'],
    });
  });

  it('a mask without FD_OOB loses the event, and the diagnosis says so', async () => {
    const v = await analyzeFile(S('urgent-oob.pcapng'), { mask: 0x01 | 0x02 | 0x08 | 0x10 | 0x20 });
    const a = socket(v, 'accepted', '127.0.0.1:47083');
    assert.deepEqual(compact(a), ['[3] FD_WRITE', '[4] FD_READ', '[8] FD_READ', '[10] FD_CLOSE']);
    assert.ok(a.diagnosis.includes('FD_OOB happened 1 time (first at frame 6) but the mask lacks it'), a.diagnosis.join('\n'));
  });
});

describe('data then FIN in one segment', () => {
  it('windows: FD_READ and FD_CLOSE in one WSAEnumNetworkEvents', async () => {
    const v = await analyzeFile(S('data-then-fin.pcapng'));
    assert.deepEqual(compact(socket(v, 'accepted', '127.0.0.1:47093')), ['[3] FD_WRITE', '[4] FD_READ', '[6] FD_CLOSE FD_READ']);
    assert.deepEqual(compact(socket(v, 'client', '127.0.0.1:55266')), ['[2] FD_CONNECT FD_WRITE', '[7] FD_READ', '[9] FD_CLOSE']);
  });

  it('documented: FD_CLOSE only after the data is read, in a second call', async () => {
    const v = await analyzeFile(S('data-then-fin.pcapng'), { profile: 'documented' });
    // The reply (7) goes out after FD_CLOSE; the socket is closed with the server's FIN (9).
    assert.deepEqual(compact(socket(v, 'accepted', '127.0.0.1:47093')), ['[3] FD_WRITE', '[4] FD_READ', '[6] FD_READ', '[6] FD_CLOSE', '[7] FD_WRITE']);
  });
});

describe('half-close', () => {
  it('the server goes on sending after FD_CLOSE; the client reads each chunk', async () => {
    const v = await analyzeFile(S('half-close.pcapng'));
    assert.deepEqual(timelines(v), {
      'listener 127.0.0.1:47084': ['[3] FD_ACCEPT'],
      'client 127.0.0.1:41022': ['[2] FD_CONNECT FD_WRITE', '[7] FD_READ', '[9] FD_READ', '[11] FD_READ', '[13] FD_READ', '[15] FD_CLOSE'],
      'accepted 127.0.0.1:47084': ['[3] FD_WRITE', '[4] FD_READ', '[6] FD_CLOSE'],
    });
  });

  it('application model none: data stays unread, and FD_CLOSE under windows only', async () => {
    const v = await analyzeFile(S('half-close.pcapng'), { app: 'none' });
    const c = socket(v, 'client', '127.0.0.1:41022');
    // Never read, FD_READ is never re-enabled: one FD_READ only.
    assert.deepEqual(compact(c), ['[2] FD_CONNECT FD_WRITE', '[7] FD_READ', '[15] FD_CLOSE']);
    assert.match(c.events.at(-1)!.divergence!, /^documented: not reported — FD_CLOSE only after all data is read/);
    assert.ok(c.diagnosis.includes('144 bytes never read (application model none: the program never reads)'), c.diagnosis.join('\n'));
    // The listener never accepts, yet the wire shows the accepted end sending: said, not hidden.
    assert.deepEqual(compact(socket(v, 'listener', '127.0.0.1:47084')), ['[3] FD_ACCEPT']);
    assert.ok(socket(v, 'accepted', '127.0.0.1:47084').diagnosis.some((d) => d.startsWith('the wire contradicts the application model')));
  });
});

describe('a listener with a backlog', () => {
  it('prompt: one FD_ACCEPT per handshake (accepted until WSAEWOULDBLOCK each time)', async () => {
    const v = await analyzeFile(S('listener-backlog.pcapng'));
    assert.deepEqual(compact(socket(v, 'listener', '127.0.0.1:47094')), ['[3] FD_ACCEPT', '[6] FD_ACCEPT', '[9] FD_ACCEPT']);
    assert.equal(v.sockets.filter((s) => s.role === 'accepted').length, 3);
  });

  it('none: FD_ACCEPT once (never re-enabled), three connections waiting', async () => {
    const v = await analyzeFile(S('listener-backlog.pcapng'), { app: 'none' });
    const l = socket(v, 'listener', '127.0.0.1:47094');
    assert.deepEqual(compact(l), ['[3] FD_ACCEPT']);
    assert.ok(l.diagnosis.includes('up to 3 connections waited for accept at once'));
    assert.ok(l.diagnosis.includes('3 connections never accepted'));
  });
});

describe('zero window', () => {
  it('the sender: FD_WRITE when the window reopens after its send blocked', async () => {
    const v = await analyzeFile(S('zero-window.pcapng'));
    const c = socket(v, 'client', '127.0.0.1:58980');
    assert.deepEqual(compact(c), ['[2] FD_CONNECT FD_WRITE', '[11] FD_WRITE', '[14] FD_WRITE', '[94] FD_CLOSE']);
    assert.ok(c.diagnosis.some((d) => d.startsWith("send stalled: the peer's window was zero from frame 7 to 11")), c.diagnosis.join('\n'));
    assert.ok(socket(v, 'accepted', '127.0.0.1:47085').diagnosis.some((d) => d.startsWith('receive window full from frame 7 to 11')));
    // The last segment (93) carries data and the FIN.
    assert.deepEqual(compact(socket(v, 'accepted', '127.0.0.1:47085')).at(-1), '[93] FD_CLOSE FD_READ');
  });
});

describe('UDP', () => {
  it('windows: FD_WRITE once after bind; an ICMP port unreachable is FD_READ', async () => {
    const v = await analyzeFile(S('udp-port-unreachable.pcap'));
    assert.deepEqual(timelines(v), {
      'udp 127.0.0.1:43209': ['[1] FD_WRITE', '[2] FD_READ'],
      'udp 127.0.0.1:47086': ['[1] FD_READ FD_WRITE'],
      // No socket at the closed port 47087.
      'udp 127.0.0.1:34121': ['[3] FD_WRITE', '[4] FD_READ'],
    });
  });

  it('documented: each sendto records FD_WRITE again', async () => {
    const v = await analyzeFile(S('udp-port-unreachable.pcap'), { profile: 'documented' });
    assert.deepEqual(compact(socket(v, 'udp', '127.0.0.1:47086')), ['[1] FD_READ FD_WRITE', '[2] FD_WRITE']);
  });

  it('one unconnected socket over two flows has no single remote', async () => {
    const v = await analyzeFile(S('udp-exchange.pcapng'));
    const s = socket(v, 'udp', '127.0.0.1:58190');
    assert.equal(s.remote, null);
    assert.deepEqual(s.connections, [1, 2]);
  });
});

describe('IPv6', () => {
  it('endpoints are written [addr]:port', async () => {
    const v = await analyzeFile(S('ipv6-loopback.pcapng'));
    const c = socket(v, 'client', '[::1]:47810');
    assert.equal(c.remote, '[::1]:47088');
    assert.deepEqual(compact(c), ['[2] FD_CONNECT FD_WRITE', '[6] FD_READ', '[8] FD_CLOSE']);
  });
});

describe('local side', () => {
  it('--local names one end: only its sockets are replayed', async () => {
    const v = await analyzeFile(S('graceful-close.pcapng'), {}, ['127.0.0.1']);
    assert.equal(v.sockets.length, 3, 'loopback: the one address is both ends');
    const w = await analyzeFile(S('refused.pcap'), {}, ['10.9.9.9']);
    assert.equal(w.sockets.length, 0);
    assert.match(w.warnings.join('\n'), /1 connection has no local end/);
  });
});

describe('application model window: reads where the receive window shows them', () => {
  it('a receiver that stopped reading for 1.2 s, then drained a segment at a time (zero-window sample)', async () => {
    const v = await analyzeFile(S('zero-window.pcapng'), { app: 'window' });
    const a = socket(v, 'accepted', '127.0.0.1:47085');
    // The first data (4) is never read until the window reopens in frame 11 (+576 of 1152 unread:
    // FD_READ again); from frame 14 on, each window update (even frames to 92) reads one 576-byte
    // segment and leaves the one that came meanwhile, so FD_READ each time. The last 384 bytes
    // and the FIN (93) find FD_READ reported and not yet re-enabled: FD_CLOSE alone.
    const reads = ['[4] FD_READ', '[11] FD_READ', '[14] FD_READ'];
    for (let f = 16; f <= 92; f += 2) reads.push(`[${f}] FD_READ`);
    assert.deepEqual(compact(a), ['[3] FD_WRITE', ...reads, '[93] FD_CLOSE']);
    // Every growth came after the window had shrunk: all on strong evidence. Unread at the FIN:
    // frame 91's segment (576) and frame 93's 384 bytes; the server's FIN (94) proves them read.
    assert.ok(a.diagnosis.includes('41 reads inferred from the receive window'), a.diagnosis.join('\n'));
    assert.ok(a.diagnosis.includes('960 bytes taken as read at the graceful close: the window never showed it, but closing with unread data would have sent a RST'));
    // The sender's story does not depend on reads: as under prompt.
    const p = await analyzeFile(S('zero-window.pcapng'));
    assert.deepEqual(compact(socket(v, 'client', '127.0.0.1:58980')), compact(socket(p, 'client', '127.0.0.1:58980')));
    assert.equal(v.options.app, 'window');
  });

  it('a window that only keeps pace with the data is weak evidence, and said so (http-keepalive)', async () => {
    const v = await analyzeFile(S('http-keepalive.pcapng'), { app: 'window' });
    const a = socket(v, 'accepted', '127.0.0.1:47080');
    // Request 1 (4); the server's ACK (5) moves the edge past it: read. Request 2 (8) is new data
    // on a drained socket: FD_READ; read by the window in frame 9. The client's FIN (11).
    assert.deepEqual(compact(a), ['[3] FD_WRITE', '[4] FD_READ', '[8] FD_READ', '[11] FD_CLOSE']);
    assert.match(a.diagnosis.join('\n'), /2 reads inferred from the receive window \(weak evidence: the window only kept pace with the data/);
  });

  it('without the handshake the window is no evidence (mid-stream capture)', async () => {
    const v = await analyzeFile('test/fixtures/conn-midstream.pcap', { app: 'window' });
    const c = socket(v, 'client', '192.168.1.10:50211');
    assert.ok(c.diagnosis.includes('no read inferred: without the handshake the window scale is unknown, so the window is no evidence'), c.diagnosis.join('\n'));
  });

  it('UDP has no window: its sockets read as under prompt', async () => {
    const w = await analyzeFile(S('udp-exchange.pcapng'), { app: 'window' });
    const p = await analyzeFile(S('udp-exchange.pcapng'));
    assert.deepEqual(timelines(w), timelines(p));
    assert.ok(socket(w, 'udp', '127.0.0.1:58190').diagnosis.includes('a UDP socket has no receive window: reads taken as under prompt'));
  });
});
