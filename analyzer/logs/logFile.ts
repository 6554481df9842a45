import { factsOf } from './facts';
import type { LoadedLog } from './loadedLog';
import type { PlacedFact } from './logFact';
import type { LogFormat, LogProblem, LogRecord, LogSink } from './logRecord';

/** Records kept whole; past this only the records that say something about a socket are kept. */
const KEEP_ALL = 500_000;
/** Problems listed one by one; past this they are only counted. */
const LIST_PROBLEMS = 50;

/** The sink every reader writes into. */
export class LogCollector implements LogSink {
  private readonly records: LogRecord[] = [];
  private readonly facts: PlacedFact[] = [];
  private readonly problems: LogProblem[] = [];
  private problemCount = 0;
  private dropped = 0;

  constructor(private readonly name: string, private readonly format: LogFormat) {}

  record(r: LogRecord): void {
    const facts = factsOf(r);
    if (facts.length === 0 && this.records.length >= KEEP_ALL) {
      this.dropped++;
      return;
    }
    const index = this.records.length;
    this.records.push(r);
    for (const fact of facts) this.facts.push({ fact, record: index });
  }

  problem(p: LogProblem): void {
    this.problemCount++;
    if (this.problems.length < LIST_PROBLEMS) this.problems.push(p);
  }

  result(encoding: string | null): LoadedLog {
    return {
      name: this.name, format: this.format, encoding, records: this.records, facts: this.facts,
      dropped: this.dropped, problemCount: this.problemCount, problems: this.problems,
    };
  }
}
