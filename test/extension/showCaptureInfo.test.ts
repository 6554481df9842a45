/**
 * The `winsockReplay.showCaptureInfo` command against a recording fake of the vscode API: picks
 * or takes the file, reads it under a cancellable progress, shows the summary in a locked-down
 * panel, and reports failures without ever throwing.
 */

import { fake, FakePanel, Uri } from './fakeVscode'; // first: makes require('vscode') the fake
import { strict as assert } from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { activate, deactivate } from '../../extension/extension';
import type { ToWebview } from '../../webview/protocol';
import { repoRoot } from './webpackBuild';

const COMMAND = 'winsockReplay.showCaptureInfo';
const extensionUri = Uri.file('/ext');
const sample = (name: string): Uri => Uri.file(path.join(repoRoot, 'samples', name));

activate({ subscriptions: [], extensionUri } as unknown as vscode.ExtensionContext);

function run(arg?: unknown): Promise<unknown> {
  const command = fake.commandsRegistered.get(COMMAND);
  assert.ok(command, `${COMMAND} is not registered`);
  return Promise.resolve(command(arg));
}

function lastPosted(panel: FakePanel): ToWebview {
  const m = panel.webview.posted.at(-1);
  assert.ok(m, 'nothing posted to the webview');
  return m as ToWebview;
}

describe('winsockReplay.showCaptureInfo', () => {
  beforeEach(() => {
    deactivate(); // closes the panels of the previous case
    fake.reset();
  });

  it('reads the explorer’s file and shows its summary', async () => {
    const file = sample('http-keepalive.pcapng');
    await run(file);
    assert.deepEqual(fake.errors, []);
    assert.equal(fake.panels.length, 1);
    const panel = fake.panels[0]!;
    assert.equal(panel.title, 'Capture: http-keepalive.pcapng');
    assert.equal(panel.options.enableScripts, true);
    assert.deepEqual(panel.options.localResourceRoots?.map(String), ['file:///ext/dist']);

    const html = panel.webview.html;
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-[^']+'; style-src https:\/\/fake\.vscode-cdn\.net 'nonce-[^']+';">/);
    assert.match(html, /<script nonce="[^"]+" src="https:\/\/fake\.vscode-cdn\.net\/ext\/dist\/webview\.js"><\/script>/);

    const m = lastPosted(panel);
    assert.equal(m.type, 'captureInfo');
    if (m.type !== 'captureInfo') return;
    assert.equal(m.file, file.fsPath);
    assert.equal(m.info.packets, 13);
    assert.equal(m.info.format, 'pcapng');
    assert.equal(m.info.interfaces[0]?.linkTypeName, 'ETHERNET');
    assert.ok(panel.webview.posted.some((p) => (p as ToWebview).type === 'progress'), 'no progress posted');

    assert.equal(fake.progressRuns.length, 1);
    assert.equal(fake.progressRuns[0]!.options.cancellable, true);
    const total = fake.progressRuns[0]!.reports.reduce((a, r) => a + (r.increment ?? 0), 0);
    assert.equal(total, 100);
  });

  it('tells a (re)loaded page the latest state when it says ready', async () => {
    await run(sample('refused.pcap'));
    const panel = fake.panels[0]!;
    const before = panel.webview.posted.length;
    panel.webview.received.fire({ type: 'ready' });
    assert.equal(panel.webview.posted.length, before + 1);
    assert.deepEqual(panel.webview.posted.at(-1), panel.webview.posted[before - 1]);
    panel.webview.received.fire({ type: 'bogus' });
    panel.webview.received.fire('<img>');
    assert.equal(panel.webview.posted.length, before + 1);
  });

  it('asks for a file when run from the palette, filtered to captures', async () => {
    fake.openDialogAnswer = () => Promise.resolve([sample('refused.pcap')]);
    await run();
    assert.equal(fake.openDialogs.length, 1);
    const filters = (fake.openDialogs[0] as { filters: Record<string, string[]> }).filters;
    assert.deepEqual(filters['Packet captures'], ['pcap', 'pcapng', 'cap']);
    assert.equal(fake.panels.length, 1);
    assert.equal(lastPosted(fake.panels[0]!).type, 'captureInfo');
  });

  it('does nothing when the dialog is dismissed', async () => {
    await run();
    assert.equal(fake.panels.length, 0);
    assert.deepEqual(fake.errors, []);
  });

  it('shows a read error in a message and in the panel', async () => {
    await run(sample('no-such-file.pcapng'));
    assert.equal(fake.errors.length, 1);
    assert.match(fake.errors[0]!, /^Could not read no-such-file\.pcapng: .*ENOENT/);
    assert.deepEqual(lastPosted(fake.panels[0]!), { type: 'error', message: fake.errors[0] });
  });

  it('never throws, even when the dialog fails', async () => {
    fake.openDialogAnswer = () => Promise.reject(new Error('dialog broke'));
    await run();
    assert.deepEqual(fake.errors, ['Winsock Replay: dialog broke']);
  });

  it('refuses non-file URIs', async () => {
    await run(Uri.parse('untitled:/x.pcap'));
    assert.equal(fake.panels.length, 0);
    assert.match(fake.errors[0]!, /local file system only/);
  });

  it('cancels from the progress notification', async () => {
    fake.beforeTask = (cancel) => cancel();
    await run(sample('zero-window.pcapng'));
    assert.deepEqual(fake.errors, [], 'a cancellation is not an error');
    assert.deepEqual(lastPosted(fake.panels[0]!), { type: 'error', message: 'Reading was cancelled.' });
  });

  it('cancels from the panel’s Cancel button', async () => {
    fake.beforeTask = () => fake.panels[0]!.webview.received.fire({ type: 'cancel' });
    await run(sample('zero-window.pcapng'));
    assert.deepEqual(fake.errors, []);
    assert.deepEqual(lastPosted(fake.panels[0]!), { type: 'error', message: 'Reading was cancelled.' });
  });

  it('stops reading when the panel is closed', async () => {
    fake.beforeTask = () => fake.panels[0]!.dispose();
    const posted = (): number => fake.panels[0]!.webview.posted.length;
    await run(sample('zero-window.pcapng'));
    assert.deepEqual(fake.errors, []);
    assert.equal(posted(), 0, 'nothing is posted to a closed panel');
  });

  it('reuses the panel of a file already shown', async () => {
    const file = sample('http-keepalive.pcapng');
    await run(file);
    await run(file);
    assert.equal(fake.panels.length, 1);
    assert.equal(fake.panels[0]!.reveals, 1);
    assert.equal(lastPosted(fake.panels[0]!).type, 'captureInfo');
    await run(sample('refused.pcap'));
    assert.equal(fake.panels.length, 2);
  });
});

