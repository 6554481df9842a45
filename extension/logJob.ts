/**
 * The logs attached to a capture editor, read in the analysis worker after the capture, and the
 * view of their comparison (analysisJob.ts ties, aligns and compares them: that needs every
 * socket). No `vscode` import: it runs in the worker and in tests.
 */
import { formatSeconds } from '../analyzer/capture/timestamp';
import { LogFileError, readLogFile } from '../analyzer/io/readLogFile';
import { toCaptureTime } from '../analyzer/logs/clock';
import type { LoadedLog } from '../analyzer/logs/loadedLog';
import type { LogAnalysis, LogClockOptions } from '../analyzer/logs/logAnalysis';
import { logTimeText } from '../analyzer/logs/logTime';
import { logFileView, socketLogJson } from '../analyzer/logs/logView';
import { compileProgramPatterns, type ProgramPatternSpec } from '../analyzer/logs/programPatterns';
import type { EditorLogsView, LogLaneRow } from '../webview/protocol';

export interface LogsRequest {
  readonly files: readonly string[];
  /** Per file. */
  readonly clocks: readonly LogClockOptions[];
  /** The user's program-log patterns (settings); empty: the presets. */
  readonly patterns: readonly ProgramPatternSpec[];
}

/** Rows of one socket's lane sent to the page; the rest are counted (a chatty log has thousands per socket). */
const LANE_LIMIT = 2000;
const TEXT_LIMIT = 400;

/** The attached logs that could be read, each with its clock options, and a line for each that could not. */
export interface EditorLogs {
  readonly logs: readonly LoadedLog[];
  readonly clocks: readonly LogClockOptions[];
  readonly failed: readonly string[];
}

export async function readEditorLogs(req: LogsRequest, signal?: AbortSignal): Promise<EditorLogs> {
  const compiled = compileProgramPatterns(req.patterns);
  const failed: string[] = compiled.errors.map((e) => `winsockReplay.logPatterns: ${e}`);
  const logs: LoadedLog[] = [];
  const clocks: LogClockOptions[] = [];
  for (const [i, file] of req.files.entries()) {
    try {
      logs.push(await readLogFile(file, { patterns: compiled.patterns, ...(signal !== undefined && { signal }) }));
      clocks.push(req.clocks[i] ?? {});
    } catch (e) {
      if (!(e instanceof LogFileError)) throw e;
      failed.push(e.message);
    }
  }
  return { logs, clocks, failed };
}

/** What the page shows of the logs: each file, and per socket its ties, verdicts and log lane. */
export function logsView(analysis: LogAnalysis, failed: readonly string[]): EditorLogsView {
  const sockets: Record<number, EditorLogsView['sockets'][number]> = {};
  for (const [id, v] of analysis.bySocket) {
    const lane: LogLaneRow[] = v.lane.slice(0, LANE_LIMIT).map(({ log, record }) => {
      const r = analysis.logs[log]!.log.records[record]!;
      const clock = analysis.logs[log]!.clock;
      const text = `${r.provider === null ? '' : `[${r.provider}] `}${r.message}`;
      return {
        log, line: r.line,
        ts: r.time === null || clock.how === 'none' ? null : formatSeconds(toCaptureTime(clock, r.time)),
        written: r.time === null ? null : logTimeText(r.time),
        text: text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text,
      };
    });
    sockets[id] = { log: socketLogJson(v), lane, more: Math.max(0, v.lane.length - LANE_LIMIT) };
  }
  return { files: analysis.logs.map(logFileView), sockets, failed: [...failed] };
}
