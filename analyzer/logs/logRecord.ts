/**
 * What every log reader produces: one record per event or line, as written, before any
 * interpretation. Readers (formats/*.ts) know layouts; they do not know what an event means
 * (logFacts.ts) nor which socket it belongs to (tie.ts).
 */

/**
 * A log's time as written. Capture time is UTC; log time often is not, and says so or not:
 * `zone` keeps what the text told, so that clock alignment (clock.ts) knows what it may assume.
 */
export interface LogTime {
  /**
   * The written wall-clock reading as seconds since 1970-01-01 as if it were UTC, whole part.
   * For `zone: 'offset'` this is already converted to UTC (the text gave the offset).
   */
  readonly sec: number;
  /** Nanoseconds within the second, an integer in [0, 1e9): ETW writes 100 ns units. */
  readonly ns: number;
  /**
   * `utc`: the text is UTC (FILETIME, `Z`, `+00:00`, journal µs since 1970);
   * `offset`: the text gave an offset, already applied to `sec`;
   * `local`: a wall-clock time with no zone (netsh TXT, pktmon, most program logs);
   * `time-only`: a time of day with no date (pktmon -t, some program logs): `sec` counts from
   * 1970-01-01 and the date must come from elsewhere (the capture).
   */
  readonly zone: 'utc' | 'offset' | 'local' | 'time-only';
  /** For `offset`: the offset that was written, in minutes east of UTC (kept for display). */
  readonly offsetMinutes?: number;
}

/** The formats a log file can be in (what the reader found, shown to the user). */
export type LogFormat =
  | 'netsh-txt'
  | 'pktmon-txt'
  | 'tracerpt-xml'
  | 'tracerpt-csv'
  | 'winevent-csv'
  | 'pcapng-journal'
  | 'program';

export interface LogRecord {
  /** 1-based line of the file where the record starts (to open the file there). */
  readonly line: number;
  /** Null when the line carries no time a reader could make out (kept, shown, never aligned). */
  readonly time: LogTime | null;
  /** ETW provider name as written (`Microsoft-Windows-Winsock-AFD`), a WPP component, or null. */
  readonly provider: string | null;
  /** ETW event id when the format carries it or the message identifies it; else null. */
  readonly eventId: number | null;
  readonly pid: number | null;
  readonly tid: number | null;
  /**
   * Named values: from XML `<Data Name>` / UserData elements, CSV positions mapped through the
   * event's field list, or the fields a message template puts in the text. Values are as
   * written (`0xFFFF…`, `4(EstablishedState)`, `10.0.0.5:443`); logFacts.ts decodes them.
   */
  readonly fields: Readonly<Record<string, string>>;
  /** The rendered message (netsh/pktmon body, XML RenderingInfo/Message, journal MESSAGE=). */
  readonly message: string;
}

/** A line (or element) a reader could not make sense of: counted and reported, never fatal. */
export interface LogProblem {
  readonly line: number;
  readonly message: string;
}

/** What a reader hands on as it goes; it never throws for bad content, only reports it. */
export interface LogSink {
  record(r: LogRecord): void;
  problem(p: LogProblem): void;
}
