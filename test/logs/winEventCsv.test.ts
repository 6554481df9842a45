import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWinEventCsvReader, winEventTime } from '../../analyzer/logs/formats/winEventCsv';
import { LineSplitter } from '../../analyzer/logs/lines';
import type { LogProblem, LogRecord } from '../../analyzer/logs/logRecord';

interface Read {
  records: LogRecord[];
  problems: LogProblem[];
}

function readText(text: string): Read {
  const out: Read = { records: [], problems: [] };
  const r = createWinEventCsvReader({ record: (x) => out.records.push(x), problem: (p) => out.problems.push(p) });
  text.split('\n').forEach((l, i) => r.line(l, i + 1));
  r.end();
  return out;
}

// PowerShell 5 `Get-WinEvent -Path trace.etl -Oldest | Export-Csv`: `#TYPE`, then every
// EventLogRecord property in the order the real Format-List shows them (etw-samples/
// powershell-issue3035_get-winevent-etl-format-list.txt), every value quoted; collections are
// written as their type names. Row 1 carries that sample's values (en-GB culture date).
const PS5_HEADER =
  '"Message","Id","Version","Qualifiers","Level","Task","Opcode","Keywords","RecordId","ProviderName","ProviderId","LogName","ProcessId","ThreadId","MachineName","UserId","TimeCreated","ActivityId","RelatedActivityId","ContainerLog","MatchedQueryIds","Bookmark","LevelDisplayName","OpcodeDisplayName","TaskDisplayName","KeywordsDisplayNames","Properties"';
const LIST = '"System.Collections.Generic.List`1[System.Diagnostics.Eventing.Reader.EventProperty]"';
const PS5 = [
  '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord',
  PS5_HEADER,
  `"","1362","0","","5","0","1","0","401","","3970f9cf-2c0c-4f11-b1cc-e3a1e9958833","","9880","5260","***","","23/01/2017 21:49:31","486882ca-72a5-0000-56e0-7848a572d201","","c:\\...\\trace.etl","System.UInt32[]","System.Diagnostics.Eventing.Reader.EventBookmark","","","","System.Collections.ObjectModel.ReadOnlyCollection\`1[System.String]",${LIST}`,
  `"TCP: connection 0xFFFFE189BD811AA0 (local=10.0.0.5:50100 remote=93.184.216.34:443) connect completed.`,
  `PID = 2604, ""quoted"".","1033","0","","4","1033","1","-9223372028264841216","402","Microsoft-Windows-TCPIP","2f07e2ee-15db-40f1-90ef-9d7ba282188a","","4","11632","***","","23/01/2017 21:49:32","","","c:\\...\\trace.etl","System.UInt32[]","System.Diagnostics.Eventing.Reader.EventBookmark","Information","Info","","System.Collections.ObjectModel.ReadOnlyCollection\`1[System.String]",${LIST}`,
].join('\n');

const PS5_EXPECTED: LogRecord[] = [
  {
    line: 3,
    time: { sec: 1485208171, ns: 0, zone: 'local' },
    // No ProviderName (manifest not registered where it was read): the GUID stands for it.
    provider: '3970f9cf-2c0c-4f11-b1cc-e3a1e9958833',
    eventId: 1362,
    pid: 9880,
    tid: 5260,
    fields: {},
    message: '',
  },
  {
    line: 4,
    time: { sec: 1485208172, ns: 0, zone: 'local' },
    provider: 'Microsoft-Windows-TCPIP',
    eventId: 1033,
    pid: 4,
    tid: 11632,
    fields: {},
    message: 'TCP: connection 0xFFFFE189BD811AA0 (local=10.0.0.5:50100 remote=93.184.216.34:443) connect completed.\nPID = 2604, "quoted".',
  },
];

test('PowerShell 5 Export-Csv with #TYPE: the real sample values, a multi-line Message, dd/MM decided by 23', () => {
  const { records, problems } = readText(PS5);
  assert.deepEqual(problems, []);
  assert.deepEqual(records, PS5_EXPECTED);
});

