import type { LogSink } from '../logRecord';

/**
 * A line reader's face, with every line guarded: a reader never throws for content, so an
 * exception is a bug in it, and that bug must not lose the rest of the file. It becomes a
 * problem at its line.
 */
export function guardedLines<C extends { problems: number }>(
  line: (text: string, lineNo: number) => void, end: () => void, counts: C, sink: LogSink,
): { line(text: string, lineNo: number): void; end(): void; readonly counts: C } {
  return {
    line(text: string, lineNo: number): void {
      try {
        line(text, lineNo);
      } catch (e) {
        counts.problems++;
        sink.problem({ line: lineNo, message: `internal error: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    end,
    counts,
  };
}
