import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTracerptXmlReader, parseIsoTime } from '../../analyzer/logs/formats/tracerptXml';
import { LineSplitter } from '../../analyzer/logs/lines';
import type { LogProblem, LogRecord } from '../../analyzer/logs/logRecord';

const SAMPLES = '/work/shared/etw-samples';

interface Read {
  records: LogRecord[];
  problems: LogProblem[];
}

/** Feeds `text` in pieces of `chunk` characters (0: whole). */
function read(text: string, chunk = 0): Read {
  const out: Read = { records: [], problems: [] };
  const r = createTracerptXmlReader({ record: (x) => out.records.push(x), problem: (p) => out.problems.push(p) });
  if (chunk <= 0) r.text(text);
  else for (let i = 0; i < text.length; i += chunk) r.text(text.slice(i, i + chunk));
  r.end();
  return out;
}

test('real excerpt, <EventData> form (s4 issue #99): the event and every value, offset -07:00', () => {
  const { records, problems } = read(readFileSync(join(SAMPLES, 's4-issue99_tracerpt-xml-eventdata.xml'), 'utf8'));
  assert.equal(records.length, 1);
  assert.deepEqual(records[0], {
    line: 2,
    // 2023-03-29T12:33:05.621016900-07:00 is 19:33:05.6210169 UTC.
    time: { sec: 1680118385, ns: 621016900, zone: 'offset', offsetMinutes: -420 },
    provider: 'WUTraceLogging',
    eventId: 0,
    pid: 21064,
    tid: 11964,
    fields: {},
    message: '',
  });
  // The excerpt stops after <EventData>: said once, at the event's line.
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 2);
  assert.match(problems[0]!.message, /ends inside the event/);
});

