/**
 * Logs beside the wire in a real VS Code extension host: the attach, detach and shift commands
 * re-run the capture editor's analysis with the log tied, aligned and compared; the attached logs
 * come back with the capture; and the page's "open the log at this line" lands in a text editor
 * beside the capture. Runs with samples/ as the workspace folder.
 *
 * The oracle is the CLI: `winsock-replay analyze <capture> --log <log> --json`, run from the
 * built bundle, must say the same about the log and every socket as the editor does (the suite
 * is compiled on its own, so it cannot import the analyzer). A few facts written by hand in
 * samples/logs/README.md check that both are right, not merely alike.
 */

import * as assert from 'assert';
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { suite, suiteSetup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { waitFor } from './waiting';

const EXTENSION_ID = 'winsock-replay.winsock-replay';
const VIEW_TYPE = 'winsockReplay.capture';

/** The shapes below are what `analyze --json` writes, as far as these tests read them. */
interface ClockJson {
  readonly how: string;
  readonly shiftNs: number;
  readonly summary: string;
}
interface LogFileJson {
  readonly file: string;
  readonly format: string;
  readonly records: number;
  readonly clock: ClockJson;
}
interface ComparisonJson {
  readonly verdict: string;
  readonly event: string;
  readonly error: string | number | null;
  readonly log: { readonly line: number; readonly text: string } | null;
}
interface SocketLogJson {
  readonly summary: Readonly<Record<string, number>>;
  readonly compare: readonly ComparisonJson[];
}
interface AnalyzeJson {
  readonly sockets: readonly { readonly id: number; readonly role: string; readonly log?: SocketLogJson }[];
  readonly logs: readonly LogFileJson[];
}

/** What the extension's activate() returns (extension/extension.ts), as far as these tests use it. */
interface EditorLogs {
  readonly files: readonly LogFileJson[];
  readonly sockets: Readonly<Record<number, { readonly log: SocketLogJson; readonly lane: readonly { readonly log: number; readonly line: number }[] }>>;
  readonly failed: readonly string[];
}
interface Editor {
  readonly finished: boolean;
  readonly result: { readonly logs: EditorLogs | null } | null;
  readonly sockets: readonly { readonly id: number; readonly role: string }[];
  readonly logs: readonly { readonly file: string; readonly shiftNs: number }[];
  fromPage(m: unknown): Promise<void>;
}
interface WinsockReplayApi {
  readonly editors: { editorFor(uri?: vscode.Uri): Editor | undefined };
}


let root = '';
let api: WinsockReplayApi;
let capture: vscode.Uri;
let programLog = '';
let journalLog = '';


/** The editor of the capture once its analysis has ended, with logs that pass `ready`. */
function settled(what: string, ready: (logs: EditorLogs | null, e: Editor) => boolean): Promise<Editor> {
  return waitFor(what, () => {
    const e = api.editors.editorFor(capture);
    if (e === undefined || !e.finished) return undefined;
    if (e.result === null) assert.fail(`the analysis of ${capture.fsPath} failed`);
    return ready(e.result.logs, e) ? e : undefined;
  });
}

async function open(uri: vscode.Uri = capture): Promise<Editor> {
  await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
  const e = await waitFor(`the analysis of ${uri.fsPath}`, () => {
    const e = api.editors.editorFor(uri);
    return e !== undefined && e.finished ? e : undefined;
  });
  assert.ok(e.result !== null, `the analysis of ${uri.fsPath} failed`);
  return e;
}

async function attached(files: readonly string[]): Promise<Editor> {
  await open();
  for (const f of files) await vscode.commands.executeCommand('winsockReplay.attachLog', capture, undefined, f);
  return settled(`${files.join(', ')} attached`, (logs) => logs?.files.map((f) => f.file).join('\n') === files.join('\n'));
}

/** `winsock-replay analyze` from the built bundle (the one `npx winsock-replay` runs). */
async function cli(args: readonly string[]): Promise<AnalyzeJson> {
  // In desktop VS Code the extension host is Electron: make it behave as plain Node.
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'bin', 'winsock-replay.js'), 'analyze', ...args, '--json'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as AnalyzeJson;
}

