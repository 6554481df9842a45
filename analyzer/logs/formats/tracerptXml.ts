/**
 * `tracerpt x.etl -of XML` (also `netsh trace convert dump=XML` and Get-WinEvent `ToXml()`):
 * `<Events><Event><System>…</System><EventData>|<UserData>…<RenderingInfo>…</Event>…`.
 *
 * Streamed through saxes, one element at a time: dump files reach gigabytes, so no DOM is built
 * and only the event being read is held. Layout: etw-formats.md §2b and the two real excerpts in
 * etw-samples/ (both are cut mid-event, as traces stopped abruptly often are).
 */

import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { eventSpec } from '../catalog/index';
import type { LogRecord, LogSink, LogTime } from '../logRecord';

export interface TracerptXmlReader {
  /** Decoded text, any chunking (lines.ts decides the encoding). */
  text(chunk: string): void;
  end(): void;
}

/** After this many XML errors the input is taken for something else and reading stops. */
const MAX_XML_ERRORS = 50;

interface PendingEvent {
  readonly line: number;
  providerName: string | null;
  providerGuid: string | null;
  eventId: number | null;
  pid: number | null;
  tid: number | null;
  time: LogTime | null;
  readonly fields: Record<string, string>;
  /** `<Data>` without a Name (classic events through ToXml): named from the catalog at the end. */
  readonly unnamed: string[];
  message: string;
}

/** An element whose text is a value: collected until it closes (text may come in pieces). */
interface Capture {
  readonly depth: number;
  readonly store: (ev: PendingEvent, text: string) => void;
  text: string;
  damaged?: boolean;
}

export function createTracerptXmlReader(sink: LogSink): TracerptXmlReader {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: string[] = [];
  let ev: PendingEvent | null = null;
  let eventDepth = -1;
  let capture: Capture | null = null;
  /** While a UserData template is open, its child elements are fields, not text of the template. */
  let templateDepth = -1;
  let eventLine = 0;
  let errors = 0;
  let stopped = false;
  let lastProblemLine = -1;
  let ending = false;
  let truncationReported = false;

  const problem = (line: number, message: string): void => {
    // saxes may report several errors for one broken spot: one problem per line is enough.
    if (line === lastProblemLine) return;
    lastProblemLine = line;
    sink.problem({ line, message });
  };

  parser.on('error', (err) => {
    const message = err.message.replace(/^\d+:\d+: /, '');
    // Get-WinEvent `ToXml()` strings are often saved one after another with no <Events> around.
    if (message.startsWith('documents may contain only one root')) return;
    // Once the end has been said to cut the file short, saxes's own words for it add nothing.
    if (ending && (truncationReported || message.startsWith('unclosed tag'))) return;
    // Recovery may have altered the value being read (saxes drops what it cannot parse): it is
    // left out rather than kept looking right.
    const damaged = capture !== null;
    if (capture !== null) capture.damaged = true;
    problem(parser.line, `XML: ${message}${damaged ? ' (the value being read there is left out)' : ''}`);
    if (++errors >= MAX_XML_ERRORS && !stopped) {
      stopped = true;
      sink.problem({ line: parser.line, message: `too many XML errors (${errors}): reading stopped here` });
    }
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    const depth = stack.length;
    stack.push(name);
    if (ev === null) {
      if (name === 'Event') {
        ev = newEvent(eventLine);
        eventDepth = depth;
      }
      return;
    }
    if (capture !== null) return;
    const rel = depth - eventDepth;
    const section = stack[eventDepth + 1];
    if (rel === 2 && section === 'System') openSystem(ev, name, tag.attributes);
    else if (rel === 2 && section === 'EventData') openEventData(name, tag.attributes, depth);
    else if (rel === 3 && section === 'UserData') capture = { depth, text: '', store: (e, t) => setField(e.fields, name, t) };
    else if (rel === 2 && section === 'UserData') {
      // A template with no child elements carries its value as its own text.
      capture = { depth, text: '', store: (e, t) => { if (t.trim() !== '') setField(e.fields, name, t); } };
      templateDepth = depth;
    } else if (rel === 2 && section === 'RenderingInfo' && name === 'Message') capture = { depth, text: '', store: (e, t) => (e.message = t) };
  });

  parser.on('text', (t) => {
    if (capture !== null) capture.text += t;
  });
  parser.on('cdata', (t) => {
    if (capture !== null) capture.text += t;
  });

  parser.on('closetag', () => {
    const depth = stack.length - 1;
    stack.pop();
    if (ev === null) return;
    if (capture !== null && capture.depth === depth) {
      if (capture.damaged !== true) capture.store(ev, capture.text);
      capture = null;
    }
    if (depth === templateDepth) templateDepth = -1;
    if (depth === eventDepth) {
      emit(ev);
      ev = null;
      eventDepth = -1;
    }
  });

  parser.on('opentagstart', () => {
    // opentag comes only at the tag's '>', maybe lines later; the line asked for is the one
    // where `<Event` starts. The name ends at a space, '>' or a newline, and after a newline
    // saxes is already on the next line, at column 0.
    eventLine = parser.column === 0 ? parser.line - 1 : parser.line;
    // A field element inside a UserData template ends the template's own text capture.
    if (capture !== null && templateDepth >= 0 && capture.depth === templateDepth && stack.length === templateDepth + 1) capture = null;
  });

  function openSystem(e: PendingEvent, name: string, attrs: Record<string, string>): void {
    switch (name) {
      case 'Provider':
        e.providerName = nonEmpty(attrs['Name']);
        e.providerGuid = nonEmpty(attrs['Guid']);
        break;
      case 'EventID':
        capture = { depth: stack.length - 1, text: '', store: (ev2, t) => (ev2.eventId = parseNumber(t)) };
        break;
      case 'TimeCreated': {
        const raw = attrs['SystemTime'];
        if (raw === undefined) break;
        e.time = parseIsoTime(raw.trim());
        if (e.time === null) problem(parser.line, `unreadable TimeCreated SystemTime "${raw}"`);
        break;
      }
      case 'Execution':
        e.pid = parseNumber(attrs['ProcessID'] ?? '');
        e.tid = parseNumber(attrs['ThreadID'] ?? '');
        break;
    }
  }

  function openEventData(name: string, attrs: Record<string, string>, depth: number): void {
    if (name === 'Data') {
      const field = nonEmpty(attrs['Name']);
      capture = {
        depth,
        text: '',
        store: (e, t) => (field === null ? e.unnamed.push(t) : setField(e.fields, field, t)),
      };
    } else {
      // `<Binary>` (classic events' extra bytes) and anything else a writer adds: kept by name.
      capture = { depth, text: '', store: (e, t) => setField(e.fields, name, t) };
    }
  }

  function emit(e: PendingEvent): void {
    const provider = e.providerName ?? e.providerGuid;
    if (e.unnamed.length > 0) {
      const names = provider !== null && e.eventId !== null ? eventSpec(provider, e.eventId)?.fields : undefined;
      e.unnamed.forEach((v, i) => setField(e.fields, names?.[i] ?? `field${i + 1}`, v));
    }
    const record: LogRecord = {
      line: e.line,
      time: e.time,
      provider,
      eventId: e.eventId,
      pid: e.pid,
      tid: e.tid,
      fields: e.fields,
      message: e.message,
    };
    sink.record(record);
  }

  return {
    text(chunk: string): void {
      if (stopped) return;
      parser.write(chunk);
    },
    end(): void {
      if (!stopped && ev !== null) {
        // A trace stopped abruptly ends mid-event: what was read of it is still worth showing,
        // but a value cut in the middle is not kept (it would look complete).
        const cut = capture !== null ? ' (its last, unfinished value is left out)' : '';
        emit(ev);
        sink.problem({ line: ev.line, message: `the file ends inside the event that starts here: kept what was read${cut}` });
        truncationReported = true;
        ev = null;
        capture = null;
      } else if (!stopped && stack.length > 0) {
        sink.problem({ line: parser.line, message: `the file ends before </${stack[0]}>: it may be truncated` });
        truncationReported = true;
      }
      ending = true;
      if (!stopped) parser.close();
    },
  };
}

