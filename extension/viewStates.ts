/**
 * How each capture's editor was last left (selected socket, filter, time format, packet-list
 * scroll), kept per capture in the workspace state. In a browser (code-server, vscode.dev) VS Code
 * saves the page's own webview state once a minute and when the window loses the focus, so a
 * reload of the tab loses what changed since; a memento update is stored within a moment.
 */
import type * as vscode from 'vscode';
import type { EditorViewState } from '../webview/protocol';
import { isViewState } from './editorMessages';

export class ViewStates {
  private readonly memory = new Map<string, EditorViewState>();

  /** Without a memento (tests of the editor alone) the states last as long as the window. */
  constructor(private readonly state?: vscode.Memento) {}

  get(capture: vscode.Uri): EditorViewState | null {
    const key = this.key(capture);
    const v: unknown = this.state?.get(key) ?? this.memory.get(key);
    return isViewState(v) ? v : null;
  }

  async set(capture: vscode.Uri, v: EditorViewState): Promise<void> {
    const key = this.key(capture);
    // Only the known fields: the page's message is checked, not trusted to be nothing more.
    const copy: EditorViewState = { selected: v.selected, filter: v.filter, timeFormat: v.timeFormat, packetScroll: v.packetScroll, savedAt: v.savedAt };
    this.memory.set(key, copy);
    await this.state?.update(key, copy);
  }

  private key(capture: vscode.Uri): string {
    return `winsockReplay.view:${capture.toString()}`;
  }
}
