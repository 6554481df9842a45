/** The status-bar item: the profile and API in force; clicking offers to switch the options. */

import * as vscode from 'vscode';
import { readSettings, SECTION } from './settings';

export function createStatusBar(context: vscode.ExtensionContext): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('winsockReplay.options', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Winsock Replay options';
  item.command = 'winsockReplay.statusMenu';
  const update = (): void => {
    const { options: o } = readSettings();
    item.text = `$(pulse) ${o.profile} · ${o.api}`;
    item.tooltip = `Winsock Replay: profile ${o.profile}, ${o.api}, application model ${o.app}. Click to change.`;
    item.show();
  };
  update();
  context.subscriptions.push(item, vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) update();
  }));
  return item;
}
