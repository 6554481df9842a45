/**
 * `Get-WinEvent -Path x.etl -Oldest | Export-Csv`: an optional `#TYPE …` line, a header of quoted
 * EventLogRecord property names (any order, any subset: Select-Object changes both), then one
 * quoted row per event; a Message with newlines keeps them inside its quotes, so a row can span
 * lines. Layout: etw-formats.md §2c and the property list of the real Format-List in
 * etw-samples/powershell-issue3035_get-winevent-etl-format-list.txt.
 *
 * TimeCreated is the exporter's local time in its culture's format; see winEventTime below.
 */

import { eventSpec } from '../catalog/index';
import type { LogRecord, LogSink, LogTime } from '../logRecord';
import { CsvRowJoiner, splitCsvRow } from './csvSplit';
import { civilToUnix, parseIsoTime } from './tracerptXml';

export interface WinEventCsvReader {
  line(text: string, line: number): void;
  end(): void;
}

const MAX_ROW_LINES = 1000;

/**
 * Rows held back while no TimeCreated has told whether dates are day- or month-first. Past this
 * many the usual order for the format seen is assumed, so memory stays bounded.
 */
const MAX_UNDECIDED_ROWS = 5000;

interface Columns {
  readonly message: number;
  readonly id: number;
  readonly providerName: number;
  readonly providerId: number;
  readonly processId: number;
  readonly threadId: number;
  readonly timeCreated: number;
  readonly properties: number;
}

/** A culture-formatted date whose first two numbers may be d/M or M/d. */
export interface SlashDate {
  readonly a: number;
  readonly b: number;
  readonly y: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
  readonly ns: number;
  readonly hasAmPm: boolean;
}

type Order = 'dmy' | 'mdy';

/** A row waiting for the day/month order: its time is known already, or still a SlashDate. */
type HeldRow = { readonly record: LogRecord; readonly date?: undefined } | { readonly record: Omit<LogRecord, 'time'>; readonly date: SlashDate };

export function createWinEventCsvReader(sink: LogSink): WinEventCsvReader {
  let columns: Columns | null = null;
  let gaveUp = false;
  let order: Order | null = null;
  const held: HeldRow[] = [];

  function row(text: string, line: number): void {
    if (gaveUp) return;
    if (columns === null) {
      if (text.startsWith('#')) return; // `#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord`
      columns = headerColumns(text);
      if (columns === null) {
        gaveUp = true;
        sink.problem({ line, message: 'not a Get-WinEvent CSV header (no TimeCreated, Id or ProviderName column): the file is not read' });
      }
      return;
    }
    const c = columns;
    const cells = splitCsvRow(text);
    const cell = (i: number): string => (i >= 0 ? cells[i]?.text ?? '' : '');
    const provider = cell(c.providerName) || cell(c.providerId) || null;
    const eventId = parseDecimal(cell(c.id));
    const record: Omit<LogRecord, 'time'> = {
      line,
      provider,
      eventId,
      pid: parseDecimal(cell(c.processId)),
      tid: parseDecimal(cell(c.threadId)),
      fields: propertyFields(cell(c.properties), provider, eventId),
      message: cell(c.message),
    };
    const when = cell(c.timeCreated);
    const parsed = winEventTime(when);
    if (parsed === null) {
      if (when !== '') sink.problem({ line, message: `unreadable TimeCreated "${when}"` });
      emit({ ...record, time: null });
      return;
    }
    if ('sec' in parsed) {
      emit({ ...record, time: parsed });
      return;
    }
    if (order === null) {
      const evidence = orderEvidence(parsed);
      if (evidence === null) {
        held.push({ record, date: parsed });
        if (held.length >= MAX_UNDECIDED_ROWS) assumeOrder();
        return;
      }
      order = evidence;
      release();
    }
    emit({ ...record, time: slashTime(parsed, order, line) });
  }

  /** Held rows go out first, in file order, once the order is known or assumed. */
  function release(): void {
    const o = order!;
    for (const h of held.splice(0)) {
      sink.record(h.date === undefined ? h.record : { ...h.record, time: slashTime(h.date, o, h.record.line) });
    }
  }

  function assumeOrder(): void {
    const first = held[0];
    if (first?.date === undefined) return;
    const undecided = held.filter((h) => h.date !== undefined).length;
    // en-US writes `M/d/yyyy h:mm:ss tt`; the 24-hour cultures with slashes (en-GB, fr-FR, …) d/M.
    order = first.date.hasAmPm ? 'mdy' : 'dmy';
    const shape = order === 'mdy' ? 'month/day (en-US)' : 'day/month';
    sink.problem({
      line: first.record.line,
      message: `note: TimeCreated dates never have a day above 12 in ${undecided} rows, so the day/month order is assumed: ${shape}`,
    });
    release();
  }

  function slashTime(d: SlashDate, o: Order, line: number): LogTime | null {
    const [day, month] = o === 'dmy' ? [d.a, d.b] : [d.b, d.a];
    const sec = civilToUnix(d.y, month, day, d.h, d.mi, d.s);
    if (sec === null) {
      sink.problem({ line, message: `TimeCreated is not a date when read ${o === 'dmy' ? 'day/month' : 'month/day'} as the rest of the file` });
      return null;
    }
    return { sec, ns: d.ns, zone: 'local' };
  }

  function emit(r: LogRecord): void {
    // A row that arrives while earlier ones are held waits behind them.
    if (held.length > 0) {
      held.push({ record: r });
      return;
    }
    sink.record(r);
  }

  const rows = new CsvRowJoiner(row, (line, message) => sink.problem({ line, message }), MAX_ROW_LINES);
  return {
    line: (text, line) => rows.line(text, line),
    end(): void {
      rows.end();
      assumeOrder();
    },
  };
}

