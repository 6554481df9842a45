import type { Timestamp } from '../capture/timestamp';
import type { CaptureWarning } from '../capture/types';
import { parseLocalAddresses } from '../connections/localSides';
import { replayCaptureFile } from '../io/replayCaptureFile';
import { ANALYZE_SCHEMA, captureView, optionsView, socketView, warningsView } from '../replay/analyzeView';
import { markdownFooter, markdownHeader, socketMarkdown } from '../replay/markdown';
import { DEFAULT_OPTIONS, OptionError, parseApi, parseAppModel, parseMask, parseProfile, type ReplayOptions } from '../replay/options';
import { ReplayStream } from '../replay/replayStream';
import { writeSocketJson } from '../replay/socketJson';
import type { SocketTimeline } from '../replay/timeline';
import { replayFromLogs } from '../logs/fromLog';
import { analyzeLogs, type LogAnalysis } from '../logs/logAnalysis';
import { logFileView, logsSummaryLines, socketLogJson, socketLogLines } from '../logs/logView';
import { logOptionsFrom, readLogs } from './logArgs';
import { UsageError, type ParsedArgs } from './args';
import { AnalyzeText } from './analyzeText';
import { captureArgument, outputWriter, warningLine, type Output } from './output';
import { Progress } from './progress';

const KNOWN_FLAGS = new Set(['json', 'markdown', 'local', 'profile', 'api', 'mask', 'app', 'color', 'no-color',
  'log', 'log-shift', 'log-offset', 'log-pattern', 'log-preset', 'late-ms']);

/** The replay options a command line asks for (shared by `analyze` and `annotate`). */
export function replayOptionsFrom(args: ParsedArgs): { options: ReplayOptions; local: string[] | null } {
  const value = (name: string): string | undefined => {
    const v = args.flags.get(name);
    if (v === true) throw new UsageError(`option --${name} needs a value`);
    return v;
  };
  try {
    const profile = value('profile');
    const api = value('api');
    const mask = value('mask');
    const app = value('app');
    const localText = value('local');
    const options: ReplayOptions = {
      profile: profile === undefined ? DEFAULT_OPTIONS.profile : parseProfile(profile),
      api: api === undefined ? DEFAULT_OPTIONS.api : parseApi(api),
      mask: mask === undefined ? DEFAULT_OPTIONS.mask : parseMask(mask),
      app: app === undefined ? DEFAULT_OPTIONS.app : parseAppModel(app),
    };
    let local: string[] | null = null;
    if (localText !== undefined) {
      try {
        local = parseLocalAddresses(localText);
      } catch (e) {
        throw new UsageError(`--local: ${(e as Error).message}`);
      }
    }
    return { options, local };
  } catch (e) {
    if (e instanceof OptionError) throw new UsageError(e.message);
    throw e;
  }
}

/** How the command runs, not what it computes: for tests that need both ways of reading. */
export interface AnalyzeRun {
  /** Captures of at least this many bytes are tracked in a worker thread (analyzer/io/replayCaptureFile.ts). */
  readonly workerMinBytes?: number;
  /** Threads to split a worker-tracked capture's connections between (replayCaptureFile's `shards`). */
  readonly shards?: number;
}

/**
 * `analyze <capture> [--profile] [--api] [--mask] [--app] [--local] [--log <file>…] [--json | --markdown]`:
 * every local socket's FD_* timeline. Sockets are printed as they are replayed (ReplayStream),
 * so the output of a large capture starts early and memory stays flat. JSON follows
 * analyzer/replay/analyzeView.ts (schema winsock-replay/analyze@1): the header keys first, then
 * `sockets`, then `capture` and `warnings`, which only the end of the capture settles.
 *
 * With logs, the sockets are kept until the capture ends: tying a log to sockets and aligning
 * its clock need all of them (analyzer/logs/logAnalysis.ts). Each socket then carries a `log`
 * key, and the JSON ends with `logs` (analyzer/logs/logView.ts).
 */
