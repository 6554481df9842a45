/**
 * Entry of dist/editor.js, the capture editor's page script: wires the VS Code webview API (its
 * messages and the state VS Code keeps across reloads) to the view in editorView.ts. The view's
 * state also goes to the host, which keeps it per capture (see EditorViewState in protocol.ts).
 */

import type { FromEditor, ToEditor } from '../protocol';
import { EditorView, type EditorState } from './editorView';
import { asToEditor } from './messages';

interface VsCodeApi {
  postMessage(message: FromEditor): void;
  getState(): unknown;
  setState(state: EditorState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** How long the view must be still before the host is sent its state (a scroll is many changes). */
const SAVE_DELAY_MS = 250;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
const saved = vscode.getState() as EditorState | undefined;
let pending: ReturnType<typeof setTimeout> | undefined;
const save = (s: EditorState): void => {
  vscode.setState(s);
  clearTimeout(pending);
  pending = setTimeout(() => vscode.postMessage({ type: 'saveView', state: s }), SAVE_DELAY_MS);
};
const view = new EditorView(root, (m) => vscode.postMessage(m), saved ?? undefined, save);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m: ToEditor | null = asToEditor(event.data);
  if (m !== null) view.handle(m);
});

vscode.postMessage({ type: 'ready' });
