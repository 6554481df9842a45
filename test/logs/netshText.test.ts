import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNetshTextReader, parseEtwTimestamp, type LineCounts } from '../../analyzer/logs/formats/netshText';
import type { LogProblem, LogRecord } from '../../analyzer/logs/logRecord';
import { LineSplitter } from '../../analyzer/logs/lines';

const SAMPLES = '/work/shared/etw-samples';

function readText(text: string): { records: LogRecord[]; problems: LogProblem[]; counts: LineCounts; lines: number } {
  return readBytes(new TextEncoder().encode(text));
}

function readBytes(bytes: Uint8Array, chunk = 4096): { records: LogRecord[]; problems: LogProblem[]; counts: LineCounts; lines: number } {
  const records: LogRecord[] = [];
  const problems: LogProblem[] = [];
  const reader = createNetshTextReader({ record: (r) => records.push(r), problem: (p) => problems.push(p) });
  const splitter = new LineSplitter((t, n) => reader.line(t, n));
  for (let i = 0; i < bytes.length; i += chunk) splitter.push(bytes.subarray(i, i + chunk));
  splitter.end();
  reader.end();
  return { records, problems, counts: { ...reader.counts }, lines: splitter.lines };
}

function sum(c: LineCounts): number {
  return c.records + c.continuations + c.skipped + c.blank + c.problems;
}

function sample(name: string): Uint8Array {
  return readFileSync(join(SAMPLES, name));
}

test('diagnose-packet-loss sample: 7 TCPIP records, every field of the first and the 1332 line', () => {
  const r = readBytes(sample('supportarticles_diagnose-packet-loss_netsh-convert-tcpip.txt'));
  assert.equal(r.problems.length, 0);
  assert.equal(r.records.length, 7);
  assert.equal(sum(r.counts), r.lines);
  const first = r.records[0]!;
  assert.equal(first.line, 1);
  assert.equal(first.provider, 'Microsoft-Windows-TCPIP');
  assert.equal(first.pid, 0);
  assert.equal(first.tid, 0);
  // 2025-03-27 16:12:13 as if UTC = 1743091933.
  assert.deepEqual(first.time, { sec: 1743091933, ns: 966003800, zone: 'local' });
  assert.equal(first.eventId, 1215);
  assert.equal(first.fields.IPTransportProtocol, '1(ICMP)');
  assert.equal(first.fields.Reason, '9(Inspection drop)');
  assert.ok(first.message.startsWith('TCPIP: Network layer (Protocol 1(ICMP)'));
  assert.ok(first.message.endsWith('NBL = 0xFFFFE189BEAF3AC0.'));

  const send = r.records[4]!;
  assert.equal(send.line, 5);
  assert.equal(send.eventId, 1332);
  assert.deepEqual(send.time, { sec: 1743091939, ns: 937107600, zone: 'local' });
  assert.equal(send.fields.Tcb, '0xFFFFE189BD811AA0');
  assert.equal(send.fields.BytesSent, '1460');
  assert.equal(send.fields.local, '192.168.5.68:55330');
  assert.equal(send.fields.remote, '6.6.0.27:443');
  assert.equal(send.fields.State, '4(EstablishedState)');
  assert.deepEqual(r.records.map((x) => x.eventId), [1215, 1066, 1386, 1385, 1332, null, 1064]);
});

test('msquic and HNS samples: non-zero PID.TID in hex, WPP component, events without a catalog entry', () => {
  const q = readBytes(sample('msquic_TSG_netsh-convert-tcpip.txt'));
  assert.equal(q.problems.length, 0);
  assert.equal(q.records.length, 3);
  assert.equal(sum(q.counts), q.lines);
  assert.equal(q.records[1]!.pid, 0x0e64);
  assert.equal(q.records[1]!.tid, 0x0e3c);
  assert.equal(q.records[0]!.time!.ns, 275850900);
  assert.equal(q.records[1]!.eventId, null);
  assert.equal(q.records[2]!.message, 'TCP software RSC global disabled mask = 0, UDP software URO global disabled mask = 0.');

  const h = readBytes(sample('hns-notes_netsh-convert-tcpip-with-pid.txt'));
  assert.equal(h.problems.length, 0);
  assert.equal(h.records.length, 3);
  assert.equal(sum(h.counts), h.lines);
  assert.equal(h.records[0]!.provider, 'nt');
  assert.equal(h.records[0]!.pid, 0x08fc);
  assert.equal(h.records[0]!.tid, 0x2cb4);
  assert.ok(h.records[0]!.message.startsWith('NSI: Enter>>NsiSetAllParametersEx.'));
});