test('UTF-16LE with BOM and CRLF (PowerShell 5 -Encoding Unicode), decoded by lines.ts', () => {
  const text = PS5.replace(/\n/g, '\r\n') + '\r\n';
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) new DataView(bytes.buffer).setUint16(2 + 2 * i, text.charCodeAt(i), true);
  const out: Read = { records: [], problems: [] };
  const reader = createWinEventCsvReader({ record: (x) => out.records.push(x), problem: (p) => out.problems.push(p) });
  const lines = new LineSplitter((t, n) => reader.line(t, n));
  for (let i = 0; i < bytes.length; i += 77) lines.push(bytes.subarray(i, i + 77));
  lines.end();
  reader.end();
  assert.equal(lines.encoding, 'utf-16le');
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.records, PS5_EXPECTED);
});

test('Select-Object columns in another order, no #TYPE (PowerShell 7), round-trip times, flattened Properties', () => {
  // `Select TimeCreated (as .ToString('o')), ProviderName, Id, ProcessId, ThreadId,
  //  @{n='Properties';e={$_.Properties.Value -join …}}, Message`, as §2c advises.
  const text = [
    '"TimeCreated","ProviderName","Id","ProcessId","ThreadId","Properties","Message"',
    '"2025-03-27T16:12:19.9371050+01:00","Microsoft-Windows-Winsock-AFD","1000","2604","8140","1, 7010, 0xFFFFC08F2E6A9080, 0xFFFFC08F31D5D010, 2, 1, 6, 0xA2C, 0","socket: 1: Process 0xFFFFC08F2E6A9080 (0xA2C), Endpoint 0xFFFFC08F31D5D010, Family 2, Type 1, Protocol 6, Seq 7010, Status 0"',
    '"2025-03-27T15:12:19.9371076Z","Microsoft-Windows-TCPIP","1033","4","11632","16',
    '10.0.0.5:50100',
    '16',
    '93.184.216.34:443',
    '0',
    '2604',
    '1',
    '0xFFFFE189BD811AA0',
    '7","TCP: connection 0xFFFFE189BD811AA0 (local=10.0.0.5:50100 remote=93.184.216.34:443) connect completed. PID = 2604."',
    '"2025-03-27T15:12:20.0000001Z","Some-Other-Provider","7","1","2","{a; b}",""',
  ].join('\n');
  const { records, problems } = readText(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(records, [
    {
      line: 2,
      time: { sec: 1743088339, ns: 937105000, zone: 'offset', offsetMinutes: 60 },
      provider: 'Microsoft-Windows-Winsock-AFD',
      eventId: 1000,
      pid: 2604,
      tid: 8140,
      fields: {
        EnterExit: '1',
        Location: '7010',
        Process: '0xFFFFC08F2E6A9080',
        Endpoint: '0xFFFFC08F31D5D010',
        AddressFamily: '2',
        SocketType: '1',
        Protocol: '6',
        ProcessId: '0xA2C',
        Status: '0',
      },
      message: 'socket: 1: Process 0xFFFFC08F2E6A9080 (0xA2C), Endpoint 0xFFFFC08F31D5D010, Family 2, Type 1, Protocol 6, Seq 7010, Status 0',
    },
    {
      line: 3,
      time: { sec: 1743088339, ns: 937107600, zone: 'utc' },
      provider: 'Microsoft-Windows-TCPIP',
      eventId: 1033,
      pid: 4,
      tid: 11632,
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
      },
      message: 'TCP: connection 0xFFFFE189BD811AA0 (local=10.0.0.5:50100 remote=93.184.216.34:443) connect completed. PID = 2604.',
    },
    {
      line: 12,
      time: { sec: 1743088340, ns: 100, zone: 'utc' },
      provider: 'Some-Other-Provider',
      eventId: 7,
      pid: 1,
      tid: 2,
      fields: { field1: 'a', field2: 'b' },
      message: '',
    },
  ]);
});

const row = (time: string, id: number): string => `"${time}","${id}","X"`;
const SMALL_HEADER = '"TimeCreated","Id","ProviderName"';

