/**
 * The capture editor: a custom read-only editor for .pcap/.pcapng/.cap that shows every socket's
 * FD_* story. The analysis runs in a worker thread (analysisWorker.ts) and streams sockets to the
 * webview as they are replayed, each as the summary its list needs; the selected socket's events
 * and the packet list's pages are sent from here on request.
 * Each editor remembers what it was told so a page rebuilt by VS Code (reload, restore) gets it
 * all again when it says `ready`.
 */

import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { rule } from '../analyzer/model/rules';
import { optionsView } from '../analyzer/replay/analyzeView';
import { PacketIndex } from '../analyzer/views/packetIndex';
import { AttachedLogs, type AttachedLog } from './attachedLogs';
import type { AnalysisResult } from './analysisJob';
import { editorHtml } from './editorHtml';
import { isFromEditor } from './editorMessages';
import { PacketPages } from './packetPages';
import { readSettings, type EditorSettings } from './settings';
import { socketSummary } from './socketSummary';
import { ViewStates } from './viewStates';
import type { FromWorker, ToWorker } from './workerProtocol';
import type { EditorCommand, EditorRequest, EditorResult, FromEditor, SocketRowView, ToEditor } from '../webview/protocol';

export const CAPTURE_VIEW_TYPE = 'winsockReplay.capture';

/** Files at least this large show a cancellable progress notification besides the editor's own bar. */
const NOTIFY_BYTES = 32 * 1024 * 1024;
/** How long a cancelled worker gets to report what it read before it is terminated. */
const CANCEL_GRACE_MS = 3000;
/**
 * The first analysis waits for the page to load, this long at most. On two cores, reading a
 * large capture at full speed while VS Code builds the webview made the page (and so the first
 * rows) come later than the page's load and the analysis's first rows one after the other.
 */
const FIRST_START_MS = 1500;

class CaptureDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {}
}

type Phase =
  | { readonly kind: 'running'; bytesRead: number; totalBytes: number }
  | { readonly kind: 'done'; readonly message: Extract<ToEditor, { type: 'done' }> }
  | { readonly kind: 'failed'; readonly message: string };