export async function analyzeCommand(args: ParsedArgs, io: Output, run: AnalyzeRun = {}): Promise<number> {
  for (const f of args.flags.keys()) if (!KNOWN_FLAGS.has(f)) throw new UsageError(`unknown option --${f} for analyze`);
  if (args.flags.has('json') && args.flags.has('markdown')) throw new UsageError('--json and --markdown exclude each other');
  const file = captureArgument(args.positional);
  const { options, local } = replayOptionsFrom(args);
  const logArgs = logOptionsFrom(args);
  const fromLog = options.app === 'log';
  if (fromLog && logArgs.files.length === 0) throw new UsageError('--app log replays the program\'s calls from its log: give the log with --log <file>');
  const format: 'json' | 'markdown' | 'text' = args.flags.has('json') ? 'json' : args.flags.has('markdown') ? 'markdown' : 'text';
  const color = args.flags.has('color') || (io.outIsTTY === true && !args.flags.has('no-color'));
  const messages = options.api === 'WSAAsyncSelect';
  const out = outputWriter(io);
  let first: Timestamp | null = null;
  const text = new AnalyzeText(color, () => first);
  const opts = optionsView(options, local);
  if (format === 'json') out.text(`{"schema":${JSON.stringify(ANALYZE_SCHEMA)},"options":${JSON.stringify(opts)},"sockets":[`);
  else if (format === 'markdown') out.text(markdownHeader(file, opts));
  else out.text(text.header(file, opts));

  const warnings: CaptureWarning[] = [];
  let logsJson = '';
  let n = 0;
  const emit = (t: SocketTimeline, logs: LogAnalysis | null): void => {
    const view = logs?.bySocket.get(t.socket.id);
    if (format === 'json') {
      if (n++ > 0) out.byte(0x2c);
      writeSocketJson(out, t, logs === null ? '' : `,"log":${view === undefined ? 'null' : JSON.stringify(socketLogJson(view))}`);
      return;
    }
    const extra = view === undefined ? [] : socketLogLines(view, logs!);
    if (format === 'markdown') out.text(`\n${socketMarkdown(socketView(t), messages)}${extra.map((l) => `> ${l}\n`).join('')}`);
    else out.text(`${text.socket(socketView(t), messages)}${extra.map((l) => `   ~ ${l}\n`).join('')}`);
  };
  const kept: SocketTimeline[] = [];
  // Under `log` the logs are tied to a first replay under `prompt`, then the logged calls replay again.
  const stream = new ReplayStream(fromLog ? { ...options, app: 'prompt' } : options, local, (t) => {
    if (logArgs.files.length > 0) kept.push(t);
    else emit(t, null);
  }, (w) => {
    warnings.push(w);
    io.err(warningLine(file, w));
  });
  const progress = new Progress(io, file);
  const { summary, end } = await replayCaptureFile(file, stream, {
    onFirstPacket: (ts) => { first = ts; },
    onProgress: (done, total) => progress.update(done, total),
    afterChunk: () => {
      out.flush();
      return io.drain();
    },
    workerMinBytes: run.workerMinBytes,
    ...(run.shards !== undefined ? { shards: run.shards } : {}),
  });
  progress.done();
  let logFailed = false;
  const notes = [...end.notes];
  if (logArgs.files.length > 0) {
    const read = await readLogs(logArgs, io);
    logFailed = read.failed;
    let timelines: readonly SocketTimeline[] = kept;
    let analysis: LogAnalysis;
    if (fromLog) {
      const r = replayFromLogs(kept, read.logs, options, logArgs.analysis);
      timelines = r.timelines;
      analysis = r.analysis;
      for (const note of r.unused) {
        notes.push(note);
        io.err(`winsock-replay: ${note}`);
      }
    } else {
      analysis = analyzeLogs(read.logs, kept, logArgs.analysis);
    }
    if (format !== 'json') {
      const lines = logsSummaryLines(analysis);
      out.text(format === 'markdown' ? `\n${lines.map((l) => `> ${l}\n`).join('')}` : `${lines.join('\n')}\n`);
    }
    for (const t of timelines) emit(t, analysis);
    logsJson = `,"logs":${JSON.stringify(analysis.logs.map(logFileView))}`;
  }
  const capture = captureView({ file, summary, first: end.firstTs, last: end.lastTs, connections: end.connections, warnings, local });
  const allWarnings = warningsView(warnings, end.unplaced, notes);
  if (format === 'json') out.text(`],"capture":${JSON.stringify(capture)},"warnings":${JSON.stringify(allWarnings)}${logsJson}}\n`);
  else if (format === 'markdown') out.text(markdownFooter(capture, end.sockets, allWarnings));
  else out.text(text.footer(capture, end.sockets, allWarnings));
  out.flush();
  return warnings.some((w) => w.severity === 'error') || logFailed ? 1 : 0;
}
