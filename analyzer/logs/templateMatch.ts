/**
 * Recognising a rendered ETW message (netsh/pktmon TXT, XML RenderingInfo, journal MESSAGE=)
 * as one of the catalog's events, and reading the field values back out of it.
 *
 * A template is literal text with `%n` placeholders. Matching walks it left to right: each
 * placeholder's value runs up to the first later occurrence of the literal that follows it (no
 * regex backtracking, so a line costs a few indexOf calls). Templates drift between Windows
 * builds: newer texts insert words (`dropped 1 packet(s) on interface 13.`) or append whole
 * clauses (1332's `…, RcvWnd = 65535, …`). So a match may stop early, keeping the placeholders
 * read so far, when the text then continues with the start of the expected literal; any text
 * after the template is allowed; and `Name = value` pairs anywhere in the message are read too
 * (under the written name when the template did not already give that field).
 */
import type { EventSpec } from './catalog/eventSpec';
import { normalizeProvider, specsOf } from './catalog/index';

export interface Identified {
  readonly spec: EventSpec;
  readonly fields: Record<string, string>;
}

interface Piece {
  /** Literal text before the placeholder (or the tail after the last one). */
  readonly literal: string;
  /** driftCuts(literal), and the literal cut there. */
  readonly cuts: readonly number[];
  readonly cutTexts: readonly string[];
  /** 0-based field index of the placeholder that follows `literal`; -1 for the tail. */
  readonly field: number;
}

/** A compiled template. */
export interface TemplateMatcher {
  readonly spec: EventSpec;
  /** The text before the first placeholder: a message must start with it. */
  readonly lead: string;
  /** Literal characters in the whole template: how specific a complete match is. */
  readonly literalLength: number;
  match(message: string): TemplateMatch | null;
}

export interface TemplateMatch {
  /** Every literal was found in order. */
  readonly complete: boolean;
  /** Literal characters matched: the larger, the more specific. */
  readonly score: number;
  /** Where the values are: see matchedFields. */
  readonly spans: readonly number[];
}

/** The field values a match found, by field name (first placeholder of a name wins). */
export function matchedFields(spec: EventSpec, message: string, m: TemplateMatch): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i < m.spans.length; i += 3) {
    const start = m.spans[i + 1]!;
    const end = m.spans[i + 2]!;
    setField(fields, spec.fields[m.spans[i]!], end < 0 ? readValue(message, start) : message.slice(start, end));
  }
  return fields;
}

/** Splits `a %1 b %2.` into pieces; `%%` is not used by these providers' messages. */
function parse(template: string): Piece[] {
  const pieces: Piece[] = [];
  const re = /%(\d+)/g;
  let from = 0;
  for (let m = re.exec(template); m !== null; m = re.exec(template)) {
    const literal = template.slice(from, m.index);
    pieces.push(piece(literal, Number(m[1]) - 1));
    from = m.index + m[0].length;
  }
  const tail = template.slice(from);
  pieces.push(piece(tail, -1));
  return pieces;
}

function piece(literal: string, field: number): Piece {
  const cuts = driftCuts(literal);
  return { literal, cuts, cutTexts: cuts.map((n) => literal.slice(0, n)), field };
}

/** A drifted message still counts when it continues with a word of the expected literal. */
const MIN_WORD = 3;

export function compileTemplate(spec: EventSpec): TemplateMatcher | null {
  if (spec.template === null || spec.template.trim() === '') return null;
  const pieces = parse(spec.template.trim());
  const lead = pieces[0]!.literal;
  const literalLength = pieces.reduce((n, p) => n + p.literal.length, 0);

  function match(message: string): TemplateMatch | null {
    if (!message.startsWith(lead)) return null;
    // Field values as (field, start, end) triples; end -1: read a value from start. Strings are
    // only cut for the winning template (a line is tried against dozens).
    const spans: number[] = [];
    let pos = lead.length;
    let score = lead.length;
    let agreed = 0;
    for (let i = 0; i < pieces.length - 1; i++) {
      const field = pieces[i]!.field;
      const next = pieces[i + 1]!;
      if (next.field === -1 && next.literal === '') {
        // The template ends with this placeholder: its value is the next value-shaped run.
        spans.push(field, pos, -1);
        return { complete: true, score, spans };
      }
      const at = message.indexOf(next.literal, pos);
      if (at >= 0) {
        spans.push(field, pos, at);
        pos = at + next.literal.length;
        score += next.literal.length;
        agreed++;
        continue;
      }
      // Drift: accept only after the text agreed with the template past one placeholder at
      // least, and when it goes on with a real word of the expected literal.
      if (agreed === 0) return null;
      for (let c = 0; c < next.cuts.length; c++) {
        const partialAt = message.indexOf(next.cutTexts[c]!, pos);
        if (partialAt < 0) continue;
        spans.push(field, pos, partialAt);
        return { complete: false, score: score + next.cuts[c]!, spans };
      }
      return null;
    }
    return { complete: true, score, spans };
  }

  return { spec, lead, literalLength, match };
}

/**
 * The leading parts of a literal a drifted message may stop after, longest first: each ends at
 * the end of a word and holds a word of MIN_WORD letters (a bare ` ` or `, ` would match anything).
 */