describe('activation', () => {
  it('registers every command package.json contributes, the capture editor and the status-bar item', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[]; customEditors: { viewType: string }[] };
    };
    for (const c of pkg.contributes.commands) assert.ok(fake.commandsRegistered.has(c.command), `${c.command} is contributed but not registered`);
    for (const id of fake.commandsRegistered.keys()) assert.ok(pkg.contributes.commands.some((c) => c.command === id), `${id} is registered but not contributed`);
    assert.deepEqual([...fake.customEditors.keys()], pkg.contributes.customEditors.map((e) => e.viewType));
    assert.equal(fake.statusItems.length, 1);
    assert.ok(fake.statusItems[0]!.shown);
    assert.match(fake.statusItems[0]!.text, /windows · WSAEventSelect/);
  });
});

describe('source features (code lenses, hovers) on a C document', () => {
  const text = readFileSync(path.join(repoRoot, 'samples', 'lint', 'event_server.c'), 'utf8');
  const lines = text.split('\n');
  const doc = {
    uri: Uri.file(path.join(repoRoot, 'samples', 'lint', 'event_server.c')), version: 1, languageId: 'c',
    getText: (r?: { startLine: number; startCharacter: number; endCharacter: number }) => (r === undefined ? text : lines[r.startLine]!.slice(r.startCharacter, r.endCharacter)),
    getWordRangeAtPosition: (p: { line: number; character: number }, re: RegExp) => {
      for (const m of lines[p.line]!.matchAll(new RegExp(re.source, 'g'))) {
        if (m.index! <= p.character && p.character <= m.index! + m[0].length) return new fake.Range(p.line, m.index!, p.line, m.index! + m[0].length);
      }
      return undefined;
    },
  };

  it('puts the decoded mask on every select call, nothing capture-related while no capture is open', async () => {
    const provider = fake.providers.get('codeLenses') as { provideCodeLenses(d: unknown): Promise<{ range: { startLine: number }; command: { title: string } }[]> };
    const lenses = await provider.provideCodeLenses(doc);
    assert.deepEqual(lenses.map((l) => `${l.range.startLine + 1} ${l.command.title}`), [
      '70 selects FD_READ | FD_WRITE (0x3)', '178 selects FD_ACCEPT (0x8)', '179 selects FD_CLOSE (0x20)',
    ]);
  });

  it('explains FD_CLOSE and WSAECONNABORTED on hover, with the documented/windows divergences', () => {
    const provider = fake.providers.get('hover') as { provideHover(d: unknown, p: unknown): { contents: { value: string } } | undefined };
    const line = lines.findIndex((l) => l.includes('ne.lNetworkEvents & FD_CLOSE'));
    const hover = provider.provideHover(doc, { line, character: lines[line]!.indexOf('FD_CLOSE') + 2 });
    assert.ok(hover !== undefined);
    assert.match(hover.contents.value, /^\*\*FD_CLOSE\*\* = 0x20/);
    assert.match(hover.contents.value, /WSAECONNABORTED/);
    assert.match(hover.contents.value, /\*windows\* \(`close\.on-fin`\)/);
    assert.equal(provider.provideHover(doc, { line, character: lines[line]!.indexOf('ne.') }), undefined);
  });
});
