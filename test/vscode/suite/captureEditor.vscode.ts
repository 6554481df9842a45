/**
 * The capture editor in a real VS Code extension host: a capture opens in it, the analysis runs
 * in its worker and ends with the sockets `winsock-replay analyze` gives, and a setting change
 * re-runs it. Runs with samples/ as the workspace folder.
 */

import * as assert from 'assert';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';

/** What the extension's activate() returns (extension/extension.ts), as far as these tests use it. */
interface Editor {
  readonly finished: boolean;
  readonly result: { readonly packets: number } | null;
  readonly sockets: readonly { readonly role: string; readonly diagnosis: readonly string[] }[];
  readonly options: { readonly options: { readonly app: string } };
}
interface WinsockReplayApi {
  readonly editors: { editorFor(uri?: vscode.Uri): Editor | undefined };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(): Promise<WinsockReplayApi> {
  const ext = vscode.extensions.getExtension<WinsockReplayApi>('winsock-replay.winsock-replay');
  assert.ok(ext);
  return ext.activate();
}

async function finished(a: WinsockReplayApi, uri: vscode.Uri): Promise<Editor> {
  for (let i = 0; i < 150; i++) {
    const e = a.editors.editorFor(uri);
    if (e !== undefined && e.finished) return e;
    await sleep(100);
  }
  assert.fail(`the analysis of ${uri.fsPath} did not finish`);
}

suite('Capture editor in VS Code', () => {
  test('a capture opens in the Winsock Replay editor and its analysis streams every socket', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const uri = vscode.Uri.joinPath(folder.uri, 'listener-backlog.pcapng');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'winsockReplay.capture');
    const a = await api();
    const e = await finished(a, uri);
    assert.ok(e.result !== null, 'the analysis failed');
    assert.strictEqual(e.result.packets, 30);
    // A listener, three clients and their three accepted sockets (samples/README.md).
    assert.deepStrictEqual(e.sockets.map((s) => s.role).sort(), ['accepted', 'accepted', 'accepted', 'client', 'client', 'client', 'listener']);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom);
    assert.ok((tab.input as vscode.TabInputCustom).viewType.endsWith('winsockReplay.capture'));
  });

  test('a setting change re-runs the replay with the new option', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const uri = vscode.Uri.joinPath(folder.uri, 'listener-backlog.pcapng');
    const a = await api();
    await vscode.workspace.getConfiguration('winsockReplay').update('appModel', 'none', vscode.ConfigurationTarget.Global);
    try {
      await sleep(300);
      const e = await finished(a, uri);
      assert.strictEqual(e.options.options.app, 'none');
      const listener = e.sockets.find((s) => s.role === 'listener')!;
      assert.ok(listener.diagnosis.some((d) => /never accepted/.test(d)), listener.diagnosis.join('\n'));
    } finally {
      await vscode.workspace.getConfiguration('winsockReplay').update('appModel', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
