import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createPktmonTextReader, packetFields } from '../../analyzer/logs/formats/pktmonText';
import type { LineCounts } from '../../analyzer/logs/formats/netshText';
import type { LogProblem, LogRecord } from '../../analyzer/logs/logRecord';
import { LineSplitter } from '../../analyzer/logs/lines';

function read(bytes: Uint8Array): { records: LogRecord[]; problems: LogProblem[]; counts: LineCounts; lines: number } {
  const records: LogRecord[] = [];
  const problems: LogProblem[] = [];
  const reader = createPktmonTextReader({ record: (r) => records.push(r), problem: (p) => problems.push(p) });
  const splitter = new LineSplitter((t, n) => reader.line(t, n));
  for (let i = 0; i < bytes.length; i += 1000) splitter.push(bytes.subarray(i, i + 1000));
  splitter.end();
  reader.end();
  return { records, problems, counts: { ...reader.counts }, lines: splitter.lines };
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const sum = (c: LineCounts): number => c.records + c.continuations + c.skipped + c.blank + c.problems;

test('etl2txt drop line with its decode line (real sample)', () => {
  const r = read(readFileSync('/work/shared/etw-samples/supportarticles_diagnose-packet-loss_pktmon-etl2txt.txt'));
  assert.equal(r.problems.length, 0);
  assert.equal(r.records.length, 1);
  assert.deepEqual(r.counts, { records: 1, continuations: 1, skipped: 0, blank: 0, problems: 0 });
  assert.equal(sum(r.counts), r.lines);
  const d = r.records[0]!;
  assert.equal(d.line, 1);
  assert.equal(d.provider, 'Microsoft-Windows-PktMon');
  assert.equal(d.eventId, 170);
  assert.equal(d.pid, 0);
  // 2025-03-27 16:10:34 as if UTC
  assert.deepEqual(d.time, { sec: 1743091834, ns: 934020500, zone: 'local' });
  assert.deepEqual(d.fields, {
    PktGroupId: '8444249301423149',
    PktNumber: '1',
    Appearance: '0',
    Direction: 'Rx',
    Type: 'IP',
    Component: '49',
    Filter: '1',
    DropReason: 'INET: transport endpoint was not found',
    DropLocation: '0xE000460A',
    OriginalSize: '402',
    LoggedSize: '148',
    decode: 'Drop: ip: 192.168.5.88.50005 > 192.168.5.68.50005: UDP, length 374',
  });
});

test('real-time output (real sample): time-only prefix, 5 packets, console lines skipped', () => {
  const r = read(readFileSync('/work/shared/etw-samples/rosesecurity_red-teaming-ttps_pktmon-realtime.txt'));
  assert.equal(r.problems.length, 0, JSON.stringify(r.problems));
  assert.equal(r.records.length, 5);
  assert.equal(r.counts.continuations, 5);
  assert.equal(sum(r.counts), r.lines);
  const first = r.records[0]!;
  assert.equal(first.line, 5);
  assert.deepEqual(first.time, { sec: 23 * 3600 + 2 * 60 + 26, ns: 539704700, zone: 'time-only' });
  assert.equal(first.provider, 'Microsoft-Windows-PktMon');
  assert.equal(first.eventId, 160);
  assert.equal(first.pid, null);
  assert.equal(first.fields.PktGroupId, '562949953421500');
  assert.equal(first.fields.Appearance, '1');
  assert.equal(first.fields.Direction, 'Tx');
  assert.equal(first.fields.Type, 'Ethernet');
  assert.equal(first.fields.Component, '78');
  assert.equal(first.fields.Edge, '1');
  assert.equal(first.fields.LoggedSize, '66');
  assert.match(first.fields.decode!, /^40-EC-99-B9-17-25 > F0-B4-D2-5A-D3-E2, ethertype IPv4 \(0x0800\), length 66: 192\.168\.0\.62\.65066 > 172\.217\.2\.115\.443: Flags \[S\]/);
  assert.deepEqual(r.records.map((x) => x.fields.Component), ['78', '31', '32', '33', '33']);
  assert.equal(r.records[4]!.fields.Direction, 'Rx');
  assert.equal(r.records[4]!.time!.ns, 599504500);
});

test('other providers in a pktmon file are identified like netsh lines; the trailer is skipped', () => {
  const r = read(text([
    '[3]0000.0000::2025-03-27 16:10:35.000000100 [Microsoft-Windows-TCPIP] TCP: connection 0xFFFFE189BD811AA0 (local=192.168.5.68:55330 remote=6.6.0.27:443) connection terminated: received RST.',
    '[3]0000.0000::2025-03-27 16:10:35.000000200 [Microsoft-Windows-PktMon] PktGroupId 1, PktNumber 1, Appearance 1, Direction Rx , Type Ethernet , Component 9, Edge 1, Filter 1, OriginalSize 54, LoggedSize 54',
    '       00-15-5D-00-00-01 > 00-15-5D-00-00-02, ethertype IPv4 (0x0800), length 54: 6.6.0.27.443 > 192.168.5.68.55330: Flags [R], seq 1, win 0, length 0',
    '',
    'Components:',
    '  Id  Name                      Description',
    '  9   Microsoft Hyper-V Network Adapter',
  ].join('\r\n')));
  assert.equal(r.problems.length, 0, JSON.stringify(r.problems));
  assert.equal(r.records.length, 2);
  assert.deepEqual(r.counts, { records: 2, continuations: 1, skipped: 3, blank: 1, problems: 0 });
  assert.equal(r.records[0]!.eventId, 1184);
  assert.equal(r.records[0]!.fields.LocalAddress, '192.168.5.68:55330');
  assert.equal(r.records[1]!.eventId, 160);
  assert.match(r.records[1]!.fields.decode!, /Flags \[R\]/);
});

test('packet pairs: trailing spaces before commas, values with spaces and colons', () => {
  assert.deepEqual(packetFields('Direction Rx , Type IP , DropReason INET: transport endpoint was not found , DropLocation 0xE000460A'), {
    Direction: 'Rx', Type: 'IP', DropReason: 'INET: transport endpoint was not found', DropLocation: '0xE000460A',
  });
});

test('garbage and bad prefixes are problems, never thrown', () => {
  const r = read(text(['nonsense before anything', '99:99:99.1 PktGroupId 1', '[2]0000.0000::2025-02-30 00:00:00.1 [X] y', 'junk'].join('\n')));
  assert.equal(r.records.length, 0);
  assert.deepEqual(r.problems.map((p) => p.line), [1, 2, 3]);
  assert.deepEqual(r.counts, { records: 0, continuations: 1, skipped: 0, blank: 0, problems: 3 });
});

test('200k generated packet lines with decodes', () => {
  const lines: string[] = [];
  for (let i = 0; i < 100000; i++) {
    lines.push(`23:02:${String(i % 60).padStart(2, '0')}.${String(i).padStart(9, '0')} PktGroupId ${i}, PktNumber 1, Appearance 1, Direction Tx , Type Ethernet , Component 78, Edge 1, Filter 1, OriginalSize 66, LoggedSize 66`);
    lines.push(`        40-EC-99-B9-17-25 > F0-B4-D2-5A-D3-E2, ethertype IPv4 (0x0800), length 66: 192.168.0.62.${1024 + (i % 60000)} > 172.217.2.115.443: Flags [S], seq ${i}, length 0`);
  }
  const r = read(text(lines.join('\n')));
  assert.equal(r.records.length, 100000);
  assert.equal(r.counts.continuations, 100000);
  assert.equal(r.records[99999]!.fields.PktGroupId, '99999');
  assert.match(r.records[99999]!.fields.decode!, /seq 99999, length 0$/);
});
