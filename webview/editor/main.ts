/**
 * Entry of dist/editor.js, the capture editor's page script: wires the VS Code webview API (its
 * messages and the state VS Code keeps across reloads) to the view in editorView.ts.
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

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') ?? document.body;
const saved = vscode.getState() as EditorState | undefined;
const view = new EditorView(root, (m) => vscode.postMessage(m), saved ?? undefined, (s) => vscode.setState(s));

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m: ToEditor | null = asToEditor(event.data);
  if (m !== null) view.handle(m);
});

vscode.postMessage({ type: 'ready' });
