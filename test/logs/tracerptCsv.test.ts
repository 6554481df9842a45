import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTracerptCsvReader, filetimeToLogTime } from '../../analyzer/logs/formats/tracerptCsv';
import { LineSplitter, splitLines } from '../../analyzer/logs/lines';
import type { LogProblem, LogRecord } from '../../analyzer/logs/logRecord';

const SAMPLES = '/work/shared/etw-samples';

interface Read {
  records: LogRecord[];
  problems: LogProblem[];
}

function readLines(lines: readonly string[]): Read {
  const out: Read = { records: [], problems: [] };
  const r = createTracerptCsvReader({ record: (x) => out.records.push(x), problem: (p) => out.problems.push(p) });
  lines.forEach((l, i) => r.line(l, i + 1));
  r.end();
  return out;
}

const HEADER = readFileSync(join(SAMPLES, 'regprobe_tracerpt-csv-header.csv'), 'utf8').split('\n')[0]!;

test('real header (RegProbe): accepted, no record, no problem', () => {
  const { records, problems } = readLines(splitLines(readFileSync(join(SAMPLES, 'regprobe_tracerpt-csv-header.csv'))).lines);
  assert.deepEqual(records, []);
  assert.deepEqual(problems, []);
});

// Rows as etw-formats.md §2b describes tracerpt CSV: ", " separators, the `EventTrace, Header`
// row first, `Type` = opcode name (with a trailing space), PID/TID hex, Clock-Time a FILETIME,
// then User Data: the payload values in template order, strings quoted. AFD 1000 and TCPIP
// 1033 values follow the field lists of §1.1/§1.3.
const ROWS = [
  HEADER,
  'EventTrace, Header , 0, 2, 0, 0, 0, 0, 0x0000000000000000, 0x00000A2C, 0x00001FCC, 0, , , , , 134353010700000000, 0, 0, 65536, 167772160, 26100, 1',
  'Microsoft-Windows-Winsock-AFD, Open , 1000, 0, 16, 4, 10, 1000, 0x8000000000000004, 0x00000A2C, 0x00001FCC, 3, , , {00000000-0000-0000-0000-000000000000}, , 134353010808889287, 0, 15, 1, 7010, 0xFFFFC08F2E6A9080, 0xFFFFC08F31D5D010, 2, 1, 6, 0x0000000000000A2C, 0',
  'Microsoft-Windows-TCPIP, Info , 1033, 0, 0, 4, 1, 1033, 0x8000000200000000, 0x00000004, 0x00002D70, 0, , , , , 134353010808889288, 0, 0, 16, 10.0.0.5:50100, 16, 93.184.216.34:443, 0, 2604, 1, 0xFFFFE189BD811AA0, 7, "extra, quoted"',
  'Some-Other-Provider, Info , 5, 0, 0, 4, 0, 0, 0x0, 0x00000010, 0x00000020, 1, , , , , 134353010808889289, 0, 0, "C:\\Program Files\\x, y.exe", 42',
  'Microsoft-Windows-Winsock-AFD, Close , 1001, 0, 16, 4, 11, 1001, 0x8000000000000004, 0x00000A2C, 0x00001FCC, 3, , , , , 134353010808889290, 0, 0, ',
];

