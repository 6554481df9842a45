import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileProgramPattern, compileProgramPatterns, parseProgramTime, presetPatterns, PROGRAM_PRESETS,
} from '../../analyzer/logs/programPatterns';

function groupsOf(preset: string, line: string): Record<string, string> | null {
  const [p] = presetPatterns([preset]);
  const m = p!.regex.exec(line);
  if (m === null) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v;
  return out;
}

describe('program-log presets', () => {
  it('every preset compiles and matches its own example', () => {
    assert.ok(PROGRAM_PRESETS.length >= 5);
    for (const p of PROGRAM_PRESETS) {
      const c = compileProgramPattern({ name: p.name, regex: p.regex });
      assert.ok(c.ok, `${p.name}: ${c.ok ? '' : c.message}`);
      assert.notEqual(c.pattern.regex.exec(p.example), null, `${p.name} does not match ${p.example}`);
    }
  });

  it('fd-words: captures time, socket, event list and error', () => {
    assert.deepEqual(groupsOf('fd-words', '[12:00:01.123] sock 356: FD_READ err=0'),
      { time: '12:00:01.123', socket: '356', event: 'FD_READ', error: '0' });
    assert.deepEqual(groupsOf('fd-words', '2026-11-20 09:00:00.5 socket 0x1A4 FD_READ|FD_CLOSE error=WSAECONNRESET'),
      { time: '2026-11-20 09:00:00.5', socket: '0x1A4', event: 'FD_READ|FD_CLOSE', error: 'WSAECONNRESET' });
  });

  it('fd-words: near misses do not match', () => {
    assert.equal(groupsOf('fd-words', 'sock 356: FD_READ err=0'), null, 'no time');
    assert.equal(groupsOf('fd-words', '[12:00:01.123] sock 356: READ err=0'), null, 'no FD_ name');
    assert.equal(groupsOf('fd-words', '[12:00:01.123] connected to 10.0.0.5:443'), null);
  });

  it('enum-mask: mask and the iErrorCode tail', () => {
    const g = groupsOf('enum-mask', '2026-11-20 15:23:28.782700 socket 356 WSAEnumNetworkEvents: lNetworkEvents=0x21 iErrorCode[FD_READ_BIT]=0 iErrorCode[FD_CLOSE_BIT]=10053');
    assert.equal(g?.mask, '0x21');
    assert.equal(g?.socket, '356');
    assert.match(g?.errors ?? '', /FD_CLOSE_BIT\]=10053/);
    assert.equal(groupsOf('enum-mask', '2026-11-20 15:23:28 socket 356 lNetworkEvents=33')?.mask, '33');
    assert.equal(groupsOf('enum-mask', '2026-11-20 15:23:28 socket 356 NetworkEvents=0x21'), null, 'not lNetworkEvents');
    assert.equal(groupsOf('enum-mask', '2026-11-20 15:23:28 lNetworkEvents=0x21'), null, 'no socket');
  });

  it('async-select-macros and async-lparam', () => {
    assert.deepEqual(groupsOf('async-select-macros', '2026-11-20T15:23:28.782700+02:00 WM_SOCKET wParam=356 WSAGETSELECTEVENT(lParam)=0x20 WSAGETSELECTERROR(lParam)=10054'),
      { time: '2026-11-20T15:23:28.782700+02:00', socket: '356', event: '0x20', error: '10054' });
    assert.equal(groupsOf('async-select-macros', '2026-11-20T15:23:28Z WM_SOCKET wParam=356 WSAGETSELECTEVENT(lParam)=0x20'), null, 'no error macro');
    assert.deepEqual(groupsOf('async-lparam', '2026/11/20 15:23:28.782 WM_SOCKET msg wParam=356 lParam=0x27450020'),
      { time: '2026/11/20 15:23:28.782', socket: '356', lParam: '0x27450020' });
    assert.equal(groupsOf('async-lparam', '2026/11/20 15:23:28.782 msg lParam=0x27450020'), null, 'no wParam');
  });

  it('call-trace: results, errors and select masks', () => {
    assert.deepEqual(groupsOf('call-trace', '2026-11-20 15:23:28.682512 recv(356) = -1 WSAEWOULDBLOCK'),
      { time: '2026-11-20 15:23:28.682512', call: 'recv', socket: '356', result: '-1', error: 'WSAEWOULDBLOCK' });
    assert.deepEqual(groupsOf('call-trace', '2026-11-20 15:23:28.682512 recv(356) = 512'),
      { time: '2026-11-20 15:23:28.682512', call: 'recv', socket: '356', result: '512' });
    assert.equal(groupsOf('call-trace', '12:00:00.000 WSAEventSelect(356, 0x1F0, FD_READ|FD_CLOSE) = 0')?.mask, 'FD_READ|FD_CLOSE');
    assert.equal(groupsOf('call-trace', '12:00:00.000 WSAAsyncSelect(356, 0x3049C, 0x401, 0x21) = 0')?.mask, '0x21');
    assert.deepEqual(groupsOf('call-trace', '12:00:00.000 send(356, "GET /", 5) = 5')?.result, '5');
    assert.equal(groupsOf('call-trace', '2026/11/22 00:19:58.277 recvfrom(324) = 2')?.call, 'recvfrom');
    assert.equal(groupsOf('call-trace', '12:00:00.000 recvmsg(356) = 5'), null, 'unknown call');
    assert.equal(groupsOf('call-trace', '12:00:00.000 recv(356)'), null, 'no result');
  });
});

