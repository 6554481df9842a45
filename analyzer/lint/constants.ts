import { FD_ALL_EVENTS, FD_MAX_EVENTS, FD_NAMES } from '../model/fdEvents';
import type { CParser } from './cParser';
import { descendants, fieldOf, named, unwrap, type Syn } from './syntax';

/*
 * What a mask argument is worth: FD_* names, FD_ALL_EVENTS, numeric literals, #defines, consts
 * and enumerators of the file and of the headers it includes with quotes, and simple expressions
 * over them (| & ^ ~ + - << >>, casts, parentheses). Anything else (a variable, a parameter, a
 * call) leaves the mask undecided, and the reason says which name stopped it.
 */

export type Decided = { readonly value: number } | { readonly undecided: string };

/** What winsock2.h defines: the events, their bit numbers (FD_*_BIT), FD_ALL_EVENTS, FD_MAX_EVENTS. */
const WINSOCK: ReadonlyMap<string, number> = new Map<string, number>([
  ...FD_NAMES.map((n, bit) => [n, 1 << bit] as [string, number]),
  ...FD_NAMES.map((n, bit) => [`${n}_BIT`, bit] as [string, number]),
  ['FD_ALL_EVENTS', FD_ALL_EVENTS],
  ['FD_MAX_EVENTS', FD_MAX_EVENTS],
]);

type Definition =
  | { readonly kind: 'define'; readonly text: string; readonly file: string }
  | { readonly kind: 'const'; readonly value: Syn; readonly file: string }
  | { readonly kind: 'enum'; readonly value: Syn | null; readonly previous: string | null; readonly file: string };

/** A function-like macro: `#define NAME(a, b) body`. */
export interface Macro {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: string;
}

/** The constants one file defines (not those of its includes), and the headers it includes with quotes. */
export interface FileConstants {
  readonly file: string;
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly macros: ReadonlyMap<string, Macro>;
  /** `#include "name"` paths, in order. */
  readonly includes: readonly string[];
}

export function fileConstants(file: string, root: Syn): FileConstants {
  const definitions = new Map<string, Definition>();
  const macros = new Map<string, Macro>();
  const includes: string[] = [];
  for (const n of descendants(root)) {
    switch (n.type) {
      case 'preproc_def': {
        const name = fieldOf(n, 'name')?.text;
        const value = fieldOf(n, 'value')?.text.trim();
        if (name !== undefined && value !== undefined && value !== '') definitions.set(name, { kind: 'define', text: value, file });
        break;
      }
      case 'preproc_function_def': {
        const name = fieldOf(n, 'name')?.text;
        const params = fieldOf(n, 'parameters');
        const body = fieldOf(n, 'value')?.text.trim();
        if (name !== undefined && params !== null && body !== undefined) {
          macros.set(name, { name, params: named(params).filter((p) => p.type === 'identifier').map((p) => p.text), body });
        }
        break;
      }
      case 'preproc_include': {
        const path = fieldOf(n, 'path');
        if (path?.type === 'string_literal') includes.push(path.text.slice(1, -1));
        break;
      }
      case 'declaration': {
        // `const long MASK = …;`, `static const int X = …;`, `constexpr long Y = …;`
        const qualifiers = n.children.filter((c) => c.type === 'type_qualifier').map((c) => c.text);
        if (!qualifiers.includes('const') && !qualifiers.includes('constexpr')) break;
        for (const d of n.children) {
          if (d.type !== 'init_declarator') continue;
          const name = fieldOf(d, 'declarator');
          const value = fieldOf(d, 'value');
          if (name?.type === 'identifier' && value !== null) definitions.set(name.text, { kind: 'const', value, file });
        }
        break;
      }
      case 'enumerator_list': {
        let previous: string | null = null;
        for (const e of named(n)) {
          if (e.type !== 'enumerator') continue;
          const name = fieldOf(e, 'name')?.text;
          if (name === undefined) continue;
          definitions.set(name, { kind: 'enum', value: fieldOf(e, 'value'), previous, file });
          previous = name;
        }
        break;
      }
      default:
        break;
    }
  }
  return { file, definitions, macros, includes };
}

/**
 * The constants visible in a file: its own, then those of its includes (first definition wins,
 * as the preprocessor would warn about the others), then winsock2.h's.
 */
export class ConstantScope {
  private readonly definitions = new Map<string, Definition>();
  private readonly macros = new Map<string, Macro>();
  private readonly cache = new Map<string, Decided>();

  constructor(private readonly parser: CParser, files: readonly FileConstants[]) {
    for (const f of files) {
      for (const [k, v] of f.definitions) if (!this.definitions.has(k)) this.definitions.set(k, v);
      for (const [k, v] of f.macros) if (!this.macros.has(k)) this.macros.set(k, v);
    }
  }

  macro(name: string): Macro | undefined {
    return this.macros.get(name);
  }

  /** The text an object-like #define stands for, or undefined. */
  defineText(name: string): string | undefined {
    const d = this.definitions.get(name);
    return d?.kind === 'define' ? d.text : undefined;
  }

  /**
   * The value of an expression, or why it has none. Object-like #defines are expanded as text
   * first, as the preprocessor does: `#define EVENTS FD_READ | FD_CLOSE` makes `EVENTS & ~FD_READ`
   * FD_READ | (FD_CLOSE & ~FD_READ), not (FD_READ | FD_CLOSE) & ~FD_READ.
   */
  evaluate(n: Syn): Decided {
    return this.expr(n, new Set());
  }

