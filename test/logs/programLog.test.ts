import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgramLogReader } from '../../analyzer/logs/formats/programLog';
import { splitLines } from '../../analyzer/logs/lines';
import type { LogProblem, LogRecord } from '../../analyzer/logs/logRecord';
import { PROGRAM_PROVIDER, programFacts } from '../../analyzer/logs/programFacts';
import { compileProgramPattern, presetPatterns } from '../../analyzer/logs/programPatterns';

function read(text: string | Uint8Array, names?: string[]) {
  const records: LogRecord[] = [];
  const problems: LogProblem[] = [];
  const reader = createProgramLogReader(presetPatterns(names), { record: (r) => records.push(r), problem: (p) => problems.push(p) });
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  splitLines(bytes).lines.forEach((l, i) => reader.line(l, i + 1));
  reader.end();
  return { records, problems, stats: reader.stats };
}

const LOG = [
  'client starting, pid 4812',
  '[12:00:01.123] sock 356: FD_CONNECT|FD_WRITE err=0',
  'connected to 127.0.0.1:47082',
  '[12:00:01.124] sock 356: FD_READ err=0',
  '',
  'got 11 bytes: "hello there"',
  '[12:00:01.224] sock 356: FD_CLOSE err=WSAECONNABORTED',
].join('\r\n');

describe('program log reader', () => {
  it('one record per matching line, with the groups as fields and the line number', () => {
    const { records, problems, stats } = read(LOG);
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => r.line), [2, 4, 7]);
    assert.deepEqual(records[0], {
      line: 2,
      time: { sec: 43201, ns: 123000000, zone: 'time-only' },
      provider: PROGRAM_PROVIDER, eventId: null, pid: null, tid: null,
      fields: { time: '12:00:01.123', socket: '356', event: 'FD_CONNECT|FD_WRITE', error: '0' },
      message: '[12:00:01.123] sock 356: FD_CONNECT|FD_WRITE err=0',
    });
    assert.deepEqual(stats, { lines: 7, matched: 3, unmatched: 3, nearMisses: 0, byPattern: { 'fd-words': 3 } });
  });

  it('records carry what programFacts needs', () => {
    const { records } = read(LOG);
    const facts = records.flatMap((r) => programFacts(r));
    assert.deepEqual(facts.map((f) => f.kind === 'fd-event' ? `${f.event}:${f.error}` : f.kind),
      ['FD_WRITE:0', 'FD_CONNECT:0', 'FD_READ:0', 'FD_CLOSE:10053']);
  });

  it('reads UTF-16LE with a BOM and CRLF the same way', () => {
    const body = Buffer.from(LOG, 'utf16le');
    const bytes = new Uint8Array(body.length + 2);
    bytes.set([0xff, 0xfe]);
    bytes.set(body, 2);
    const a = read(LOG);
    const b = read(bytes);
    assert.deepEqual(b.records, a.records);
  });

  it('an unmatched line using FD_* words is a problem; other text is only counted', () => {
    const { problems, stats } = read([
      '[12:00:01.123] sock 356: FD_READ err=0',
      'WARN: FD_CLOSE arrived before all data was read',
      'lNetworkEvents was empty',
      'just some text about sockets',
    ].join('\n'));
    assert.deepEqual(problems.map((p) => p.line), [2, 3]);
    assert.match(problems[0]!.message, /mentions FD_CLOSE but matches no program-log pattern/);
    assert.equal(stats.nearMisses, 2);
    assert.equal(stats.unmatched, 3);
  });

  it('caps near-miss problems and sums up the rest', () => {
    const lines = ['[12:00:01.123] sock 1: FD_READ err=0'];
    for (let i = 0; i < 25; i++) lines.push(`note FD_READ ${i}`);
    const { problems } = read(lines.join('\n'));
    assert.equal(problems.length, 21);
    assert.match(problems[20]!.message, /^5 more lines mention FD_\* events/);
  });

  it('a log where nothing matches says so once', () => {
    const { problems } = read('hello\nworld\n', ['enum-mask']);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /none of the 2 lines matched a program-log pattern \(enum-mask\)/);
  });

  it('a matched line with an unreadable time or error keeps its record and reports it', () => {
    const c = compileProgramPattern({ name: 'loose', regex: '^(?<time>\\S+) s(?<socket>\\d+) (?<event>FD_\\w+) (?<error>\\w+)' });
    assert.ok(c.ok);
    const records: LogRecord[] = [];
    const problems: LogProblem[] = [];
    const reader = createProgramLogReader([c.pattern], { record: (r) => records.push(r), problem: (p) => problems.push(p) });
    reader.line('99:99:99 s3 FD_READ WSAENOPE', 1);
    reader.end();
    assert.equal(records.length, 1);
    assert.equal(records[0]!.time, null);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!.message, /^loose: time "99:99:99"/);
    assert.match(problems[1]!.message, /WSAENOPE/);
  });

  it('the first pattern that matches wins; each shape goes to its preset', () => {
    const { records, stats } = read([
      '2026-11-20 15:23:28.782700 socket 356 WSAEnumNetworkEvents: lNetworkEvents=0x21 iErrorCode[FD_READ_BIT]=0 iErrorCode[FD_CLOSE_BIT]=10053',
      '2026/11/20 15:23:28.782 WM_SOCKET msg wParam=356 lParam=0x27450020',
      '2026-11-20 15:23:28.682512 recv(356) = -1 WSAEWOULDBLOCK',
    ].join('\n'));
    assert.equal(records.length, 3);
    assert.deepEqual(stats.byPattern, { 'enum-mask': 1, 'async-lparam': 1, 'call-trace': 1 });
  });
});

describe('program log reader on samples/logs', () => {
  it('reads every sample program log with the presets: no problems, one record per event or call line', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(__dirname, '..', '..', 'samples', 'logs');
    const files = readdirSync(dir).filter((f) => f.endsWith('.program.log'));
    assert.ok(files.length >= 13);
    for (const f of files) {
      const text = readFileSync(join(dir, f));
      const { records, problems, stats } = read(new Uint8Array(text));
      assert.deepEqual(problems, [], f);
      const wanted = splitLines(new Uint8Array(text)).lines.filter((l) => /FD_|lNetworkEvents|lParam|\w\(\d+\) = /.test(l)).length;
      assert.equal(records.length, wanted, f);
      assert.equal(stats.unmatched, stats.lines - wanted, f);
      for (const r of records) assert.notEqual(r.time, null, `${f}:${r.line}`);
    }
  });
});
