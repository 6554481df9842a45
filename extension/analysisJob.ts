/**
 * One analysis of a capture for the editor: a single pass over the file feeds the capture summary
 * (header), the replay (sockets, streamed as they are ready) and the packet index (paging). No
 * `vscode` import: it runs in a worker thread (analysisWorker.ts) and in tests directly.
 */

import { CaptureInfoCollector } from '../analyzer/capture/captureInfo';
import { captureInfoView, type CaptureInfoView } from '../analyzer/capture/captureInfoView';
import type { CaptureSummary, CaptureWarning } from '../analyzer/capture/types';
import { readCaptureFile } from '../analyzer/io/readCaptureFile';
import { replayFromLogs } from '../analyzer/logs/fromLog';
import { analyzeLogs } from '../analyzer/logs/logAnalysis';
import { captureView, socketView, warningsView, type AnalyzeView } from '../analyzer/replay/analyzeView';
import type { ReplayOptions } from '../analyzer/replay/options';
import { callSourcesText } from '../analyzer/replay/loggedCalls';
import { outcomeLine, socketTitle } from '../analyzer/replay/reportLines';
import { ReplayStream } from '../analyzer/replay/replayStream';
import type { SocketTimeline } from '../analyzer/replay/timeline';
import { PacketIndex, type PacketIndexArrays } from '../analyzer/views/packetIndex';
import type { EditorLogsView, SocketRowView } from '../webview/protocol';
import { logsView, readEditorLogs, type LogsRequest } from './logJob';

export interface AnalysisRequest {
  readonly file: string;
  readonly options: ReplayOptions;
  readonly local: readonly string[] | null;
  /** Logs attached to the editor: read and compared after the capture. */
  readonly logs?: LogsRequest;
}

export interface AnalysisResult {
  readonly info: CaptureInfoView;
  readonly capture: AnalyzeView['capture'];
  readonly warnings: string[];
  readonly index: PacketIndexArrays;
  readonly cancelled: boolean;
  readonly logs: EditorLogsView | null;
}

export interface AnalysisListener {
  progress(bytesRead: number, totalBytes: number): void;
  /** Sockets in the order they were replayed, a batch at a time. */
  sockets(rows: SocketRowView[]): void;
}

/** Sockets are handed on in batches: per chunk read, or sooner when this many are waiting. */
const BATCH = 500;

export function socketRow(t: SocketTimeline): SocketRowView {
  const v = socketView(t);
  // A listener's packets are those of the connections it accepted.
  const conns = [...t.socket.connections, ...t.socket.accepted.flatMap((a) => a.connections)];
  const first = conns.reduce((m, c) => Math.min(m, c.firstFrame), t.socket.firstFrame);
  return {
    ...v,
    title: socketTitle(v),
    outcome: outcomeLine(v),
    firstFrame: first,
    lastFrame: conns.reduce((m, c) => Math.max(m, c.lastFrame), first),
    ...(v.program !== undefined ? { programText: callSourcesText(v.program) } : {}),
  };
}

export async function runAnalysis(req: AnalysisRequest, listener: AnalysisListener, signal?: AbortSignal): Promise<AnalysisResult> {
  const collector = new CaptureInfoCollector();
  const index = new PacketIndex();
  const readingWarnings: CaptureWarning[] = [];
  let batch: SocketRowView[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    listener.sockets(batch);
    batch = [];
  };
  const withLogs = req.logs !== undefined && req.logs.files.length > 0;
  // Application model `log`: a first replay under `prompt` ties the logs; the logged calls then
  // replay again (analyzer/logs/fromLog.ts), so the sockets go out once that is done.
  const fromLog = req.options.app === 'log';
  const hold = fromLog && withLogs;
  // Tying logs needs every socket; without logs nothing is kept (memory stays flat).
  const timelines: SocketTimeline[] = [];
  const stream = new ReplayStream(fromLog ? { ...req.options, app: 'prompt' } : req.options, req.local, (t) => {
    if (withLogs) timelines.push(t);
    if (hold) return;
    batch.push(socketRow(t));
    if (batch.length >= BATCH) flush();
  }, (w) => readingWarnings.push(w));
  let bytesRead = 0;
  let summary: CaptureSummary;
  let cancelled = false;
  try {
    summary = await readCaptureFile(req.file, {
      section: (s) => collector.section(s),
      iface: (i) => {
        collector.iface(i);
        stream.iface(i);
      },
      packet: (p) => {
        collector.packet(p);
        index.add(p);
        stream.packet(p);
      },
      block: (b) => collector.block(b),
      warning: (w) => {
        collector.warning(w);
        stream.warning(w);
      },
    }, {
      ...(signal !== undefined && { signal }),
      onProgress: (done, total) => {
        bytesRead = done;
        listener.progress(done, total);
      },
      afterChunk: flush,
    });
  } catch (e) {
    if (signal?.aborted !== true) throw e;
    // Stopped by the user: everything read so far is still shown.
    cancelled = true;
    const info = collector.result({ format: 'unknown', bytes: bytesRead, packets: index.count, sections: 0, interfaces: 0, warnings: 0, stopped: true });
    summary = { format: info.sections[0]?.format ?? 'unknown', bytes: bytesRead, packets: index.count, sections: info.sections.length, interfaces: info.interfaces.length, warnings: info.warnings.length, stopped: true };
  }
  const end = stream.finish();
  flush();
  const capture = captureView({ file: req.file, summary, first: end.firstTs, last: end.lastTs, connections: end.connections, warnings: readingWarnings, local: req.local });
  const warnings = warningsView(readingWarnings, end.unplaced, end.notes);
  if (cancelled) warnings.unshift(`stopped by the user after ${bytesRead} bytes: what was read so far is shown`);
  if (fromLog && !withLogs) warnings.push('application model log: no log is attached (Attach a Log to the Capture…), so the program\'s calls are assumed as under prompt');
  let logs: EditorLogsView | null = null;
  let shown: readonly SocketTimeline[] = timelines;
  if (withLogs && !cancelled) {
    const read = await readEditorLogs(req.logs!, signal);
    if (fromLog) {
      const r = replayFromLogs(timelines, read.logs, req.options, { clocks: read.clocks });
      warnings.push(...r.unused);
      shown = r.timelines;
      logs = logsView(r.analysis, read.failed);
    } else {
      logs = logsView(analyzeLogs(read.logs, timelines, { clocks: read.clocks }), read.failed);
    }
  }
  if (hold) {
    for (const t of shown) batch.push(socketRow(t));
    flush();
  }
  return { info: captureInfoView(collector.result(summary)), capture, warnings, index: index.arrays(), cancelled, logs };
}