export class CaptureEditor {
  /** Every socket's whole story, for the host's own features; the page gets summaries (socketSummary.ts). */
  readonly sockets: SocketRowView[] = [];
  private readonly byId = new Map<number, SocketRowView>();
  private worker: Worker | null = null;
  private pages: PacketPages | null = null;
  private phase: Phase = { kind: 'failed', message: 'not analyzed yet' };
  private settings: EditorSettings;
  private disposed = false;
  /** The first analysis, waiting for the page (analyzeWhenShown). */
  private firstStart: ReturnType<typeof setTimeout> | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly uri: vscode.Uri,
    readonly panel: vscode.WebviewPanel,
    private readonly logStore: AttachedLogs = new AttachedLogs(),
    /** Told when an analysis ends (done or failed): what depends on the result (code lenses) refreshes. */
    private readonly onSettled: () => void = () => undefined,
    private readonly views: ViewStates = new ViewStates(),
  ) {
    this.settings = readSettings(uri);
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'editor.js'));
    panel.webview.html = editorHtml({ cspSource: panel.webview.cspSource, scriptUri: script.toString() });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.fromPage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get options(): EditorSettings {
    return this.settings;
  }

  get finished(): boolean {
    return this.phase.kind !== 'running';
  }

  get result(): Extract<ToEditor, { type: 'done' }> | null {
    return this.phase.kind === 'done' ? this.phase.message : null;
  }

  socket(id: number): SocketRowView | undefined {
    return this.byId.get(id);
  }

  /** (Re)runs the analysis with the current settings. */
  analyze(): void {
    if (this.firstStart !== null) clearTimeout(this.firstStart);
    this.firstStart = null;
    this.stopWorker();
    void this.pages?.close();
    this.pages = null;
    this.sockets.length = 0;
    this.byId.clear();
    this.settings = readSettings(this.uri);
    for (const p of this.settings.problems) void vscode.window.showWarningMessage(p);
    this.post(this.startMessage());
    if (this.uri.scheme !== 'file') {
      this.fail(`${this.uri.toString()}: only files on disk can be analyzed`);
      return;
    }
    this.phase = { kind: 'running', bytesRead: 0, totalBytes: 0 };
    const worker = new Worker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'analysisWorker.js').fsPath);
    this.worker = worker;
    let notified = false;
    let finishProgress: (() => void) | null = null;
    worker.on('message', (m: FromWorker) => {
      if (this.worker !== worker) return;
      switch (m.type) {
        case 'progress':
          this.phase = { kind: 'running', bytesRead: m.bytesRead, totalBytes: m.totalBytes };
          this.post({ type: 'progress', bytesRead: m.bytesRead, totalBytes: m.totalBytes });
          if (!notified && m.totalBytes >= NOTIFY_BYTES && m.bytesRead < m.totalBytes) {
            notified = true;
            finishProgress = this.notifyProgress();
          }
          return;
        case 'sockets':
          for (const s of m.sockets) {
            this.sockets.push(s);
            this.byId.set(s.id, s);
          }
          this.post({ type: 'sockets', sockets: m.sockets.map(socketSummary) });
          return;
        case 'done':
          finishProgress?.();
          this.finish(m.result);
          return;
        case 'failed':
          finishProgress?.();
          this.fail(`${this.uri.fsPath}: ${m.message}`);
          return;
      }
    });
    worker.on('error', (e) => {
      finishProgress?.();
      if (this.worker === worker) this.fail(`${this.uri.fsPath}: the analysis stopped: ${e.message}`);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    const logs = this.logStore.get(this.uri);
    this.send(worker, {
      type: 'analyze',
      request: {
        file: this.uri.fsPath, options: this.settings.options, local: this.settings.local,
        logs: { files: logs.map((l) => l.file), clocks: logs.map((l) => ({ shiftNs: l.shiftNs })), patterns: this.settings.logPatterns },
      },
    });
  }

  /** Stops the analysis under way; the worker reports what it read, or is ended. */
  cancel(): void {
    if (this.firstStart !== null) {
      clearTimeout(this.firstStart);
      this.firstStart = null;
      this.fail(`${this.uri.fsPath}: cancelled before reading`);
      return;
    }
    const w = this.worker;
    if (w === null || this.phase.kind !== 'running') return;
    this.send(w, { type: 'cancel' });
    setTimeout(() => {
      if (this.worker === w && this.phase.kind === 'running') {
        this.stopWorker();
        this.fail(`${this.uri.fsPath}: cancelled`);
      }
    }, CANCEL_GRACE_MS);
  }

  /** The logs attached to this capture, in the order their lanes are numbered. */
  get logs(): AttachedLog[] {
    return this.logStore.get(this.uri);
  }

  /** Attaches a log (again: moves nothing) and re-runs the analysis with it. */
  async attachLog(file: string): Promise<void> {
    const logs = this.logs;
    if (!logs.some((l) => l.file === file)) logs.push({ file, shiftNs: 0 });
    await this.logStore.set(this.uri, logs);
    this.analyze();
  }

  async detachLog(file: string): Promise<void> {
    await this.logStore.set(this.uri, this.logs.filter((l) => l.file !== file));
    this.analyze();
  }

  /** Sets the user's shift of a log's clock on top of the estimate. */
  async shiftLog(file: string, shiftNs: number): Promise<void> {
    await this.logStore.set(this.uri, this.logs.map((l) => (l.file === file ? { ...l, shiftNs } : l)));
    this.analyze();
  }

  /** Shows this socket's timeline in the editor. */
  selectSocket(id: number): void {
    this.post({ type: 'selectSocket', socket: id });
  }

  postTimeFormat(format: EditorSettings['timeFormat']): void {
    this.post({ type: 'timeFormat', format });
  }

  private finish(r: AnalysisResult): void {
    const index = PacketIndex.from(r.index);
    this.pages = new PacketPages(this.uri.fsPath, index);
    for (const s of this.sockets) this.pages.addSocket(s);
    const message: Extract<ToEditor, { type: 'done' }> = {
      type: 'done', info: r.info, capture: r.capture, warnings: r.warnings, packets: index.count, cancelled: r.cancelled, logs: r.logs,
    };
    this.phase = { kind: 'done', message };
    this.post(message);
    this.stopWorker();
    this.onSettled();
  }

  private fail(message: string): void {
    this.phase = { kind: 'failed', message };
    this.post({ type: 'failed', message });
    this.stopWorker();
    this.onSettled();
  }

  private notifyProgress(): () => void {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const name = this.uri.path.split('/').pop() ?? this.uri.fsPath;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Winsock Replay: analyzing ${name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.cancel());
        let last = 0;
        const timer = setInterval(() => {
          if (this.phase.kind !== 'running' || this.phase.totalBytes === 0) return;
          const pct = (this.phase.bytesRead / this.phase.totalBytes) * 100;
          progress.report({ increment: pct - last, message: `${pct.toFixed(0)} %` });
          last = pct;
        }, 250);
        await ended;
        clearInterval(timer);
      },
    );
    return end;
  }

  private startMessage(): ToEditor {
    const s = this.settings;
    const o = s.options;
    return {
      type: 'start',
      file: this.uri.path.split('/').pop() ?? this.uri.fsPath,
      options: { ...optionsView(o, s.local), timeFormat: s.timeFormat },
    };
  }

  /**
   * Everything the page posts comes in here and is checked before it is obeyed. Public so that
   * the extension-host tests, which cannot click inside a webview, drive the page's own path.
   */
  async fromPage(m: unknown): Promise<void> {
    if (isFromEditor(m)) await this.receive(m);
  }

  private async receive(m: FromEditor): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.replayToPage();
        return this.startFirst();
      case 'cancel': return this.cancel();
      case 'request': {
        let result: EditorResult;
        try {
          result = await this.answer(m.request);
        } catch (e) {
          result = { kind: 'error', message: (e as Error).message };
        }
        this.post({ type: 'response', id: m.id, result });
        return;
      }
      case 'command':
        await vscode.commands.executeCommand(COMMANDS[m.command], this.uri, m.socket);
        return;
      case 'openLog': return this.openLog(m.log, m.line);
      case 'saveView': return this.views.set(this.uri, m.state);
    }
  }

  /** Opens an attached log at a line beside the editor (pcapng logs have blocks, not lines: revealed as files). */
  private async openLog(log: number, line: number): Promise<void> {
    const file = this.result?.logs?.files[log];
    if (file === undefined) return;
    if (file.format === 'pcapng-journal') {
      void vscode.window.showInformationMessage(`${file.file}: journal block ${line} (a pcapng: open it as a capture to see it)`);
      return;
    }
    const at = new vscode.Position(Math.max(0, line - 1), 0);
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file.file), { viewColumn: vscode.ViewColumn.Beside, preview: true, selection: new vscode.Range(at, at) });
    } catch (e) {
      void vscode.window.showErrorMessage(`${file.file}: ${(e as Error).message}`);
    }
  }

  private async answer(r: EditorRequest): Promise<EditorResult> {
    switch (r.kind) {
      case 'rule': {
        let x;
        try {
          x = rule(r.rule);
        } catch {
          return { kind: 'rule', rule: null };
        }
        return { kind: 'rule', rule: { id: x.id, text: x.text, source: x.source, profile: x.profile, divergence: x.divergence ?? null } };
      }
      case 'packets': {
        if (this.pages === null) return { kind: 'error', message: 'the packet list is ready when the analysis ends' };
        return { kind: 'packets', page: await this.pages.page(r.start, r.count) };
      }
      case 'socket': {
        const s = this.byId.get(r.socket);
        if (s === undefined) return { kind: 'error', message: `socket #${r.socket} is not in this analysis` };
        return { kind: 'socket', socket: s };
      }
      case 'socketPackets': {
        const s = this.byId.get(r.socket);
        if (this.pages === null || s === undefined) return { kind: 'error', message: `socket #${r.socket} has no packets to show yet` };
        return { kind: 'socketPackets', packets: await this.pages.socketPackets(s, r.from, r.count) };
      }
    }
  }

  /** Everything a new page needs, in order: a page VS Code rebuilt knows nothing. */
  private replayToPage(): void {
    const view = this.views.get(this.uri);
    if (view !== null) this.post({ type: 'restoreView', state: view });
    this.post(this.startMessage());
    for (let i = 0; i < this.sockets.length; i += 1000) this.post({ type: 'sockets', sockets: this.sockets.slice(i, i + 1000).map(socketSummary) });
    const p = this.phase;
    if (p.kind === 'running') this.post({ type: 'progress', bytesRead: p.bytesRead, totalBytes: p.totalBytes });
    else if (p.kind === 'done') this.post(p.message);
    else if (p.message !== 'not analyzed yet') this.post({ type: 'failed', message: p.message });
  }

  private post(m: ToEditor): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(m);
  }

  private send(w: Worker, m: ToWorker): void {
    w.postMessage(m);
  }

  /** Starts the analysis once the page is loaded (or FIRST_START_MS from now, whichever is first). */
  analyzeWhenShown(): void {
    if (this.firstStart !== null || this.worker !== null) return;
    // Under way as far as anyone asks (the page shows progress, `finished` is false).
    this.phase = { kind: 'running', bytesRead: 0, totalBytes: 0 };
    this.firstStart = setTimeout(() => this.startFirst(), FIRST_START_MS);
  }

  private startFirst(): void {
    if (this.firstStart === null) return;
    this.analyze();
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = null;
    if (w !== null) void w.terminate();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.firstStart !== null) clearTimeout(this.firstStart);
    this.firstStart = null;
    this.stopWorker();
    void this.pages?.close();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The command each editor button runs, with the capture's URI (and a socket id) as arguments. */
