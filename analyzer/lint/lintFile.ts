import { findCallSites, type CallSite } from './callSites';
import { languageOf, type CParser } from './cParser';
import { ConstantScope, fileConstants, type FileConstants } from './constants';
import type { LintContext, LintDiagnostic, LintRule } from './lintRules';
import { closeWithoutDrain } from './rules/closeWithoutDrain';
import { missingFdClose } from './rules/missingFdClose';
import { selectOverrides } from './rules/selectOverrides';
import { uncheckedError } from './rules/uncheckedError';
import { writeAfterSend } from './rules/writeAfterSend';
import { eventTests, type EventTest } from './eventTests';
import { descendants, enclosingFunction, functionName, type Syn } from './syntax';

export const RULES: readonly LintRule[] = [selectOverrides, missingFdClose, uncheckedError, closeWithoutDrain, writeAfterSend];

/** How a header named in `#include "…"` is found and read (the I/O edge decides where to look). */
export type IncludeReader = (fromFile: string, name: string) => Promise<{ readonly path: string; readonly text: string } | null>;

export interface LintResult {
  readonly file: string;
  readonly root: Syn;
  readonly callSites: readonly CallSite[];
  readonly diagnostics: readonly LintDiagnostic[];
  /** The parser met text it could not read (the rules still ran on the rest). */
  readonly syntaxErrors: boolean;
  /** Included headers that were not found, by name. */
  readonly missingIncludes: readonly string[];
}

/** Headers followed this deep (a.h includes b.h includes …). */
const INCLUDE_DEPTH = 8;

/**
 * Windows' calling-convention macros (`LRESULT CALLBACK WndProc(…)`, `int WSPAPI WSPSend(…)`):
 * the grammars do not know them and would read the declaration as an error. They are blanked
 * out with spaces of the same length before parsing, so every offset stays where it was.
 */
const CALLING_CONVENTIONS = /\b(CALLBACK|WINAPI|WINAPIV|WSAAPI|WSPAPI|APIENTRY|PASCAL|NTAPI|STDMETHODCALLTYPE)\b/g;

/** Parses one file, finds its call sites and runs every rule on it. */
export async function lintFile(file: string, text: string, parser: CParser, readInclude: IncludeReader): Promise<LintResult> {
  const { root, hasError } = parser.parse(text.replace(CALLING_CONVENTIONS, (m) => ' '.repeat(m.length)), languageOf(file));
  const own = fileConstants(file, root);
  const { files, missing } = await includedConstants(own, parser, readInclude);
  const scope = new ConstantScope(parser, [own, ...files]);
  const sites = findCallSites(root, scope, parser);
  const functions = new Map<string, Syn>();
  const tests = new Map<Syn, EventTest[]>();
  for (const n of descendants(root)) {
    if (n.type !== 'function_definition' && n.type !== 'lambda_expression') continue;
    tests.set(n, eventTests(n, scope).filter((t) => enclosingFunction(t.node) === n));
    const name = n.type === 'function_definition' ? functionName(n) : null;
    if (name !== null) functions.set(name.split('::').pop()!, n);
  }
  const ctx: LintContext = { root, scope, sites, functions, eventTests: tests };
  const diagnostics = RULES.flatMap((r) => r(ctx)).sort((a, b) => a.node.start - b.node.start);
  return { file, root, callSites: sites, diagnostics, syntaxErrors: hasError, missingIncludes: missing };
}

/** The constants of the headers a file includes with quotes, breadth first, each header once. */
async function includedConstants(own: FileConstants, parser: CParser, readInclude: IncludeReader): Promise<{ files: FileConstants[]; missing: string[] }> {
  const files: FileConstants[] = [];
  const missing: string[] = [];
  const seen = new Set<string>([own.file]);
  let level: FileConstants[] = [own];
  for (let depth = 0; depth < INCLUDE_DEPTH && level.length > 0; depth++) {
    const next: FileConstants[] = [];
    for (const f of level) {
      for (const name of f.includes) {
        const found = await readInclude(f.file, name);
        if (found === null) {
          if (!missing.includes(name)) missing.push(name);
          continue;
        }
        if (seen.has(found.path)) continue;
        seen.add(found.path);
        const c = fileConstants(found.path, parser.parse(found.text, languageOf(found.path)).root);
        files.push(c);
        next.push(c);
      }
    }
    level = next;
  }
  return { files, missing };
}