function headerColumns(text: string): Columns | null {
  const names = splitCsvRow(text).map((c) => c.text.toLowerCase());
  const at = (name: string): number => names.indexOf(name.toLowerCase());
  const c: Columns = {
    message: at('Message'),
    id: at('Id'),
    providerName: at('ProviderName'),
    providerId: at('ProviderId'),
    processId: at('ProcessId'),
    threadId: at('ThreadId'),
    timeCreated: at('TimeCreated'),
    properties: at('Properties'),
  };
  return c.timeCreated < 0 && c.id < 0 && c.providerName < 0 ? null : c;
}

function parseDecimal(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

/**
 * Export-Csv writes a collection as its type name (`System.Collections.Generic.List`1[…]`): no
 * values then. Users who flatten it (`$_.Properties.Value -join …`) join with newlines, `;` or
 * `,`, sometimes inside `{…}` as PowerShell prints collections; the values are positional.
 */
function propertyFields(text: string, provider: string | null, eventId: number | null): Record<string, string> {
  const fields: Record<string, string> = {};
  let t = text.trim();
  if (t === '' || /^System\.[\w.`[\],]+$/.test(t)) return fields;
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1).trim();
  if (t === '') return fields;
  const values = t.includes('\n')
    ? t.split(/\r?\n/).map((v) => v.trim())
    : t.includes(';')
      ? t.split(';').map((v) => v.trim())
      : splitCsvRow(t).map((c) => c.text);
  const names = provider !== null && eventId !== null ? eventSpec(provider, eventId)?.fields : undefined;
  values.forEach((v, i) => (fields[names?.[i] ?? `field${i + 1}`] = v));
  return fields;
}

// d/M/yyyy, M/d/yyyy (slashes, dashes) and d.M.yyyy, 12- or 24-hour, optional fraction.
const CULTURE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,9}))?(?:\s*([AaPp])\.?\s?[Mm]\.?)?$/;

/**
 * TimeCreated as Export-Csv wrote it: an ISO or `o` round-trip string (zone kept: utc, offset or
 * local), or a culture date; those with slashes or dashes come back undecided (the caller
 * decides d/M or M/d for the whole file), dotted ones (de-DE, ru-RU …) are always day-first.
 */
export function winEventTime(text: string): LogTime | SlashDate | null {
  const iso = parseIsoTime(text);
  if (iso !== null) return iso;
  const m = CULTURE.exec(text);
  if (m === null) return null;
  let h = Number(m[5]);
  const ampm = m[9];
  if (ampm !== undefined) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === 'p' || ampm === 'P' ? 12 : 0);
  }
  const date: SlashDate = {
    a: Number(m[1]),
    b: Number(m[3]),
    y: Number(m[4]),
    h,
    mi: Number(m[6]),
    s: m[7] === undefined ? 0 : Number(m[7]),
    ns: m[8] === undefined ? 0 : Number(m[8].padEnd(9, '0')),
    hasAmPm: ampm !== undefined,
  };
  if (m[2] !== '.') return date;
  const sec = civilToUnix(date.y, date.b, date.a, date.h, date.mi, date.s);
  return sec === null ? null : { sec, ns: date.ns, zone: 'local' };
}

function orderEvidence(d: SlashDate): Order | null {
  if (d.a > 12 && d.b <= 12) return 'dmy';
  if (d.b > 12 && d.a <= 12) return 'mdy';
  return null;
}
