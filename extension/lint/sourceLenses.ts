import * as vscode from 'vscode';
import { isSelect, maskText, type CallSite } from '../../analyzer/lint/callSites';
import { hoverMarkdown } from '../../analyzer/lint/hoverText';
import { fdNamesOf } from '../../analyzer/model/fdEvents';
import type { CaptureEditor, CaptureEditorProvider } from '../captureEditor';
import { updateSetting } from '../settings';
import { C_SELECTOR, rangeOf, type SourceLint } from './sourceLint';

export const REPLAY_WITH_CALL = 'winsockReplay.replayWithCall';

/** The API the capture replay models a call with: the provider-side twins behave as their WSA counterparts. */
function replayApi(site: CallSite): 'WSAEventSelect' | 'WSAAsyncSelect' {
  return site.api === 'WSAAsyncSelect' || site.api === 'WSPAsyncSelect' ? 'WSAAsyncSelect' : 'WSAEventSelect';
}

/**
 * What the open capture implies for a call's mask: its sockets, the errors its events carry, and
 * the events it produced that this mask does not select (from the capture editor's last result).
 */
export function captureLensText(editor: CaptureEditor, mask: number): string {
  const sockets = editor.sockets;
  const errors = new Map<string, number>();
  const unselected = new Set<string>();
  const selected = new Set<string>(fdNamesOf(mask));
  for (const s of sockets) {
    for (const e of s.events) {
      const key = `${e.event}(${e.error})`;
      if (e.error !== 0) errors.set(key, (errors.get(key) ?? 0) + 1);
      if (!selected.has(e.event)) unselected.add(e.event);
    }
  }
  const parts = [`capture: ${sockets.length} socket${sockets.length === 1 ? '' : 's'}`];
  for (const [k, n] of [...errors].sort((a, b) => b[1] - a[1])) parts.push(`${k} ×${n}`);
  for (const e of [...unselected].sort()) parts.push(`${e} never selected`);
  return parts.join(' · ');
}

export function registerSourceLenses(context: vscode.ExtensionContext, lint: SourceLint, editors: CaptureEditorProvider): void {
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    changed,
    vscode.languages.registerCodeLensProvider(C_SELECTOR, {
      onDidChangeCodeLenses: changed.event,
      async provideCodeLenses(doc) {
        const r = await lint.lint(doc);
        const lenses: vscode.CodeLens[] = [];
        const capture = editors.editorFor();
        for (const site of r.callSites) {
          if (!isSelect(site.api) || site.maskValue === null) continue;
          const range = rangeOf(site.node);
          lenses.push(new vscode.CodeLens(range, { title: `selects ${maskText(site.maskValue)}`, command: '' }));
          if (capture !== undefined && capture.finished && 'value' in site.maskValue) {
            const mask = site.maskValue.value;
            lenses.push(new vscode.CodeLens(range, {
              title: captureLensText(capture, mask),
              tooltip: `Replay ${capture.uri.fsPath.split(/[\\/]/).pop()} with this call's mask and ${replayApi(site)}, and show its timeline`,
              command: REPLAY_WITH_CALL,
              arguments: [{ capture: capture.uri.toString(), mask: fdNamesOf(mask & 0x3ff).join(','), api: replayApi(site) }],
            }));
          }
        }
        return lenses;
      },
    }),
    vscode.languages.registerHoverProvider(C_SELECTOR, {
      provideHover(doc, position) {
        const range = doc.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
        if (range === undefined) return undefined;
        const md = hoverMarkdown(doc.getText(range));
        return md === null ? undefined : new vscode.Hover(new vscode.MarkdownString(md), range);
      },
    }),
    vscode.commands.registerCommand(REPLAY_WITH_CALL, async (arg: { capture: string; mask: string; api: 'WSAEventSelect' | 'WSAAsyncSelect' }) => {
      const editor = editors.all().find((e) => e.uri.toString() === arg.capture);
      // The settings drive every open capture's replay (as the Switch commands do); the editor re-runs on the change.
      await updateSetting('mask', arg.mask === '' ? 'FD_READ' : arg.mask);
      await updateSetting('api', arg.api);
      editor?.panel.reveal();
    }),
  );
  // A capture finishing its analysis (or closing) changes what the lenses say.
  context.subscriptions.push(editors.onDidChange(() => changed.fire()));
}
