/**
 * Every command of the extension through `vscode.commands.executeCommand` in a real extension
 * host, with its quick picks, input boxes and open dialogs answered (answers.ts), and the capture
 * editor opening each sample capture. Runs with samples/ as the workspace folder.
 *
 * The oracles: the built CLI (`winsock-replay analyze|simulate`, run as a child process: this
 * suite compiles on its own and cannot import the analyzer) must say what the editor says under
 * the options the commands set; package.json's contributions name the commands, the settings'
 * values and the capture file patterns; samples/README.md's stories say what the reset sample
 * must show under each profile. Every setting a command writes (the workspace's, samples/.vscode)
 * is put back, and samples/.vscode is removed when this suite made it.
 */

import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { sample, samples, waitFor } from './waiting';
import { answering, dismiss, openFile, pick, pickLabel, typeText, type Asked } from './answers';

const EXTENSION_ID = 'winsock-replay.winsock-replay';
const VIEW_TYPE = 'winsockReplay.capture';
const SECTION = 'winsockReplay';
/** The settings the commands write; each is restored at both targets after every test. */
const KEYS = ['profile', 'api', 'mask', 'appModel', 'localAddresses'] as const;

/** A socket as `analyze --json` writes it, as far as these tests read it (the editor's views have the same shape). */
interface SocketJson {
  readonly id: number;
  readonly role: string;
  readonly local: string;
  readonly remote: string | null;
  readonly localRule: string;
  readonly events: readonly { readonly event: string; readonly error: number | string; readonly frames: readonly number[]; readonly lParam?: number; readonly divergence?: string }[];
  readonly otherProfile: readonly unknown[];
  readonly diagnosis: readonly string[];
}
interface AnalyzeJson {
  readonly options: { readonly profile: string; readonly api: string; readonly app: string; readonly local: readonly string[] | null };
  readonly capture: { readonly packets: number };
  readonly sockets: readonly SocketJson[];
}

/** What the extension's activate() returns (extension/extension.ts), as far as these tests use it. */
interface Editor {
  readonly uri: vscode.Uri;
  readonly finished: boolean;
  readonly result: { readonly packets: number } | null;
  readonly sockets: readonly { readonly id: number; readonly role: string; readonly title: string; readonly outcome: string }[];
  readonly options: { readonly options: { readonly profile: string; readonly api: string; readonly mask: number; readonly app: string }; readonly local: readonly string[] | null };
  /** The socket's whole view (`sockets` may hold less: what the page's list needs). */
  socket(id: number): SocketJson | undefined;
}
interface WinsockReplayApi {
  readonly editors: { editorFor(uri?: vscode.Uri): Editor | undefined };
}
interface PackageJson {
  readonly contributes: {
    readonly commands: readonly { readonly command: string; readonly title: string }[];
    readonly customEditors: readonly { readonly viewType: string; readonly selector: readonly { readonly filenamePattern: string }[] }[];
    readonly configuration: { readonly properties: Readonly<Record<string, { readonly enum?: readonly string[]; readonly default?: unknown }>> };
  };
}

const config = () => vscode.workspace.getConfiguration(SECTION);
/** As the page and the clipboard receive it: only the JSON-visible value counts. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

let api: WinsockReplayApi;
let root = '';
let pkg: PackageJson;



/** The editor of `uri` once an analysis whose options pass `ready` has ended (successfully). */
function analyzed(uri: vscode.Uri, what = 'the analysis', ready: (e: Editor) => boolean = () => true): Promise<Editor> {
  return waitFor(`${what} of ${path.basename(uri.fsPath)}`, () => {
    const e = api.editors.editorFor(uri);
    if (e === undefined || !e.finished || !ready(e)) return undefined;
    if (e.result === null) assert.fail(`the analysis of ${uri.fsPath} failed`);
    return e;
  });
}

async function open(uri: vscode.Uri): Promise<Editor> {
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  return analyzed(uri);
}

/** The built CLI (the one `npx winsock-replay` runs); in desktop VS Code the host is Electron, made to behave as Node. */
async function cli(args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'bin', 'winsock-replay.js'), ...args], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** `analyze` with the options the editor ran with, as the CLI's flags. */
function optionArgs(e: Editor): string[] {
  const o = e.options.options;
  return ['--profile', o.profile, '--api', o.api, '--mask', `0x${o.mask.toString(16)}`, '--app', o.app, ...(e.options.local === null ? [] : ['--local', e.options.local.join(',')])];
}

async function analyzeJson(e: Editor): Promise<AnalyzeJson> {
  return JSON.parse(await cli(['analyze', e.uri.fsPath, '--json', ...optionArgs(e)])) as AnalyzeJson;
}

