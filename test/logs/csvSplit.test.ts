import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvRowJoiner, endsInsideQuotes, splitCsvRow } from '../../analyzer/logs/formats/csvSplit';

const texts = (row: string): string[] => splitCsvRow(row).map((c) => c.text);

test('tracerpt layout: ", " separators, padding trimmed, empty cells kept in place', () => {
  // The real header (etw-samples/regprobe_tracerpt-csv-header.csv) and the §2b row shape.
  assert.deepEqual(texts('Event Name, Type, Event ID, Version'), ['Event Name', 'Type', 'Event ID', 'Version']);
  assert.deepEqual(texts('EventTrace, Header , 0, , , 0x00000410'), ['EventTrace', 'Header', '0', '', '', '0x00000410']);
});

test('quoted cells: commas inside stay, doubled quotes become one, quoted empty differs from empty', () => {
  const cells = splitCsvRow('1, "C:\\a, b\\x.exe", "say ""hi""", "", ');
  assert.deepEqual(
    cells.map((c) => [c.text, c.quoted]),
    [['1', false], ['C:\\a, b\\x.exe', true], ['say "hi"', true], ['', true], ['', false]],
  );
});

test('Export-Csv layout: every cell quoted, no spaces', () => {
  assert.deepEqual(texts('"Message","Id","TimeCreated"'), ['Message', 'Id', 'TimeCreated']);
  assert.deepEqual(texts('"line one\nline two","1362","23/01/2017 21:49:31"'), ['line one\nline two', '1362', '23/01/2017 21:49:31']);
});

test('a quote left open keeps the rest of the row in the last cell', () => {
  assert.deepEqual(texts('a, "b, c'), ['a', 'b, c']);
});

test('open-quote state across physical lines', () => {
  assert.equal(endsInsideQuotes('"a","multi', false), true);
  assert.equal(endsInsideQuotes('line"', true), false);
  assert.equal(endsInsideQuotes('say ""hi"" still open', true), true);
  assert.equal(endsInsideQuotes('no quotes', false), false);
});

test('row joiner: multi-line quoted cells, blank lines between rows, a runaway quote, the end inside quotes', () => {
  const rows: Array<[string, number]> = [];
  const problems: number[] = [];
  const j = new CsvRowJoiner((t, n) => rows.push([t, n]), (n) => problems.push(n), 3);
  const input = ['"a","b', '', 'c"', '', '"x"', '"1', '2', '3', '"closed at the limit', '', '"', '"open'];
  input.forEach((l, i) => j.line(l, i + 1));
  j.end();
  assert.deepEqual(rows, [
    ['"a","b\n\nc"', 1],
    ['"x"', 5],
    ['"1\n2\n3', 6], // still open after 3 lines: handed on, with a problem
    ['"closed at the limit\n\n"', 9],
    ['"open', 12],
  ]);
  assert.deepEqual(problems, [6, 12]);
});
