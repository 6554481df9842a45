import * as vscode from 'vscode';
import type { LintDiagnostic } from '../../analyzer/lint/lintRules';
import { rangeOf, type SourceLint } from './sourceLint';

/** Looked up when used: the module must load before `vscode` has its enums (the bundle test loads it with a stub). */
function severity(s: LintDiagnostic['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

/** Debounce for edits: lint when typing pauses. */
const DELAY_MS = 400;

/**
 * The lint rules as diagnostics on open C/C++ documents (source "winsock-replay", code = rule id
 * linking to docs/lint.md), and their mechanical fixes as quick fixes.
 */
export function registerSourceDiagnostics(context: vscode.ExtensionContext, lint: SourceLint): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('winsock-replay');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const docs = vscode.Uri.joinPath(context.extensionUri, 'docs', 'lint.md');
  const update = async (doc: vscode.TextDocument): Promise<void> => {
    if (doc.languageId !== 'c' && doc.languageId !== 'cpp') return;
    try {
      const r = await lint.lint(doc);
      collection.set(doc.uri, r.diagnostics.map((d) => {
        const diag = new vscode.Diagnostic(rangeOf(d.node), d.message, severity(d.severity));
        diag.source = 'winsock-replay';
        diag.code = { value: d.rule, target: docs.with({ fragment: d.rule }) };
        diag.relatedInformation = d.related.map((x) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, rangeOf(x.node)), x.message));
        return diag;
      }));
    } catch (e) {
      // A parser that cannot load must not break the editor: say it once in the log, show nothing.
      console.error(`winsock-replay: could not lint ${doc.uri.toString()}: ${(e as Error).message}`);
    }
  };
  const later = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => void update(doc), DELAY_MS));
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => void update(d)),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      collection.delete(d.uri);
      lint.forget(d);
    }),
    vscode.languages.registerCodeActionsProvider([{ language: 'c' }, { language: 'cpp' }], {
      async provideCodeActions(doc, range) {
        const r = await lint.lint(doc);
        return r.diagnostics.filter((d) => d.fix !== null && rangeOf(d.node).intersection(range) !== undefined).map((d) => {
          const action = new vscode.CodeAction(d.fix!.title, vscode.CodeActionKind.QuickFix);
          const edit = new vscode.WorkspaceEdit();
          for (const e of d.fix!.edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.text);
          action.edit = edit;
          action.isPreferred = true;
          action.diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'winsock-replay' && rangeOf(d.node).isEqual(x.range));
          return action;
        });
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
  for (const d of vscode.workspace.textDocuments) void update(d);
  return collection;
}
