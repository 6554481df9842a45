/**
 * How the diagnosed program's own log says what it saw: user-defined regular expressions whose
 * named groups the program-log reader turns into record fields (formats/programLog.ts) and
 * programFacts.ts into facts. A program log is the user's own text, so the shapes cannot be
 * known in advance: the presets cover the usual ones, and a user pattern is checked here so a
 * mistake is reported once, by name, instead of silently matching nothing.
 */
import type { LogTime } from './logRecord';

/** The named groups that mean something; other named groups are kept as plain fields. */
export const PROGRAM_GROUPS = [
  'time', 'socket', 'event', 'error', 'lParam', 'mask', 'errors', 'call', 'bytes', 'result',
] as const;
export type ProgramGroup = (typeof PROGRAM_GROUPS)[number];

/** A pattern needs one of these, or a matching line could say nothing about a socket. */
const SUBJECT_GROUPS: readonly ProgramGroup[] = ['event', 'mask', 'lParam', 'call'];

export interface ProgramPattern {
  readonly name: string;
  readonly regex: RegExp;
  /** The named groups the regex declares, in source order. */
  readonly groups: readonly string[];
}

/** What a user writes in the settings: the regex as text (`/…/i` literals are accepted too). */
export interface ProgramPatternSpec {
  readonly name?: string;
  readonly regex: string;
  readonly flags?: string;
}

export type PatternCheck =
  | { readonly ok: true; readonly pattern: ProgramPattern }
  | { readonly ok: false; readonly message: string };

/**
 * Compiles and checks one pattern. `g` and `y` are dropped: they make `exec` stateful across
 * lines (lastIndex), which would skip matches on every other line.
 */
export function compileProgramPattern(spec: ProgramPatternSpec, index = 0): PatternCheck {
  const name = spec.name?.trim() || `pattern ${index + 1}`;
  let source = spec.regex;
  let flags = spec.flags ?? '';
  const literal = /^\/([\s\S]+)\/([a-z]*)$/.exec(source);
  if (literal && spec.flags === undefined) {
    source = literal[1]!;
    flags = literal[2]!;
  }
  if (source.trim() === '') return { ok: false, message: `${name}: the regular expression is empty` };
  flags = [...new Set(flags.replace(/[gy]/g, ''))].join('');
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags);
  } catch (e) {
    return { ok: false, message: `${name}: not a valid JavaScript regular expression: ${(e as Error).message}` };
  }
  const groups = namedGroups(source);
  if (!SUBJECT_GROUPS.some((g) => groups.includes(g))) {
    const known = groups.length > 0 ? `it has ${groups.map((g) => `(?<${g}>…)`).join(', ')}` : 'it has no named groups';
    return {
      ok: false,
      message: `${name}: needs at least one of the named groups (?<event>…), (?<mask>…), (?<lParam>…) or (?<call>…) to say what happened; ${known}`,
    };
  }
  if (groups.includes('errors') && !groups.includes('mask')) {
    return { ok: false, message: `${name}: (?<errors>…) holds iErrorCode values for the bits of (?<mask>…), which the pattern lacks` };
  }
  return { ok: true, pattern: { name, regex, groups } };
}

/** Compiles every spec; the ones that fail are reported and left out. */
export function compileProgramPatterns(specs: readonly ProgramPatternSpec[]): { patterns: ProgramPattern[]; errors: string[] } {
  const patterns: ProgramPattern[] = [];
  const errors: string[] = [];
  specs.forEach((s, i) => {
    const c = compileProgramPattern(s, i);
    if (c.ok) patterns.push(c.pattern);
    else errors.push(c.message);
  });
  return { patterns, errors };
}

/** Named groups as declared, skipping escaped parentheses and lookbehinds `(?<=`/`(?<!`. */
function namedGroups(source: string): string[] {
  const out: string[] = [];
  const re = /\\.|\(\?<([A-Za-z_$][\w$]*)>/g;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) if (m[1] !== undefined) out.push(m[1]);
  return out;
}

// ---- the time group -------------------------------------------------------------------------

const DATE_TIME =
  /^(\d{4})([-/])(\d{2})\2(\d{2})(?:[T ]|-(?=\d))(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9})\d*)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const TIME_ONLY = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,9})\d*)?$/;

/**
 * The accepted time texts: ISO 8601 with or without an offset or `Z`, `YYYY-MM-DD hh:mm:ss[.f…]`,
 * `YYYY/MM/DD hh:mm:ss[.f…]` (and netsh's `YYYY/MM/DD-hh:mm:ss.f…`), and a bare `hh:mm:ss[.f…]`.
 * Fractions are read as digits, never as a float, so nanoseconds stay exact; digits past the
 * ninth are dropped (nothing finer exists in a LogTime). Null when the text is none of these or
 * names an impossible date or time.
 */
export function parseProgramTime(text: string): LogTime | null {
  const t = text.trim();
  const d = DATE_TIME.exec(t);
  if (d) {
    const [, y, , mo, da, h, mi, s, frac, zone] = d;
    const year = Number(y), month = Number(mo), day = Number(da);
    const hour = Number(h), minute = Number(mi), second = Number(s);
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
    if (hour > 23 || minute > 59 || second > 59) return null;
    const wall = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
    const ns = fractionNs(frac);
    if (zone === undefined) return { sec: wall, ns, zone: 'local' };
    if (zone.toUpperCase() === 'Z') return { sec: wall, ns, zone: 'utc' };
    const offset = offsetMinutes(zone);
    if (offset === null) return null;
    if (offset === 0) return { sec: wall, ns, zone: 'utc' };
    return { sec: wall - offset * 60, ns, zone: 'offset', offsetMinutes: offset };
  }
  const o = TIME_ONLY.exec(t);
  if (o) {
    const [, h, mi, s, frac] = o;
    const hour = Number(h), minute = Number(mi), second = Number(s);
    if (hour > 23 || minute > 59 || second > 59) return null;
    return { sec: hour * 3600 + minute * 60 + second, ns: fractionNs(frac), zone: 'time-only' };
  }
  return null;
}

