/**
 * Extension entry point (bundled to dist/extension.js): registers the commands. Each command
 * lives in its own module.
 */

import * as vscode from 'vscode';
import { CaptureSummaryPanel } from './captureSummaryPanel';
import { showCaptureInfo } from './showCaptureInfo';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('winsockReplay.showCaptureInfo', (arg?: unknown) => showCaptureInfo(context.extensionUri, arg)),
  );
}

export function deactivate(): void {
  CaptureSummaryPanel.disposeAll();
}