/** As the page receives it: postMessage clones, so only the JSON-visible value counts. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** The editor says what the CLI says about every log and every socket's comparison. */
function assertSameAsCli(e: Editor, expected: AnalyzeJson): void {
  const logs = e.result!.logs!;
  assert.deepStrictEqual(logs.failed, []);
  assert.deepStrictEqual(plain(logs.files), plain(expected.logs));
  assert.deepStrictEqual(e.sockets.map((s) => `${s.id} ${s.role}`), expected.sockets.map((s) => `${s.id} ${s.role}`));
  for (const s of expected.sockets) {
    assert.ok(s.log !== undefined, `the CLI compared nothing for socket ${s.id}`);
    assert.deepStrictEqual(plain(logs.sockets[s.id]?.log), plain(s.log), `socket ${s.id} (${s.role})`);
  }
}

function socketOf(e: Editor, role: string): SocketLogJson {
  const s = e.sockets.find((x) => x.role === role);
  assert.ok(s !== undefined, `no ${role} socket`);
  const v = e.result!.logs!.sockets[s.id];
  assert.ok(v !== undefined, `nothing compared for the ${role}`);
  return v.log;
}

async function detachAll(): Promise<void> {
  const e = api.editors.editorFor(capture) ?? (await open());
  for (const l of [...e.logs]) await vscode.commands.executeCommand('winsockReplay.detachLog', capture, undefined, l.file);
  assert.deepStrictEqual(e.logs, []);
}

