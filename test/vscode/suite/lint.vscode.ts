/**
 * The linter's VS Code side in a real extension host: diagnostics, code lenses, hovers and quick
 * fixes on the C/C++ programs of samples/lint (checked against their hand-written oracle,
 * samples/lint/expected.json, read from disk), and the capture lens that replays an open capture
 * with a call's mask and API. Runs with samples/ as the workspace folder; sample files are never
 * changed on disk (quick fixes are applied to copies in a temporary folder and reverted).
 */

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { samples, sleep, waitFor } from './waiting';

const EXTENSION_ID = 'winsock-replay.winsock-replay';
const CAPTURE_VIEW_TYPE = 'winsockReplay.capture';
const REPLAY_WITH_CALL = 'winsockReplay.replayWithCall';
const SOURCE = 'winsock-replay';

/** winsock2.h's FD_* names by bit (the oracle's conventions.maskNames): the lens titles name masks with them. */
const FD_NAMES = ['FD_READ', 'FD_WRITE', 'FD_OOB', 'FD_ACCEPT', 'FD_CONNECT', 'FD_CLOSE', 'FD_QOS', 'FD_GROUP_QOS', 'FD_ROUTING_INTERFACE_CHANGE', 'FD_ADDRESS_LIST_CHANGE'];

interface OracleSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly function: string;
  readonly kind: 'select' | 'enum';
  readonly maskText?: string;
  readonly mask: string | null;
  readonly maskNames?: readonly string[] | null;
}
interface OracleDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  /** select-overrides: the call it overrides; write-after-send: the send. Shown as related information. */
  readonly firstLine?: number;
  readonly sendLine?: number;
}
interface Oracle {
  readonly callSites: readonly OracleSite[];
  readonly diagnostics: readonly OracleDiagnostic[];
}

/** What the extension's activate() returns (extension/extension.ts), as far as these tests use it. */
interface CaptureEditor {
  readonly uri: vscode.Uri;
  readonly finished: boolean;
  readonly result: object | null;
  readonly sockets: readonly { readonly role: string; readonly events: readonly { readonly event: string; readonly error: 0 | string; readonly lParam?: number }[] }[];
  readonly options: { readonly options: { readonly api: string; readonly mask: number } };
}
interface WinsockReplayApi {
  readonly editors: { editorFor(uri?: vscode.Uri): CaptureEditor | undefined };
}




const lintDir = (): vscode.Uri => vscode.Uri.joinPath(samples(), 'lint');

function readOracle(): Oracle {
  return JSON.parse(fs.readFileSync(vscode.Uri.joinPath(lintDir(), 'expected.json').fsPath, 'utf8')) as Oracle;
}

/** The files the oracle covers (every one with call sites, the correct variants included). */
function oracleFiles(o: Oracle): string[] {
  return [...new Set(o.callSites.map((s) => s.file))];
}

/** How the lens names a decided mask: its FD_* names, lowest bit first, and its hex value (docs/lint.md). */
function maskTitle(mask: number): string {
  if (mask === 0) return 'selects 0 (cancels the selection)';
  return `selects ${FD_NAMES.filter((_, bit) => (mask & (1 << bit)) !== 0).join(' | ')} (0x${mask.toString(16)})`;
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Every lens, resolved. The lint behind the lenses is the one behind the diagnostics (one per document version), so this also waits for it. */
async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE).sort((a, b) => a.range.start.compareTo(b.range.start));
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** The diagnostics once the lint has run: `want` of them, or none for a file that must have none. */
async function diagnosticsOf(uri: vscode.Uri, want: number): Promise<vscode.Diagnostic[]> {
  await lensesOf(uri);
  if (want === 0) {
    await sleep(300);
    return ours(uri);
  }
  return waitFor(`${want} diagnostics on ${path.basename(uri.fsPath)} (have ${ours(uri).length})`, () => {
    const d = ours(uri);
    return d.length >= want ? d : undefined;
  });
}

/** The words a hover explains, looked up where the sample uses them. */
function positionOf(doc: vscode.TextDocument, lineText: string | RegExp, word: string): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (typeof lineText === 'string' ? text.includes(lineText) : lineText.test(text)) {
      const at = new RegExp(`\\b${word}\\b`).exec(text);
      if (at !== null) return new vscode.Position(i, at.index + 1);
    }
  }
  assert.fail(`no line of ${path.basename(doc.uri.fsPath)} has ${word} in ${String(lineText)}`);
}

