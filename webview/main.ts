/**
 * Entry of dist/webview.js, the script of the capture summary panel. It only wires the VS Code
 * webview API to the view in render.ts; all drawing happens there.
 */

import type { FromWebview } from './protocol';
import { SummaryView, asToWebview } from './render';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
const view = new SummaryView(root, (m) => vscode.postMessage(m));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = asToWebview(event.data);
  if (message) view.handle(message);
});

// The host posts nothing before this: a message sent before the page listens would be lost, and
// a panel that VS Code rebuilds (e.g. after being hidden) asks again for its content.
vscode.postMessage({ type: 'ready' });
