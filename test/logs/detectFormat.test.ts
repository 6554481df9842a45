import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectBinary, detectFormat } from '../../analyzer/logs/detectFormat';
import { splitLines } from '../../analyzer/logs/lines';
import { PcapngWriter } from '../helpers/captureBuilder';

const SAMPLES = '/work/shared/etw-samples';
const head = (name: string): string[] => splitLines(readFileSync(join(SAMPLES, name))).lines.slice(0, 40);

test('real samples: each is recognised as the tool that wrote it', () => {
  const expected: Record<string, string | null> = {
    'supportarticles_diagnose-packet-loss_netsh-convert-tcpip.txt': 'netsh-txt',
    'msquic_TSG_netsh-convert-tcpip.txt': 'netsh-txt',
    'hns-notes_netsh-convert-tcpip-with-pid.txt': 'netsh-txt',
    // TextAnalysisTool line numbers in front of 6 lines; the 2 plain lines decide.
    'supportarticles_wireless-troubleshooting_netsh-convert-wlan-and-console.txt': 'netsh-txt',
    'supportarticles_diagnose-packet-loss_pktmon-etl2txt.txt': 'pktmon-txt',
    // Console echo first, then time-only lines.
    'rosesecurity_red-teaming-ttps_pktmon-realtime.txt': 'pktmon-txt',
    's4-issue99_tracerpt-xml-eventdata.xml': 'tracerpt-xml',
    'dotnet-docs-issue22155_tracerpt-xml-userdata.xml': 'tracerpt-xml',
    'regprobe_tracerpt-csv-header.csv': 'tracerpt-csv',
    // Format-List output is none of the readable layouts.
    'powershell-issue3035_get-winevent-etl-format-list.txt': null,
  };
  for (const [name, format] of Object.entries(expected)) assert.equal(detectFormat(head(name)), format, name);
});

test('netsh timestamp styles vs pktmon', () => {
  // Layouts of etw-formats.md §2a/§2e.
  assert.equal(detectFormat(['[0]0000.0000::08/28/17-13:24:29.127 [Microsoft-Windows-NWiFi]DisAssoc: 0x8A1514B62510 Reason: 0x4']), 'netsh-txt');
  assert.equal(detectFormat(['[2]0F24.1020::2018-09-17 10:22:14.658 [Microsoft-Windows-WLAN-AutoConfig]FSM Transition']), 'netsh-txt');
  assert.equal(detectFormat(['[1]0A2C.1FCC::2025/03/27-16:12:19.937105000 [Microsoft-Windows-Winsock-AFD]connect: 1: Process 0xFFFF9E0C1A2B3080']), 'netsh-txt');
  assert.equal(detectFormat(['[30]0000.0000::2025-03-27 16:10:34.934020500 [Microsoft-Windows-PktMon] Drop: PktGroupId 1']), 'pktmon-txt');
  assert.equal(detectFormat(['23:02:26.539704700 PktGroupId 562949953421500, PktNumber 1']), 'pktmon-txt');
});

test('XML: declaration, <Events>, bare <Event>; other XML is not ours', () => {
  assert.equal(detectFormat(['<?xml version="1.0" encoding="UTF-8"?>', '<Events>']), 'tracerpt-xml');
  assert.equal(detectFormat(['\uFEFF<?xml version="1.0"?><Events><Event xmlns="x">']), 'tracerpt-xml');
  assert.equal(detectFormat(["<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"]), 'tracerpt-xml');
  assert.equal(detectFormat(['<?xml version="1.0"?>', '<!-- c -->', '<configuration>']), null);
});

test('Get-WinEvent CSV: #TYPE line or a header with TimeCreated and ProviderName/Id', () => {
  assert.equal(detectFormat(['#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord', '"Message","Id"']), 'winevent-csv');
  assert.equal(detectFormat(['"TimeCreated","Id","Message"']), 'winevent-csv');
  assert.equal(detectFormat(['"ProviderName","TimeCreated"']), 'winevent-csv');
  assert.equal(detectFormat(['#TYPE System.Diagnostics.Process', '"Name","Id"']), null);
  assert.equal(detectFormat(['"Name","Id"']), null);
});

test('tracerpt CSV header; plain text and empty input are left to the program-log reader', () => {
  assert.equal(detectFormat(['', 'Event Name, Type, Event ID, Version, Channel']), 'tracerpt-csv');
  assert.equal(detectFormat(['2024-01-01 12:00:00 INFO server started', 'connected to 10.0.0.5:443']), null);
  assert.equal(detectFormat(['', '   ']), null);
  assert.equal(detectFormat([]), null);
});

test('detectBinary: pcapng by its SHB, .etl by its first buffer, anything else null', () => {
  const pcapng = new PcapngWriter().shb().bytes();
  assert.equal(detectBinary(pcapng), 'pcapng');
  assert.equal(detectBinary(new PcapngWriter('big').shb().bytes()), 'pcapng');

  // A first .etl buffer laid out as etw-formats.md §4.1: WMI_BUFFER_HEADER (0x48 bytes), then the
  // logfile header's SYSTEM_TRACE_HEADER marker (flags 0xC0, type SYSTEM64 0x02, size).
  const etl = new Uint8Array(0x200);
  const v = new DataView(etl.buffer);
  v.setUint32(0, 0x10000, true); // BufferSize 64 KiB
  v.setUint32(4, 0x1f8, true); // SavedOffset
  v.setUint32(8, 0x1f8, true); // CurrentOffset
  v.setUint32(0x30, 0x1f8, true); // Offset (filled bytes)
  v.setUint16(0x36, 4, true); // BufferType HEADER
  v.setUint32(0x48, 0xc0020000 | 0x118, true);
  assert.equal(detectBinary(etl), 'etl');

  const notMarker = etl.slice();
  notMarker[0x48 + 3] = 0x00;
  assert.equal(detectBinary(notMarker), null);
  const badSize = etl.slice();
  new DataView(badSize.buffer).setUint32(0, 12345, true);
  assert.equal(detectBinary(badSize), null);
  assert.equal(detectBinary(new TextEncoder().encode('[0]0000.0000::2025/03/27-16:12:19.9 [x]y')), null);
  assert.equal(detectBinary(new Uint8Array(0)), null);
});