describe('user patterns', () => {
  it('rejects a regex that does not compile, naming the pattern', () => {
    const c = compileProgramPattern({ name: 'mine', regex: '(?<event>FD_[A-Z+' });
    assert.equal(c.ok, false);
    assert.match(c.ok ? '' : c.message, /^mine: not a valid JavaScript regular expression/);
  });

  it('rejects a pattern without event, mask, lParam or call', () => {
    const c = compileProgramPattern({ regex: '^(?<time>\\S+) (?<socket>\\d+)' }, 2);
    assert.equal(c.ok, false);
    assert.match(c.ok ? '' : c.message, /pattern 3: needs at least one of .*event.*mask.*lParam.*call.*it has \(\?<time>…\), \(\?<socket>…\)/);
    const d = compileProgramPattern({ regex: 'FD_READ' });
    assert.match(d.ok ? '' : d.message, /no named groups/);
  });

  it('rejects errors without mask, and an empty regex', () => {
    assert.equal(compileProgramPattern({ regex: '(?<event>FD_\\w+)(?<errors>.*)' }).ok, false);
    assert.equal(compileProgramPattern({ regex: '  ' }).ok, false);
  });

  it('accepts /…/flags literals and drops g and y', () => {
    const c = compileProgramPattern({ regex: '/sock (?<socket>\\d+) (?<event>fd_\\w+)/giy' });
    assert.ok(c.ok);
    assert.equal(c.pattern.regex.flags, 'i');
    // Without g the same regex matches line after line (no lastIndex carried over).
    assert.notEqual(c.pattern.regex.exec('sock 1 fd_read'), null);
    assert.notEqual(c.pattern.regex.exec('sock 2 fd_read'), null);
  });

  it('does not count escaped parentheses or lookbehinds as groups', () => {
    const c = compileProgramPattern({ regex: '\\(?<event>x\\)(?<=a)(?<!b)' });
    assert.equal(c.ok, false);
  });

  it('compiles a list, keeping the good ones and reporting the bad', () => {
    const r = compileProgramPatterns([{ regex: '(?<event>FD_\\w+)' }, { regex: '(' }, { regex: '(?<time>x)' }]);
    assert.equal(r.patterns.length, 1);
    assert.equal(r.errors.length, 2);
  });

  it('presetPatterns rejects an unknown name', () => {
    assert.throws(() => presetPatterns(['nope']), /no program-log preset named nope/);
  });
});

describe('program-log time', () => {
  it('ISO 8601 with an offset is converted to UTC and keeps the offset', () => {
    assert.deepEqual(parseProgramTime('2026-11-20T15:23:28.682100500+02:00'),
      { sec: Date.UTC(2026, 10, 20, 13, 23, 28) / 1000, ns: 682100500, zone: 'offset', offsetMinutes: 120 });
    assert.deepEqual(parseProgramTime('2026-11-20T08:23:28.5-0530'),
      { sec: Date.UTC(2026, 10, 20, 13, 53, 28) / 1000, ns: 500000000, zone: 'offset', offsetMinutes: -330 });
  });

  it('Z and +00:00 are UTC; no zone is local', () => {
    const utc = Date.UTC(2026, 10, 20, 15, 23, 28) / 1000;
    assert.deepEqual(parseProgramTime('2026-11-20T15:23:28Z'), { sec: utc, ns: 0, zone: 'utc' });
    assert.deepEqual(parseProgramTime('2026-11-20T15:23:28+00:00'), { sec: utc, ns: 0, zone: 'utc' });
    assert.deepEqual(parseProgramTime('2026-11-20 15:23:28.123456789'), { sec: utc, ns: 123456789, zone: 'local' });
    assert.deepEqual(parseProgramTime('2026/11/20 15:23:28.1'), { sec: utc, ns: 100000000, zone: 'local' });
    assert.deepEqual(parseProgramTime('2026/11/20-15:23:28.937105000'), { sec: utc, ns: 937105000, zone: 'local' });
  });

  it('keeps nanoseconds exactly where a float would not', () => {
    // 0.000000007 s has no exact binary float; read as digits it stays 7 ns.
    assert.equal(parseProgramTime('2026-11-20 15:23:28.000000007')?.ns, 7);
    assert.equal(parseProgramTime('2026-11-20 15:23:28,999999999')?.ns, 999999999);
    assert.equal(parseProgramTime('2026-11-20 15:23:28.1234567891')?.ns, 123456789, 'digits past ns dropped');
  });

  it('time only', () => {
    assert.deepEqual(parseProgramTime('12:00:01.123'), { sec: 43201, ns: 123000000, zone: 'time-only' });
    assert.deepEqual(parseProgramTime('7:05:00'), { sec: 25500, ns: 0, zone: 'time-only' });
  });

  it('rejects impossible dates and other text', () => {
    for (const t of ['2026-02-29 00:00:00', '2026-13-01 00:00:00', '2026-11-20 24:00:00', '25:00:00', '2026-11-20', 'yesterday', '2026-11-20T10:00:00+15:00']) {
      assert.equal(parseProgramTime(t), null, t);
    }
    assert.notEqual(parseProgramTime('2024-02-29 00:00:00'), null, 'leap day');
  });
});
