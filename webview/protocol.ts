/**
 * The one message protocol between the extension host and the capture summary webview.
 *
 * Both sides compile against this file and import it with `import type` only, so it must stay
 * free of runtime code. Everything here crosses `postMessage`, which clones values: only
 * JSON-safe data (no bigint, no Uint8Array, no class instances, no `undefined`-dependent
 * semantics). 64-bit quantities and exact timestamps travel as strings.
 */

// The summary shape is defined beside the code that builds it; the CLI prints the same shape.
export type { CaptureInfoView, InterfaceView, SectionView, WarningView } from '../analyzer/capture/captureInfoView';
import type { CaptureInfoView } from '../analyzer/capture/captureInfoView';

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