test('en-US M/d/yyyy h:mm:ss tt: undecided rows wait for a day above 12, then go out in order', () => {
  const text = [SMALL_HEADER, row('1/2/2017 9:49:31 PM', 1), row('2017-01-23 21:49:31', 2), row('1/13/2017 9:49:31 AM', 3), row('1/2/2017 12:00:00 AM', 4)].join('\n');
  const { records, problems } = readText(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    records.map((r) => [r.eventId, r.line, r.time]),
    [
      [1, 2, { sec: 1483393771, ns: 0, zone: 'local' }], // 2017-01-02 21:49:31
      [2, 3, { sec: 1485208171, ns: 0, zone: 'local' }],
      [3, 4, { sec: 1484300971, ns: 0, zone: 'local' }], // 2017-01-13 09:49:31
      [4, 5, { sec: 1483315200, ns: 0, zone: 'local' }], // 2017-01-02 00:00:00 (12 AM)
    ],
  );
});

test('never decided: the usual order for the shape is assumed and said once', () => {
  const dmy = readText([SMALL_HEADER, row('01/02/2017 21:49:31', 1), row('03/02/2017 21:49:31', 2)].join('\n'));
  assert.deepEqual(dmy.records.map((r) => r.time?.sec), [1485985771, 1486158571]); // 1 and 3 February
  assert.equal(dmy.problems.length, 1);
  assert.equal(dmy.problems[0]!.line, 2);
  assert.match(dmy.problems[0]!.message, /day\/month/);

  const mdy = readText([SMALL_HEADER, row('1/2/2017 9:49:31 PM', 1)].join('\n'));
  assert.deepEqual(mdy.records.map((r) => r.time?.sec), [1483393771]); // 2 January
  assert.equal(mdy.problems.length, 1);
  assert.match(mdy.problems[0]!.message, /month\/day/);
});

test('held rows are bounded: past the limit the order is assumed and rows flow before the end', () => {
  const out: Read = { records: [], problems: [] };
  const r = createWinEventCsvReader({ record: (x) => out.records.push(x), problem: (p) => out.problems.push(p) });
  r.line(SMALL_HEADER, 1);
  for (let i = 0; i < 5000; i++) r.line(row('01/02/2017 21:49:31', i), i + 2);
  assert.equal(out.records.length, 5000);
  assert.equal(out.problems.length, 1);
  r.line(row('01/13/2017 21:49:31', 9), 5002);
  r.end();
  // d/M was assumed; 01/13 contradicts it.
  assert.equal(out.records[5000]!.time, null);
  assert.deepEqual(out.problems.map((p) => p.line), [2, 5002]);
});

test('a date contradicting the order decided earlier: a problem, no time', () => {
  const { records, problems } = readText([SMALL_HEADER, row('23/01/2017 21:49:31', 1), row('01/13/2017 21:49:31', 2)].join('\n'));
  assert.equal(records[0]!.time?.sec, 1485208171);
  assert.equal(records[1]!.time, null);
  assert.deepEqual(problems.map((p) => p.line), [3]);
});

test('culture and ISO forms', () => {
  assert.deepEqual(winEventTime('2017-01-23 21:49:31'), { sec: 1485208171, ns: 0, zone: 'local' });
  assert.deepEqual(winEventTime('2017-01-23T21:49:31.1234567'), { sec: 1485208171, ns: 123456700, zone: 'local' });
  assert.deepEqual(winEventTime('23.01.2017 21:49:31'), { sec: 1485208171, ns: 0, zone: 'local' });
  assert.deepEqual(winEventTime('2017-01-23T20:49:31.1234567Z'), { sec: 1485204571, ns: 123456700, zone: 'utc' });
  assert.equal(winEventTime('13:00:00 PM 1/2/2017'), null);
  assert.equal(winEventTime('1/2/2017 13:00:00 PM'), null);
  assert.equal(winEventTime('yesterday'), null);
});

test('unreadable TimeCreated, no header, garbage: problems, nothing invented', () => {
  const bad = readText([SMALL_HEADER, row('someday', 1)].join('\n'));
  assert.deepEqual(bad.records.map((r) => [r.eventId, r.time]), [[1, null]]);
  assert.deepEqual(bad.problems.map((p) => p.line), [2]);

  const garbage = readText('\u0000\u0001 nothing, here\n"a","b"\nmore');
  assert.deepEqual(garbage.records, []);
  assert.equal(garbage.problems.length, 1);
  assert.equal(garbage.problems[0]!.line, 1);
});
