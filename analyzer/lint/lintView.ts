import { maskText, isSelect } from './callSites';
import type { LintResult } from './lintFile';
import { LINT_RULE, type LintSeverity } from './lintRules';

/** The `lint --json` schema: bump on any incompatible change. */
export const LINT_SCHEMA = 'winsock-replay/lint@1';

export interface CallSiteView {
  readonly line: number;
  readonly column: number;
  readonly function: string;
  readonly viaMacro: string | null;
  readonly socket: string;
  /** Select calls: the mask's value as hex, or null when undecided (then `undecided` says why). */
  readonly mask: string | null;
  readonly events: readonly string[] | null;
  readonly undecided?: string;
}

export interface DiagnosticView {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: LintSeverity;
  readonly rule: string;
  readonly message: string;
  readonly modelRules: readonly string[];
  readonly fix: string | null;
}

export interface FileView {
  readonly file: string;
  readonly callSites: readonly CallSiteView[];
  readonly diagnostics: readonly DiagnosticView[];
  readonly syntaxErrors: boolean;
  readonly missingIncludes: readonly string[];
}

/** One file's result with 1-based lines and columns, as compilers print them. */
export function fileView(r: LintResult, file: string = r.file): FileView {
  return {
    file,
    callSites: r.callSites.map((s) => {
      const v = s.maskValue;
      const base = { line: s.node.line + 1, column: s.node.column + 1, function: s.api, viaMacro: s.viaMacro, socket: s.socketText };
      if (v === null || !isSelect(s.api)) return { ...base, mask: null, events: null };
      if (!('value' in v)) return { ...base, mask: null, events: null, undecided: v.undecided };
      return { ...base, mask: `0x${(v.value >>> 0).toString(16)}`, events: maskText(v).replace(/ \(0x[0-9a-f]+\)$/, '').split(' | ').filter((x) => x.startsWith('FD_')) };
    }),
    diagnostics: r.diagnostics.map((d) => ({
      line: d.node.line + 1, column: d.node.column + 1, endLine: d.node.endLine + 1, endColumn: d.node.endColumn + 1,
      severity: d.severity, rule: d.rule, message: d.message, modelRules: LINT_RULE.get(d.rule)!.modelRules, fix: d.fix?.title ?? null,
    })),
    syntaxErrors: r.syntaxErrors,
    missingIncludes: r.missingIncludes,
  };
}
