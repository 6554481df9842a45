import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Timestamp } from '../capture/timestamp';
import { detectBinary, detectFormat } from '../logs/detectFormat';
import { createNetshTextReader } from '../logs/formats/netshText';
import { isLogProblem, journalRecord, packetCommentRecord } from '../logs/formats/pcapngJournal';
import { createPktmonTextReader } from '../logs/formats/pktmonText';
import { createProgramLogReader } from '../logs/formats/programLog';
import { createTracerptCsvReader } from '../logs/formats/tracerptCsv';
import { createTracerptXmlReader } from '../logs/formats/tracerptXml';
import { createWinEventCsvReader } from '../logs/formats/winEventCsv';
import { LineSplitter, sniffEncoding } from '../logs/lines';
import type { LoadedLog } from '../logs/loadedLog';
import { LogCollector } from '../logs/logFile';
import type { LogFormat, LogSink, LogTime } from '../logs/logRecord';
import { presetPatterns, type ProgramPattern } from '../logs/programPatterns';
import { readCaptureFile } from './readCaptureFile';

export interface ReadLogOptions {
  /** Patterns for a program's own log; without any, every preset is tried. */
  readonly patterns?: readonly ProgramPattern[];
  /** Skips detection (the user said what the file is). */
  readonly format?: LogFormat;
  readonly signal?: AbortSignal;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const CHUNK = 1024 * 1024;
/** Bytes decoded up front to recognise the format. */
const HEAD = 64 * 1024;

export class LogFileError extends Error {}

/**
 * The Node edge for logs: streams a file through the reader its first bytes call for, so a log
 * of gigabytes is never held whole (records are kept, lines are not). Bad content is never
 * fatal: it comes back as counted problems with line numbers, and everything readable is kept.
 * Only a file that cannot be opened, or a raw .etl, is an error.
 */
export async function readLogFile(path: string, options: ReadLogOptions = {}): Promise<LoadedLog> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw new LogFileError(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    const total = (await handle.stat()).size;
    const head = new Uint8Array(Math.min(HEAD, total));
    await handle.read(head, 0, head.length, 0);
    const binary = detectBinary(head);
    if (binary === 'etl') {
      throw new LogFileError(`${path}: a binary .etl trace is not read directly yet; convert it on Windows first: ` +
        '`netsh trace convert input=x.etl` (text), `tracerpt x.etl -of XML`, or etl2pcapng (packets and events in one pcapng)');
    }
    if (binary === 'pcapng' && (options.format === undefined || options.format === 'pcapng-journal')) {
      await handle.close();
      handle = undefined;
      return await readPcapngLog(path, options);
    }
    const format = options.format ?? detectFormat(headLines(head)) ?? 'program';
    const collector = new LogCollector(path, format);
    const feed = textReader(format, collector, options.patterns);
    const splitter = new LineSplitter((text, line) => feed.line(text, line));
    let done = 0;
    for (;;) {
      if (options.signal?.aborted) {
        collector.problem({ line: splitter.lines, message: `reading stopped by the user after ${done} of ${total} bytes` });
        break;
      }
      const buf = new Uint8Array(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      splitter.push(buf.subarray(0, bytesRead));
      done += bytesRead;
      options.onProgress?.(done, total);
      // Lets a cancel or a UI update in between chunks.
      await new Promise((r) => setImmediate(r));
    }
    splitter.end();
    feed.end();
    const log = collector.result(splitter.encoding);
    if (format === 'program' && log.records.length === 0 && splitter.lines > 0) {
      collector.problem({ line: 1, message: 'no line matched a known log format or a program-log pattern; give the program\'s pattern (setting winsockReplay.logPatterns, or --log-pattern)' });
      return collector.result(splitter.encoding);
    }
    return log;
  } finally {
    await handle?.close();
  }
}

function headLines(head: Uint8Array): string[] {
  const { encoding, bom } = sniffEncoding(head);
  const text = new TextDecoder(encoding).decode(head.subarray(bom));
  return text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').slice(0, 20);
}

/** Every text format behind one line-fed face (XML is fed its lines back, newlines kept, so its line numbers hold). */
function textReader(format: LogFormat, sink: LogSink, patterns: readonly ProgramPattern[] | undefined): { line(text: string, n: number): void; end(): void } {
  switch (format) {
    case 'netsh-txt': return createNetshTextReader(sink);
    case 'pktmon-txt': return createPktmonTextReader(sink);
    case 'tracerpt-csv': return createTracerptCsvReader(sink);
    case 'winevent-csv': return createWinEventCsvReader(sink);
    case 'tracerpt-xml': {
      const xml = createTracerptXmlReader(sink);
      return { line: (text) => xml.text(`${text}\n`), end: () => xml.end() };
    }
    default: return createProgramLogReader(patterns === undefined || patterns.length === 0 ? presetPatterns() : patterns, sink);
  }
}

/** etl2pcapng output: its journal-export blocks are the events, its packet comments the PID/TID hints. */
async function readPcapngLog(path: string, options: ReadLogOptions): Promise<LoadedLog> {
  const collector = new LogCollector(path, 'pcapng-journal');
  let frame = 0;
  let journals = 0;
  await readCaptureFile(path, {
    packet: (p) => {
      frame++;
      const r = packetCommentRecord(frame, p.comments, utc(p.ts));
      if (r !== null) collector.record(r);
    },
    block: (b) => {
      if (b.kind !== 'journal') return;
      const r = journalRecord(b.entry, b.offset, ++journals);
      if (isLogProblem(r)) collector.problem(r);
      else collector.record(r);
    },
    warning: (w) => collector.problem({ line: journals, message: `${basename(path)}: ${w.message}` }),
  }, { signal: options.signal, onProgress: options.onProgress });
  if (journals === 0) collector.problem({ line: 0, message: 'this pcapng has no journal-export blocks: no ETW events beside its packets (etl2pcapng ≥ 1.12 writes them)' });
  return collector.result('utf-8');
}

function utc(ts: Timestamp): LogTime {
  return { sec: ts.sec, ns: Math.round((ts.frac * 1e9) / ts.unitsPerSec), zone: 'utc' };
}