test('real excerpt, <UserData> form (dotnet/docs #22155): template fields, +00:00 is UTC, cut value left out', () => {
  const { records, problems } = read(readFileSync(join(SAMPLES, 'dotnet-docs-issue22155_tracerpt-xml-userdata.xml'), 'utf8'));
  assert.equal(records.length, 1);
  assert.deepEqual(records[0], {
    line: 1,
    time: { sec: 1608286373, ns: 537830900, zone: 'utc' },
    provider: 'Microsoft-Windows-DotNETRuntime',
    eventId: 152,
    pid: 6920,
    tid: 6612,
    // ModuleNativePath is cut mid-value in the excerpt: not kept.
    fields: { ModuleID: '0x7FF833711000', AssemblyID: '0x1AA03BE0', ModuleFlags: '11', ModuleILPath: '0' },
    message: '',
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /unfinished value is left out/);
});

// A tracerpt dump laid out as the real excerpts and etw-formats.md §2b (System, EventData with
// Data Name, UserData with a template element, RenderingInfo/Message), with AFD 1000
// (AfdCreateOpen) and TCPIP 1033 (TcpConnectTcbComplete) field names from §1.1/§1.3.
const DUMP = `<?xml version="1.0" encoding="UTF-8"?>
<Events>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
	<System>
		<Provider Name="Microsoft-Windows-Winsock-AFD" Guid="{e53c6823-7bb8-44bb-90dc-3f86090d48a6}" />
		<EventID>1000</EventID>
		<Version>0</Version>
		<Level>4</Level>
		<Task>1000</Task>
		<Opcode>10</Opcode>
		<Keywords>0x8000000000000004</Keywords>
		<TimeCreated SystemTime="2025-03-27T16:12:19.937105000+01:00" />
		<Correlation ActivityID="{00000000-0000-0000-0000-000000000000}" />
		<Execution ProcessID="2604" ThreadID="8140" ProcessorID="3" KernelTime="0" UserTime="0" />
		<Channel>Microsoft-Windows-Winsock-AFD/Operational</Channel>
		<Computer />
	</System>
	<EventData>
		<Data Name="EnterExit">1</Data>
		<Data Name="Location">7010</Data>
		<Data Name="Process">0xFFFFC08F2E6A9080</Data>
		<Data Name="Endpoint">0xFFFFC08F31D5D010</Data>
		<Data Name="AddressFamily">2</Data>
		<Data Name="SocketType">1</Data>
		<Data Name="Protocol">6</Data>
		<Data Name="ProcessId">0xA2C</Data>
		<Data Name="Status">0</Data>
	</EventData>
	<RenderingInfo Culture="en-US">
		<Message>socket: 1: Process 0xFFFFC08F2E6A9080 (0xA2C), Endpoint 0xFFFFC08F31D5D010, Family 2, Type 1, Protocol 6, Seq 7010, Status 0</Message>
		<Level>Information </Level>
		<Task>AfdCreate</Task>
		<Opcode>Open</Opcode>
		<Provider>Microsoft-Windows-Winsock-AFD</Provider>
	</RenderingInfo>
</Event>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
	<System>
		<Provider Name="Microsoft-Windows-TCPIP" Guid="{2f07e2ee-15db-40f1-90ef-9d7ba282188a}" />
		<EventID>1033</EventID>
		<Version>0</Version>
		<Level>4</Level>
		<Task>1033</Task>
		<Opcode>1</Opcode>
		<Keywords>0x8000000200000000</Keywords>
		<TimeCreated SystemTime="2025-03-27T08:12:19.9371076-07:00" />
		<Correlation ActivityID="{00000000-0000-0000-0000-000000000000}" />
		<Execution ProcessID="4" ThreadID="11632" ProcessorID="0" KernelTime="0" UserTime="0" />
		<Channel />
		<Computer />
	</System>
	<EventData>
		<Data Name="LocalAddressLength">16</Data>
		<Data Name="LocalAddress">10.0.0.5:50100</Data>
		<Data Name="RemoteAddressLength">16</Data>
		<Data Name="RemoteAddress">93.184.216.34:443</Data>
		<Data Name="Status">0</Data>
		<Data Name="ProcessId">2604</Data>
		<Data Name="Compartment">1</Data>
		<Data Name="Tcb">0xFFFFE189BD811AA0</Data>
		<Data Name="ProcessStartKey">&lt;none&gt; &amp; more</Data>
	</EventData>
	<RenderingInfo Culture="en-US">
		<Message>TCP: connection 0xFFFFE189BD811AA0 (local=10.0.0.5:50100 remote=93.184.216.34:443) connect completed. PID = 2604.</Message>
	</RenderingInfo>
</Event>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
	<System>
		<Provider Guid="{e53c6823-7bb8-44bb-90dc-3f86090d48a6}" />
		<EventID>3001</EventID>
		<TimeCreated SystemTime="2025-03-27T15:12:20.000000100Z" />
		<Execution ProcessID="0" ThreadID="0" />
	</System>
	<UserData>
		<AfdConnectIndication xmlns='myNs'><EnterExit>3</EnterExit><Location>8010</Location><Process>0xFFFFC08F2E6A9080</Process><Endpoint>0xFFFFC08F31D5D010</Endpoint><Status>0</Status><AddressLen>16</AddressLen><Address>10.0.0.9:61000</Address><CurrentBacklog>1</CurrentBacklog></AfdConnectIndication>
	</UserData>
</Event>
</Events>
`;

const EXPECTED: LogRecord[] = [
  {
    line: 3,
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
    line: 37,
    time: { sec: 1743088339, ns: 937107600, zone: 'offset', offsetMinutes: -420 },
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
      ProcessStartKey: '<none> & more',
    },
    message: 'TCP: connection 0xFFFFE189BD811AA0 (local=10.0.0.5:50100 remote=93.184.216.34:443) connect completed. PID = 2604.',
  },
  {
    line: 67,
    time: { sec: 1743088340, ns: 100, zone: 'utc' },
    // No Name: the GUID stands for the provider.
    provider: '{e53c6823-7bb8-44bb-90dc-3f86090d48a6}',
    eventId: 3001,
    pid: 0,
    tid: 0,
    fields: {
      EnterExit: '3',
      Location: '8010',
      Process: '0xFFFFC08F2E6A9080',
      Endpoint: '0xFFFFC08F31D5D010',
      Status: '0',
      AddressLen: '16',
      Address: '10.0.0.9:61000',
      CurrentBacklog: '1',
    },
    message: '',
  },
];