function hoverText(h: vscode.Hover): string {
  return h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/**
 * analyzer/lint/hoverText.ts from the sources, through tsx: this suite compiles on its own
 * (test/vscode/tsconfig.json's rootDir) and cannot import analyzer/, yet the hover must be
 * exactly what the linter's hover text gives.
 */
function hoverMarkdownFromSources(root: string): (word: string) => string | null {
  const tsx = require('tsx/cjs/api') as { require(id: string, fromFile: string): unknown };
  const m = tsx.require(path.join(root, 'analyzer', 'lint', 'hoverText.ts'), __filename) as { hoverMarkdown(word: string): string | null };
  return (w) => m.hoverMarkdown(w);
}

/** The capture lens's parts (docs/lint.md): the socket count, each error with its count, each event the call does not select. */
function captureLensParts(editor: CaptureEditor, mask: number): { head: string; rest: string[] } {
  const errors = new Map<string, number>();
  const unselected = new Set<string>();
  for (const s of editor.sockets) {
    for (const e of s.events) {
      if (e.error !== 0) errors.set(`${e.event}(${e.error})`, (errors.get(`${e.event}(${e.error})`) ?? 0) + 1);
      const bit = FD_NAMES.indexOf(e.event);
      if (bit < 0 || (mask & (1 << bit)) === 0) unselected.add(`${e.event} never selected`);
    }
  }
  const n = editor.sockets.length;
  return { head: `capture: ${n} socket${n === 1 ? '' : 's'}`, rest: [...[...errors].map(([k, c]) => `${k} ×${c}`), ...unselected].sort() };
}

function splitLens(title: string): { head: string; rest: string[] } {
  const [head, ...rest] = title.split(' · ');
  return { head: head!, rest: rest.sort() };
}

suite('Lint in VS Code', () => {
  let api: WinsockReplayApi;
  let root: string;
  const temps: string[] = [];
  // The module object itself (an `import * as` namespace is a copy): the bundle reads the parser's .wasm through it.
  const nodeFs = require('fs') as { readFileSync: typeof fs.readFileSync };
  const readFileSync = nodeFs.readFileSync;
  const wasmReads: string[] = [];

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<WinsockReplayApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    api = await ext.activate();
    root = ext.extensionUri.fsPath;
    // The parser loads on the first lint of the process: watch which .wasm files it reads.
    nodeFs.readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
      if (typeof args[0] === 'string' && args[0].endsWith('.wasm')) wasmReads.push(args[0]);
      return readFileSync(...args);
    }) as typeof fs.readFileSync;
  });

  suiteTeardown(() => {
    nodeFs.readFileSync = readFileSync;
  });

  teardown(async () => {
    // Edited copies: revert before closing, so no save prompt and nothing written.
    for (const ed of vscode.window.visibleTextEditors.filter((e) => e.document.isDirty)) {
      await vscode.window.showTextDocument(ed.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
  });

  /** A copy of a sample in a temporary folder (outside the workspace), for edits. */
  function copyOf(name: string): vscode.Uri {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winsock-replay-lint-'));
    temps.push(dir);
    const to = path.join(dir, name);
    fs.copyFileSync(vscode.Uri.joinPath(lintDir(), name).fsPath, to);
    return vscode.Uri.file(to);
  }

  test('the C/C++ parser loads from the bundle\'s dist/wasm, not from node_modules', async () => {
    const uri = vscode.Uri.joinPath(lintDir(), 'event_server.c');
    await open(uri);
    assert.ok((await lensesOf(uri)).length > 0, 'no lens: the parser did not load');
    // Only the first lint of the extension host reads them: this suite must be the first to open a C/C++ file.
    assert.deepStrictEqual(wasmReads.map((p) => path.relative(root, p)).sort(), ['tree-sitter-c.wasm', 'tree-sitter-cpp.wasm', 'tree-sitter.wasm'].map((f) => path.join('dist', 'wasm', f)));
  });

  test('diagnostics on every sample are the oracle\'s: rule, line, severity, link to the rule\'s docs, related line; none on the correct variants', async () => {
    const oracle = readOracle();
    const files = oracleFiles(oracle);
    assert.ok(files.includes('event_server.c') && files.includes('async_client.c') && files.includes('provider.cpp'), files.join(', '));
    const docs = fs.readFileSync(path.join(root, 'docs', 'lint.md'), 'utf8');
    let total = 0;
    for (const f of files) {
      const doc = await open(vscode.Uri.joinPath(lintDir(), f));
      assert.strictEqual(doc.languageId, f.endsWith('.cpp') ? 'cpp' : 'c', f);
      const want = oracle.diagnostics.filter((d) => d.file === f);
      const got = await diagnosticsOf(doc.uri, want.length);
      assert.deepStrictEqual(got.map((d) => `${d.range.start.line + 1} ${ruleOf(d)}`), want.map((d) => `${d.line} ${d.rule}`), f);
      if (f.includes('correct')) assert.strictEqual(got.length, 0, f);
      for (const [i, d] of got.entries()) {
        const w = want[i]!;
        const where = `${f}:${w.line} ${w.rule}`;
        // docs/lint.md: unchecked-error is a warning for FD_CONNECT and FD_CLOSE (a failed connect, an abortive close), information for the rest.
        const minor = w.rule === 'unchecked-error' && !/\bFD_(CONNECT|CLOSE)\b/.test(doc.getText(d.range));
        assert.strictEqual(d.severity, minor ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning, where);
        assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, `${where}: the code links nowhere`);
        const target = (d.code as { value: string | number; target: vscode.Uri }).target;
        assert.strictEqual(target.fsPath, path.join(root, 'docs', 'lint.md'), where);
        assert.strictEqual(target.fragment, w.rule, where);
        assert.ok(docs.includes(`\n### ${w.rule}\n`), `${where}: docs/lint.md has no section for the rule`);
        const related = w.firstLine ?? w.sendLine;
        assert.deepStrictEqual((d.relatedInformation ?? []).map((r) => r.location.range.start.line + 1), related === undefined ? [] : [related], where);
      }
      total += got.length;
    }
    assert.strictEqual(total, oracle.diagnostics.length);
  });

  test('a code lens on every select call with its decoded mask, at the oracle\'s call sites, C and C++', async () => {
    const oracle = readOracle();
    for (const f of oracleFiles(oracle)) {
      const uri = vscode.Uri.joinPath(lintDir(), f);
      await open(uri);
      const lenses = await lensesOf(uri);
      // No capture is open: every lens is a mask lens, with nothing to run.
      assert.ok(lenses.every((l) => l.command !== undefined && l.command.command === ''), `${f}: ${lenses.map((l) => l.command?.command).join(', ')}`);
      const got = lenses.map((l) => ({ at: `${l.range.start.line + 1}:${l.range.start.character + 1}`, title: l.command!.title }));
      const selects = oracle.callSites.filter((s) => s.file === f && s.kind === 'select');
      assert.deepStrictEqual(got.map((g) => g.at), selects.map((s) => `${s.line}:${s.column}`), `${f}: one lens per select call, none on enumerations`);
      for (const [i, s] of selects.entries()) {
        const title = got[i]!.title;
        if (s.mask === null) {
          assert.ok(title.startsWith('selects undecided') && title.includes(s.maskText!), `${f}:${s.line}: ${title}`);
          continue;
        }
        const mask = parseInt(s.mask, 16);
        assert.strictEqual(title, maskTitle(mask), `${f}:${s.line}`);
        assert.ok(mask === 0 || s.maskNames!.every((n) => title.includes(n)), `${f}:${s.line}: ${title} vs ${s.maskNames!.join(',')}`);
      }
    }
  });

  test('hovers on FD_CLOSE, FD_READ_BIT, WSAECONNRESET and WSAEWOULDBLOCK say what the event model says; none elsewhere', async () => {
    const hoverMarkdown = hoverMarkdownFromSources(root);
    const cases: { file: string; line: string | RegExp; word: string; phrases: (string | RegExp)[] }[] = [
      // Seed 003/004 facts: FD_CLOSE happens once, carries the abortive-close errors; Wine's tests show it on the FIN with data unread.
      { file: 'event_server.c', line: 'ne.lNetworkEvents & FD_CLOSE', word: 'FD_CLOSE',
        phrases: [/^\*\*FD_CLOSE\*\* = 0x20/, 'no call re-enables it', 'WSAENETDOWN', 'WSAECONNRESET', 'WSAECONNABORTED', 'Documented vs. real Windows', /\*windows\* \(`close\.on-fin`\)/, /\*documented\* \(`close\.waits-for-read`\)/] },
      { file: 'event_server_correct.c', line: 'iErrorCode[FD_READ_BIT] != 0', word: 'FD_READ_BIT',
        phrases: [/^\*\*FD_READ_BIT\*\* = 0/, 'iErrorCode', /Re-enabled by: recv\b/, 'level-triggered', 'WSAENETDOWN'] },
      { file: 'async_client_correct.c', line: /\bWSAECONNRESET\b/, word: 'WSAECONNRESET',
        phrases: [/^\*\*WSAECONNRESET\*\* = 10054/, 'Carried by: FD_CLOSE', /\*documented\* \(`close\.reset`\)/, /\*windows\* \(`close\.reset-aborted`\)/, 'WSAECONNABORTED'] },
      { file: 'async_client.c', line: 'WSAGetLastError() != WSAEWOULDBLOCK', word: 'WSAEWOULDBLOCK',
        phrases: [/^\*\*WSAEWOULDBLOCK\*\* = 10035/, 'Not an error any FD_* event carries'] },
    ];
    for (const c of cases) {
      const doc = await open(vscode.Uri.joinPath(lintDir(), c.file));
      const at = positionOf(doc, c.line, c.word);
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [];
      const mine = hovers.filter((h) => hoverText(h).startsWith(`**${c.word}**`));
      assert.strictEqual(mine.length, 1, `${c.word}: ${hovers.map(hoverText).join(' | ')}`);
      const text = hoverText(mine[0]!);
      assert.strictEqual(text, hoverMarkdown(c.word), c.word);
      for (const p of c.phrases) assert.ok(typeof p === 'string' ? text.includes(p) : p.test(text), `${c.word}: ${String(p)} not in\n${text}`);
      const range = mine[0]!.range;
      assert.ok(range !== undefined && doc.getText(range) === c.word, `${c.word}: the hover covers ${range === undefined ? 'nothing' : doc.getText(range)}`);
    }
    // A word the model does not know: no hover from us.
    const doc = await open(vscode.Uri.joinPath(lintDir(), 'event_server.c'));
    const at = positionOf(doc, 'printf(', 'printf');
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [];
    assert.deepStrictEqual(hovers.map(hoverText).filter((t) => t.startsWith('**')), []);
  });

  test('quick fixes: "Add FD_CLOSE" and the merge of two selects give the expected text and clear their diagnostic', async () => {
    const oracle = readOracle();
    const site = (file: string, line: number) => oracle.callSites.find((s) => s.file === file && s.line === line)!;
    const cases = [
      (() => {
        const d = oracle.diagnostics.find((x) => x.file === 'event_server.c' && x.rule === 'missing-fd-close')!;
        const s = site(d.file, d.line);
        return {
          d, after: { line: d.line, mask: parseInt(s.mask!, 16) | 0x20 },
          expected: (lines: string[]) => lines.map((l, i) => (i === d.line - 1 ? l.replace(`, ${s.maskText!})`, `, ${s.maskText!} | FD_CLOSE)`) : l)),
        };
      })(),
      (() => {
        // The merge works where both calls have the same API and target: rule_edges.c's OtherSocketBetween.
        const d = oracle.diagnostics.find((x) => x.file === 'rule_edges.c' && x.rule === 'select-overrides' && x.line - x.firstLine! === 2)!;
        const first = site(d.file, d.firstLine!);
        const second = site(d.file, d.line);
        return {
          d, after: { line: d.line - 1, mask: parseInt(first.mask!, 16) | parseInt(second.mask!, 16) },
          expected: (lines: string[]) => lines
            .map((l, i) => (i === d.line - 1 ? l.replace(`, ${second.maskText!})`, `, ${first.maskText!} | ${second.maskText!})`) : l))
            .filter((_, i) => i !== d.firstLine! - 1),
        };
      })(),
    ];
    for (const c of cases) {
      const where = `${c.d.file}:${c.d.line} ${c.d.rule}`;
      const uri = copyOf(c.d.file);
      const doc = await open(uri);
      const before = doc.getText();
      const eol = before.includes('\r\n') ? '\r\n' : '\n';
      const count = oracle.diagnostics.filter((x) => x.file === c.d.file).length;
      const diags = await diagnosticsOf(uri, count);
      const diag = diags.find((x) => ruleOf(x) === c.d.rule && x.range.start.line + 1 === c.d.line);
      assert.ok(diag, `${where}: no diagnostic`);
      const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value, 10)) ?? [];
      // The command's result drops CodeAction.diagnostics (VS Code's converter keeps title, kind, edit, command, isPreferred): a fix is an edit within the diagnostic.
      const fixes = actions.filter((a): a is vscode.CodeAction => 'edit' in a && a.edit !== undefined && a.edit.get(uri).some((e) => e.range.intersection(diag.range) !== undefined));
      assert.strictEqual(fixes.length, 1, `${where}: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(fixes[0]!.kind !== undefined && vscode.CodeActionKind.QuickFix.contains(fixes[0]!.kind), where);
      assert.strictEqual(fixes[0]!.isPreferred, true, where);
      assert.ok(await vscode.workspace.applyEdit(fixes[0]!.edit!), `${where}: the edit was refused`);
      assert.strictEqual(doc.getText(), c.expected(before.split(eol)).join(eol), where);
      // The fixed call: its diagnostic goes (the others stay) and its lens shows the new mask.
      await waitFor(`${where} to go after the fix`, async () => {
        await lensesOf(uri);
        const now = ours(uri);
        return now.length === count - 1 && !now.some((x) => ruleOf(x) === c.d.rule && x.range.start.line + 1 === c.after.line) ? true : undefined;
      });
      const lens = (await lensesOf(uri)).find((l) => l.range.start.line + 1 === c.after.line);
      assert.strictEqual(lens?.command?.title, maskTitle(c.after.mask), where);
      assert.strictEqual(fs.readFileSync(vscode.Uri.joinPath(lintDir(), c.d.file).fsPath, 'utf8'), before, `${where}: the sample on disk changed`);
    }
  });

  test('with a capture open, a select call gets the capture lens; running it replays the capture with the call\'s mask and API', async () => {
    const config = () => vscode.workspace.getConfiguration('winsockReplay');
    const settingsDir = path.join(samples().fsPath, '.vscode');
    const hadSettingsDir = fs.existsSync(settingsDir);
    const saved = { mask: config().inspect<string>('mask')?.workspaceValue, api: config().inspect<string>('api')?.workspaceValue };
    const capture = vscode.Uri.joinPath(samples(), 'reset-abort.pcapng');
    try {
      await vscode.commands.executeCommand('vscode.openWith', capture, CAPTURE_VIEW_TYPE);
      const editor = await waitFor('the capture\'s analysis', () => {
        const e = api.editors.editorFor(capture);
        return e !== undefined && e.finished && e.result !== null ? e : undefined;
      });
      assert.ok(editor.sockets.some((s) => s.events.some((e) => e.error !== 0)), 'the sample should carry an error (a reset)');

      // async_client.c's one select: WSAAsyncSelect, so the replay's API changes too.
      const site = readOracle().callSites.find((s) => s.file === 'async_client.c' && s.kind === 'select')!;
      const mask = parseInt(site.mask!, 16);
      const uri = vscode.Uri.joinPath(lintDir(), site.file);
      await open(uri);
      const captureLens = async () => {
        const lenses = (await lensesOf(uri)).filter((l) => l.range.start.line + 1 === site.line);
        assert.strictEqual(lenses[0]?.command?.title, maskTitle(mask));
        return lenses.find((l) => l.command?.command === REPLAY_WITH_CALL);
      };
      const lens = await waitFor('the capture lens', captureLens);
      assert.strictEqual(lens.range.start.character + 1, site.column);
      assert.deepStrictEqual(splitLens(lens.command!.title), captureLensParts(editor, mask));
      assert.ok(splitLens(lens.command!.title).rest.some((p) => /^FD_CLOSE\(WSAE\w+\) ×\d+$/.test(p)), lens.command!.title);

      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      const rerun = await waitFor('the replay with the call\'s mask and API', () => {
        const e = api.editors.editorFor(capture);
        return e !== undefined && e.finished && e.result !== null && e.options.options.mask === mask && e.options.options.api === site.function ? e : undefined;
      });
      // Messages now (WSAAsyncSelect posts lParam), and nothing the call does not select.
      const events = rerun.sockets.flatMap((s) => s.events);
      assert.ok(events.length > 0 && events.every((e) => e.lParam !== undefined), 'the replay did not post messages');
      assert.deepStrictEqual(events.filter((e) => (mask & (1 << FD_NAMES.indexOf(e.event))) === 0).map((e) => e.event), []);
      await waitFor('the capture editor in front', () => {
        const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
        return tab?.input instanceof vscode.TabInputCustom && tab.input.viewType.endsWith(CAPTURE_VIEW_TYPE) && tab.input.uri.toString() === capture.toString() ? true : undefined;
      });
      // The lens follows the new replay.
      await waitFor('the capture lens after the replay', async () => {
        const l = await captureLens();
        return l !== undefined && JSON.stringify(splitLens(l.command!.title)) === JSON.stringify(captureLensParts(rerun, mask)) ? true : undefined;
      });
    } finally {
      await config().update('mask', saved.mask, vscode.ConfigurationTarget.Workspace);
      await config().update('api', saved.api, vscode.ConfigurationTarget.Workspace);
      // The command writes the workspace's settings (samples/.vscode): leave the folder as it was.
      if (!hadSettingsDir) fs.rmSync(settingsDir, { recursive: true, force: true });
    }
  });
});