function driftCuts(literal: string): number[] {
  const cuts: number[] = [];
  let run = 0;
  let seenWord = false;
  for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i) | 0x20;
    const letter = c >= 97 && c <= 122;
    run = letter ? run + 1 : 0;
    if (run >= MIN_WORD) seenWord = true;
    const wordEnds = letter && (i + 1 === literal.length || !isLetter(literal.charCodeAt(i + 1)));
    if (seenWord && wordEnds && i + 1 < literal.length) cuts.push(i + 1);
  }
  return cuts.reverse();
}

function isLetter(code: number): boolean {
  const c = code | 0x20;
  return c >= 97 && c <= 122;
}

function setField(fields: Record<string, string>, name: string | undefined, raw: string): void {
  if (name === undefined || Object.prototype.hasOwnProperty.call(fields, name)) return;
  fields[name] = cleanValue(raw);
}

/**
 * A placeholder's text minus what drift put next to it: 1332's newer text renders
 * `connection %1` as `0xFFFF… (local=… remote=…)`; the pairs are read separately.
 */
function cleanValue(raw: string): string {
  const t = raw.trim();
  if (t.indexOf('=') < 0) return t;
  const m = /^(\S+)\s+\([^()]*=[^()]*\)$/.exec(t);
  return m === null ? t : m[1]!;
}

const PAIR_NAME = /(?:^|[\s(,;])([A-Za-z][A-Za-z0-9_]*)\s*=\s*/g;
const NEXT_PAIR = /^\s+[A-Za-z][A-Za-z0-9_]*\s*=/;

/**
 * A value starting at `from`: up to a `,` or an unbalanced `)`, a `.` that ends a sentence, or
 * whitespace followed by the next `Name =`; parentheses inside it are kept (`4(EstablishedState)`,
 * `Ethernet (Kernel Debugger)`).
 */
export function readValue(text: string, from: number): string {
  let depth = 0;
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0) {
      if (c === 44 /* , */) break;
      if (c === 46 /* . */ && (i + 1 === text.length || isSpace(text.charCodeAt(i + 1)))) break;
      if (isSpace(c) && NEXT_PAIR.test(text.slice(i, i + 64))) break;
    }
  }
  return text.slice(from, i).trim();
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Every `Name = value` / `Name=value` pair of a message, first occurrence of a name kept. */
export function readPairs(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  PAIR_NAME.lastIndex = 0;
  for (let m = PAIR_NAME.exec(message); m !== null; m = PAIR_NAME.exec(message)) {
    const name = m[1]!;
    const value = readValue(message, m.index + m[0].length);
    if (!Object.prototype.hasOwnProperty.call(out, name)) out[name] = value;
  }
  return out;
}

/** Compiled templates of one provider, bucketed by the first word of their lead. */
interface ProviderIndex {
  readonly byWord: ReadonlyMap<string, readonly TemplateMatcher[]>;
  /** Templates whose lead has no whole first word (tried for every message). */
  readonly always: readonly TemplateMatcher[];
}

const INDEX = new Map<string, ProviderIndex>();

function indexOf(provider: string): ProviderIndex {
  let idx = INDEX.get(provider);
  if (idx !== undefined) return idx;
  const byWord = new Map<string, TemplateMatcher[]>();
  const always: TemplateMatcher[] = [];
  for (const spec of specsOf(provider)) {
    const m = compileTemplate(spec);
    if (m === null) continue;
    const space = m.lead.indexOf(' ');
    if (space <= 0) {
      always.push(m);
      continue;
    }
    const word = m.lead.slice(0, space);
    const list = byWord.get(word);
    if (list === undefined) byWord.set(word, [m]);
    else list.push(m);
  }
  idx = { byWord, always };
  INDEX.set(provider, idx);
  return idx;
}

/**
 * The catalog event a rendered message is, with its field values: the complete match with the
 * most literal text, else the longest drifted match; on a tie the lower id (the catalog's IPv4
 * twin of a legacy IPv4/IPv6 pair, which share one text). Null when nothing matches or the
 * provider has no catalog.
 */
export function identify(provider: string, message: string): Identified | null {
  const idx = indexOf(normalizeProvider(provider));
  const text = message.trim();
  const space = text.indexOf(' ');
  const word = space < 0 ? text : text.slice(0, space);
  const candidates = idx.byWord.get(word);
  let best: { m: TemplateMatcher; r: TemplateMatch } | null = null;
  const consider = (list: readonly TemplateMatcher[] | undefined): void => {
    if (list === undefined) return;
    for (const m of list) {
      const r = m.match(text);
      if (r === null) continue;
      if (best === null || better(r, m, best.r, best.m)) best = { m, r };
    }
  };
  consider(candidates);
  consider(idx.always);
  if (best === null) return null;
  const found: { m: TemplateMatcher; r: TemplateMatch } = best;
  const fields = matchedFields(found.m.spec, text, found.r);
  const pairs = readPairs(text);
  for (const [k, v] of Object.entries(pairs)) if (!Object.prototype.hasOwnProperty.call(fields, k)) fields[k] = v;
  return { spec: found.m.spec, fields };
}

function better(r: TemplateMatch, m: TemplateMatcher, br: TemplateMatch, bm: TemplateMatcher): boolean {
  if (r.complete !== br.complete) return r.complete;
  if (r.score !== br.score) return r.score > br.score;
  return m.spec.id < bm.spec.id;
}
