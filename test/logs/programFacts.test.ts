import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogFact } from '../../analyzer/logs/logFact';
import type { LogRecord } from '../../analyzer/logs/logRecord';
import { decodeProgramRecord, errorCode, PROGRAM_PROVIDER, programFacts } from '../../analyzer/logs/programFacts';
import { FD_NAMES, makeSelectReply } from '../../analyzer/model/fdEvents';
import { wsaCode } from '../../analyzer/model/winsockErrors';

function rec(fields: Record<string, string>, message = ''): LogRecord {
  return { line: 1, time: null, provider: PROGRAM_PROVIDER, eventId: null, pid: null, tid: null, fields, message };
}
const sock = { kind: 'socket', id: '356' } as const;
const fd = (event: string, error: number, via: 'enum' | 'message'): LogFact =>
  ({ subject: sock, kind: 'fd-event', event, error, via }) as LogFact;

describe('programFacts: FD_* events', () => {
  it('one fd-event per bit of lNetworkEvents, errors from iErrorCode by bit name', () => {
    const r = rec({ socket: '356', mask: '0x21', errors: ' iErrorCode[FD_READ_BIT]=0 iErrorCode[FD_CLOSE_BIT]=10053' });
    assert.deepEqual(programFacts(r), [fd('FD_READ', 0, 'enum'), fd('FD_CLOSE', 10053, 'enum')]);
  });

  it('decimal masks, all six bits, error names and index form', () => {
    const r = rec({ socket: '356', mask: '63', errors: 'iErrorCode[4]=WSAECONNREFUSED, iErrorCode[FD_CLOSE_BIT]=WSAECONNRESET' });
    assert.deepEqual(programFacts(r).map((f) => f.kind === 'fd-event' ? `${f.event}:${f.error}` : f.kind),
      ['FD_READ:0', 'FD_WRITE:0', 'FD_OOB:0', 'FD_ACCEPT:0', 'FD_CONNECT:10061', 'FD_CLOSE:10054']);
  });

  it('without an errors group, iErrorCode pairs are read from the whole line', () => {
    const r = rec({ socket: '356', mask: '0x12' }, 'socket 356 lNetworkEvents=0x12 iErrorCode[FD_CONNECT_BIT]=10061');
    assert.deepEqual(programFacts(r), [fd('FD_WRITE', 0, 'enum'), fd('FD_CONNECT', 10061, 'enum')]);
  });

  it('a zero or oversized mask is a problem, not a fact', () => {
    for (const mask of ['0', '0x400', 'x21']) {
      const d = decodeProgramRecord(rec({ socket: '1', mask }));
      assert.equal(d.facts.length, 0, mask);
      assert.match(d.problems[0] ?? '', /not a mask of FD_\* bits/);
    }
  });

  it('lParam: WSAGETSELECTEVENT and WSAGETSELECTERROR, checked against makeSelectReply', () => {
    for (let bit = 0; bit < 6; bit++) {
      for (const error of [0, 10053, 10054, 10061, 10060]) {
        const lParam = makeSelectReply(1 << bit, error);
        const hex = rec({ socket: '356', lParam: `0x${lParam.toString(16)}` });
        const dec = rec({ socket: '356', lParam: String(lParam) });
        const want = [fd(FD_NAMES[bit]!, error, 'message')];
        assert.deepEqual(programFacts(hex), want, `0x${lParam.toString(16)}`);
        assert.deepEqual(programFacts(dec), want, String(lParam));
      }
    }
    assert.deepEqual(programFacts(rec({ socket: '356', lParam: '0x27450020' })), [fd('FD_CLOSE', 10053, 'message')]);
    assert.match(decodeProgramRecord(rec({ socket: '356', lParam: '0x27450000' })).problems[0] ?? '', /WSAGETSELECTEVENT is 0/);
  });

  it('event names, lists and numbers; via from the line', () => {
    assert.deepEqual(programFacts(rec({ socket: '356', event: 'FD_READ|FD_CLOSE', error: '0' }, 'sock 356: FD_READ|FD_CLOSE')),
      [fd('FD_READ', 0, 'enum'), fd('FD_CLOSE', 0, 'enum')]);
    assert.deepEqual(programFacts(rec({ socket: '356', event: 'read, close' })), [fd('FD_READ', 0, 'enum'), fd('FD_CLOSE', 0, 'enum')]);
    assert.deepEqual(programFacts(rec({ socket: '356', event: '0x20', error: '10054' }, 'WM_SOCKET wParam=356 WSAGETSELECTEVENT(lParam)=0x20')),
      [fd('FD_CLOSE', 10054, 'message')]);
    assert.deepEqual(programFacts(rec({ socket: '356', event: 'FD_CLOSE', error: 'WSAECONNABORTED' })), [fd('FD_CLOSE', 10053, 'enum')]);
  });

  it('an unknown event or error is reported and gives no fact', () => {
    const a = decodeProgramRecord(rec({ socket: '1', event: 'FD_SOMETHING' }));
    assert.equal(a.facts.length, 0);
    assert.match(a.problems[0] ?? '', /names no FD_\* event/);
    const b = decodeProgramRecord(rec({ socket: '1', event: 'FD_READ', error: 'WSAEBOGUS' }));
    assert.equal(b.facts.length, 0);
    assert.match(b.problems[0] ?? '', /WSAEBOGUS/);
  });

  it('no socket: subject none; hex handles lower-cased as written', () => {
    assert.deepEqual(programFacts(rec({ event: 'FD_READ' }))[0]?.subject, { kind: 'none', id: '' });
    assert.deepEqual(programFacts(rec({ socket: '0x1A4', event: 'FD_READ' }))[0]?.subject, { kind: 'socket', id: '0x1a4' });
  });
});