function socketOf(e: Editor, id: number): SocketJson {
  const s = e.socket(id);
  assert.ok(s !== undefined, `the editor has no socket #${id}`);
  return s;
}

/** The editor's sockets are the CLI's under the same options: every socket, and what the CLI says of each. */
async function assertSameAsCli(e: Editor): Promise<AnalyzeJson> {
  const expected = await analyzeJson(e);
  assert.deepStrictEqual(e.sockets.map((s) => `${s.id} ${s.role}`), expected.sockets.map((s) => `${s.id} ${s.role}`));
  for (const want of expected.sockets) {
    const got = plain(socketOf(e, want.id)) as Record<string, unknown>;
    for (const key of ['local', 'remote', 'localRule', 'events', 'otherProfile', 'diagnosis'] as const) {
      assert.deepStrictEqual(got[key], want[key], `socket #${want.id} (${want.role}): ${key}`);
    }
  }
  return expected;
}

/** A setting's value at both targets, to put back. */
type Saved = Record<(typeof KEYS)[number], { global: unknown; workspace: unknown }>;

function saveSettings(): Saved {
  const out = {} as Saved;
  for (const k of KEYS) {
    const i = config().inspect(k);
    out[k] = { global: i?.globalValue, workspace: i?.workspaceValue };
  }
  return out;
}

async function restoreSettings(saved: Saved): Promise<void> {
  for (const k of KEYS) {
    const i = config().inspect(k);
    if (JSON.stringify(i?.globalValue) !== JSON.stringify(saved[k].global)) await config().update(k, saved[k].global, vscode.ConfigurationTarget.Global);
    if (JSON.stringify(i?.workspaceValue) !== JSON.stringify(saved[k].workspace)) await config().update(k, saved[k].workspace, vscode.ConfigurationTarget.Workspace);
  }
}

/** The values package.json allows for a setting. */
function enumOf(key: string): readonly string[] {
  const values = pkg.contributes.configuration.properties[`${SECTION}.${key}`]?.enum;
  assert.ok(values !== undefined, `package.json has no enum for ${SECTION}.${key}`);
  return values;
}

/** The one quick pick asked: its labels and which were picked beforehand. */
function quickPickOf(asked: readonly Asked[]): { labels: string[]; picked: string[] } {
  const a = asked[0];
  assert.ok(asked.length === 1 && a?.kind === 'quickPick', `asked: ${asked.map((x) => x.kind).join(', ')}`);
  return { labels: a.items.map((i) => i.label), picked: a.items.filter((i) => i.picked === true).map((i) => i.label) };
}

