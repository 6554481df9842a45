/**
 * `netsh trace convert` TXT (tracefmt's default layout): one event per line,
 *   `[CPU]PID.TID::TIMESTAMP [Provider]Message`
 * e.g. `[31]0000.0000::2025/03/27-16:12:19.937105000 [Microsoft-Windows-TCPIP]TCP: …`.
 * Also read: the two older timestamp styles of the notes (`2018-09-17 10:22:14.658`,
 * `08/28/17-13:24:28.693`), a space after `]` (hand-edited and pktmon lines), `[Unknown]`/`[]`
 * (undecodable events), WPP component names (`[nt]`), TextAnalysisTool's leading line numbers,
 * lines wrapped by hand (a line without a prefix continues the record above it) and the netsh
 * console transcript people paste along with the events.
 *
 * Times are the converting machine's local wall clock with no zone (§2a), kept to the
 * nanosecond as integers. Everything here is also what pktmonText.ts reads its own prefix with.
 */
import type { LogRecord, LogSink, LogTime } from '../logRecord';
import { isCatalogProvider } from '../catalog/index';
import { identify } from '../templateMatch';
import { guardedLines } from './guardedLines';

/** How the lines of a file were used: their sum is the number of lines read. */
export interface LineCounts {
  /** Lines that start a record. */
  records: number;
  /** Lines added to the record (or the unreadable line) above them. */
  continuations: number;
  /** Tool transcript and trailer lines, skipped on purpose. */
  skipped: number;
  blank: number;
  /** Lines reported to sink.problem. */
  problems: number;
}

export interface TextLogReader {
  line(text: string, line: number): void;
  end(): void;
  readonly counts: Readonly<LineCounts>;
}

export function emptyCounts(): LineCounts {
  return { records: 0, continuations: 0, skipped: 0, blank: 0, problems: 0 };
}

// ---------------------------------------------------------------------------------------------
// Timestamps

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Nanoseconds of a fraction written with 1–9 digits (`658` → 658000000), exactly. */
function fractionNs(digits: string | undefined): number {
  if (digits === undefined || digits === '') return 0;
  return Number(digits.padEnd(9, '0'));
}

/** Seconds since 1970 of a wall-clock reading taken as UTC; null when a part is out of range. */
export function wallClockSeconds(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const dim = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d > dim) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC maps years 0–99 to 1900–1999; our years are always four-digit by now.
  return ms / 1000;
}

const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})-(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const YMD_DASH = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const MDY_SHORT = /^(\d{1,2})\/(\d{1,2})\/(\d{2})-(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** A tracefmt/pktmon timestamp in any of the three styles; null when it is none of them or invalid. */
export function parseEtwTimestamp(text: string): LogTime | null {
  let y: number, mo: number, d: number, m: RegExpExecArray | null;
  if ((m = YMD_SLASH.exec(text)) !== null || (m = YMD_DASH.exec(text)) !== null) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else if ((m = MDY_SHORT.exec(text)) !== null) {
    // tracefmt's `%m/%d/%y`: a two-digit year, which ETW (born 2000) puts in this century.
    y = 2000 + Number(m[3]);
    mo = Number(m[1]);
    d = Number(m[2]);
  } else {
    return null;
  }
  const sec = wallClockSeconds(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6]));
  if (sec === null) return null;
  return { sec, ns: fractionNs(m[7]), zone: 'local' };
}

const TIME_ONLY = /^(\d{1,2}):(\d{2}):(\d{2})\.(\d{1,9})$/;

/** `23:02:26.539704700` (pktmon real-time and `-t`): seconds from 1970-01-01, date unknown. */
export function parseTimeOnly(text: string): LogTime | null {
  const m = TIME_ONLY.exec(text);
  if (m === null) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return null;
  return { sec: h * 3600 + mi * 60 + s, ns: fractionNs(m[4]), zone: 'time-only' };
}

// ---------------------------------------------------------------------------------------------
// The line prefix

export interface EtwPrefix {
  readonly cpu: number;
  readonly pid: number;
  readonly tid: number;
  readonly time: LogTime;
  /** Null for `[Unknown]` and `[]`: the converter could not name the provider. */
  readonly provider: string | null;
  readonly message: string;
}

/** A line that starts like a record: `[n]`, maybe after TextAnalysisTool's line number. */
const LOOKS_LIKE_RECORD = /^(?:\d+\s+)?\[\d+\]/;
const PREFIX = /^(?:\d+\s+)?\[(\d+)\]([0-9A-Fa-f]+)\.([0-9A-Fa-f]+)::([^[]*?)\s*\[([^\]]*)\]\s*(.*)$/;

