/**
 * Just enough of the `vscode` API for the extension's command to run under plain Node, with
 * every call recorded. Importing this module makes `require('vscode')` return the fake, so it
 * must be imported before any extension module.
 */

import Module from 'module';
import * as path from 'path';

type Listener<T> = (e: T) => void;

export class Emitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  get size(): number {
    return this.listeners.length;
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p));
  }
  static parse(s: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(s);
    if (!m) throw new Error(`bad uri ${s}`);
    return new Uri(m[1]!, m[2]!);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...segments));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class FakeWebview {
  html = '';
  readonly cspSource = 'https://fake.vscode-cdn.net';
  readonly posted: unknown[] = [];
  readonly received = new Emitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  asWebviewUri(uri: Uri): { toString(): string } {
    return { toString: () => `https://fake.vscode-cdn.net${uri.path}` };
  }
  postMessage(message: unknown): Promise<boolean> {
    this.posted.push(JSON.parse(JSON.stringify(message)));
    return Promise.resolve(true);
  }
}

export class FakePanel {
  readonly webview = new FakeWebview();
  readonly disposed = new Emitter<void>();
  readonly onDidDispose = this.disposed.event;
  reveals = 0;
  isDisposed = false;
  constructor(
    readonly viewType: string,
    readonly title: string,
    readonly options: { enableScripts?: boolean; localResourceRoots?: Uri[] },
  ) {}
  reveal(): void {
    this.reveals++;
  }
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
  }
}

export interface ProgressRun {
  readonly options: { title?: string; cancellable?: boolean };
  readonly reports: { increment?: number; message?: string }[];
}

export class FakeVscode {
  readonly Uri = Uri;
  readonly EventEmitter = Emitter;
  readonly ViewColumn = { Active: -1, One: 1 };
  readonly ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };

  readonly panels: FakePanel[] = [];
  readonly errors: string[] = [];
  readonly openDialogs: unknown[] = [];
  readonly progressRuns: ProgressRun[] = [];
  readonly commandsRegistered = new Map<string, (...args: unknown[]) => unknown>();
  /** What the next showOpenDialog answers (or throws). */
  openDialogAnswer: () => Promise<Uri[] | undefined> = () => Promise.resolve(undefined);
  /** Runs inside withProgress before the task: to cancel, or to act as the webview. */
  beforeTask: (cancel: () => void) => void = () => {};

  readonly commands = {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      this.commandsRegistered.set(id, fn);
      return { dispose: () => void this.commandsRegistered.delete(id) };
    },
  };

  readonly StatusBarAlignment = { Left: 1, Right: 2 };
  readonly ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };
  readonly customEditors = new Map<string, unknown>();
  readonly statusItems: { text: string; shown: boolean }[] = [];

  readonly workspace = {
    getConfiguration: () => ({ get: (): undefined => undefined, update: () => Promise.resolve() }),
    onDidChangeConfiguration: new Emitter<unknown>().event,
    onDidOpenTextDocument: new Emitter<unknown>().event,
    onDidChangeTextDocument: new Emitter<unknown>().event,
    onDidCloseTextDocument: new Emitter<unknown>().event,
    textDocuments: [] as unknown[],
    workspaceFolders: undefined,
  };

  // The source features: providers are kept by kind so tests can call them.
  readonly DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 };
  readonly CodeActionKind = { QuickFix: 'quickfix' };
  readonly Range = class {
    constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
  };
  readonly CodeLens = class {
    constructor(readonly range: unknown, readonly command?: { title: string; command: string; arguments?: unknown[] }) {}
  };
  readonly MarkdownString = class {
    constructor(readonly value: string) {}
  };
  readonly Hover = class {
    constructor(readonly contents: { value: string }, readonly range?: unknown) {}
  };
  readonly providers = new Map<string, unknown>();
  readonly languages = {
    createDiagnosticCollection: () => ({ set: () => undefined, delete: () => undefined, dispose: () => undefined }),
    registerCodeActionsProvider: (_s: unknown, p: unknown) => this.provider('codeActions', p),
    registerCodeLensProvider: (_s: unknown, p: unknown) => this.provider('codeLenses', p),
    registerHoverProvider: (_s: unknown, p: unknown) => this.provider('hover', p),
  };

  private provider(kind: string, p: unknown): { dispose(): void } {
    this.providers.set(kind, p);
    return { dispose: () => void this.providers.delete(kind) };
  }

  readonly window = {
    registerCustomEditorProvider: (viewType: string, provider: unknown) => {
      this.customEditors.set(viewType, provider);
      return { dispose: () => void this.customEditors.delete(viewType) };
    },
    createStatusBarItem: () => {
      const item = { text: '', tooltip: '', command: '', name: '', shown: false, show() { item.shown = true; }, dispose() {} };
      this.statusItems.push(item);
      return item;
    },
    createWebviewPanel: (viewType: string, title: string, _column: number, options: FakePanel['options']) => {
      const panel = new FakePanel(viewType, title, options);
      this.panels.push(panel);
      return panel;
    },
    showOpenDialog: (options: unknown) => {
      this.openDialogs.push(options);
      return this.openDialogAnswer();
    },
    showErrorMessage: (message: string) => {
      this.errors.push(message);
      return Promise.resolve(undefined);
    },
    withProgress: async <R>(
      options: ProgressRun['options'],
      task: (progress: { report(v: { increment?: number; message?: string }): void }, token: unknown) => Promise<R>,
    ): Promise<R> => {
      const run: ProgressRun = { options, reports: [] };
      this.progressRuns.push(run);
      const cancel = new Emitter<void>();
      let cancelled = false;
      const token = {
        get isCancellationRequested() {
          return cancelled;
        },
        onCancellationRequested: cancel.event,
      };
      const requestCancel = (): void => {
        cancelled = true;
        cancel.fire();
      };
      const result = task({ report: (v) => run.reports.push(v) }, token);
      this.beforeTask(requestCancel);
      return result;
    },
  };

  reset(): void {
    this.panels.length = 0;
    this.errors.length = 0;
    this.openDialogs.length = 0;
    this.progressRuns.length = 0;
    this.openDialogAnswer = () => Promise.resolve(undefined);
    this.beforeTask = () => {};
  }
}

export const fake = new FakeVscode();

const moduleWithLoad = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const originalLoad = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, parent: unknown, isMain: boolean): unknown {
  if (request === 'vscode') return fake;
  return originalLoad.call(this, request, parent, isMain);
};