test('AFD and TCPIP events: every value, 100 ns digits exact, offsets applied, lines of <Event', () => {
  const { records, problems } = read(DUMP);
  assert.deepEqual(problems, []);
  assert.deepEqual(records, EXPECTED);
});

test('streaming: any chunking gives the same records', () => {
  for (const size of [1, 2, 7, 64, 1000]) {
    const { records, problems } = read(DUMP, size);
    assert.deepEqual(problems, [], `chunk ${size}`);
    assert.deepEqual(records, EXPECTED, `chunk ${size}`);
  }
});

test('CRLF line ends: same records, same lines', () => {
  const { records, problems } = read(DUMP.replace(/\n/g, '\r\n'), 5);
  assert.deepEqual(problems, []);
  assert.deepEqual(records, EXPECTED);
});

test('UTF-16LE with BOM, decoded by lines.ts, CRLF', () => {
  const text = DUMP.replace(/\n/g, '\r\n');
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  const out: Read = { records: [], problems: [] };
  const reader = createTracerptXmlReader({ record: (x) => out.records.push(x), problem: (p) => out.problems.push(p) });
  const lines = new LineSplitter((t) => reader.text(t + '\n'));
  for (let i = 0; i < bytes.length; i += 333) lines.push(bytes.subarray(i, i + 333));
  lines.end();
  reader.end();
  assert.equal(lines.encoding, 'utf-16le');
  assert.deepEqual(out.problems, []);
  assert.deepEqual(out.records, EXPECTED);
});

test('truncated file: earlier events whole, the cut one kept up to its last complete value', () => {
  const cut = DUMP.indexOf('0xFFFFE189BD811AA0</Data>');
  const { records, problems } = read(DUMP.slice(0, cut + 6));
  assert.equal(records.length, 2);
  assert.deepEqual(records[0], EXPECTED[0]);
  const partial = records[1]!;
  assert.equal(partial.line, 37);
  assert.equal(partial.eventId, 1033);
  assert.deepEqual(partial.time, EXPECTED[1]!.time);
  assert.deepEqual(Object.keys(partial.fields), ['LocalAddressLength', 'LocalAddress', 'RemoteAddressLength', 'RemoteAddress', 'Status', 'ProcessId', 'Compartment']);
  assert.equal(partial.message, '');
  assert.deepEqual(problems.map((p) => p.line), [37]);
});

test('truncated inside a tag of <System>: what came before it is kept', () => {
  const cut = DUMP.indexOf('<TimeCreated SystemTime="2025-03-27T08');
  const { records, problems } = read(DUMP.slice(0, cut + 8));
  assert.equal(records.length, 2);
  assert.equal(records[1]!.provider, 'Microsoft-Windows-TCPIP');
  assert.equal(records[1]!.time, null);
  assert.equal(problems.length, 1);
});

test('truncated between events: all events, one note that </Events> is missing', () => {
  const cut = DUMP.lastIndexOf('</Events>');
  const { records, problems } = read(DUMP.slice(0, cut));
  assert.deepEqual(records, EXPECTED);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /<\/Events>/);
});

test('malformed markup inside an event: a problem at its line, the damaged value left out, reading resumes', () => {
  const broken = DUMP.replace('<Data Name="Compartment">1</Data>', '<Data Name="Compartment">1 < 2</Data>');
  const { records, problems } = read(broken);
  assert.equal(records.length, 3);
  assert.deepEqual(records[0], EXPECTED[0]);
  assert.deepEqual(records[2], EXPECTED[2]);
  assert.equal('Compartment' in records[1]!.fields, false);
  assert.equal(records[1]!.fields['Tcb'], '0xFFFFE189BD811AA0');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, DUMP.slice(0, DUMP.indexOf('<Data Name="Compartment">')).split('\n').length);
});

