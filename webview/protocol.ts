/**
 * The one message protocol between the extension host and its webviews: the capture summary
 * panel (ToWebview / FromWebview) and the capture editor (ToEditor / FromEditor).
 *
 * Both sides compile against this file and import it with `import type` only, so it must stay
 * free of runtime code. Everything here crosses `postMessage`, which clones values: only
 * JSON-safe data (no bigint, no Uint8Array, no class instances, no `undefined`-dependent
 * semantics). 64-bit quantities and exact timestamps travel as strings.
 */

// The summary shape is defined beside the code that builds it; the CLI prints the same shape.
export type { CaptureInfoView, InterfaceView, SectionView, WarningView } from '../analyzer/capture/captureInfoView';
import type { CaptureInfoView } from '../analyzer/capture/captureInfoView';
import type { AnalyzeSocketView, AnalyzeView } from '../analyzer/replay/analyzeView';
import type { PacketRowView } from '../analyzer/views/packetRows';
import type { LogFileView, SocketLogJson } from '../analyzer/logs/logView';

/** Extension host → webview. */
export type ToWebview =
  | { readonly type: 'captureInfo'; readonly file: string; readonly info: CaptureInfoView }
  | { readonly type: 'progress'; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'error'; readonly message: string };

/** Webview → extension host. */
export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' };

export type ToWebviewType = ToWebview['type'];
export type FromWebviewType = FromWebview['type'];


// ---------------------------------------------------------------------------------------------
// The capture editor (extension/captureEditor.ts ↔ webview/editor/*): one discriminated union per
// direction, with request/response pairs matched by `id`.

export type { AnalyzeSocketView, AnalyzeEventView } from '../analyzer/replay/analyzeView';
export type { PacketRowView } from '../analyzer/views/packetRows';

export type TimeFormat = 'relative' | 'absolute' | 'delta';

/**
 * A socket's whole story: the analyze view plus what the list and the wire lane need. The host
 * keeps one per socket (copy as Markdown, export, code lenses, packet badges); the page gets it
 * only for the selected socket, on request (`socket`), since every socket's events of a large
 * capture are more than a webview should hold.
 */
export interface SocketRowView extends AnalyzeSocketView {
  /** `client 10.0.0.5:50412 → 93.184.216.34:443` */
  readonly title: string;
  /** `FD_CONNECT → FD_WRITE → FD_READ ×3 → FD_CLOSE(WSAECONNABORTED)` */
  readonly outcome: string;
  /** First and last frame of its connections. */
  readonly firstFrame: number;
  readonly lastFrame: number;
  /** Application model `log`: which of the program's calls came from which log (`program`, in words). */
  readonly programText?: string;
}

/**
 * A socket as the page holds every one of them: what the sockets list shows, what its filter
 * searches (socketFilter.ts), and the frames the wire lane starts from. The 128k sockets of the
 * 1 GB benchmark capture are ~245 MB of JSON as SocketRowViews and ~42 MB as these (~320 bytes a
 * socket, against ~1.9 kB).
 */
export interface SocketSummaryView {
  readonly id: number;
  readonly role: AnalyzeSocketView['role'];
  readonly local: string;
  readonly localRule: string;
  readonly remote: string | null;
  readonly connState: string | null;
  readonly history: string | null;
  readonly title: string;
  readonly outcome: string;
  readonly firstFrame: number;
  readonly lastFrame: number;
  /** A few short lines, or none: the filter finds `reset`, `never accepted` … */
  readonly diagnosis: readonly string[];
  // The heavy parts never ride along: a SocketRowView passed where a summary is meant does not compile.
  readonly events?: never;
  readonly otherProfile?: never;
  readonly program?: never;
  readonly connections?: never;
}

/**
 * What the capture editor's page keeps of how it was left: the page saves it in its webview state
 * and sends it to the host, which keeps it per capture (extension/viewStates.ts). VS Code for the
 * Web saves webview state once a minute and when the window loses the focus, not on a reload of
 * the tab, so the host's copy is the one that survives that; the page takes the newer (`savedAt`).
 */
export interface EditorViewState {
  readonly selected: number | null;
  readonly filter: string;
  /** null: the winsockReplay.timeFormat setting. */
  readonly timeFormat: TimeFormat | null;
  readonly packetScroll: number;
  /** When the page last changed it (ms since the epoch, the page's clock); 0: never. */
  readonly savedAt: number;
}