test('rows: provider, id, hex PID/TID, FILETIME to exact UTC, User Data named by the catalog', () => {
  const { records, problems } = readLines(ROWS);
  assert.deepEqual(problems, []);
  assert.deepEqual(records, [
    {
      line: 3,
      // 134353010808889287 × 100 ns since 1601 = 2026-10-01T04:04:40.8889287Z.
      time: { sec: 1790827480, ns: 888928700, zone: 'utc' },
      provider: 'Microsoft-Windows-Winsock-AFD',
      eventId: 1000,
      pid: 0xa2c,
      tid: 0x1fcc,
      fields: {
        EnterExit: '1',
        Location: '7010',
        Process: '0xFFFFC08F2E6A9080',
        Endpoint: '0xFFFFC08F31D5D010',
        AddressFamily: '2',
        SocketType: '1',
        Protocol: '6',
        ProcessId: '0x0000000000000A2C',
        Status: '0',
      },
      message: '',
    },
    {
      line: 4,
      time: { sec: 1790827480, ns: 888928800, zone: 'utc' },
      provider: 'Microsoft-Windows-TCPIP',
      eventId: 1033,
      pid: 4,
      tid: 0x2d70,
      fields: {
        LocalAddressLength: '16',
        LocalAddress: '10.0.0.5:50100',
        RemoteAddressLength: '16',
        RemoteAddress: '93.184.216.34:443',
        Status: '0',
        ProcessId: '2604',
        Compartment: '1',
        Tcb: '0xFFFFE189BD811AA0',
        ProcessStartKey: '7',
        // One value more than the catalog's field list: kept by position.
        field10: 'extra, quoted',
      },
      message: '',
    },
    {
      line: 5,
      time: { sec: 1790827480, ns: 888928900, zone: 'utc' },
      provider: 'Some-Other-Provider',
      eventId: 5,
      pid: 0x10,
      tid: 0x20,
      fields: { field1: 'C:\\Program Files\\x, y.exe', field2: '42' },
      message: '',
    },
    {
      line: 6,
      time: { sec: 1790827480, ns: 888929000, zone: 'utc' },
      provider: 'Microsoft-Windows-Winsock-AFD',
      eventId: 1001,
      pid: 0xa2c,
      tid: 0x1fcc,
      fields: {},
      message: '',
    },
  ]);
});

test('a quoted string with a newline spans lines: one record, at its first line', () => {
  const rows = [HEADER, 'Some-Other-Provider, Info , 5, 0, 0, 4, 0, 0, 0x0, 0x00000010, 0x00000020, 1, , , , , 134353010808889289, 0, 0, "first', 'second", 42', ROWS[3]!];
  const { records, problems } = readLines(rows);
  assert.deepEqual(problems, []);
  assert.equal(records.length, 2);
  assert.equal(records[0]!.line, 2);
  assert.deepEqual(records[0]!.fields, { field1: 'first\nsecond', field2: '42' });
  assert.equal(records[1]!.line, 4);
  assert.equal(records[1]!.eventId, 1033);
});

test('Clock-Time that is not a FILETIME (QPC): times left out, said once', () => {
  const qpc = ROWS.slice(0, 4).map((r) => r.replace(/13435301080888928\d/, '30532515324'));
  const { records, problems } = readLines(qpc);
  assert.equal(records.length, 2);
  assert.deepEqual(records.map((r) => r.time), [null, null]);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 3);
  assert.match(problems[0]!.message, /not a FILETIME/);
});

test('UTF-16LE with BOM and CRLF (tracerpt -en Unicode), decoded by lines.ts', () => {
  const text = ROWS.join('\r\n') + '\r\n';
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + 2 * i, text.charCodeAt(i), true);
  const out: Read = { records: [], problems: [] };
  const reader = createTracerptCsvReader({ record: (x) => out.records.push(x), problem: (p) => out.problems.push(p) });
  const lines = new LineSplitter((t, n) => reader.line(t, n));
  for (let i = 0; i < bytes.length; i += 101) lines.push(bytes.subarray(i, i + 101));
  lines.end();
  reader.end();
  assert.equal(lines.encoding, 'utf-16le');
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.records, readLines(ROWS).records);
});

test('garbage, rows before the header, no header at all: problems, nothing invented', () => {
  const before = readLines(['hello', ...ROWS.slice(0, 3)]);
  assert.equal(before.records.length, 1);
  assert.deepEqual(before.problems.map((p) => p.line), [1]);
  const none = readLines(['\u0000\u0001garbage, , ,', 'more "garbage']);
  assert.deepEqual(none.records, []);
  assert.ok(none.problems.length >= 2);
});

test('FILETIME conversion: exact at 100 ns, epoch boundaries, non-numbers', () => {
  // 1970-01-01T00:00:00Z is FILETIME 116444736000000000: outside the plausible range (before 1980).
  assert.equal(filetimeToLogTime('116444736000000000'), null);
  // 2000-01-01T00:00:00.0000001Z.
  assert.deepEqual(filetimeToLogTime('125911584000000001'), { sec: 946684800, ns: 100, zone: 'utc' });
  assert.equal(filetimeToLogTime('0x1234'), null);
  assert.equal(filetimeToLogTime(''), null);
});