test('wireless sample: TAT line numbers, old timestamp styles, the console transcript skipped', () => {
  const r = readBytes(sample('supportarticles_wireless-troubleshooting_netsh-convert-wlan-and-console.txt'));
  assert.equal(r.problems.length, 0, JSON.stringify(r.problems));
  assert.equal(r.records.length, 8);
  assert.equal(sum(r.counts), r.lines);
  assert.equal(r.counts.records + r.counts.skipped + r.counts.blank, r.lines);
  const a = r.records[0]!;
  assert.equal(a.line, 1);
  assert.equal(a.provider, 'Microsoft-Windows-WLAN-AutoConfig');
  assert.equal(a.pid, 0x0f24);
  assert.equal(a.tid, 0x1020);
  // 2018-09-17 10:22:14.658
  assert.deepEqual(a.time, { sec: 1537179734, ns: 658000000, zone: 'local' });
  assert.equal(a.message, 'FSM Transition from State: Disconnected to State: Reset');
  const b = r.records[6]!;
  assert.equal(b.provider, 'Microsoft-Windows-NWiFi');
  // 08/28/17-13:24:29.127
  assert.deepEqual(b.time, { sec: 1503926669, ns: 127000000, zone: 'local' });
  assert.equal(b.message, 'DisAssoc: 0x8A1514B62510 Reason: 0x4');
});

test('the three timestamp styles, ns kept exactly, invalid dates refused', () => {
  assert.deepEqual(parseEtwTimestamp('2025/03/27-16:12:19.937105000'), { sec: 1743091939, ns: 937105000, zone: 'local' });
  assert.deepEqual(parseEtwTimestamp('2018-09-17 10:22:14.658'), { sec: 1537179734, ns: 658000000, zone: 'local' });
  assert.deepEqual(parseEtwTimestamp('08/28/17-13:24:28.693'), { sec: 1503926668, ns: 693000000, zone: 'local' });
  assert.deepEqual(parseEtwTimestamp('2024/02/29-23:59:59.999999999'), { sec: 1709251199, ns: 999999999, zone: 'local' });
  assert.equal(parseEtwTimestamp('2023/02/29-00:00:00.0'), null);
  assert.equal(parseEtwTimestamp('2023/13/01-00:00:00.0'), null);
  assert.equal(parseEtwTimestamp('2023/01/01-24:00:00.0'), null);
});

test('wrapped lines continue the record; `]` with a space; [Unknown] and [] have no provider', () => {
  const text = [
    '[0]0010.0020::2025/01/02-03:04:05.000000100 [Microsoft-Windows-TCPIP] TCP: connection 0xFFFF800011112222 (local=10.0.0.1:50000',
    '   remote=10.0.0.2:80) connect completed. PID = 4242.',
    '[1]0000.0000::2025/01/02-03:04:05.000000200 [Unknown]Event 12 of an unregistered provider',
    '[1]0000.0000::2025/01/02-03:04:05.000000300 []',
    '',
    '[2]0000.0000::2025/01/02-03:04:05.000000400 [Microsoft-Windows-Winsock-AFD]closesocket: 1: Process 0xFFFF9000AAAA0000, Endpoint 0xFFFF9000BBBB0000, Seq 7003, Status 0',
  ].join('\r\n');
  const r = readText(text);
  assert.equal(r.problems.length, 0);
  assert.equal(r.records.length, 4);
  assert.deepEqual(r.counts, { records: 4, continuations: 1, skipped: 0, blank: 1, problems: 0 });
  const c = r.records[0]!;
  assert.equal(c.message, 'TCP: connection 0xFFFF800011112222 (local=10.0.0.1:50000 remote=10.0.0.2:80) connect completed. PID = 4242.');
  assert.equal(c.eventId, 1033);
  assert.equal(c.fields.ProcessId, '4242');
  assert.equal(c.fields.LocalAddress, '10.0.0.1:50000');
  assert.equal(c.fields.RemoteAddress, '10.0.0.2:80');
  assert.equal(c.time!.ns, 100);
  assert.equal(r.records[1]!.provider, null);
  assert.equal(r.records[1]!.eventId, null);
  assert.equal(r.records[2]!.provider, null);
  assert.equal(r.records[2]!.message, '');
  assert.equal(r.records[3]!.eventId, 1001);
  assert.equal(r.records[3]!.fields.Endpoint, '0xFFFF9000BBBB0000');
  assert.equal(r.records[3]!.line, 6);
});