/** The options the reconstruction ran with, and where the local addresses came from. */
export type EditorOptionsView = AnalyzeView['options'] & { readonly timeFormat: TimeFormat };

export interface RuleView {
  readonly id: string;
  readonly text: string;
  readonly source: string;
  readonly profile: string;
  readonly divergence: string | null;
}

export interface PacketPage {
  readonly start: number;
  readonly rows: readonly PacketRowView[];
  /** Frames the reconstruction ties events to: frame → `FD_READ on #3` … */
  readonly badges: Readonly<Record<number, readonly string[]>>;
}

/** A socket's packets (its wire lane), from frame `from` on. */
export interface SocketPackets {
  readonly socket: number;
  readonly rows: readonly PacketRowView[];
  /** The frame to ask from for more, or null when the socket's packets are all there. */
  readonly next: number | null;
}

export type { LogFileView, SocketLogJson, ComparisonView } from '../analyzer/logs/logView';

/** One record of a log lane: a log line tied to the socket, on the capture's clock when aligned. */
export interface LogLaneRow {
  /** Index into EditorLogsView.files. */
  readonly log: number;
  readonly line: number;
  /** Capture-clock time (`<seconds>.<9 digits>`), or null when the log could not be aligned. */
  readonly ts: string | null;
  /** The time as the log wrote it. */
  readonly written: string | null;
  /** Provider and message, cut to a readable length. */
  readonly text: string;
}

/** The attached logs and what they say per socket (absent when no log is attached). */
export interface EditorLogsView {
  readonly files: readonly LogFileView[];
  readonly sockets: Readonly<Record<number, { readonly log: SocketLogJson; readonly lane: readonly LogLaneRow[]; readonly more: number }>>;
  /** Logs that could not be read at all, with why. */
  readonly failed: readonly string[];
}

export type EditorRequest =
  | { readonly kind: 'packets'; readonly start: number; readonly count: number }
  | { readonly kind: 'socketPackets'; readonly socket: number; readonly from: number; readonly count: number }
  | { readonly kind: 'rule'; readonly rule: string }
  /** The selected socket's whole story, for its timeline. */
  | { readonly kind: 'socket'; readonly socket: number };

export type EditorResult =
  | { readonly kind: 'packets'; readonly page: PacketPage }
  | { readonly kind: 'socketPackets'; readonly packets: SocketPackets }
  | { readonly kind: 'rule'; readonly rule: RuleView | null }
  | { readonly kind: 'socket'; readonly socket: SocketRowView }
  | { readonly kind: 'error'; readonly message: string };

/** Extension host → capture editor. */
export type ToEditor =
  /** A (re)analysis begins: the view forgets the previous one. */
  | { readonly type: 'start'; readonly file: string; readonly options: EditorOptionsView }
  | { readonly type: 'progress'; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'sockets'; readonly sockets: readonly SocketSummaryView[] }
  | {
    readonly type: 'done';
    readonly info: CaptureInfoView;
    readonly capture: AnalyzeView['capture'];
    /** The reconstruction's warnings (reading problems are in `info`). */
    readonly warnings: readonly string[];
    /** Packets the packet list can page through. */
    readonly packets: number;
    /** Stopped by the user: what was read so far is shown. */
    readonly cancelled: boolean;
    readonly logs: EditorLogsView | null;
  }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'response'; readonly id: number; readonly result: EditorResult }
  | { readonly type: 'timeFormat'; readonly format: TimeFormat }
  /** How the page was last left (sent before `start` to a new page, which takes it when newer than its own). */
  | { readonly type: 'restoreView'; readonly state: EditorViewState }
  /** Show this socket's timeline (a command or a code lens asked). */
  | { readonly type: 'selectSocket'; readonly socket: number };

export type EditorCommand = 'profile' | 'api' | 'mask' | 'app' | 'local' | 'export' | 'copyTimeline' | 'reanalyze' | 'attachLog' | 'detachLog' | 'shiftLogClock';

/** Capture editor → extension host. */
export type FromEditor =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' }
  | { readonly type: 'request'; readonly id: number; readonly request: EditorRequest }
  | { readonly type: 'command'; readonly command: EditorCommand; readonly socket?: number }
  /** The page's view changed (selection, filter, time format, scroll): kept per capture. */
  | { readonly type: 'saveView'; readonly state: EditorViewState }
  /** Open an attached log in a text editor at this line. */
  | { readonly type: 'openLog'; readonly log: number; readonly line: number };
