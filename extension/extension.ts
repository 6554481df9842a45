/**
 * Extension entry point (bundled to dist/extension.js): the capture editor, the commands, the
 * status-bar item, and re-analysis when the settings change.
 */

import * as vscode from 'vscode';
import { AttachedLogs } from './attachedLogs';
import { CAPTURE_VIEW_TYPE, CaptureEditorProvider } from './captureEditor';
import { CaptureSummaryPanel } from './captureSummaryPanel';
import { registerCommands } from './commands';
import { readSettings, SECTION } from './settings';
import { showCaptureInfo } from './showCaptureInfo';
import { createStatusBar } from './statusBar';
import { ViewStates } from './viewStates';
import { SourceLint } from './lint/sourceLint';
import { registerSourceDiagnostics } from './lint/sourceDiagnostics';
import { registerSourceLenses } from './lint/sourceLenses';

/** What the extension hands to other extensions and to its tests. */
export interface WinsockReplayApi {
  readonly editors: CaptureEditorProvider;
}

export function activate(context: vscode.ExtensionContext): WinsockReplayApi {
  const editors = new CaptureEditorProvider(context.extensionUri, new AttachedLogs(context.workspaceState), new ViewStates(context.workspaceState));
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(CAPTURE_VIEW_TYPE, editors, {
      // The page keeps its state through VS Code's webview state and the host's copy (viewStates.ts); rebuilt pages ask for the rest.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('winsockReplay.showCaptureInfo', (arg?: unknown) => showCaptureInfo(context.extensionUri, arg)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const onlyTime = !['profile', 'api', 'mask', 'appModel', 'localAddresses', 'logPatterns'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
      for (const ed of editors.all()) {
        if (onlyTime) ed.postTimeFormat(readSettings(ed.uri).timeFormat);
        else ed.analyze();
      }
    }),
  );
  registerCommands(context, editors);
  createStatusBar(context);
  // The source side: diagnostics, quick fixes, code lenses and hovers on Winsock call sites in C/C++.
  const lint = new SourceLint();
  registerSourceDiagnostics(context, lint);
  registerSourceLenses(context, lint, editors);
  return { editors };
}

export function deactivate(): void {
  CaptureSummaryPanel.disposeAll();
}
