/**
 * The extension in a real VS Code extension host (desktop VS Code, or code-server's Node
 * extension host offline): it activates, registers its command, and the command opens one
 * capture summary panel per file. Runs with samples/ as the workspace folder.
 */

import * as assert from 'assert';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'winsock-replay.winsock-replay';
const COMMAND = 'winsockReplay.showCaptureInfo';
const VIEW_TYPE = 'winsockReplay.captureSummary';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sample(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder: the tests expect samples/ to be open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Our summary panels among all open tabs (desktop VS Code prefixes the view type, so match the end). */
function summaryTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

function describeTabs(): string {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
  return tabs.map((t) => `${t.label} (${t.input instanceof vscode.TabInputWebview ? `webview ${t.input.viewType}` : typeof t.input})`).join(', ') || 'none';
}

/** Tab state reaches the extension host asynchronously: poll. */
async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}; open tabs: ${describeTabs()}`);
    await sleep(100);
  }
}

suite('Winsock Replay extension in VS Code', () => {
  suiteSetup(() => {
    console.log(`host: VS Code ${vscode.version}, ${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}, Node ${process.version}`);
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the extension is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(ext.packageJSON.main, './dist/extension.js');
  });

  test('its command is registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND), `${COMMAND} is not registered`);
  });

  test('the command opens a summary panel for a capture', async () => {
    assert.deepStrictEqual(summaryTabs(), [], 'a summary panel was already open');
    await vscode.commands.executeCommand(COMMAND, sample('graceful-close.pcapng'));
    const tab = await waitFor('the summary panel tab', () => summaryTabs()[0]);
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    assert.strictEqual(tab.label, 'Capture: graceful-close.pcapng');
    assert.strictEqual(tab.isActive, true);
  });

  test('one panel per file: the same capture again reuses its panel, another capture gets its own', async () => {
    await vscode.commands.executeCommand(COMMAND, sample('graceful-close.pcapng'));
    await waitFor('the first panel', () => summaryTabs()[0]);
    await vscode.commands.executeCommand(COMMAND, sample('refused.pcap'));
    await waitFor('a second panel', () => (summaryTabs().length === 2 ? true : undefined));
    await vscode.commands.executeCommand(COMMAND, sample('graceful-close.pcapng'));
    await sleep(500);
    assert.deepStrictEqual(summaryTabs().map((t) => t.label).sort(), ['Capture: graceful-close.pcapng', 'Capture: refused.pcap']);
    const active = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.strictEqual(active?.label, 'Capture: graceful-close.pcapng', 'asking again reveals the existing panel');
  });

  test('a URI that is not a local file opens no panel', async () => {
    await vscode.commands.executeCommand(COMMAND, vscode.Uri.parse('untitled:not-a-capture.pcap'));
    await sleep(500);
    assert.deepStrictEqual(summaryTabs(), []);
  });
});