test('Get-WinEvent ToXml() strings one after another: no wrapper needed, unnamed <Data> named from the catalog', () => {
  // ToXml() layout: single-quoted attributes, UTC `Z` times, classic events with unnamed Data.
  const text = [
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Winsock-AFD' Guid='{e53c6823-7bb8-44bb-90dc-3f86090d48a6}'/><EventID>13</EventID><TimeCreated SystemTime='2017-01-23T20:49:31.1234567Z'/><Execution ProcessID='9880' ThreadID='5260'/></System><EventData><Data>0xFFFFC08F2E6A9080</Data><Data>0xFFFFC08F31D5D010</Data><Data>0</Data></EventData></Event>",
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Some-Other-Provider'/><EventID>7</EventID><TimeCreated SystemTime='2017-01-23T20:49:31Z'/></System><EventData><Data>a</Data><Data>b</Data></EventData></Event>",
  ].join('\r\n');
  const { records, problems } = read(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(records, [
    {
      line: 1,
      time: { sec: 1485204571, ns: 123456700, zone: 'utc' },
      provider: 'Microsoft-Windows-Winsock-AFD',
      eventId: 13,
      pid: 9880,
      tid: 5260,
      fields: { Process: '0xFFFFC08F2E6A9080', Endpoint: '0xFFFFC08F31D5D010', Error: '0' },
      message: '',
    },
    {
      line: 2,
      time: { sec: 1485204571, ns: 0, zone: 'utc' },
      provider: 'Some-Other-Provider',
      eventId: 7,
      pid: null,
      tid: null,
      fields: { field1: 'a', field2: 'b' },
      message: '',
    },
  ]);
});

test('garbage: problems, no records, no exception', () => {
  const noise = 'GET / HTTP/1.1\n\u0000\u0001 <<< >>> &&& </x>\n'.repeat(500);
  const { records, problems } = read(noise, 100);
  assert.deepEqual(records, []);
  assert.ok(problems.length >= 1);
  assert.ok(problems.length <= 51, `${problems.length} problems`);
});

test('SystemTime forms: Z, ±hh:mm, no zone, 1 to 9 fraction digits, impossible dates', () => {
  assert.deepEqual(parseIsoTime('2020-12-18T10:12:53.5+00:00'), { sec: 1608286373, ns: 500000000, zone: 'utc' });
  assert.deepEqual(parseIsoTime('2020-12-18T10:12:53.000000001Z'), { sec: 1608286373, ns: 1, zone: 'utc' });
  assert.deepEqual(parseIsoTime('2020-12-18T15:42:53+05:30'), { sec: 1608286373, ns: 0, zone: 'offset', offsetMinutes: 330 });
  assert.deepEqual(parseIsoTime('2020-12-18T10:12:53.1234567'), { sec: 1608286373, ns: 123456700, zone: 'local' });
  assert.equal(parseIsoTime('2021-02-29T10:12:53Z'), null);
  assert.equal(parseIsoTime('2020-12-18T24:00:00Z'), null);
  assert.equal(parseIsoTime('18/12/2020 10:12:53'), null);
});

test('the line of an event is where `<Event` starts, even when its attributes follow on the next lines', () => {
  const text = '<Events>\n  <Event\n    xmlns="http://schemas.microsoft.com/win/2004/08/events/event"\n  ><System><EventID>1</EventID></System></Event><Event><System><EventID>2</EventID></System></Event>\n</Events>';
  for (const size of [0, 1, 3]) {
    const { records, problems } = read(text, size);
    assert.deepEqual(problems, []);
    assert.deepEqual(records.map((r) => [r.eventId, r.line]), [[1, 2], [2, 4]], `chunk ${size}`);
  }
});
