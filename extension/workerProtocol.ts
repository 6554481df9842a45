/**
 * Messages between the extension host and the analysis worker (analysisWorker.ts). Only
 * structured-clone-safe data; the packet index's typed arrays are transferred, not copied.
 */

import type { AnalysisRequest, AnalysisResult } from './analysisJob';
import type { SocketRowView } from '../webview/protocol';

export type ToWorker =
  | { readonly type: 'analyze'; readonly request: AnalysisRequest }
  | { readonly type: 'cancel' };

export type FromWorker =
  | { readonly type: 'progress'; readonly bytesRead: number; readonly totalBytes: number }
  | { readonly type: 'sockets'; readonly sockets: SocketRowView[] }
  | { readonly type: 'done'; readonly result: AnalysisResult }
  | { readonly type: 'failed'; readonly message: string };
