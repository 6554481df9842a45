/**
 * Which reader a log file needs, from its first lines (or first bytes for binary files). The
 * layouts are those of etw-formats.md §2 and the real excerpts in etw-samples/; a file none of
 * them fits is left to the program-log reader (null).
 */

import { splitCsvRow } from './formats/csvSplit';
import type { LogFormat } from './logRecord';

/** Lines looked at: enough to get past a console banner before the first event. */
const HEAD_LINES = 20;

/** tracefmt's `[CPU]PID.TID::` prefix, shared by netsh and pktmon text. */
const PREFIX = String.raw`\[\d+\][0-9A-Fa-f]{4,}\.[0-9A-Fa-f]{4,}::`;
/**
 * netsh: `2025/03/27-16:12:19.937105000` (current), `08/28/17-13:24:29.127` and
 * `2018-09-17 10:22:14.658` (older docs, millisecond resolution).
 */
const NETSH = new RegExp(
  `^${PREFIX}(?:\\d{4}/\\d{2}/\\d{2}-\\d{2}:\\d{2}:\\d{2}\\.\\d+|\\d{2}/\\d{2}/\\d{2}-\\d{2}:\\d{2}:\\d{2}\\.\\d+|\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{1,7}) `,
);
/** pktmon etl2txt: dashed date, space, 100 ns digits; `-t` / real-time: the time of day only. */
const PKTMON = new RegExp(`^${PREFIX}\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{9} `);
// The time-only form: a packet line, or another provider formatted in the same session.
const PKTMON_TIME_ONLY = /^\d{2}:\d{2}:\d{2}\.\d{9} (?:PktGroupId |\[[^\]]*\] ?)/;

export function detectFormat(head: readonly string[]): LogFormat | null {
  const lines = head
    .map((l) => l.replace(/^\uFEFF/, ''))
    .filter((l) => l.trim() !== '')
    .slice(0, HEAD_LINES);
  const first = lines[0];
  if (first === undefined) return null;

  const xml = xmlKind(lines);
  if (xml !== undefined) return xml;
  if (first.startsWith('#TYPE')) return winEventType(first, lines[1]);

  // Text logs may start with a banner or console echo: the majority of matching lines decides.
  let netsh = 0;
  let pktmon = 0;
  for (const line of lines) {
    if (PKTMON.test(line) || PKTMON_TIME_ONLY.test(line)) pktmon++;
    else if (NETSH.test(line)) netsh++;
    else if (isTracerptCsvHeader(line)) return 'tracerpt-csv';
    else if (isWinEventCsvHeader(line)) return 'winevent-csv';
  }
  if (pktmon === 0 && netsh === 0) return null;
  return pktmon > netsh ? 'pktmon-txt' : 'netsh-txt';
}

/** tracerpt XML, or undefined when the head is not XML at all, or null for some other XML. */
function xmlKind(lines: readonly string[]): LogFormat | null | undefined {
  const first = lines[0]!.trimStart();
  if (/^<Events?[\s>]/.test(first)) return 'tracerpt-xml';
  if (!first.startsWith('<?xml')) return undefined;
  for (const line of lines) {
    // The first element after the declaration (and any comments) is the root.
    const m = /<([A-Za-z_][\w.:-]*)[\s/>]/.exec(line.replace(/<\?.*?\?>|<!--.*?-->/g, ''));
    if (m !== null) return m[1] === 'Events' || m[1] === 'Event' ? 'tracerpt-xml' : null;
  }
  return 'tracerpt-xml';
}

function isTracerptCsvHeader(line: string): boolean {
  const cells = splitCsvRow(line).map((c) => c.text);
  return cells[0] === 'Event Name' && cells[1] === 'Type' && cells[2] === 'Event ID';
}

function isWinEventCsvHeader(line: string): boolean {
  const names = new Set(splitCsvRow(line).map((c) => c.text.toLowerCase()));
  return names.has('timecreated') && (names.has('providername') || names.has('id'));
}

/** `#TYPE` starts any Export-Csv file: only event records (or a selection of them) are ours. */
function winEventType(typeLine: string, header: string | undefined): LogFormat | null {
  if (/Eventing\.Reader|EventLogRecord|EventRecord/i.test(typeLine)) return 'winevent-csv';
  return header !== undefined && isWinEventCsvHeader(header) ? 'winevent-csv' : null;
}

/** Text shown when a raw .etl is opened: the lead's wording lives here so both ends agree. */
export const ETL_NOT_SUPPORTED =
  'Raw .etl files are not read yet. Convert it on Windows first: `netsh trace convert input=x.etl dump=TXT`, ' +
  '`tracerpt x.etl -of XML -o x.xml`, or, for a capture with packets, `etl2pcapng x.etl x.pcapng` (1.12 or later keeps the other events too).';

const PCAPNG_SHB = [0x0a, 0x0d, 0x0d, 0x0a];
/** WMI_BUFFER_HEADER size: the first record (the logfile header) follows it. */
const WMI_BUFFER_HEADER = 0x48;

/**
 * pcapng by its Section Header Block type (the same bytes in either byte order); .etl by its
 * first buffer (etw-formats.md §4.1): a WMI_BUFFER_HEADER whose sizes and offsets agree, then
 * a record marker with the trace-header flags (0xC0) and a SYSTEM32/64 header type, which is
 * what the logfile header record is. Not checked against a real .etl here (none is public).
 */
export function detectBinary(head: Uint8Array): 'pcapng' | 'etl' | null {
  if (head.length >= 4 && PCAPNG_SHB.every((b, i) => head[i] === b)) return 'pcapng';
  if (head.length < WMI_BUFFER_HEADER + 4) return null;
  const v = new DataView(head.buffer, head.byteOffset, head.length);
  const bufferSize = v.getUint32(0, true);
  const savedOffset = v.getUint32(4, true);
  const currentOffset = v.getUint32(8, true);
  const filled = v.getUint32(0x30, true);
  if (bufferSize < 1024 || bufferSize > 64 * 1024 * 1024 || bufferSize % 1024 !== 0) return null;
  if (savedOffset > bufferSize || currentOffset > bufferSize || filled > bufferSize) return null;
  const markerFlags = head[WMI_BUFFER_HEADER + 3]!;
  const headerType = head[WMI_BUFFER_HEADER + 2]!;
  if ((markerFlags & 0xc0) !== 0xc0 || (headerType !== 0x01 && headerType !== 0x02)) return null;
  return 'etl';
}
