/**
 * The webview panel that shows one capture's summary.
 *
 * One panel per file: asking again for a file already shown reveals its panel and reads the file
 * anew. The panel remembers the last thing it was told (progress, summary or error) and tells it
 * again whenever its page says `ready`, which covers both a message posted before the page
 * listened and VS Code rebuilding the page after the panel was hidden.
 */

import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../webview/protocol';
import { buildWebviewHtml } from './webviewHtml';

const VIEW_TYPE = 'winsockReplay.captureSummary';

function isFromWebview(value: unknown): value is FromWebview {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'cancel';
}

export class CaptureSummaryPanel {
  private static readonly open = new Map<string, CaptureSummaryPanel>();

  /** The existing panel for `file`, revealed, or a new one. */
  static show(extensionUri: vscode.Uri, file: vscode.Uri): CaptureSummaryPanel {
    const key = file.toString();
    const existing = CaptureSummaryPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const created = new CaptureSummaryPanel(extensionUri, file, key);
    CaptureSummaryPanel.open.set(key, created);
    return created;
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private latest: ToWebview | undefined;
  private read: AbortController | undefined;
  private disposed = false;

  private constructor(
    private readonly extensionUri: vscode.Uri,
    file: vscode.Uri,
    private readonly key: string,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const base = file.path.split('/').pop() || file.fsPath;
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Capture: ${base}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    this.subscriptions.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
    this.panel.webview.html = this.html();
  }

  /**
   * Starts a new read in this panel: aborts the one under way, if any, and returns the signal
   * that the Cancel button, closing the panel, or the next read will abort.
   */
  beginRead(): AbortSignal {
    this.read?.abort();
    this.read = new AbortController();
    return this.read.signal;
  }

  /** Aborts the read `signal` belongs to, if it is still this panel's read. */
  cancel(signal: AbortSignal): void {
    if (this.read?.signal === signal) this.read.abort();
  }

  /** True while `signal` belongs to the read this panel shows (not superseded, panel open). */
  isCurrent(signal: AbortSignal): boolean {
    return !this.disposed && this.read?.signal === signal;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  post(message: ToWebview): void {
    if (this.disposed) return;
    this.latest = message;
    // A page still loading drops this; it asks again with `ready`.
    void this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isFromWebview(message)) return;
    switch (message.type) {
      case 'ready':
        if (this.latest) void this.panel.webview.postMessage(this.latest);
        return;
      case 'cancel':
        this.read?.abort();
        return;
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    // A fresh nonce on every load.
    return buildWebviewHtml({ cspSource: webview.cspSource, scriptUri: script.toString() });
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.read?.abort();
    if (CaptureSummaryPanel.open.get(this.key) === this) CaptureSummaryPanel.open.delete(this.key);
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.panel.dispose();
  }

  /** Closes every open panel (extension deactivation). */
  static disposeAll(): void {
    for (const p of [...CaptureSummaryPanel.open.values()]) p.panel.dispose();
  }
}
