/**
 * The `winsockReplay.showCaptureInfo` command: pick a capture (or take the one right-clicked in
 * the explorer), read it under a cancellable progress notification, and show its summary in a
 * panel. Every failure ends up in an error message and in the panel; nothing is thrown out of the
 * command.
 */

import * as vscode from 'vscode';
import { captureInfoView } from '../analyzer/capture/captureInfoView';
import { CaptureSummaryPanel } from './captureSummaryPanel';
import { readCaptureInfo, throttle } from './readCaptureInfo';

export const CAPTURE_FILTERS: Readonly<Record<string, string[]>> = {
  'Packet captures': ['pcap', 'pcapng', 'cap'],
  'All files': ['*'],
};

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

async function pickCapture(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    filters: { ...CAPTURE_FILTERS },
    openLabel: 'Show Capture Summary',
    title: 'Open a packet capture',
  });
  return picked?.[0];
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.fsPath;
}

async function readIntoPanel(panel: CaptureSummaryPanel, file: vscode.Uri): Promise<void> {
  const signal = panel.beginRead();
  const name = baseName(file);
  try {
    const info = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading ${name}`, cancellable: true },
      async (progress, token) => {
        const cancelled = token.onCancellationRequested(() => panel.cancel(signal));
        let reported = 0;
        const report = throttle(100, (bytesRead: number, totalBytes: number) => {
          const pct = totalBytes > 0 ? Math.floor((bytesRead / totalBytes) * 100) : 0;
          if (pct > reported) {
            progress.report({ increment: pct - reported, message: `${pct}%` });
            reported = pct;
          }
          if (panel.isCurrent(signal)) panel.post({ type: 'progress', bytesRead, totalBytes });
        });
        try {
          return await readCaptureInfo(file.fsPath, {
            signal,
            onProgress: (bytesRead, totalBytes) => report(bytesRead >= totalBytes, bytesRead, totalBytes),
          });
        } finally {
          cancelled.dispose();
        }
      },
    );
    if (panel.isCurrent(signal)) panel.post({ type: 'captureInfo', file: file.fsPath, info: captureInfoView(info) });
  } catch (err) {
    if (signal.aborted) {
      // Cancelled from the notification or the panel, superseded by a newer read, or the panel
      // was closed: not an error worth a pop-up.
      if (panel.isCurrent(signal)) panel.post({ type: 'error', message: 'Reading was cancelled.' });
      return;
    }
    const message = `Could not read ${name}: ${errorMessage(err)}`;
    panel.post({ type: 'error', message });
    void vscode.window.showErrorMessage(message);
  }
}

export async function showCaptureInfo(extensionUri: vscode.Uri, arg?: unknown): Promise<void> {
  try {
    const file = arg instanceof vscode.Uri ? arg : await pickCapture();
    if (!file) return;
    if (file.scheme !== 'file') {
      void vscode.window.showErrorMessage(`Winsock Replay reads captures from the local file system only, not ${file.scheme}: URIs.`);
      return;
    }
    const panel = CaptureSummaryPanel.show(extensionUri, file);
    await readIntoPanel(panel, file);
  } catch (err) {
    void vscode.window.showErrorMessage(`Winsock Replay: ${errorMessage(err)}`);
  }
}