describe('programFacts: calls', () => {
  it('recv: bytes on success, WSAEWOULDBLOCK as 10035', () => {
    assert.deepEqual(programFacts(rec({ call: 'recv', socket: '356', result: '512' })),
      [{ subject: sock, kind: 'recv', status: 0, error: 0, bytes: 512 }]);
    assert.deepEqual(programFacts(rec({ call: 'recv', socket: '356', result: '-1', error: 'WSAEWOULDBLOCK' })),
      [{ subject: sock, kind: 'recv', status: -1, error: 10035 }]);
    assert.deepEqual(programFacts(rec({ call: 'recv', socket: '356', result: '0' })),
      [{ subject: sock, kind: 'recv', status: 0, error: 0, bytes: 0 }], 'recv 0 = end of stream');
  });

  it('send with an explicit bytes group; WSASend counts as send', () => {
    assert.deepEqual(programFacts(rec({ call: 'WSASend', socket: '356', result: '0', bytes: '75' })),
      [{ subject: sock, kind: 'send', status: 0, error: 0, bytes: 75 }]);
    assert.deepEqual(programFacts(rec({ call: 'send', socket: '356', result: '-1', error: '10054' })),
      [{ subject: sock, kind: 'send', status: -1, error: 10054 }]);
  });

  it('SOCKET_ERROR without an error is reported', () => {
    const d = decodeProgramRecord(rec({ call: 'send', socket: '356', result: '-1' }));
    assert.match(d.problems[0] ?? '', /SOCKET_ERROR but the line gives no error/);
  });

  it('accept names the new socket; closesocket; shutdown', () => {
    assert.deepEqual(programFacts(rec({ call: 'accept', socket: '356', result: '400' })),
      [{ subject: sock, kind: 'accept', status: 0, error: 0, accepted: { kind: 'socket', id: '400' } }]);
    assert.deepEqual(programFacts(rec({ call: 'accept', socket: '356', result: '-1', error: 'WSAEWOULDBLOCK' })),
      [{ subject: sock, kind: 'accept', status: -1, error: 10035 }]);
    assert.deepEqual(programFacts(rec({ call: 'closesocket', socket: '356', result: '0' })),
      [{ subject: sock, kind: 'closesocket', status: 0, error: 0 }]);
    assert.equal(programFacts(rec({ call: 'shutdown', socket: '356', result: '0' }))[0]?.kind, 'shutdown');
  });

  it('connect: WSAEWOULDBLOCK is the request, anything else the completion', () => {
    assert.deepEqual(programFacts(rec({ call: 'connect', socket: '356', result: '-1', error: 'WSAEWOULDBLOCK' })),
      [{ subject: sock, kind: 'connect', phase: 'request' }]);
    assert.deepEqual(programFacts(rec({ call: 'connect', socket: '356', result: '-1', error: 'WSAECONNREFUSED' })),
      [{ subject: sock, kind: 'connect', phase: 'complete', status: -1, error: 10061 }]);
  });

  it('WSAEventSelect / WSAAsyncSelect give select with the mask', () => {
    assert.deepEqual(programFacts(rec({ call: 'WSAEventSelect', socket: '356', result: '0', mask: 'FD_READ|FD_CLOSE' })),
      [{ subject: sock, kind: 'select', mask: 0x21 }]);
    assert.deepEqual(programFacts(rec({ call: 'WSAAsyncSelect', socket: '356', result: '0', mask: '0x3f' })),
      [{ subject: sock, kind: 'select', mask: 0x3f }]);
  });

  it('WSAEnumNetworkEvents with a mask gives fd-events', () => {
    assert.deepEqual(programFacts(rec({ call: 'WSAEnumNetworkEvents', socket: '356', result: '0', mask: '0x20', errors: '[FD_CLOSE_BIT]=10053' })),
      [fd('FD_CLOSE', 10053, 'enum')]);
  });
});

describe('errorCode', () => {
  it('reads names, decimal and hex; rejects the rest', () => {
    assert.equal(errorCode('WSAEWOULDBLOCK'), wsaCode('WSAEWOULDBLOCK'));
    assert.equal(errorCode('wsaeconnreset'), 10054);
    assert.equal(errorCode('0'), 0);
    assert.equal(errorCode('0x2746'), 10054);
    assert.equal(errorCode('-1'), null);
    assert.equal(errorCode('ECONNRESET'), null);
  });
});
