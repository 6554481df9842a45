import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { loadCParser } from '../io/cParserFiles';
import { collectCFiles, fileIncludeReader } from '../io/lintPaths';
import { lintFile } from '../lint/lintFile';
import { fileView, LINT_SCHEMA, type FileView } from '../lint/lintView';
import { UsageError, type ParsedArgs } from './args';
import type { Output } from './output';

const KNOWN_FLAGS = new Set(['json', 'include', 'sites']);

/**
 * `lint <file or folder>… [--include dir]… [--json] [--sites]`: the call sites of
 * WSAEventSelect / WSAAsyncSelect / WSAEnumNetworkEvents (and the WSP twins) with their decoded
 * masks, and the diagnostics of analyzer/lint, for a build pipeline. Text: one line per
 * diagnostic, as compilers print them (`file:line:column: severity: message [rule]`), and with
 * --sites one line per call site. JSON: schema winsock-replay/lint@1 (analyzer/lint/lintView.ts).
 * Exit status 1 when a diagnostic of warning level or above is found.
 */
export async function lintCommand(args: ParsedArgs, io: Output): Promise<number> {
  for (const f of args.flags.keys()) if (!KNOWN_FLAGS.has(f)) throw new UsageError(`unknown option --${f} for lint`);
  if (args.positional.length === 0) throw new UsageError('lint needs at least one file or folder');
  const includes = args.lists.get('include') ?? [];
  if (args.flags.get('include') === true) throw new UsageError('option --include needs a folder');
  const { files, missing } = collectCFiles(args.positional);
  for (const m of missing) io.err(`winsock-replay: ${m}: no such file or folder\n`);
  const parser = await loadCParser();
  const readInclude = fileIncludeReader(includes, files);
  const views: FileView[] = [];
  let failed = missing.length > 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.err(`winsock-replay: ${file}: ${(e as Error).message}\n`);
      failed = true;
      continue;
    }
    const shown = relative(process.cwd(), file) || file;
    const view = fileView(await lintFile(file, text, parser, readInclude), shown.startsWith('..') ? file : shown);
    views.push(view);
    if (!args.flags.has('json')) io.out(textOf(view, args.flags.has('sites')));
  }
  const counts = { files: views.length, callSites: 0, error: 0, warning: 0, information: 0 };
  for (const v of views) {
    counts.callSites += v.callSites.length;
    for (const d of v.diagnostics) counts[d.severity]++;
  }
  if (args.flags.has('json')) io.out(`${JSON.stringify({ schema: LINT_SCHEMA, files: views, summary: counts })}\n`);
  else io.out(`${counts.files} file${counts.files === 1 ? '' : 's'}, ${counts.callSites} call site${counts.callSites === 1 ? '' : 's'}: ` +
    `${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information} information\n`);
  if (counts.error + counts.warning > 0) return 1;
  return failed ? 2 : 0;
}

function textOf(v: FileView, sites: boolean): string {
  let out = '';
  if (sites) {
    for (const s of v.callSites) {
      const mask = s.mask === null ? (s.undecided === undefined ? '' : ` mask undecided: ${s.undecided}`) : ` ${s.events!.join(' | ') || '0'} (${s.mask})`;
      out += `${v.file}:${s.line}:${s.column}: ${s.function}(${s.socket})${s.viaMacro === null ? '' : ` via ${s.viaMacro}`}${mask}\n`;
    }
  }
  for (const d of v.diagnostics) out += `${v.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.rule}]\n`;
  if (v.syntaxErrors) out += `${v.file}: note: parts of the file could not be parsed; the rules ran on the rest\n`;
  for (const m of v.missingIncludes) out += `${v.file}: note: #include "${m}" not found (use --include <folder>); its constants are unknown\n`;
  return out;
}
