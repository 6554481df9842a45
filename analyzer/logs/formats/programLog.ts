/**
 * The diagnosed program's own log: lines matched against the user's patterns
 * (programPatterns.ts), one record per matching line. A program log is mostly other text
 * (startup banners, request dumps), so a line no pattern matches is only counted, unless it
 * uses the Winsock event vocabulary itself (an FD_* name, lNetworkEvents, iErrorCode,
 * WSAGETSELECTEVENT/ERROR): such a line was almost certainly meant to match, and a pattern that
 * misses it would make the comparison report events as missing that the program did log.
 */
import type { LogSink } from '../logRecord';
import { decodeProgramRecord, PROGRAM_PROVIDER } from '../programFacts';
import { parseProgramTime, type ProgramPattern } from '../programPatterns';

/** Words that only appear where a program reports network events. */
const EVENT_VOCABULARY = /\bFD_(?:READ|WRITE|OOB|ACCEPT|CONNECT|CLOSE|QOS|GROUP_QOS|ROUTING_INTERFACE_CHANGE|ADDRESS_LIST_CHANGE)\b|\blNetworkEvents\b|\biErrorCode\b|\bWSAGETSELECT(?:EVENT|ERROR)\b/;

/** Near-misses reported one by one; the rest are summed up at the end (a log can have millions). */
const MAX_NEAR_MISS_PROBLEMS = 20;

export interface ProgramLogStats {
  readonly lines: number;
  readonly matched: number;
  /** Lines no pattern matched (blank lines not counted). */
  readonly unmatched: number;
  /** Unmatched lines that use the FD_* vocabulary (each reported, up to a limit). */
  readonly nearMisses: number;
  /** Matches per pattern name. */
  readonly byPattern: Readonly<Record<string, number>>;
}

export interface ProgramLogReader {
  line(text: string, line: number): void;
  end(): void;
  readonly stats: ProgramLogStats;
}

export function createProgramLogReader(patterns: readonly ProgramPattern[], sink: LogSink): ProgramLogReader {
  let lines = 0;
  let matched = 0;
  let unmatched = 0;
  let nearMisses = 0;
  const byPattern: Record<string, number> = {};

  return {
    line(text: string, line: number): void {
      lines++;
      if (text.trim() === '') return;
      for (const p of patterns) {
        const m = p.regex.exec(text);
        if (m === null) continue;
        matched++;
        byPattern[p.name] = (byPattern[p.name] ?? 0) + 1;
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) fields[k] = v;
        const time = fields.time !== undefined ? parseProgramTime(fields.time) : null;
        if (fields.time !== undefined && time === null) {
          sink.problem({ line, message: `${p.name}: time "${fields.time}" is not a date and time this reader knows (ISO 8601, YYYY-MM-DD hh:mm:ss.f, YYYY/MM/DD hh:mm:ss.f or hh:mm:ss.f)` });
        }
        const record = { line, time, provider: PROGRAM_PROVIDER, eventId: null, pid: numberOrNull(fields.pid), tid: numberOrNull(fields.tid), fields, message: text };
        for (const message of decodeProgramRecord(record).problems) sink.problem({ line, message: `${p.name}: ${message}` });
        sink.record(record);
        return;
      }
      unmatched++;
      const word = EVENT_VOCABULARY.exec(text);
      if (word === null) return;
      nearMisses++;
      if (nearMisses <= MAX_NEAR_MISS_PROBLEMS) {
        sink.problem({ line, message: `mentions ${word[0]} but matches no program-log pattern` });
      }
    },
    end(): void {
      if (nearMisses > MAX_NEAR_MISS_PROBLEMS) {
        sink.problem({ line: lines, message: `${nearMisses - MAX_NEAR_MISS_PROBLEMS} more lines mention FD_* events but match no pattern` });
      }
      if (matched === 0 && lines > 0) {
        sink.problem({ line: 1, message: `none of the ${lines} lines matched a program-log pattern (${patterns.map((p) => p.name).join(', ') || 'no patterns given'})` });
      }
    },
    get stats(): ProgramLogStats {
      return { lines, matched, unmatched, nearMisses, byPattern: { ...byPattern } };
    },
  };
}

function numberOrNull(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}
