/**
 * Splitting one CSV row into cells, for the two Windows CSV exports (tracerpt, Export-Csv).
 *
 * Not an RFC-4180 parser on purpose: tracerpt separates with ", " and pads cells, its last
 * column (User Data) is not one cell but a variable number of payload values, so rows have
 * different lengths and the header does not say how many cells a row has; and Export-Csv rows
 * may span lines (a quoted Message with newlines), which the line-based readers join before
 * splitting. What both need is only: split at commas outside quotes, trim the padding, unquote.
 */

export interface CsvCell {
  /** The cell's text: trimmed, outer quotes removed, doubled quotes made single. */
  readonly text: string;
  /** The cell was written in quotes (`""` is an empty string, an empty cell is nothing). */
  readonly quoted: boolean;
}

/** Cells of one row. A quote left open at the end keeps the rest of the row in the last cell. */
export function splitCsvRow(row: string): CsvCell[] {
  const cells: CsvCell[] = [];
  let i = 0;
  const n = row.length;
  for (;;) {
    while (i < n && isPad(row.charCodeAt(i))) i++;
    if (i < n && row[i] === '"') {
      let text = '';
      let from = ++i;
      for (;;) {
        const q = row.indexOf('"', from);
        if (q < 0) {
          text += row.slice(from);
          i = n;
          break;
        }
        text += row.slice(from, q);
        if (row[q + 1] === '"') {
          text += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the comma is kept: a writer that put it there
      // meant it as part of the value (tracerpt does not, but a hand-edited file may).
      const comma = row.indexOf(',', i);
      const tail = (comma < 0 ? row.slice(i) : row.slice(i, comma)).trim();
      cells.push({ text: text + tail, quoted: true });
      if (comma < 0) return cells;
      i = comma + 1;
      continue;
    }
    const comma = row.indexOf(',', i);
    cells.push({ text: (comma < 0 ? row.slice(i) : row.slice(i, comma)).trim(), quoted: false });
    if (comma < 0) return cells;
    i = comma + 1;
  }
}

/**
 * Whether a row ends inside an open quote, given the state at its start. Quotes inside quoted
 * cells are doubled, so the parity of quote characters tells; readers call this per physical
 * line to know when a multi-line cell ends without re-splitting what came before.
 */
export function endsInsideQuotes(line: string, startsInside: boolean): boolean {
  let inside = startsInside;
  for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) inside = !inside;
  return inside;
}

function isPad(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Physical lines to logical rows: a quoted value with newlines (an Export-Csv Message, a
 * tracerpt string payload) continues on the next lines. Empty lines between rows are skipped.
 */
export class CsvRowJoiner {
  private pending = '';
  private firstLine = 0;
  private lines = 0;
  private inside = false;

  /**
   * `maxLines`: a quote still open after this many lines is taken as broken and the row is
   * handed on as it is, so one stray quote cannot swallow the file.
   */
  constructor(
    private readonly onRow: (text: string, line: number) => void,
    private readonly onProblem: (line: number, message: string) => void,
    private readonly maxLines: number,
  ) {}

  line(text: string, line: number): void {
    if (this.lines === 0) {
      if (text.trim() === '') return;
      this.pending = text;
      this.firstLine = line;
    } else {
      this.pending += '\n' + text;
    }
    this.lines++;
    this.inside = endsInsideQuotes(text, this.inside);
    if (!this.inside) return this.flush();
    if (this.lines >= this.maxLines) {
      this.onProblem(this.firstLine, `a quote opened here is not closed within ${this.maxLines} lines`);
      this.flush();
    }
  }

  end(): void {
    if (this.lines === 0) return;
    this.onProblem(this.firstLine, 'the file ends inside a quoted value');
    this.flush();
  }

  private flush(): void {
    const text = this.pending;
    this.pending = '';
    this.lines = 0;
    this.inside = false;
    this.onRow(text, this.firstLine);
  }
}
