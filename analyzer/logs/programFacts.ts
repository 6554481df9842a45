/**
 * What a line of the program's own log says, from the fields its pattern captured
 * (programPatterns.ts): the FD_* events it saw, and the calls it made with their results.
 * These are the program's view, compared most directly with the replay's events.
 */
import { FD_MAX_EVENTS, FD_NAMES, fdNamesOf, selectError, selectEvent, type FdName } from '../model/fdEvents';
import { isWsaError, wsaCode } from '../model/winsockErrors';
import type { LogFact, LogSubject } from './logFact';
import type { LogRecord } from './logRecord';

export const PROGRAM_PROVIDER = 'program';

/** SOCKET_ERROR: what a failed call returns; the error is then WSAGetLastError's. */
const SOCKET_ERROR = -1;

export function programFacts(r: LogRecord): LogFact[] {
  return decodeProgramRecord(r).facts;
}

/**
 * The facts, and what could not be decoded (an unknown error name, a mask with no bit): the
 * reader reports those as problems so that a line the user's pattern matched never vanishes
 * without a word.
 */
export function decodeProgramRecord(r: LogRecord): { facts: LogFact[]; problems: string[] } {
  const f = r.fields;
  const problems: string[] = [];
  const subject = subjectOf(f.socket);
  const base = r.pid !== null ? { subject, pid: r.pid } : { subject };
  const err = (text: string | undefined): number | null => {
    if (text === undefined || text.trim() === '') return 0;
    const c = errorCode(text);
    if (c === null) problems.push(`error "${text}" is neither a number nor a known Winsock error name`);
    return c;
  };
  const facts: LogFact[] = [];

  const call = f.call !== undefined ? canonicalCall(f.call) : undefined;
  if (call !== undefined) {
    facts.push(...callFacts(call, f, base, err, problems));
    return { facts, problems };
  }

  if (f.lParam !== undefined) {
    const lParam = parseNumber(f.lParam);
    if (lParam === null) {
      problems.push(`lParam "${f.lParam}" is not a number`);
    } else {
      const names = fdNamesOf(selectEvent(lParam));
      if (names.length === 0) problems.push(`lParam ${f.lParam}: WSAGETSELECTEVENT is 0, no FD_* event`);
      for (const event of names) facts.push({ ...base, kind: 'fd-event', event, error: selectError(lParam), via: 'message' });
    }
    return { facts, problems };
  }

  if (f.mask !== undefined) {
    const mask = parseNumber(f.mask);
    if (mask === null || mask === 0 || mask >= 1 << FD_MAX_EVENTS) {
      problems.push(`lNetworkEvents "${f.mask}" is not a mask of FD_* bits`);
      return { facts, problems };
    }
    const errors = bitErrors(f.errors ?? r.message, problems);
    const common = f.error !== undefined ? err(f.error) : 0;
    for (const event of fdNamesOf(mask)) {
      const e = errors.get(event) ?? common;
      if (e !== null) facts.push({ ...base, kind: 'fd-event', event, error: e, via: 'enum' });
    }
    return { facts, problems };
  }

  if (f.event !== undefined) {
    const names = eventNames(f.event);
    if (names === null) {
      problems.push(`event "${f.event}" names no FD_* event`);
      return { facts, problems };
    }
    const e = err(f.error);
    // A WSAAsyncSelect message carries one event; a line naming lParam or the macros is one.
    const via = /lParam|WSAGETSELECT|WM_/i.test(r.message) ? 'message' : 'enum';
    if (e !== null) for (const event of names) facts.push({ ...base, kind: 'fd-event', event, error: e, via });
  }
  return { facts, problems };
}

type Base = { readonly subject: LogSubject; readonly pid?: number };
type Call = 'recv' | 'send' | 'accept' | 'closesocket' | 'WSAEventSelect' | 'WSAAsyncSelect'
  | 'WSAEnumNetworkEvents' | 'shutdown' | 'connect';
const CALLS: readonly Call[] = ['recv', 'send', 'accept', 'closesocket', 'WSAEventSelect', 'WSAAsyncSelect', 'WSAEnumNetworkEvents', 'shutdown', 'connect'];

/** `WSARecv`, `recvfrom` and `WSASend` report what recv/send do; case is not significant. */
function canonicalCall(text: string): Call | undefined {
  const t = text.trim().toLowerCase();
  const exact = CALLS.find((c) => c.toLowerCase() === t);
  if (exact !== undefined) return exact;
  if (/^(wsa)?recv(from|msg)?$/.test(t)) return 'recv';
  if (/^(wsa)?send(to|msg)?$/.test(t)) return 'send';
  if (/^(wsa)?accept(ex)?$/.test(t)) return 'accept';
  if (/^(wsa)?connect(ex)?$/.test(t)) return 'connect';
  return undefined;
}