  /** The value of a name, or why it has none. */
  name(name: string): Decided {
    return this.identifier(name, new Set());
  }

  private identifier(name: string, seen: Set<string>): Decided {
    const known = WINSOCK.get(name);
    const def = this.definitions.get(name);
    if (def === undefined) {
      if (known !== undefined) return { value: known };
      return { undecided: `${name} is not a constant of this file or the headers it includes` };
    }
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    if (seen.has(name)) return { undecided: `${name} is defined in terms of itself` };
    seen.add(name);
    const v = this.definition(name, def, seen);
    seen.delete(name);
    this.cache.set(name, v);
    return v;
  }

  private definition(name: string, def: Definition, seen: Set<string>): Decided {
    switch (def.kind) {
      case 'const':
        return this.expr(def.value, seen);
      case 'enum': {
        if (def.value !== null) return this.expr(def.value, seen);
        if (def.previous === null) return { value: 0 };
        const p = this.identifier(def.previous, seen);
        return 'value' in p ? { value: p.value + 1 } : p;
      }
      case 'define': {
        // Reached only for a define on its own (expressions are expanded first, in `expr`).
        const value = this.parseExpression(def.text);
        return value === null ? { undecided: `#define ${name} is not an expression (${def.text})` } : this.expr(value, seen);
      }
    }
  }

  /** `text` parsed as one C expression, or null when it is not one. */
  private parseExpression(text: string): Syn | null {
    const { root } = this.parser.parse(`long __winsock_replay_mask = ${text};\n`, 'c');
    if (root.children.some((c) => c.type === 'ERROR')) return null;
    const decl = named(root)[0];
    const init = decl === undefined ? null : fieldOf(decl, 'declarator');
    return init === null ? null : fieldOf(init, 'value');
  }

  /** The text with object-like defines replaced by theirs, again and again, each name once per path (as cpp does). */
  private expand(text: string, active: ReadonlySet<string>): string {
    return text.replace(/\b[A-Za-z_]\w*\b/g, (w) => {
      const d = this.definitions.get(w);
      if (d?.kind !== 'define' || active.has(w)) return w;
      return ` ${this.expand(d.text, new Set([...active, w]))} `;
    });
  }

  private expr(n0: Syn, seen: Set<string>): Decided {
    let n = unwrap(n0);
    if ([...descendants(n)].some((x) => x.type === 'identifier' && this.definitions.get(x.text)?.kind === 'define')) {
      const expanded = this.parseExpression(this.expand(n.text, new Set()));
      if (expanded === null) return { undecided: `${n.text.replace(/\s+/g, ' ')} does not expand to an expression` };
      n = unwrap(expanded);
    }
    if (n.type === 'call_expression') {
      // C++ casts written as calls: static_cast<long>(x), long(x).
      const f = fieldOf(n, 'function');
      const args = fieldOf(n, 'arguments');
      const inner = args === null ? [] : named(args);
      if (f !== null && inner.length === 1 && (/^(static_cast|reinterpret_cast|const_cast)\s*</.test(f.text) || f.type === 'primitive_type')) return this.expr(inner[0]!, seen);
    }
    switch (n.type) {
      case 'number_literal': {
        const v = parseInteger(n.text);
        return v === null ? { undecided: `${n.text} is not an integer` } : { value: v };
      }
      case 'identifier':
        return this.identifier(n.text, seen);
      case 'qualified_identifier': {
        const name = fieldOf(n, 'name');
        return name?.type === 'identifier' ? this.identifier(name.text, seen) : { undecided: `${n.text} is not a constant` };
      }
      case 'unary_expression': {
        const op = fieldOf(n, 'operator')?.text;
        const a = fieldOf(n, 'argument');
        if (a === null) break;
        const v = this.expr(a, seen);
        if (!('value' in v)) return v;
        if (op === '~') return { value: ~v.value };
        if (op === '-') return { value: -v.value | 0 };
        if (op === '+') return v;
        if (op === '!') return { value: v.value === 0 ? 1 : 0 };
        break;
      }
      case 'binary_expression': {
        const op = fieldOf(n, 'operator')?.text;
        const l = fieldOf(n, 'left');
        const r = fieldOf(n, 'right');
        if (l === null || r === null || op === undefined) break;
        const a = this.expr(l, seen);
        if (!('value' in a)) return a;
        const b = this.expr(r, seen);
        if (!('value' in b)) return b;
        const v = binary(op, a.value, b.value);
        if (v !== null) return { value: v };
        break;
      }
      default:
        break;
    }
    return { undecided: `${n.text.replace(/\s+/g, ' ')} is not a constant expression` };
  }
}

function binary(op: string, a: number, b: number): number | null {
  switch (op) {
    case '|': return a | b;
    case '&': return a & b;
    case '^': return a ^ b;
    case '+': return (a + b) | 0;
    case '-': return (a - b) | 0;
    case '<<': return a << b;
    case '>>': return a >> b;
    default: return null;
  }
}

/** A C integer literal (decimal, hex, octal, binary; u/l suffixes; ' digit separators), or null. */
export function parseInteger(text: string): number | null {
  const t = text.replace(/'/g, '').replace(/[uUlL]+$/, '');
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[bB][01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^0[0-7]*$/.test(t)) v = parseInt(t, 8);
  else if (/^[1-9][0-9]*$/.test(t)) v = parseInt(t, 10);
  else return null;
  return v | 0;
}
