/**
 * `tracerpt x.etl -of CSV`: a header row `Event Name, Type, Event ID, …, Clock-Time, Kernel(ms),
 * User(ms), User Data`, an `EventTrace, Header` row for the trace itself, then one row per event
 * whose User Data tail holds the payload values in template order, as many as the event has.
 * Layout: etw-formats.md §2b and the real header in etw-samples/regprobe_tracerpt-csv-header.csv.
 */

import { eventSpec } from '../catalog/index';
import type { LogSink, LogTime } from '../logRecord';
import { CsvRowJoiner, splitCsvRow, type CsvCell } from './csvSplit';

export interface TracerptCsvReader {
  /** One physical line of the file (lines.ts numbering, terminator removed). */
  line(text: string, line: number): void;
  end(): void;
}

/** A quoted string payload with newlines spans lines; past this many it is taken as broken. */
const MAX_ROW_LINES = 200;

/** FILETIME of 1980-01-01: a Clock-Time below it is not a FILETIME but a raw QPC or cycle count. */
const FILETIME_1980 = 119_600_064_000_000_000n;
/** FILETIME of 2200-01-01. */
const FILETIME_2200 = 189_031_968_000_000_000n;
const FILETIME_TO_UNIX_SEC = 11_644_473_600n;

interface Columns {
  readonly eventName: number;
  readonly eventId: number;
  readonly pid: number;
  readonly tid: number;
  readonly clock: number;
  /** Cells from here to the end of the row are the payload. */
  readonly userData: number;
}

export function createTracerptCsvReader(sink: LogSink): TracerptCsvReader {
  let columns: Columns | null = null;
  let clockProblem = false;

  function row(text: string, line: number): void {
    const cells = splitCsvRow(text);
    if (columns === null) {
      if (cells[0]?.text === 'Event Name') columns = headerColumns(cells);
      else if (text.trim() !== '') sink.problem({ line, message: 'not a tracerpt CSV row: the "Event Name, Type, Event ID, …" header has not been seen yet' });
      return;
    }
    if (cells[0]?.text === 'EventTrace' && cells[1]?.text === 'Header') return; // the trace's own header, not an event
    const c = columns;
    const cell = (i: number): string => (i >= 0 ? cells[i]?.text ?? '' : '');
    const provider = cell(c.eventName) || null;
    const eventId = parseDecimal(cell(c.eventId));
    const values = payload(cells, c.userData);
    const names = provider !== null && eventId !== null ? eventSpec(provider, eventId)?.fields : undefined;
    const fields: Record<string, string> = {};
    values.forEach((v, i) => (fields[names?.[i] ?? `field${i + 1}`] = v));
    sink.record({
      line,
      time: clockTime(cell(c.clock), line),
      provider,
      eventId,
      pid: parseId(cell(c.pid)),
      tid: parseId(cell(c.tid)),
      fields,
      message: '',
    });
  }

  function clockTime(text: string, line: number): LogTime | null {
    if (text === '') return null;
    const t = filetimeToLogTime(text);
    if (t === null && !clockProblem) {
      // Reported once: every row of such a file has the same kind of clock.
      clockProblem = true;
      sink.problem({
        line,
        message: `Clock-Time "${text}" is not a FILETIME (a raw QPC or CPU-cycle clock, or -rts): event times are left out`,
      });
    }
    return t;
  }

  const rows = new CsvRowJoiner(row, (line, message) => sink.problem({ line, message }), MAX_ROW_LINES);
  return {
    line: (text, line) => rows.line(text, line),
    end(): void {
      rows.end();
      if (columns === null) sink.problem({ line: 1, message: 'no tracerpt CSV header ("Event Name, Type, Event ID, …") found' });
    },
  };
}

/** Columns by header name: the order is tracerpt's, but finding them by name costs nothing. */
function headerColumns(cells: readonly CsvCell[]): Columns {
  const at = (name: string): number => cells.findIndex((c) => c.text.toLowerCase() === name.toLowerCase());
  const userData = at('User Data');
  return {
    eventName: at('Event Name'),
    eventId: at('Event ID'),
    pid: at('PID'),
    tid: at('TID'),
    clock: at('Clock-Time'),
    userData: userData >= 0 ? userData : cells.length,
  };
}

function payload(cells: readonly CsvCell[], from: number): string[] {
  let end = cells.length;
  // `…, 0, 0, ` with nothing after: an event with no payload, or a trailing separator.
  const last = cells[end - 1];
  if (end > from && last !== undefined && !last.quoted && last.text === '') end--;
  return cells.slice(from, end).map((c) => c.text);
}

/** tracerpt writes PID/TID as `0x00000410`; decimal accepted too. */
function parseId(text: string): number | null {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return parseDecimal(text);
}

function parseDecimal(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** FILETIME (100 ns since 1601 UTC) to an exact LogTime; null when the value cannot be one. */
export function filetimeToLogTime(text: string): LogTime | null {
  if (!/^\d{1,20}$/.test(text)) return null;
  const ft = BigInt(text);
  if (ft < FILETIME_1980 || ft >= FILETIME_2200) return null;
  const sec = ft / 10_000_000n - FILETIME_TO_UNIX_SEC;
  const ns = (ft % 10_000_000n) * 100n;
  return { sec: Number(sec), ns: Number(ns), zone: 'utc' };
}