suite('Logs in VS Code', function () {
  // Each test runs the analysis (a worker thread) a few times and the CLI once or twice, on a
  // machine that may be busy: the polls below give up first and say what they waited for.
  this.timeout(120000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<WinsockReplayApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    api = await ext.activate();
    root = ext.extensionPath;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder: the tests expect samples/ to be open');
    capture = vscode.Uri.joinPath(folder.uri, 'reset-abort.pcapng');
    programLog = vscode.Uri.joinPath(folder.uri, 'logs', 'reset-abort.program.log').fsPath;
    journalLog = vscode.Uri.joinPath(folder.uri, 'logs', 'reset-abort.etl2pcapng.pcapng').fsPath;
  });

  // The attached logs live in the workspace state: leave none behind for the other suites.
  teardown(async () => {
    await detachAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('attaching a log ties and compares it as `analyze --log` does', async () => {
    const e = await attached([programLog]);
    assertSameAsCli(e, await cli([capture.fsPath, '--log', programLog]));
    // samples/logs/README.md: an enum-mask program log, written in UTC+05:30, whose only
    // difference is the client's FD_CLOSE logged with 10054 where the wire says WSAECONNABORTED.
    const file = e.result!.logs!.files[0]!;
    assert.strictEqual(file.format, 'program');
    assert.strictEqual(file.clock.how, 'estimated');
    assert.match(file.clock.summary, /UTC\+05:30/);
    const client = socketOf(e, 'client');
    assert.deepStrictEqual(client.compare.filter((c) => c.verdict !== 'matched').map((c) => [c.verdict, c.event, c.error, c.log?.text]),
      [['error', 'FD_CLOSE', 'WSAECONNABORTED', 'FD_CLOSE(WSAECONNRESET)']]);
    for (const role of ['listener', 'accepted']) {
      assert.ok(socketOf(e, role).compare.every((c) => c.verdict === 'matched'), role);
    }
  });

  test("shifting a log's clock moves it on top of the estimate and re-compares", async () => {
    await attached([programLog]);
    await vscode.commands.executeCommand('winsockReplay.shiftLogClock', capture, undefined, programLog, 1);
    const e = await settled('the shifted clock', (logs) => logs?.files[0]?.clock.shiftNs === 1e9);
    assert.deepStrictEqual(e.logs, [{ file: programLog, shiftNs: 1e9 }]);
    assertSameAsCli(e, await cli([capture.fsPath, '--log', programLog, '--log-shift', '1']));
    // The estimate stays (the user's shift is added to it); every event that matched is now a
    // second late, and the wrong error is still a wrong error.
    assert.strictEqual(e.result!.logs!.files[0]!.clock.how, 'estimated');
    assert.match(e.result!.logs!.files[0]!.clock.summary, /shifted by hand \+1\.000000 s/);
    const client = socketOf(e, 'client');
    assert.deepStrictEqual(client.compare.map((c) => c.verdict).sort(), ['error', 'late', 'late', 'late']);
    for (const role of ['listener', 'accepted']) {
      const v = socketOf(e, role);
      assert.ok(v.compare.length > 0 && v.compare.every((c) => c.verdict === 'late'), role);
    }
  });

  test('the attached logs and their shifts come back when the capture is opened again', async () => {
    await attached([programLog]);
    await vscode.commands.executeCommand('winsockReplay.shiftLogClock', capture, undefined, programLog, -0.5);
    await settled('the shifted clock', (logs) => logs?.files[0]?.clock.shiftNs === -5e8);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the editor to close', () => (api.editors.editorFor(capture) === undefined ? true : undefined));

    await open();
    const e = await settled('the log back', (logs) => logs !== null);
    assert.deepStrictEqual(e.logs, [{ file: programLog, shiftNs: -5e8 }]);
    assertSameAsCli(e, await cli([capture.fsPath, '--log', programLog, '--log-shift', '-0.5']));

    // Per capture: another capture opens without it.
    const other = await open(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'refused.pcap'));
    assert.deepStrictEqual(other.logs, []);
    assert.strictEqual(other.result?.logs, null);
  });

  test('detaching a log re-runs the analysis without it, for good', async () => {
    await attached([programLog]);
    await vscode.commands.executeCommand('winsockReplay.detachLog', capture, undefined, programLog);
    const e = await settled('the log gone', (logs) => logs === null);
    assert.deepStrictEqual(e.logs, []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the editor to close', () => (api.editors.editorFor(capture) === undefined ? true : undefined));
    const again = await open();
    assert.deepStrictEqual(again.logs, []);
    assert.strictEqual(again.result?.logs, null);
  });

  test("the page's openLog opens the log at that line beside the capture", async () => {
    const e = await attached([programLog]);
    // The line the client's wrong FD_CLOSE comes from, as the log lane would offer it.
    const line = socketOf(e, 'client').compare.find((c) => c.verdict === 'error')?.log?.line;
    assert.ok(line !== undefined);
    const id = e.sockets.find((s) => s.role === 'client')!.id;
    assert.ok(e.result!.logs!.sockets[id]!.lane.some((r) => r.log === 0 && r.line === line), 'the lane lacks that line');

    await e.fromPage({ type: 'openLog', log: 0, line });
    const editor = await waitFor('the log in a text editor', () => {
      const t = vscode.window.activeTextEditor;
      return t?.document.uri.fsPath === programLog ? t : undefined;
    });
    assert.strictEqual(editor.selection.active.line, line - 1);
    assert.strictEqual(editor.viewColumn, vscode.ViewColumn.Two);
    // samples/logs/README.md: the client (socket 432) logged its FD_CLOSE with 10054.
    assert.match(editor.document.lineAt(line - 1).text, /socket 432 .*iErrorCode\[FD_CLOSE_BIT\]=10054/);
  });

  test('a pcapng journal log cannot open at a line: the user is told where the block is', async () => {
    const e = await attached([programLog, journalLog]);
    assertSameAsCli(e, await cli([capture.fsPath, '--log', programLog, '--log', journalLog]));
    assert.strictEqual(e.result!.logs!.files[1]!.format, 'pcapng-journal');
    const row = Object.values(e.result!.logs!.sockets).flatMap((s) => s.lane).find((r) => r.log === 1);
    assert.ok(row !== undefined, 'the journal log has no lane row');

    // The extension shares this `vscode` API object: watch what it tells the user.
    const told: string[] = [];
    const original = vscode.window.showInformationMessage;
    (vscode.window as { showInformationMessage: unknown }).showInformationMessage = (m: string) => {
      told.push(m);
      return Promise.resolve(undefined);
    };
    try {
      await e.fromPage({ type: 'openLog', log: 1, line: row.line });
    } finally {
      (vscode.window as { showInformationMessage: unknown }).showInformationMessage = original;
    }
    assert.deepStrictEqual(told, [`${journalLog}: journal block ${row.line} (a pcapng: open it as a capture to see it)`]);
    assert.ok(!vscode.window.visibleTextEditors.some((t) => t.document.uri.fsPath === journalLog), 'the pcapng was opened as text');
  });
});