const COMMANDS: Readonly<Record<EditorCommand, string>> = {
  profile: 'winsockReplay.switchProfile',
  api: 'winsockReplay.switchApi',
  mask: 'winsockReplay.switchMask',
  app: 'winsockReplay.switchAppModel',
  local: 'winsockReplay.setLocalAddresses',
  export: 'winsockReplay.exportAnnotated',
  copyTimeline: 'winsockReplay.copyTimeline',
  reanalyze: 'winsockReplay.analyze',
  attachLog: 'winsockReplay.attachLog',
  detachLog: 'winsockReplay.detachLog',
  shiftLogClock: 'winsockReplay.shiftLogClock',
};

export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider<CaptureDocument> {
  private readonly editors = new Set<CaptureEditor>();
  private activeEditor: CaptureEditor | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** An editor opened, closed, came to the front or finished an analysis. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logStore: AttachedLogs = new AttachedLogs(),
    private readonly views: ViewStates = new ViewStates(),
  ) {}

  openCustomDocument(uri: vscode.Uri): CaptureDocument {
    return new CaptureDocument(uri);
  }

  resolveCustomEditor(doc: CaptureDocument, panel: vscode.WebviewPanel): void {
    const e = new CaptureEditor(this.extensionUri, doc.uri, panel, this.logStore, () => this.changed.fire(), this.views);
    this.editors.add(e);
    if (panel.active) this.activeEditor = e;
    panel.onDidChangeViewState(() => {
      if (panel.active && this.activeEditor !== e) {
        this.activeEditor = e;
        this.changed.fire();
      }
    });
    panel.onDidDispose(() => {
      this.editors.delete(e);
      if (this.activeEditor === e) this.activeEditor = undefined;
      this.changed.fire();
    });
    e.analyzeWhenShown();
  }

  /** The capture editor in front, or the one for `uri`. */
  editorFor(uri?: vscode.Uri): CaptureEditor | undefined {
    if (uri !== undefined) return [...this.editors].find((e) => e.uri.toString() === uri.toString());
    return this.activeEditor ?? [...this.editors].at(-1);
  }

  all(): readonly CaptureEditor[] {
    return [...this.editors];
  }
}