function callFacts(
  call: Call,
  f: Readonly<Record<string, string>>,
  base: Base,
  err: (text: string | undefined) => number | null,
  problems: string[],
): LogFact[] {
  const result = f.result !== undefined ? parseSigned(f.result) : null;
  if (f.result !== undefined && result === null) problems.push(`result "${f.result}" is not a number`);
  const given = err(f.error);
  if (given === null) return [];
  const failed = result === SOCKET_ERROR || given !== 0;
  const error = failed ? given : 0;
  if (failed && error === 0) problems.push(`${call} returned SOCKET_ERROR but the line gives no error`);
  // Program logs carry no NTSTATUS: status says only whether the call succeeded.
  const outcome = { status: error === 0 && !failed ? 0 : -1, error };
  const bytes = f.bytes !== undefined ? parseNumber(f.bytes) ?? undefined : !failed && result !== null && result >= 0 ? result : undefined;
  switch (call) {
    case 'recv':
      return [{ ...base, kind: 'recv', ...outcome, ...(bytes !== undefined ? { bytes } : {}) }];
    case 'send':
      return [{ ...base, kind: 'send', ...outcome, ...(bytes !== undefined ? { bytes } : {}) }];
    case 'accept': {
      const accepted = !failed && result !== null && result >= 0 ? { accepted: { kind: 'socket', id: f.result!.trim().toLowerCase() } as LogSubject } : {};
      return [{ ...base, kind: 'accept', ...outcome, ...accepted }];
    }
    case 'closesocket':
      return [{ ...base, kind: 'closesocket', ...outcome }];
    case 'shutdown':
      return [{ ...base, kind: 'shutdown', ...outcome }];
    case 'connect':
      // A non-blocking connect "fails" with WSAEWOULDBLOCK: it has only started; FD_CONNECT ends it.
      if (error === wsaCode('WSAEWOULDBLOCK')) return [{ ...base, kind: 'connect', phase: 'request' }];
      return [{ ...base, kind: 'connect', phase: 'complete', ...outcome }];
    case 'WSAEventSelect':
    case 'WSAAsyncSelect': {
      const text = f.mask ?? f.event;
      if (text === undefined) return [];
      const mask = parseNumber(text) ?? maskOfNames(text);
      if (mask === null) {
        problems.push(`${call} mask "${text}" names no FD_* event`);
        return [];
      }
      return [{ ...base, kind: 'select', mask }];
    }
    case 'WSAEnumNetworkEvents': {
      if (f.mask === undefined || failed) return [];
      const mask = parseNumber(f.mask) ?? maskOfNames(f.mask);
      if (mask === null) return [];
      const errors = bitErrors(f.errors ?? '', problems);
      return fdNamesOf(mask).map((event) => ({ ...base, kind: 'fd-event', event, error: errors.get(event) ?? 0, via: 'enum' }) as LogFact);
    }
  }
}

function subjectOf(socket: string | undefined): LogSubject {
  const id = socket?.trim().toLowerCase() ?? '';
  return id === '' ? { kind: 'none', id: '' } : { kind: 'socket', id };
}

/** `FD_READ|FD_CLOSE`, `FD_READ, FD_CLOSE`, `READ CLOSE`, or a number (its bits). */
function eventNames(text: string): FdName[] | null {
  const n = parseNumber(text);
  if (n !== null) {
    const names = fdNamesOf(n);
    return names.length > 0 && n < 1 << FD_MAX_EVENTS ? names : null;
  }
  const mask = maskOfNames(text);
  return mask === null ? null : fdNamesOf(mask);
}

function maskOfNames(text: string): number | null {
  const parts = text.split(/[\s|,+]+/).filter((p) => p !== '');
  if (parts.length === 0) return null;
  let mask = 0;
  for (const p of parts) {
    const name = (p.toUpperCase().startsWith('FD_') ? p.toUpperCase() : `FD_${p.toUpperCase()}`) as FdName;
    const bit = FD_NAMES.indexOf(name);
    if (bit < 0) return null;
    mask |= 1 << bit;
  }
  return mask;
}

/** `iErrorCode[FD_CLOSE_BIT]=10053` pairs (also `[5]` and `FD_CLOSE_BIT: WSAECONNABORTED`). */
function bitErrors(text: string, problems: string[]): Map<FdName, number> {
  const out = new Map<FdName, number>();
  const re = /\[?\s*(FD_[A-Z_]+?)(?:_BIT)?\s*\]?\s*[=:]\s*(WSA[A-Z_]+|-?\d+)|\[\s*(\d)\s*\]\s*[=:]\s*(WSA[A-Z_]+|-?\d+)/gi;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const name = m[1] !== undefined ? (m[1].toUpperCase() as FdName) : FD_NAMES[Number(m[3])];
    if (name === undefined || !FD_NAMES.includes(name)) continue;
    const code = errorCode(m[2] ?? m[4]!);
    if (code === null) problems.push(`iErrorCode for ${name} "${m[2] ?? m[4]}" is not a Winsock error`);
    else out.set(name, code);
  }
  return out;
}

/** `0`, `10054`, `0x2746`, `WSAECONNRESET`; null for anything else. */
export function errorCode(text: string): number | null {
  const t = text.trim();
  const n = parseSigned(t);
  if (n !== null) return n < 0 ? null : n;
  const upper = t.toUpperCase();
  return isWsaError(upper) ? wsaCode(upper) : null;
}

function parseNumber(text: string): number | null {
  const n = parseSigned(text);
  return n === null || n < 0 ? null : n;
}

function parseSigned(text: string): number | null {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^-?\d+$/.test(t)) return Number(t);
  return null;
}