function fractionNs(frac: string | undefined): number {
  return frac === undefined ? 0 : Number(frac.padEnd(9, '0'));
}

function offsetMinutes(zone: string): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const h = Number(m[2]), mi = Number(m[3] ?? '0');
  if (h > 14 || mi > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// ---- presets ---------------------------------------------------------------------------------

/** The time forms above, optionally in brackets, at the start of a line. */
const TIME =
  String.raw`^\[?(?<time>\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]|-(?=\d))\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)\]?`;
const SOCKET = String.raw`(?<socket>0x[0-9A-Fa-f]+|\d+)`;
const FD = String.raw`FD_[A-Z_]+`;
const NUMBER = String.raw`0x[0-9A-Fa-f]+|\d+`;
const ERROR = String.raw`WSA[A-Z_]+|-?\d+`;

export interface ProgramPreset {
  readonly name: string;
  readonly description: string;
  readonly regex: string;
  /** A line the preset matches (tests check it does). */
  readonly example: string;
}

export const PROGRAM_PRESETS: readonly ProgramPreset[] = [
  {
    name: 'fd-words',
    description: 'FD_* names after a socket number: `[12:00:01.123] sock 356: FD_READ err=0`',
    regex: String.raw`${TIME}\s+(?:sock(?:et)?|s)\s*[#=:]?\s*${SOCKET}\s*:?\s+(?<event>${FD}(?:\s*[|,]\s*${FD})*)(?:\s+(?:err(?:or)?|iErrorCode)\s*[=:]\s*(?<error>${ERROR}))?`,
    example: '[12:00:01.123] sock 356: FD_READ err=0',
  },
  {
    name: 'enum-mask',
    description: 'WSAEnumNetworkEvents result: `lNetworkEvents=0x21 iErrorCode[FD_CLOSE_BIT]=10053`',
    regex: String.raw`${TIME}\s.*?\bsock(?:et)?\s*[#=:]?\s*${SOCKET}\b.*?\blNetworkEvents\s*[=:]\s*(?<mask>${NUMBER})(?<errors>(?:[\s,;]+iErrorCode\[\w+\]\s*[=:]\s*(?:${ERROR}))*)`,
    example: '2026-11-20 15:23:28.782700 socket 356 WSAEnumNetworkEvents: lNetworkEvents=0x21 iErrorCode[FD_READ_BIT]=0 iErrorCode[FD_CLOSE_BIT]=10053',
  },
  {
    name: 'async-select-macros',
    description: 'a WSAAsyncSelect message decoded: `WSAGETSELECTEVENT(lParam)=0x20 WSAGETSELECTERROR(lParam)=10054`',
    regex: String.raw`${TIME}\s.*?\bwParam\s*=\s*${SOCKET}\b.*?\bWSAGETSELECTEVENT\(lParam\)\s*=\s*(?<event>${NUMBER}|${FD})\s*,?\s*WSAGETSELECTERROR\(lParam\)\s*=\s*(?<error>${ERROR})`,
    example: '2026-11-20T15:23:28.782700+02:00 WM_SOCKET wParam=356 WSAGETSELECTEVENT(lParam)=0x20 WSAGETSELECTERROR(lParam)=10054',
  },
  {
    name: 'async-lparam',
    description: 'a WSAAsyncSelect message raw: `msg lParam=0x27450020` (event in the low word, error in the high word)',
    regex: String.raw`${TIME}\s.*?\bwParam\s*=\s*${SOCKET}\b.*?\blParam\s*=\s*(?<lParam>${NUMBER})\b`,
    example: '2026/11/20 15:23:28.782 WM_SOCKET msg wParam=356 lParam=0x27450020',
  },
  {
    name: 'call-trace',
    description: 'calls and their results (recv/send and their from/to and WSA forms count as recv/send): `recv(356) = -1 WSAEWOULDBLOCK`, `recv(356) = 512`, `WSAEventSelect(356, …, FD_READ|FD_CLOSE) = 0`',
    regex: String.raw`${TIME}\s.*?\b(?<call>recv|recvfrom|WSARecv|WSARecvFrom|send|sendto|WSASend|WSASendTo|accept|WSAAccept|closesocket|WSAEventSelect|WSAAsyncSelect|WSAEnumNetworkEvents|shutdown|connect)\(\s*${SOCKET}(?:[^)]*?,\s*(?<mask>${FD}(?:\s*\|\s*${FD})*|${NUMBER})\s*(?=\)))?[^)]*\)\s*=\s*(?<result>-?\d+|0x[0-9A-Fa-f]+)(?:\s+(?<error>WSA[A-Z_]+|\d+))?`,
    example: '2026-11-20 15:23:28.682512 recv(356) = -1 WSAEWOULDBLOCK',
  },
];

/** The presets, compiled (they are tested to compile; a failure here is a bug, so it throws). */
export function presetPatterns(names?: readonly string[]): ProgramPattern[] {
  const chosen = names === undefined ? PROGRAM_PRESETS : names.map((n) => {
    const p = PROGRAM_PRESETS.find((x) => x.name === n);
    if (p === undefined) throw new Error(`no program-log preset named ${n} (have ${PROGRAM_PRESETS.map((x) => x.name).join(', ')})`);
    return p;
  });
  return chosen.map((p, i) => {
    const c = compileProgramPattern({ name: p.name, regex: p.regex }, i);
    if (!c.ok) throw new Error(c.message);
    return c.pattern;
  });
}
