import type { PlacedFact } from './logFact';
import type { LogFormat, LogProblem, LogRecord } from './logRecord';

/** A log read into memory: its records, what they say about sockets, and what could not be read. */
export interface LoadedLog {
  /** As the user named it (path or file name): every message about the log starts with it. */
  readonly name: string;
  readonly format: LogFormat;
  readonly encoding: string | null;
  readonly records: readonly LogRecord[];
  readonly facts: readonly PlacedFact[];
  /** Records read but not kept (a huge log's lines that say nothing about a socket). */
  readonly dropped: number;
  readonly problemCount: number;
  readonly problems: readonly LogProblem[];
}