suite('Commands in VS Code', () => {
  const settingsDir = (): string => path.join(samples().fsPath, '.vscode');
  let hadSettingsDir = true;
  let saved: Saved;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<WinsockReplayApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    api = await ext.activate();
    root = ext.extensionPath;
    pkg = ext.packageJSON as PackageJson;
    hadSettingsDir = fs.existsSync(settingsDir());
    saved = saveSettings();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await restoreSettings(saved);
  });

  suiteTeardown(async () => {
    await restoreSettings(saved);
    // The switch commands write the workspace's settings (samples/.vscode): leave the folder as it was.
    if (!hadSettingsDir) fs.rmSync(settingsDir(), { recursive: true, force: true });
  });

  test('every command package.json contributes is registered once the extension is active', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = pkg.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 15, contributed.join(', '));
    assert.deepStrictEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  test('the capture editor opens each sample capture with the sockets `analyze --json` finds', async function () {
    this.timeout(300000);
    const patterns = pkg.contributes.customEditors.find((c) => c.viewType === VIEW_TYPE)?.selector.map((s) => s.filenamePattern) ?? [];
    assert.deepStrictEqual([...patterns].sort(), ['*.cap', '*.pcap', '*.pcapng']);
    const exts = patterns.map((p) => p.slice(1));
    const files = fs.readdirSync(samples().fsPath).filter((f) => exts.includes(path.extname(f))).sort();
    // samples/README.md lists thirteen captures.
    assert.strictEqual(files.length, 13, files.join(', '));
    for (const f of files) {
      const uri = sample(f);
      const e = await open(uri);
      const expected = JSON.parse(await cli(['analyze', uri.fsPath, '--json'])) as AnalyzeJson;
      assert.ok(expected.sockets.length > 0, `${f}: the CLI finds no socket`);
      assert.strictEqual(e.result!.packets, expected.capture.packets, f);
      assert.deepStrictEqual(e.sockets.map((s) => `${s.id} ${s.role}`), expected.sockets.map((s) => `${s.id} ${s.role}`), f);
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.ok(tab?.input instanceof vscode.TabInputCustom && tab.input.viewType.endsWith(VIEW_TYPE) && tab.input.uri.toString() === uri.toString(), `${f}: not in front in the Winsock Replay editor`);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor(`${f}'s editor to close`, () => (api.editors.editorFor(uri) === undefined ? true : undefined));
    }
  });

  test('Switch Profile: the quick pick offers both profiles, the setting changes and the open editor re-runs: the reset becomes WSAECONNRESET', async () => {
    const uri = sample('reset-abort.pcapng');
    const before = await open(uri);
    assert.strictEqual(before.options.options.profile, 'windows');
    // samples/README.md, "reset by peer": FD_CLOSE with WSAECONNABORTED under windows, the documented model says WSAECONNRESET.
    const closeOf = (e: Editor) => socketOf(e, e.sockets.find((s) => s.role === 'client')!.id).events.find((x) => x.event === 'FD_CLOSE');
    const aborted = closeOf(before);
    assert.strictEqual(aborted?.error, 'WSAECONNABORTED');
    assert.match(aborted.divergence ?? '', /^documented: FD_CLOSE\(WSAECONNRESET\)/);

    const { asked } = await answering([pickLabel('documented')], () => vscode.commands.executeCommand('winsockReplay.switchProfile'));
    const q = quickPickOf(asked);
    assert.deepStrictEqual(q.labels, enumOf('profile'));
    assert.deepStrictEqual(q.picked, ['windows']);
    assert.strictEqual(config().inspect('profile')?.workspaceValue, 'documented');
    const after = await analyzed(uri, 'the documented replay', (e) => e.options.options.profile === 'documented');
    await assertSameAsCli(after);
    const close = closeOf(after);
    assert.strictEqual(close?.error, 'WSAECONNRESET');
    assert.match(close?.divergence ?? '', /^windows: FD_CLOSE\(WSAECONNABORTED\)/);

    // Dismissed: nothing changes.
    await answering([dismiss('quickPick')], () => vscode.commands.executeCommand('winsockReplay.switchProfile'));
    assert.strictEqual(config().inspect('profile')?.workspaceValue, 'documented');
  });

  test('Switch API: WSAAsyncSelect makes the open editor replay posted messages (lParam)', async () => {
    const uri = sample('reset-abort.pcapng');
    await open(uri);
    const { asked } = await answering([pickLabel('WSAAsyncSelect')], () => vscode.commands.executeCommand('winsockReplay.switchApi'));
    assert.deepStrictEqual(quickPickOf(asked).labels, enumOf('api'));
    assert.strictEqual(config().inspect('api')?.workspaceValue, 'WSAAsyncSelect');
    const e = await analyzed(uri, 'the WSAAsyncSelect replay', (x) => x.options.options.api === 'WSAAsyncSelect');
    const expected = await assertSameAsCli(e);
    const events = expected.sockets.flatMap((s) => s.events);
    assert.ok(events.length > 0 && events.every((x) => typeof x.lParam === 'number'), 'messages carry an lParam');
  });

  test('Switch Event Mask: the quick pick shows the mask in force; leaving FD_READ out drops every FD_READ from the replay', async () => {
    const uri = sample('reset-abort.pcapng');
    const before = await open(uri);
    // `options` follows the editor's latest run: keep the mask it has now.
    const maskBefore = before.options.options.mask;
    const readsBefore = (await analyzeJson(before)).sockets.flatMap((s) => s.events).filter((x) => x.event === 'FD_READ');
    assert.ok(readsBefore.length > 0, 'the sample has reads to lose');
    const defaultMask = String(pkg.contributes.configuration.properties[`${SECTION}.mask`]?.default).split(',');
    const { asked } = await answering([pick((items) => items.filter((i) => i.picked === true && i.label !== 'FD_READ'))],
      () => vscode.commands.executeCommand('winsockReplay.switchMask'));
    const q = quickPickOf(asked);
    assert.deepStrictEqual(q.picked, defaultMask);
    assert.ok(q.labels.includes('FD_QOS') && q.labels.includes('FD_ADDRESS_LIST_CHANGE'), q.labels.join(', '));
    assert.strictEqual(config().inspect('mask')?.workspaceValue, defaultMask.filter((n) => n !== 'FD_READ').join(','));
    const e = await analyzed(uri, 'the replay without FD_READ', (x) => x.options.options.mask !== maskBefore);
    // FD_READ is bit 0 (winsock2.h).
    assert.strictEqual(e.options.options.mask, maskBefore & ~1);
    const expected = await assertSameAsCli(e);
    assert.deepStrictEqual(expected.sockets.flatMap((s) => s.events).filter((x) => x.event === 'FD_READ'), []);

    // Nothing picked: refused, the mask stays.
    await answering([pick(() => [])], () => vscode.commands.executeCommand('winsockReplay.switchMask'));
    assert.strictEqual(config().inspect('mask')?.workspaceValue, defaultMask.filter((n) => n !== 'FD_READ').join(','));
  });

  test('Switch Application Model: "none" makes the open editor replay a program that never accepts', async () => {
    const uri = sample('listener-backlog.pcapng');
    await open(uri);
    const { asked } = await answering([pickLabel('none')], () => vscode.commands.executeCommand('winsockReplay.switchAppModel'));
    const q = quickPickOf(asked);
    assert.deepStrictEqual(q.labels, enumOf('appModel'));
    assert.deepStrictEqual(q.picked, ['prompt']);
    assert.strictEqual(config().inspect('appModel')?.workspaceValue, 'none');
    const e = await analyzed(uri, 'the replay under "none"', (x) => x.options.options.app === 'none');
    const expected = await assertSameAsCli(e);
    // samples/README.md, "a listener with a backlog": with --app none, three connections never accepted.
    const listener = expected.sockets.find((s) => s.role === 'listener')!;
    assert.ok(listener.diagnosis.some((d) => /never accepted/.test(d)), listener.diagnosis.join('\n'));
  });

  test('Set Local Host Addresses: the input box checks the text, the setting and the editor\'s local side follow', async () => {
    const uri = sample('reset-abort.pcapng');
    const before = await open(uri);
    assert.strictEqual(before.options.local, null);
    assert.ok((await analyzeJson(before)).sockets.every((s) => s.localRule === 'loopback'));
    const { asked } = await answering([typeText('127.0.0.1')], () => vscode.commands.executeCommand('winsockReplay.setLocalAddresses'));
    assert.deepStrictEqual(asked.map((a) => a.kind), ['inputBox']);
    const box = asked[0]!.kind === 'inputBox' ? asked[0]!.options : undefined;
    assert.strictEqual(box?.value, '');
    const validate = box?.validateInput;
    assert.ok(validate !== undefined, 'the input box does not check what is typed');
    assert.strictEqual(await validate('127.0.0.1, ::1'), null);
    assert.strictEqual(await validate(''), null);
    assert.ok(typeof (await validate('not-an-address')) === 'string', 'a bad address is accepted');
    assert.deepStrictEqual(config().inspect('localAddresses')?.workspaceValue, ['127.0.0.1']);

    const e = await analyzed(uri, 'the replay with the local addresses', (x) => x.options.local !== null);
    assert.deepStrictEqual(e.options.local, ['127.0.0.1']);
    const expected = await assertSameAsCli(e);
    assert.deepStrictEqual(expected.options.local, ['127.0.0.1']);
    assert.ok(expected.sockets.every((s) => s.localRule === 'option'), expected.sockets.map((s) => s.localRule).join(', '));
  });

  test('Copy Socket Timeline as Markdown: the socket picked goes to the clipboard as `analyze --markdown` has it', async () => {
    const uri = sample('reset-abort.pcapng');
    const e = await open(uri);
    const client = e.sockets.find((s) => s.role === 'client')!;
    const md = await cli(['analyze', uri.fsPath, '--markdown', ...optionArgs(e)]);
    // Each socket's section runs from its heading to the blank line before the next heading or the closing rule.
    const section = (id: number): string => {
      const start = md.indexOf(`### Socket ${id}: `);
      assert.ok(start >= 0, `no section for socket ${id} in\n${md}`);
      const next = [md.indexOf('\n### Socket ', start), md.indexOf('\n---\n', start)].filter((i) => i >= 0);
      return md.slice(start, Math.min(...next));
    };
    await vscode.env.clipboard.writeText('');
    const { asked } = await answering([pickLabel(`#${client.id} ${client.title}`)], () => vscode.commands.executeCommand('winsockReplay.copyTimeline', uri));
    const q = quickPickOf(asked);
    assert.deepStrictEqual(q.labels, e.sockets.map((s) => `#${s.id} ${s.title}`));
    const copied = await vscode.env.clipboard.readText();
    assert.strictEqual(copied, section(client.id));
    assert.match(copied, /FD_CLOSE: WSAECONNABORTED/);

    // From the page's button: the selected socket comes with the command, no pick.
    const accepted = e.sockets.find((s) => s.role === 'accepted')!;
    await answering([], () => vscode.commands.executeCommand('winsockReplay.copyTimeline', uri, accepted.id));
    assert.strictEqual(await vscode.env.clipboard.readText(), section(accepted.id));
  });

  test('Simulate Scenario: the scenario\'s report opens beside it, as `winsock-replay simulate --why` prints it', async () => {
    // No *.wsr.json ships in samples/: the conformance suite's reset scenario tells the reset-abort sample's story.
    const file = path.join(root, 'test', 'model', 'conformance', 'close-reset.wsr.json');
    const expected = await cli(['simulate', file, '--why']);
    assert.match(expected, /FD_CLOSE\(WSAECONNRESET\)/);
    await vscode.commands.executeCommand('winsockReplay.simulateScenario', vscode.Uri.file(file));
    const report = await waitFor('the report', () => {
      const t = vscode.window.activeTextEditor;
      return t?.document.isUntitled === true ? t : undefined;
    });
    assert.strictEqual(report.document.languageId, 'plaintext');
    assert.strictEqual(report.document.getText(), expected);

    // Without an argument: the scenario in the active text editor.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    await vscode.commands.executeCommand('winsockReplay.simulateScenario');
    const again = await waitFor('the report from the active editor', () => {
      const t = vscode.window.activeTextEditor;
      return t?.document.isUntitled === true ? t : undefined;
    });
    assert.strictEqual(again.document.getText(), expected);
  });

  test('Analyze Capture: a capture not open opens in the editor; an open one is analysed again; with no capture given, the open dialog asks for one', async () => {
    const refused = sample('refused.pcap');
    assert.strictEqual(api.editors.editorFor(refused), undefined);
    await vscode.commands.executeCommand('winsockReplay.analyze', refused);
    const e = await analyzed(refused);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom && tab.input.viewType.endsWith(VIEW_TYPE) && tab.input.uri.toString() === refused.toString());
    await assertSameAsCli(e);

    // Open already: the same editor runs again (it is running the moment the command returns).
    await vscode.commands.executeCommand('winsockReplay.analyze', refused);
    assert.strictEqual(api.editors.editorFor(refused), e);
    assert.strictEqual(e.finished, false, 'the open editor did not start a new analysis');
    await analyzed(refused);

    const graceful = sample('graceful-close.pcapng');
    const { asked } = await answering([openFile(graceful)], () => vscode.commands.executeCommand('winsockReplay.analyze'));
    assert.deepStrictEqual(asked.map((a) => a.kind), ['openDialog']);
    const dialog = asked[0]!.kind === 'openDialog' ? asked[0]!.options : undefined;
    assert.strictEqual(dialog?.canSelectMany, false);
    // It offers what the editor opens.
    const patterns = pkg.contributes.customEditors.find((c) => c.viewType === VIEW_TYPE)!.selector.map((s) => s.filenamePattern.replace('*.', ''));
    assert.deepStrictEqual(Object.values(dialog?.filters ?? {}).flat().sort(), patterns.sort());
    await assertSameAsCli(await analyzed(graceful));

    // Dismissed: nothing opens.
    await answering([dismiss('openDialog')], () => vscode.commands.executeCommand('winsockReplay.analyze'));
    assert.strictEqual(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, 2);
  });

  test('Options (the status bar\'s menu): a quick pick of the option commands; picking one runs it', async () => {
    const uri = sample('reset-abort.pcapng');
    await open(uri);
    let items: readonly (vscode.QuickPickItem & { readonly id?: string })[] = [];
    await answering([pick((offered) => {
      items = offered;
      return undefined;
    })], () => vscode.commands.executeCommand('winsockReplay.statusMenu'));
    const contributed = new Map(pkg.contributes.commands.map((c) => [c.command, c.title]));
    const ids = items.map((i) => i.id ?? '');
    assert.deepStrictEqual(ids, ['winsockReplay.switchProfile', 'winsockReplay.switchApi', 'winsockReplay.switchMask', 'winsockReplay.switchAppModel', 'winsockReplay.setLocalAddresses', 'winsockReplay.attachLog']);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ids) assert.ok(contributed.has(id) && registered.has(id), `${id}: not a command of the extension`);

    // "Profile…" runs Switch Profile, whose own pick follows.
    const { asked } = await answering([pickLabel('Profile…'), pickLabel('documented')], () => vscode.commands.executeCommand('winsockReplay.statusMenu'));
    assert.deepStrictEqual(asked.map((a) => a.options?.title), ['Winsock Replay options', 'Winsock Replay: profile']);
    assert.strictEqual(config().inspect('profile')?.workspaceValue, 'documented');
    await assertSameAsCli(await analyzed(uri, 'the documented replay', (e) => e.options.options.profile === 'documented'));
  });
});
