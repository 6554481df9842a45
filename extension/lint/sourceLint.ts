import * as vscode from 'vscode';
import { loadCParser } from '../../analyzer/io/cParserFiles';
import { lintFile, type IncludeReader, type LintResult } from '../../analyzer/lint/lintFile';

/** The languages the source features attach to. */
export const C_SELECTOR: vscode.DocumentSelector = [{ language: 'c' }, { language: 'cpp' }];

/**
 * Lints open C/C++ documents for the code lenses, diagnostics and quick fixes, once per
 * document version. `#include "…"` is looked for beside the file, then as a header of that name
 * in the workspace (the first found).
 */
export class SourceLint {
  private readonly cache = new Map<string, { version: number; result: Promise<LintResult> }>();

  lint(doc: vscode.TextDocument): Promise<LintResult> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.version === doc.version) return hit.result;
    const result = (async () => lintFile(doc.uri.fsPath || doc.uri.path, doc.getText(), await loadCParser(), workspaceIncludes(doc.uri)))();
    this.cache.set(key, { version: doc.version, result });
    return result;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }
}

function workspaceIncludes(from: vscode.Uri): IncludeReader {
  return async (_fromFile, name) => {
    const beside = vscode.Uri.joinPath(from, '..', name);
    const text = await read(beside);
    if (text !== null) return { path: beside.fsPath, text };
    const base = name.split(/[\\/]/).pop()!;
    const found = await vscode.workspace.findFiles(`**/${base}`, '**/node_modules/**', 1);
    if (found.length === 0) return null;
    const t = await read(found[0]!);
    return t === null ? null : { path: found[0]!.fsPath, text: t };
  };
}

async function read(uri: vscode.Uri): Promise<string | null> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

/** A lint node's range in a document. */
export function rangeOf(n: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(n.line, n.column, n.endLine, n.endColumn);
}