/**
 * `{ prefix }` for a record line, `{ problem }` for a line that starts like one but cannot be
 * read, null for any other line.
 */
export function parseEtwPrefix(text: string): { prefix: EtwPrefix } | { problem: string } | null {
  if (!LOOKS_LIKE_RECORD.test(text)) return null;
  const m = PREFIX.exec(text);
  if (m === null) return { problem: 'a [CPU]PID.TID::time [Provider] prefix was expected' };
  const time = parseEtwTimestamp(m[4]!);
  if (time === null) return { problem: `unreadable timestamp "${m[4]}"` };
  const name = m[5]!.trim();
  return {
    prefix: {
      cpu: Number(m[1]),
      pid: parseInt(m[2]!, 16),
      tid: parseInt(m[3]!, 16),
      time,
      provider: name === '' || name.toLowerCase() === 'unknown' ? null : name,
      message: m[6]!,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Console transcript

/** A shell prompt (`C:\tmp>netsh trace convert …`, `PS C:\> pktmon …`). */
const PROMPT = /^(?:PS )?[A-Za-z]:\\[^<>|"]*>/;

/** Lines netsh and pktmon print around a trace (the notes §2a/§2e, the saved transcripts). */
const CONSOLE_LINES: readonly RegExp[] = [
  /^(?:Input file|Dump file|Dump format|Report file|Trace configuration|Status|Trace File|Append|Circular|Max Size|Report|File location|Packets total|Packet drop count|Packets formatted|Formatted file|Log file|Event info|Packet info)\s*[:=]/,
  /\.\.\.\s*done\.?$/,
  /^-{5,}$/,
  /^Tracing session was successfully stopped\.?$/,
  /^The trace file and additional troubleshooting information have been compiled as/,
  /^(?:Active measurement started|Processing\.\.\.|Logger stopped|All counters reset)/,
];

export function isConsoleLine(text: string): boolean {
  if (PROMPT.test(text)) return true;
  const t = text.trim();
  return CONSOLE_LINES.some((re) => re.test(t));
}

// ---------------------------------------------------------------------------------------------
// Records

/** eventId and fields a known provider's message identifies; the message alone otherwise. */
export function identified(provider: string | null, message: string): { eventId: number | null; fields: Record<string, string> } {
  if (provider !== null && isCatalogProvider(provider)) {
    const found = identify(provider, message);
    if (found !== null) return { eventId: found.spec.id, fields: found.fields };
  }
  return { eventId: null, fields: {} };
}

interface Pending {
  line: number;
  prefix: EtwPrefix;
  message: string;
}

export function createNetshTextReader(sink: LogSink): TextLogReader {
  const counts = emptyCounts();
  let pending: Pending | null = null;
  /** The line above was unreadable: lines continuing it are part of the same problem. */
  let broken = false;
  /** Inside a pasted console transcript: unprefixed lines are the tool's output. */
  let inTranscript = false;

  function flush(): void {
    if (pending === null) return;
    const { prefix, message, line } = pending;
    pending = null;
    const text = message.trim();
    const { eventId, fields } = identified(prefix.provider, text);
    const record: LogRecord = {
      line, time: prefix.time, provider: prefix.provider, eventId, pid: prefix.pid, tid: prefix.tid, fields, message: text,
    };
    sink.record(record);
  }

  function line(text: string, lineNo: number): void {
    const parsed = parseEtwPrefix(text);
    if (parsed !== null) {
      flush();
      inTranscript = false;
      if ('problem' in parsed) {
        broken = true;
        counts.problems++;
        sink.problem({ line: lineNo, message: parsed.problem });
        return;
      }
      broken = false;
      counts.records++;
      pending = { line: lineNo, prefix: parsed.prefix, message: parsed.prefix.message };
      return;
    }
    if (text.trim() === '') {
      flush();
      broken = false;
      counts.blank++;
      return;
    }
    if (isConsoleLine(text) || inTranscript) {
      flush();
      broken = false;
      inTranscript = true;
      counts.skipped++;
      return;
    }
    if (pending !== null) {
      pending.message += ` ${text.trim()}`;
      counts.continuations++;
      return;
    }
    if (broken) {
      counts.continuations++;
      return;
    }
    counts.problems++;
    sink.problem({ line: lineNo, message: 'not a netsh trace line (no [CPU]PID.TID::time prefix)' });
  }

  return guardedLines(line, flush, counts, sink);
}
