/**
 * The commands: analyze a capture, switch the options (quick picks that re-run the replay of
 * every open capture through the settings), set the local addresses, export an annotated pcapng,
 * copy a socket's timeline as Markdown, and run a scenario file through `simulate`.
 */

import * as vscode from 'vscode';
import { FD_NAMES, fdBitOf, fdMask } from '../analyzer/model/fdEvents';
import { parseLocalAddresses } from '../analyzer/connections/localSides';
import { annotateFile } from '../analyzer/io/annotateFile';
import { readTextFile } from '../analyzer/io/readTextFile';
import { parseScenario } from '../analyzer/model/scenario';
import { simulate } from '../analyzer/model/simulate';
import { textReport } from '../analyzer/cli/simulateCommand';
import { socketMarkdown } from '../analyzer/replay/markdown';
import { APP_MODEL_TEXT, APP_MODEL_NAMES } from '../analyzer/replay/options';
import { FrameTexts } from '../analyzer/views/frameTexts';
import { CAPTURE_VIEW_TYPE, type CaptureEditor, type CaptureEditorProvider } from './captureEditor';
import { readSettings, updateSetting } from './settings';

const CAPTURE_FILTERS = { 'Packet captures': ['pcap', 'pcapng', 'cap'] };

export function registerCommands(context: vscode.ExtensionContext, editors: CaptureEditorProvider): void {
  const editorOf = (arg: unknown): CaptureEditor | undefined => editors.editorFor(arg instanceof vscode.Uri ? arg : undefined);
  const reg = (id: string, f: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, f));
  };

  reg('winsockReplay.analyze', async (arg?: unknown) => {
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    const open = uri === undefined ? undefined : editors.editorFor(uri);
    if (open !== undefined) {
      open.analyze();
      open.panel.reveal();
      return;
    }
    if (uri === undefined) {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: CAPTURE_FILTERS, title: 'Analyze a capture' });
      uri = picked?.[0];
    }
    if (uri !== undefined) await vscode.commands.executeCommand('vscode.openWith', uri, CAPTURE_VIEW_TYPE);
  });

  reg('winsockReplay.switchProfile', async () => {
    const current = readSettings().options.profile;
    const pick = await vscode.window.showQuickPick([
      { label: 'windows', description: 'what real Windows does', picked: current === 'windows' },
      { label: 'documented', description: "Microsoft's text (the seeds)", picked: current === 'documented' },
    ], { title: 'Winsock Replay: profile', placeHolder: `now: ${current}` });
    if (pick !== undefined) await updateSetting('profile', pick.label);
  });

  reg('winsockReplay.switchApi', async () => {
    const current = readSettings().options.api;
    const pick = await vscode.window.showQuickPick([
      { label: 'WSAEventSelect', description: 'WSAEnumNetworkEvents results (lNetworkEvents, iErrorCode)' },
      { label: 'WSAAsyncSelect', description: 'posted messages (lParam)' },
    ], { title: 'Winsock Replay: API', placeHolder: `now: ${current}` });
    if (pick !== undefined) await updateSetting('api', pick.label);
  });

  reg('winsockReplay.switchMask', async () => {
    const mask = readSettings().options.mask;
    const picks = await vscode.window.showQuickPick(FD_NAMES.map((name) => ({ label: name, picked: (mask & fdMask(fdBitOf(name)!)) !== 0 })), {
      title: 'Winsock Replay: the lNetworkEvents every select call passes', canPickMany: true,
    });
    if (picks === undefined) return;
    if (picks.length === 0) {
      void vscode.window.showWarningMessage('The mask must select at least one event; kept as it was.');
      return;
    }
    await updateSetting('mask', picks.map((p) => p.label).join(','));
  });

  reg('winsockReplay.switchAppModel', async () => {
    const current = readSettings().options.app;
    const pick = await vscode.window.showQuickPick(APP_MODEL_NAMES.map((n) => ({ label: n, detail: APP_MODEL_TEXT[n], picked: n === current })), {
      title: 'Winsock Replay: how the program is assumed to behave', placeHolder: `now: ${current}`,
    });
    if (pick !== undefined) await updateSetting('appModel', pick.label);
  });

  reg('winsockReplay.setLocalAddresses', async () => {
    const current = readSettings().local;
    const text = await vscode.window.showInputBox({
      title: 'Winsock Replay: addresses of the diagnosed host',
      prompt: 'Comma-separated IPv4/IPv6 addresses; empty: decide from the capture',
      value: current?.join(', ') ?? '',
      validateInput: (t) => {
        if (t.trim() === '') return null;
        try {
          parseLocalAddresses(t);
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (text === undefined) return;
    await updateSetting('localAddresses', text.trim() === '' ? [] : parseLocalAddresses(text));
  });

  reg('winsockReplay.copyTimeline', async (arg?: unknown, socket?: unknown) => {
    const e = editorOf(arg);
    if (e === undefined) return void vscode.window.showInformationMessage('Open a capture in the Winsock Replay editor first.');
    let id = typeof socket === 'number' ? socket : undefined;
    if (id === undefined) {
      const pick = await vscode.window.showQuickPick(e.sockets.map((s) => ({ label: `#${s.id} ${s.title}`, description: s.outcome, id: s.id })), { title: 'Copy which socket\'s timeline?' });
      id = pick?.id;
    }
    const s = id === undefined ? undefined : e.socket(id);
    if (s === undefined) return;
    await vscode.env.clipboard.writeText(socketMarkdown(s, e.options.options.api === 'WSAAsyncSelect'));
    void vscode.window.setStatusBarMessage(`Winsock Replay: timeline of #${s.id} copied as Markdown`, 3000);
  });

  // `to`: where to write, for scripts and keybindings (`[capture, null, target]`); else a save dialog asks.
  // Resolves to what was written, or undefined when nothing was.
  reg('winsockReplay.exportAnnotated', async (arg?: unknown, _socket?: unknown, to?: unknown) => {
    const e = editorOf(arg);
    if (e === undefined || e.result === null) return void vscode.window.showInformationMessage('Open a capture and let its analysis finish first.');
    const input = e.uri.fsPath;
    const target = to instanceof vscode.Uri ? to : await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(input.replace(/\.(pcapng|pcap|cap)$/i, '') + '.annotated.pcapng'),
      filters: { pcapng: ['pcapng'] }, title: 'Export annotated pcapng',
    });
    if (target === undefined) return;
    if (target.fsPath === input) return void vscode.window.showErrorMessage('The annotated capture must not overwrite the original.');
    const comments = FrameTexts.comments(e.options.options.profile);
    for (const s of e.sockets) comments.add(s);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Winsock Replay: writing the annotated capture', cancellable: true }, async (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      try {
        const r = await annotateFile(input, target.fsPath, comments.of, abort.signal);
        const problems = r.problems.filter((p) => p.severity === 'error').map((p) => p.message);
        const text = `${target.fsPath}: ${r.framesWritten} packets, ${r.framesAnnotated} with FD_* comments`;
        if (problems.length > 0) void vscode.window.showWarningMessage(`${text}; ${problems.join('; ')}`);
        else void vscode.window.showInformationMessage(text);
        return { file: target.fsPath, framesWritten: r.framesWritten, framesAnnotated: r.framesAnnotated, problems };
      } catch (err) {
        if (!abort.signal.aborted) void vscode.window.showErrorMessage(`Export failed: ${(err as Error).message}`);
        return undefined;
      }
    });
  });

  reg('winsockReplay.simulateScenario', async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (uri === undefined) return void vscode.window.showInformationMessage('Open a *.wsr.json scenario first.');
    try {
      const text = await readTextFile(uri.fsPath);
      // The scenario's own profile, as `winsock-replay simulate` without --profile.
      const sim = simulate(parseScenario(text, uri.fsPath));
      const doc = await vscode.workspace.openTextDocument({ content: textReport(uri.fsPath, sim, true), language: 'plaintext' });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    } catch (e) {
      void vscode.window.showErrorMessage(`Winsock Replay: ${(e as Error).message}`);
    }
  });

  // Logs beside the capture: attach (re-runs the analysis with the log tied, aligned and
  // compared), detach, and shift a log's clock on top of the estimate.
  reg('winsockReplay.attachLog', async (arg?: unknown, _socket?: unknown, file?: unknown) => {
    const e = editorOf(arg);
    if (e === undefined) return void vscode.window.showInformationMessage('Winsock Replay: open a capture first, then attach its logs.');
    let path = typeof file === 'string' ? file : undefined;
    if (path === undefined) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, title: 'Attach a log to the capture',
        filters: { 'ETW exports and program logs': ['txt', 'log', 'xml', 'csv', 'pcapng'], 'All files': ['*'] },
      });
      path = picked?.[0]?.fsPath;
    }
    if (path !== undefined) await e.attachLog(path);
  });

  const pickLog = async (e: CaptureEditor, title: string): Promise<string | undefined> => {
    const logs = e.logs;
    if (logs.length === 0) {
      void vscode.window.showInformationMessage('Winsock Replay: no log is attached to this capture.');
      return undefined;
    }
    if (logs.length === 1) return logs[0]!.file;
    const pick = await vscode.window.showQuickPick(logs.map((l, i) => ({ label: `log ${i + 1}`, description: l.file })), { title });
    return pick?.description;
  };

  reg('winsockReplay.detachLog', async (arg?: unknown, _socket?: unknown, file?: unknown) => {
    const e = editorOf(arg);
    if (e === undefined) return;
    const path = typeof file === 'string' ? file : await pickLog(e, 'Detach a log');
    if (path !== undefined) await e.detachLog(path);
  });

  reg('winsockReplay.shiftLogClock', async (arg?: unknown, _socket?: unknown, file?: unknown, seconds?: unknown) => {
    const e = editorOf(arg);
    if (e === undefined) return;
    const path = typeof file === 'string' ? file : await pickLog(e, 'Shift a log\'s clock');
    if (path === undefined) return;
    const current = e.logs.find((l) => l.file === path)?.shiftNs ?? 0;
    let text = typeof seconds === 'number' ? String(seconds) : undefined;
    text ??= await vscode.window.showInputBox({
      title: `Shift ${path}`,
      prompt: 'Seconds to add to the log\'s times on top of the estimate (negative: earlier)',
      value: String(current / 1e9),
      validateInput: (v) => (/^[+-]?\d+(\.\d+)?$/.test(v.trim()) ? null : 'a number of seconds, e.g. -0.25'),
    });
    if (text !== undefined) await e.shiftLog(path, Math.round(Number(text.trim()) * 1e9));
  });

  reg('winsockReplay.statusMenu', async () => {
    const pick = await vscode.window.showQuickPick([
      { label: 'Profile…', id: 'winsockReplay.switchProfile' },
      { label: 'API…', id: 'winsockReplay.switchApi' },
      { label: 'Mask…', id: 'winsockReplay.switchMask' },
      { label: 'Application model…', id: 'winsockReplay.switchAppModel' },
      { label: 'Local addresses…', id: 'winsockReplay.setLocalAddresses' },
      { label: 'Attach a log…', id: 'winsockReplay.attachLog' },
    ], { title: 'Winsock Replay options' });
    if (pick !== undefined) await vscode.commands.executeCommand(pick.id);
  });
}