function newEvent(line: number): PendingEvent {
  return { line, providerName: null, providerGuid: null, eventId: null, pid: null, tid: null, time: null, fields: {}, unnamed: [], message: '' };
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function nonEmpty(s: string | undefined): string | null {
  if (s === undefined) return null;
  const t = s.trim();
  return t === '' ? null : t;
}

/** Repeated names (arrays in a template) keep every value: the second is `Name#2`, and so on. */
function setField(fields: Record<string, string>, name: string, value: string): void {
  if (!(name in fields)) {
    fields[name] = value;
    return;
  }
  let n = 2;
  while (`${name}#${n}` in fields) n++;
  fields[`${name}#${n}`] = value;
}

/** Decimal as the XML writes ids; `0x` hex accepted for hand-made files. */
function parseNumber(text: string): number | null {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  return null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 date-time as ETW tools write it (`2023-03-29T12:33:05.621016900-07:00`, `…Z`, or
 * with no zone: local). The fraction is taken digit by digit: ETW's 100 ns would not survive a
 * float. Digits past the nanosecond are dropped (no tool writes them).
 */
export function parseIsoTime(text: string): LogTime | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const sec = civilToUnix(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (sec === null) return null;
  const ns = m[7] === undefined ? 0 : Number(m[7].slice(0, 9).padEnd(9, '0'));
  const zone = m[8];
  if (zone === undefined) return { sec, ns, zone: 'local' };
  if (zone === 'Z' || zone === 'z') return { sec, ns, zone: 'utc' };
  const digits = zone.replace(':', '');
  const minutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  if (Math.abs(minutes) > 18 * 60) return null;
  if (minutes === 0) return { sec, ns, zone: 'utc' };
  return { sec: sec - minutes * 60, ns, zone: 'offset', offsetMinutes: minutes };
}

/** Seconds since 1970 of a calendar reading taken as UTC; null for an impossible date. */
export function civilToUnix(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  // Date.UTC reads years 0–99 as 1900–1999; no log is dated then.
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 31 February over into March: a date that does not round-trip does not exist.
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms / 1000;
}