test('UTF-16LE with BOM and CRLF through the LineSplitter, split into odd-sized chunks', () => {
  const text = '\uFEFF[31]0000.0000::2025/03/27-16:12:19.937105000 [Microsoft-Windows-TCPIP]TCP: Connection 0xFFFFE189BD811AA0 0(RetransmitTimer) timer has expired.\r\n'
    + 'Input file:  c:\\tmp\\x.etl\r\n'
    + 'Generating dump ... done\r\n'
    + '[2]0E64.0E3C::2022/03/22-17:42:50.604752100 [Microsoft-Windows-TCPIP]TCP software RSC global disabled mask = 0, UDP software URO global disabled mask = 0.\r\n';
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  const r = readBytes(bytes, 7);
  assert.equal(r.problems.length, 0);
  assert.equal(r.records.length, 2);
  assert.equal(r.records[0]!.eventId, 1066);
  assert.equal(r.records[0]!.fields.TimerType, '0(RetransmitTimer)');
  assert.equal(r.records[1]!.line, 4);
  assert.equal(r.records[1]!.pid, 0x0e64);
  assert.equal(r.counts.skipped, 2);
  assert.equal(sum(r.counts), r.lines);
});

test('garbage: problems counted with line numbers, nothing thrown, no records', () => {
  let seed = 12345;
  const bytes = new Uint8Array(20000);
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = seed & 0xff;
  }
  const r = readBytes(bytes);
  assert.equal(sum(r.counts), r.lines);
  assert.ok(r.counts.problems > 0);
  assert.equal(r.problems.length, r.counts.problems);
  for (const p of r.problems) assert.ok(p.line >= 1 && p.line <= r.lines);

  const bad = readText([
    '[3]0F24.1020::2018-13-45 10:22:14.658 [Microsoft-Windows-WLAN-AutoConfig]bad month',
    '[3]zz',
    'a stray line continuing the bad one',
    '',
    'text with no record before it',
  ].join('\n'));
  assert.deepEqual(bad.problems.map((p) => p.line), [1, 2, 5]);
  assert.match(bad.problems[0]!.message, /timestamp/);
  assert.deepEqual(bad.counts, { records: 0, continuations: 1, skipped: 0, blank: 1, problems: 3 });
});

test('200k generated lines read in one pass', () => {
  const lines: string[] = [];
  for (let i = 0; i < 200000; i++) {
    const ns = String(i % 1000000000).padStart(9, '0');
    lines.push(i % 2 === 0
      ? `[${i % 4}]0000.0000::2025/03/27-16:12:19.${ns} [Microsoft-Windows-TCPIP]TCP: connection 0xFFFFE189BD8${(i % 65536).toString(16).padStart(5, '0')} (local=192.168.5.68:${1024 + (i % 60000)} remote=6.6.0.27:443): Received data with number of bytes = ${i % 1500}. ThSeq = ${i}.`
      : `[1]0E64.0E3C::2025/03/27-16:12:19.${ns} [Microsoft-Windows-Winsock-AFD]recv: 1: Process 0xFFFF9000AAAA0000, Endpoint 0xFFFF9000BBBB0000, Buffer Count 1, Buffer 0x000000C0DE000000, Length ${i % 9000}, Seq 7004, Status 0`);
  }
  const r = readText(lines.join('\n'));
  assert.equal(r.records.length, 200000);
  assert.equal(r.problems.length, 0);
  assert.equal(r.records[199998]!.eventId, 1074);
  assert.equal(r.records[199998]!.fields.NumBytes, String(199998 % 1500));
  assert.equal(r.records[199999]!.eventId, 1004);
  assert.equal(r.records[199999]!.fields.BufferLength, String(199999 % 9000));
});
